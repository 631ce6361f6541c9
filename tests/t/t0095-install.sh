#!/usr/bin/env bash
# t0095-install.sh: `make install` and what it installs (issue 14).
#
#  - `make install DESTDIR=D PREFIX=/usr` makes exactly the expected tree:
#    every file and directory, with its mode (binary and directories 0755,
#    the rest 0644); copied files are the repo's bytes; no @PLACEHOLDER@ is
#    left; the default PREFIX is /usr/local; `make uninstall` removes it all.
#  - The installed pieces agree with each other: the units name the
#    installed binary and config, the socket is the one nginx's example
#    connects to, with nginx's group; the service's user is the sysusers
#    one; the example config's paths are under the service's StateDirectory
#    and the installed templates, docs and static files.
#  - The installed binary accepts the installed example config after the
#    edits a user makes (host name, API key), and refuses it before them.
#    DESTDIR staging and a non-root run add one more: /var/lib and the
#    install paths are pointed at this suite's temp directory.
#  - Served through a socket handed over as systemd does (fd 3), it answers
#    /privacy from the installed PRIVACY.md.
#  - The man pages render without warnings; every config key of app/conf.c
#    has an entry in workdesk.conf(5) with its range, default and unit, and
#    every entry is a key; every subcommand and option of app/main.c's
#    usage() has its entry in workdesk(8). So the docs cannot drift.
#  - `systemd-analyze verify` accepts the units (skipped without it).
set -u
# shellcheck source=tests/t/lib.sh
. "$(dirname "$0")/lib.sh"

D=$T_TMP/dest
# -o build/workdesk: install the binary `make` built, never relink it here
# (other suites run it meanwhile).
make_install() {
    make --no-print-directory -s -C "$T_REPO" -o build/workdesk "$@"
}
if [ ! -x "$T_REPO/build/workdesk" ]; then
    t_ok "build/workdesk is built (make)" false
    t_done
    exit 1
fi

# --- The tree -------------------------------------------------------------------------
t_ok "make install DESTDIR=... PREFIX=/usr succeeds" \
    make_install install DESTDIR="$D" PREFIX=/usr

expected_tree() {
    local d f
    for d in usr usr/lib usr/lib/systemd usr/lib/systemd/system usr/lib/sysusers.d \
        usr/sbin usr/share usr/share/doc usr/share/doc/workdesk usr/share/man \
        usr/share/man/man5 usr/share/man/man8 usr/share/workdesk \
        usr/share/workdesk/static usr/share/workdesk/templates; do
        echo "755 $d/"
    done
    echo "755 usr/sbin/workdesk"
    for f in usr/lib/systemd/system/workdesk.service usr/lib/systemd/system/workdesk.socket \
        usr/lib/sysusers.d/workdesk.conf usr/share/doc/workdesk/nginx.conf.example \
        usr/share/doc/workdesk/nginx-several-hosts.conf \
        usr/share/doc/workdesk/workdesk.conf.example usr/share/man/man5/workdesk.conf.5 \
        usr/share/man/man8/workdesk.8 usr/share/workdesk/PRIVACY.md \
        usr/share/workdesk/TERMS.md; do
        echo "644 $f"
    done
    for f in "$T_REPO"/templates/*.tpl; do echo "644 usr/share/workdesk/templates/${f##*/}"; done
    for f in "$T_REPO"/static/*; do echo "644 usr/share/workdesk/static/${f##*/}"; done
}
# installed_tree DIR: "MODE PATH" per entry, directories with a trailing /.
installed_tree() {
    (cd "$1" && find . -mindepth 1 \( -type d -printf '%m %P/\n' \) -o \
        \( -type f -printf '%m %P\n' \) -o -printf 'not a file or directory: %P\n')
}
expected_tree | LC_ALL=C sort > "$T_TMP/tree.want"
installed_tree "$D" | LC_ALL=C sort > "$T_TMP/tree.got"
t_ok "the installed tree is exactly the expected files and modes" \
    diff -u "$T_TMP/tree.want" "$T_TMP/tree.got"

same_bytes() {
    local f
    cmp "$T_REPO/build/workdesk" "$D/usr/sbin/workdesk" || return 1
    cmp "$T_REPO/PRIVACY.md" "$D/usr/share/workdesk/PRIVACY.md" || return 1
    cmp "$T_REPO/TERMS.md" "$D/usr/share/workdesk/TERMS.md" || return 1
    cmp "$T_REPO/dist/workdesk.socket" "$D/usr/lib/systemd/system/workdesk.socket" || return 1
    cmp "$T_REPO/dist/workdesk.sysusers" "$D/usr/lib/sysusers.d/workdesk.conf" || return 1
    for f in "$T_REPO"/templates/*.tpl; do
        cmp "$f" "$D/usr/share/workdesk/templates/${f##*/}" || return 1
    done
    for f in "$T_REPO"/static/*; do
        cmp "$f" "$D/usr/share/workdesk/static/${f##*/}" || return 1
    done
}
t_ok "binary, templates, static files, docs and units are the repo's bytes" same_bytes
# lacks REGEX FILE...: true if no line of FILE... matches REGEX (the lines that do are shown).
lacks() {
    ! grep -rInE -- "$@"
}
t_ok "no @PLACEHOLDER@ is left in an installed text file" lacks '@[A-Z]+@' "$D"

UNITS=$D/usr/lib/systemd/system
SERVICE=$UNITS/workdesk.service
SOCKET=$UNITS/workdesk.socket
EXAMPLE=$D/usr/share/doc/workdesk/workdesk.conf.example
NGINX=$D/usr/share/doc/workdesk/nginx.conf.example
PKG=/usr/share/workdesk

# --- The pieces agree ------------------------------------------------------------------
# unit_value FILE KEY: the value of KEY= in a unit file (the last one).
unit_value() {
    sed -n "s/^$2=//p" "$1" | tail -n 1
}
# conf_value FILE KEY: the value of an uncommented "KEY = value" line.
conf_value() {
    sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*//p" "$1" | tail -n 1
}
t_eq "the service runs the installed binary on the /etc config" \
    "$(unit_value "$SERVICE" ExecStart)" "/usr/sbin/workdesk serve -c /etc/workdesk/workdesk.conf"
sock=$(unit_value "$SOCKET" ListenStream)
t_eq "nginx's every fastcgi_pass is the socket unit's socket" \
    "$(sed 's/#.*//' "$NGINX" | grep -o 'fastcgi_pass [^;]*;' | sort -u)" "fastcgi_pass unix:$sock;"
t_eq "the socket's group is the user nginx's workers run as" \
    "$(unit_value "$SOCKET" SocketGroup)" "$(sed -n 's/^user \([a-z-]*\);.*/\1/p' "$NGINX")"
t_eq "the socket is for its owner and group only" "$(unit_value "$SOCKET" SocketMode)" 0660
t_eq "nginx serves /static/ from the installed static files" \
    "$(sed 's/#.*//' "$NGINX" | grep -o 'alias [^;]*;')" "alias $PKG/static/;"
t_ok "no /srv/workdesk path is left in the installed nginx example" lacks /srv/workdesk "$NGINX"
user=$(unit_value "$SERVICE" User)
t_eq "the service's user is the one sysusers.d creates" \
    "$(awk '$1 == "u" { print $2 }' "$D/usr/lib/sysusers.d/workdesk.conf")" "$user"
t_eq "the service's user is not root" "$([ -n "$user" ] && [ "$user" != root ] && echo yes)" yes
t_eq "the example config's templates_dir is the installed one" \
    "$(conf_value "$EXAMPLE" templates_dir)" "$PKG/templates"
t_eq "the example config's docs_dir is the installed one" "$(conf_value "$EXAMPLE" docs_dir)" "$PKG"
t_ok "the example config sets no listen (the socket is systemd's or spawn-fcgi's)" \
    lacks '^[[:space:]]*listen[[:space:]]*=' "$EXAMPLE"
# StateDirectory= names directories under /var/lib; data_dir and the key's directory
# must be among what the service may write.
read -r -a state_dirs <<< "$(unit_value "$SERVICE" StateDirectory)"
under_state() {
    local p=$1 s
    for s in "${state_dirs[@]}"; do
        [ "$p" = "/var/lib/$s" ] && return 0
    done
    return 1
}
data_dir=$(conf_value "$EXAMPLE" data_dir)
key_file=$(conf_value "$EXAMPLE" key_file)
t_ok "data_dir ($data_dir) is in a StateDirectory (${state_dirs[*]})" \
    under_state "$(dirname "$data_dir")"
t_ok "key_file ($key_file) is in a StateDirectory" under_state "$(dirname "$key_file")"
t_eq "the state directories are the service user's only (0700)" \
    "$(unit_value "$SERVICE" StateDirectoryMode)" 0700
hardened() {
    local kv
    for kv in NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
        PrivateDevices=yes SystemCallFilter=@system-service \
        "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6"; do
        grep -qx -- "$kv" "$SERVICE" || { echo "missing: $kv"; return 1; }
    done
}
t_ok "the service is hardened (NoNewPrivileges, ProtectSystem=strict, PrivateTmp, ...)" hardened

# --- The installed binary and the example config --------------------------------------
# What this suite's staging changes: /var/lib (the StateDirectory) and the install
# paths move into T_TMP. What a user changes: the host name and the API key.
VARLIB=$T_TMP/varlib
for s in "${state_dirs[@]}"; do
    mkdir -p "$VARLIB/$s" && chmod 0700 "$VARLIB/$s"
done
CONF=$T_TMP/workdesk.conf
stage() {
    sed -e "s|/var/lib/|$VARLIB/|g" -e "s|$PKG|$D$PKG|g" "$EXAMPLE"
}
(umask 077 && stage > "$CONF")
out=$("$D/usr/sbin/workdesk" check-config -c "$CONF" 2>&1)
rc=$?
t_eq "the unedited example is refused (exit 1)" "$rc" 1
t_match "... because the API key is not filled in" "$out" "upwork_client_id is required"
(umask 077 && stage | sed -e 's|workdesk\.example\.org|wd.example.net|g' \
    -e 's|^#upwork_client_id = .*|upwork_client_id = t0095-client|' \
    -e 's|^#upwork_client_secret = .*|upwork_client_secret = t0095-secret|' > "$CONF")
out=$("$D/usr/sbin/workdesk" check-config -c "$CONF" 2>&1)
rc=$?
t_eq "with the host name and API key filled in, check-config passes (exit 0)" "$rc" 0
t_match "... and says ok" "$out" "$CONF: ok"
kf=$VARLIB/${key_file#/var/lib/}
dd=$VARLIB/${data_dir#/var/lib/}
t_eq "it made the key file (0600) and the data directory (0700)" \
    "$(stat -c %a "$kf" 2>&1) $(stat -c %a "$dd" 2>&1)" "600 700"
mv "$D$PKG/TERMS.md" "$T_TMP/TERMS.md"
out=$("$D/usr/sbin/workdesk" check-config -c "$CONF" 2>&1)
rc=$?
mv "$T_TMP/TERMS.md" "$D$PKG/TERMS.md"
t_match "the docs come from the installed docs_dir (without TERMS.md: refused)" \
    "$rc $out" "^1 .*$D$PKG/TERMS.md"

# Socket activation as systemd does it: the socket made beforehand, handed over as fd 3
# with LISTEN_FDS/LISTEN_PID (systemd-socket-activate); nginx's request through cgi-fcgi.
if command -v systemd-socket-activate > /dev/null && command -v cgi-fcgi > /dev/null; then
    SOCK=$T_TMP/wd.sock
    systemd-socket-activate -l "$SOCK" "$D/usr/sbin/workdesk" serve -c "$CONF" \
        2> "$T_TMP/serve.log" &
    pid=$!
    for _ in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
    page=$(env -i REQUEST_METHOD=GET REQUEST_URI=/privacy SERVER_PROTOCOL=HTTP/1.1 \
        timeout 10 cgi-fcgi -bind -connect "$SOCK" 2>&1)
    heading=$(grep -m 1 '^# ' "$T_REPO/PRIVACY.md" | sed 's/^# //')
    t_match "served on fd 3, /privacy answers 200" "$page" "^Status: 200"
    t_match "... with the installed PRIVACY.md (\"$heading\")" "$page" "$heading"
    kill -TERM "$pid" 2> /dev/null
    wait "$pid"
    t_eq "SIGTERM drains and exits 0" "$?" 0
    t_ok "... and the socket systemd made is left in place" test -S "$SOCK"

    # The same with `listen` set to that path: the socket handed over wins,
    # and is still not ours to remove (it used to be unlinked at exit).
    SOCK2=$T_TMP/wd2.sock
    { cat "$CONF"; echo "listen = $SOCK2"; } > "$T_TMP/listen.conf"
    chmod 600 "$T_TMP/listen.conf"
    systemd-socket-activate -l "$SOCK2" "$D/usr/sbin/workdesk" serve \
        -c "$T_TMP/listen.conf" 2>> "$T_TMP/serve.log" &
    pid=$!
    for _ in $(seq 50); do grep -q "serving with" "$T_TMP/serve.log" 2>/dev/null &&
        [ "$(grep -c "serving with" "$T_TMP/serve.log")" -ge 2 ] && break; sleep 0.1; done
    kill -TERM "$pid" 2> /dev/null
    wait "$pid"
    t_ok "with listen = that path and fd 3 handed over, the socket outlives SIGTERM" test -S "$SOCK2"

    # A socket Workdesk makes itself (listen, no fd 3): mode 0660 so nginx's
    # group can connect; removed at exit.
    SOCK3=$T_TMP/own.sock
    { cat "$CONF"; echo "listen = $SOCK3"; } > "$T_TMP/own.conf"
    chmod 600 "$T_TMP/own.conf"
    "$D/usr/sbin/workdesk" serve -c "$T_TMP/own.conf" 2>> "$T_TMP/serve.log" &
    pid=$!
    for _ in $(seq 50); do [ -S "$SOCK3" ] && break; sleep 0.1; done
    t_eq "a socket workdesk makes itself has mode 0660" "$(stat -c %a "$SOCK3" 2>&1)" 660
    kill -TERM "$pid" 2> /dev/null
    wait "$pid"
    t_ok "... and is removed at exit" test ! -e "$SOCK3"
else
    t_skip "served through a socket handed over as fd 3" \
        "no systemd-socket-activate (systemd) or cgi-fcgi (libfcgi-bin)"
fi

# --- Man pages ------------------------------------------------------------------------
MAN8=$D/usr/share/man/man8/workdesk.8
MAN5=$D/usr/share/man/man5/workdesk.conf.5
# render_warnings FILE: print what rendering FILE warns about (nothing when clean).
render_warnings() {
    if command -v man > /dev/null; then
        # shellcheck disable=SC2069  # the warnings (stderr) are the output; the page goes
        LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$1" 2>&1 > /dev/null
    fi
    if command -v groff > /dev/null; then
        groff -man -ww -z "$1" 2>&1
    else
        echo "no groff (Debian package groff-base): cannot render $1"
    fi
}
for m in "$MAN8" "$MAN5"; do
    t_eq "${m##*/} renders without warnings" "$(render_warnings "$m")" ""
done

# entries FILE ARRAY: fill the associative ARRAY with FILE's .TP entries: the first word
# of the tag (a key, a subcommand, an option) => the entry's text as plain words ("\-" is
# "-"; font escapes, quotes and macro names go). Entries with the same first word join.
entries() {
    local -n into=$2
    local k t
    into=()
    while IFS=$'\t' read -r k t; do
        # shellcheck disable=SC2004  # an associative array's key, not arithmetic
        into[$k]+="$t "
    done < <(awk '
        function plain(s) {
            gsub(/\\-/, "-", s); gsub(/\\f[BIRP]/, "", s); gsub(/\\&|\\c$|"/, "", s)
            sub(/^\.[A-Z]+ */, "", s)
            return s
        }
        function flush() { if (name != "") print name "\t" text; name = ""; text = "" }
        /^\.(TP|SH|SS)/ { flush(); tag = ($1 == ".TP"); next }
        tag { tag = 0; t = plain($0); split(t, w, " "); name = w[1]; text = t; next }
        name != "" { text = text " " plain($0) }
        END { flush() }' "$1")
}
declare -A man5 man8
entries "$MAN5" man5
entries "$MAN8" man8

# The key table of app/conf.c: "S(name)" / "I(name, lo, hi)" ...; ranges may be products.
CONF_C=$T_REPO/app/conf.c
declare -A kind=() range=()
while read -r line; do
    [[ $line =~ ^([SBIL])\(([a-z_]+)(,(.*))?\) ]] || continue
    kind[${BASH_REMATCH[2]}]=${BASH_REMATCH[1]}
    range[${BASH_REMATCH[2]}]=${BASH_REMATCH[4]}
done < <(sed -n '/ckeys\[\] = {/,/^};/p' "$CONF_C")
t_ok "app/conf.c's key table was read (at least 20 keys)" test "${#kind[@]}" -ge 20
# Defaults: "c->key = <number or product>;" and "c->key = strdup(\"...\");" in conf_defaults.
declare -A default=()
while IFS='=' read -r k v; do
    k=${k//[[:space:]]/} k=${k#c->} v=${v# }
    if [[ $v =~ ^[0-9][0-9\ *]*$ ]]; then
        default[$k]=$((v))
    elif [[ $v =~ ^strdup\(\"(.*)\"\)$ ]]; then
        default[$k]=${BASH_REMATCH[1]}
    fi
done < <(sed -n '/^conf_defaults(/,/^}/p' "$CONF_C" | tr '\n\t' '  ' | tr -s ' ' |
    grep -oE 'c->[a-z_]+ = [^;]+' | sed 's/ *$//')
t_ok "conf.c's defaults were read (at least 10)" test "${#default[@]}" -ge 10

check_keys() {
    local k text lo hi n d unit bad=0
    for k in "${!kind[@]}"; do
        text=${man5[$k]-}
        if [ -z "$text" ]; then
            echo "$k: no entry in workdesk.conf.5"
            bad=1
            continue
        fi
        if [ -n "${range[$k]}" ]; then
            IFS=, read -r lo hi <<< "${range[$k]}"
            for n in $((lo)) $((hi)); do
                [[ $text =~ (^|[^0-9])$n([^0-9]|$) ]] || { echo "$k: range end $n missing"; bad=1; }
            done
        fi
        d=${default[$k]-}
        if [ "${kind[$k]}" = B ] && [ -n "$d" ]; then
            [ "$d" = 1 ] && d=yes || d=no
        fi
        if [ -n "$d" ] && ! [[ ${text,,} =~ default:?\ "$d"([ .;,]|$) ]]; then
            echo "$k: default $d missing"
            bad=1
        fi
        case $k in
        *_per_s) unit="per second" ;;
        *_ms) unit=milliseconds ;;
        *_s) unit=seconds ;;
        *_days) unit=days ;;
        *) unit= ;;
        esac
        if [ -n "$unit" ] && [[ $text != *"$unit"* ]]; then
            echo "$k: unit \"$unit\" missing"
            bad=1
        fi
    done
    return $bad
}
t_ok "every key of app/conf.c has an entry in workdesk.conf.5 with its range, default, unit" \
    check_keys
check_entries() {
    local k
    while read -r k; do
        [ -n "${kind[$k]-}" ] || { echo "$k is not a key of app/conf.c"; return 1; }
    done < <(sed -n '/^\.SH KEYS/,/^\.SH /p' "$MAN5" | grep -A1 '^\.TP' |
        sed -n 's/^\.BI* "\{0,1\}\([a-z_]*\).*/\1/p')
}
t_ok "every entry of workdesk.conf.5's KEYS is a key of app/conf.c" check_entries

# Subcommands: the usage() lines of app/main.c, "usage: workdesk CMD" / "       workdesk CMD";
# options: getopt's "c:" and the long options.
MAIN_C=$T_REPO/app/main.c
cmds=$(sed -n '/^usage(void)/,/^}/p' "$MAIN_C" | grep -oE '"(usage: |[[:space:]]+)workdesk [a-z-]+' |
    sed 's/.* //' | sort -u)
longopts=$(sed -n '/longopts\[\] = {/,/};/p' "$MAIN_C" | grep -oE '\{ "[a-z-]+"' | sed 's/.*"\(.*\)"/\1/')
t_ok "app/main.c's usage() was read (at least 6 subcommands)" test "$(wc -w <<< "$cmds")" -ge 6
synopsis=$(sed -n '/^\.SH SYNOPSIS/,/^\.SH /p' "$MAN8" | sed 's/\\-/-/g')
check_cmds() {
    local c o bad=0
    for c in $cmds; do
        [ -n "${man8[$c]-}" ] || { echo "subcommand $c: no entry in workdesk.8"; bad=1; }
        grep -qx "\.B workdesk $c" <<< "$synopsis" ||
            { echo "subcommand $c: not in the SYNOPSIS"; bad=1; }
    done
    for o in c $longopts; do
        [ ${#o} -eq 1 ] && o=-$o || o=--$o
        [ -n "${man8[$o]-}" ] || { echo "option $o: no entry in workdesk.8"; bad=1; }
    done
    return $bad
}
t_ok "every subcommand and option of app/main.c has its entry in workdesk.8" check_cmds

# --- systemd ----------------------------------------------------------------------------
if command -v systemd-analyze > /dev/null; then
    # verify wants ExecStart's binary and the Documentation= pages to exist: point it at
    # the staged ones.
    mkdir -p "$T_TMP/units"
    sed "s|=/usr/sbin/workdesk |=$D/usr/sbin/workdesk |" "$SERVICE" > "$T_TMP/units/workdesk.service"
    cp "$SOCKET" "$T_TMP/units/"
    out=$(MANPATH=$D/usr/share/man systemd-analyze verify "$T_TMP/units/workdesk.socket" \
        "$T_TMP/units/workdesk.service" 2>&1)
    rc=$?
    t_eq "systemd-analyze verify accepts the units, silently" "$rc:$out" "0:"
    if systemd-analyze --help 2>&1 | grep -q -- '--offline'; then
        t_ok "systemd-analyze security rates the service's exposure at most 2.0" \
            systemd-analyze security --offline=true --threshold=20 "$SERVICE"
    else
        t_skip "systemd-analyze security" "this systemd-analyze has no --offline"
    fi
else
    t_diag "no systemd-analyze (Debian package systemd): the units are not verified"
    t_skip "systemd-analyze verify accepts the units" "no systemd-analyze"
fi

# --- Default PREFIX, uninstall ----------------------------------------------------------
t_ok "make install without PREFIX succeeds" \
    env -u PREFIX make --no-print-directory -s -C "$T_REPO" -o build/workdesk install \
    DESTDIR="$T_TMP/local"
t_eq "the default PREFIX is /usr/local, with its own etc" \
    "$(unit_value "$T_TMP/local/usr/local/lib/systemd/system/workdesk.service" ExecStart)" \
    "/usr/local/sbin/workdesk serve -c /usr/local/etc/workdesk/workdesk.conf"
t_ok "make uninstall DESTDIR=... PREFIX=/usr succeeds" \
    make_install uninstall DESTDIR="$D" PREFIX=/usr
t_eq "... and leaves no file behind" "$(find "$D" ! -type d)" ""

t_done
