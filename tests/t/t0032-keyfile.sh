#!/usr/bin/env bash
# t0032-keyfile.sh: security bar test 29 (K2, K3) and the data directory's
# rules (§3), against the real binary (build/workdesk, or $WORKDESK_BIN).
#
#  - K2: with no key file, `workdesk check-config` creates one: 32 bytes,
#    mode 0600 (whatever the umask), ours, written with O_CREAT|O_EXCL|
#    O_NOFOLLOW, fsync'd, then its directory fsync'd; a second run keeps it.
#  - K3: a key file with mode 644, 640 or 604, a symlink (to a valid key, or
#    dangling), 0, 31 or 33 bytes, a directory, another owner (as root), or
#    a path inside data_dir makes it refuse, with a message that says why;
#    `workdesk serve` refuses a 644 key within 5 s and never opens its socket.
#  - data_dir 0755 (or a sub-directory 0750) is refused; what the program
#    creates is 0700 (directories) and 0600 (files), and ours.
# needs: app
set -u
# shellcheck source=tests/t/lib.sh
. "$(dirname "$0")/lib.sh"

BIN=${WORKDESK_BIN:-$T_REPO/build/workdesk}
[[ $BIN == /* ]] || BIN=$PWD/$BIN
if [ ! -x "$BIN" ]; then
    t_ok "$BIN is built (make)" false
    t_done
    exit 1
fi
TOOLS=$T_REPO/build/tools

D=$T_TMP/data              # created by the program, 0700
KD=$T_TMP/keys
K=$KD/wd.key
SOCK=$T_TMP/wd.sock
CONF=$T_TMP/workdesk.conf
mkdir -m 700 "$KD"

# write_conf KEY_FILE [DATA_DIR]: the config, mode 0600 (it holds the
# client secret, K6). Upwork URLs point at a closed loopback port.
write_conf() {
    (umask 077 && cat > "$CONF") << EOF
data_dir = ${2:-$D}
key_file = $1
templates_dir = $T_REPO/templates
listen = $SOCK
public_origin = http://localhost:1
redirect_uri = http://localhost:1/auth/callback
upwork_client_id = t0032-client
upwork_client_secret = t0032-secret
allow_insecure_loopback = yes
upwork_authorize_url = http://127.0.0.1:1/ab/account-security/oauth2/authorize
upwork_token_url = http://127.0.0.1:1/api/v3/oauth2/token
upwork_graphql_url = http://127.0.0.1:1/graphql
threads = 2
EOF
    chmod 600 "$CONF"
}

# check: run check-config; sets out (stdout and stderr) and rc.
check() {
    out=$("$BIN" check-config -c "$CONF" 2>&1)
    rc=$?
}

# refused NAME REGEX: check-config must exit non-zero with a message
# matching REGEX.
refused() {
    check
    t_ok "$1: check-config exits non-zero" test $rc -ne 0
    t_match "$1: the message says why" "$out" "$2"
}

# new_key PATH: a valid key file (32 random bytes, 0600) at PATH.
new_key() {
    (umask 077 && head -c 32 /dev/urandom > "$1")
}

write_conf "$K"

# --- K2: first run creates the key -------------------------------------------
# A permissive umask must not leak into the key's mode. (LeakSanitizer
# cannot run under ptrace: off for this one run of an ASan build.)
(umask 000 && ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -qq -o "$T_TMP/create.trace" \
    -e trace=openat,write,fsync,fdatasync,close \
    "$BIN" check-config -c "$CONF" > "$T_TMP/create.out" 2>&1)
rc=$?
t_eq "no key file: check-config exits 0" $rc 0
t_ok "the key file was created" test -f "$K" -a ! -L "$K"
t_eq "the new key file's mode is 0600" "$(stat -c %a "$K")" 600
t_eq "the new key file is exactly 32 bytes" "$(stat -c %s "$K")" 32
t_eq "the new key file is ours" "$(stat -c %u "$K")" "$(id -u)"
t_match "check-config says it created the key" "$(cat "$T_TMP/create.out")" 'created'
# shellcheck disable=SC2016  # $1 is bash -c's own argument
t_ok "the key is not 32 zero bytes" bash -c '! cmp -s "$1" <(head -c 32 /dev/zero)' _ "$K"

# The creation, as strace saw it: open with O_CREAT|O_EXCL|O_NOFOLLOW and
# 0600, write 32 bytes, fsync, close, then fsync of the key's directory.
key_trace_ok() {
    local line fd='' dirfd='' step=0
    while IFS= read -r line; do
        line=${line#* }
        line=${line# }
        case $step in
        0) if [[ $line =~ ^openat\(AT_FDCWD,\ \"$K\",\ ([A-Z_|]+),\ 0600\)\ +=\ ([0-9]+)$ ]]; then
               [[ ${BASH_REMATCH[1]} == *O_CREAT* && ${BASH_REMATCH[1]} == *O_EXCL* &&
                   ${BASH_REMATCH[1]} == *O_NOFOLLOW* ]] || { echo "flags: $line"; return 1; }
               fd=${BASH_REMATCH[2]} step=1
           fi ;;
        1) [[ $line =~ ^write\($fd,\ .*\)\ +=\ 32$ ]] && step=2 ;;
        2) [[ $line =~ ^(fsync|fdatasync)\($fd\)\ +=\ 0$ ]] && step=3 ;;
        3) [[ $line =~ ^close\($fd\)\ +=\ 0$ ]] && step=4 ;;
        4) if [[ $line =~ ^openat\(AT_FDCWD,\ \"$KD\",\ .*O_DIRECTORY.*\)\ +=\ ([0-9]+)$ ]]; then
               dirfd=${BASH_REMATCH[1]} step=5
           fi ;;
        5) [[ $line =~ ^fsync\($dirfd\)\ +=\ 0$ ]] && { echo "ok"; return 0; } ;;
        esac
    done < "$T_TMP/create.trace"
    echo "stopped at step $step of 6"
    return 1
}
t_ok "K2: key created with O_CREAT|O_EXCL|O_NOFOLLOW 0600, write 32, fsync, close, fsync(dir)" \
    key_trace_ok

sum=$(sha256sum < "$K")
check
t_eq "second run: check-config exits 0" $rc 0
t_eq "second run: the key is unchanged" "$(sha256sum < "$K")" "$sum"

# --- K3: what it refuses ------------------------------------------------------
for mode in 644 640 604; do
    chmod "$mode" "$K"
    refused "key mode $mode" "$mode"
done
chmod 400 "$K"
check
t_eq "key mode 0400 (no group/other bits) is accepted" $rc 0
chmod 600 "$K"

mv "$K" "$K.real"
ln -s "$K.real" "$K"
refused "key file is a symlink to a valid key" 'symlink'
rm "$K"
ln -s "$KD/nothing-here" "$K"
refused "key file is a dangling symlink" 'symlink'
t_ok "nothing was created through the dangling symlink" test ! -e "$KD/nothing-here"
rm "$K"
mv "$K.real" "$K"

for size in 0 31 33; do
    mv "$K" "$K.real"
    (umask 077 && head -c "$size" /dev/urandom > "$K")
    refused "key file of $size bytes" "$size bytes"
    mv -f "$K.real" "$K"
done

mv "$K" "$K.real"
mkdir -m 700 "$K"
refused "key file is a directory" 'not a regular file'
rmdir "$K"
mv "$K.real" "$K"

if [ "$(id -u)" -eq 0 ]; then
    chown 65534 "$K"
    refused "key file owned by another user" 'owned by uid 65534'
    chown 0 "$K"
else
    t_skip "key file owned by another user" "needs root to chown"
fi

check
t_eq "the original key is still accepted after all that" "$rc/$(sha256sum < "$K")" "0/$sum"

# The key must live outside data_dir: a copy of the data alone must not
# carry the key. Spelled plainly, through "..", and through a symlinked
# directory; refused each time, and no key file created there.
mkdir -m 700 "$T_TMP/other"
ln -s "$D" "$T_TMP/data-link"
for spelling in "$D/wd.key" "$T_TMP/other/../data/wd.key" "$T_TMP/data-link/wd.key"; do
    write_conf "$spelling"
    check
    t_ok "key_file = ${spelling#"$T_TMP"/} (inside data_dir) is refused, nothing created" \
        test $rc -ne 0 -a ! -e "$D/wd.key"
    [ $rc -ne 0 ] && t_match "key_file = ${spelling#"$T_TMP"/}: the message says why" \
        "$out" 'outside data_dir'
    rm -f "$D/wd.key"
done
write_conf "$K"

# --- serve refuses a bad key, fast, before listening ---------------------------
chmod 644 "$K"
start=$(date +%s%N)
timeout 5 "$BIN" serve -c "$CONF" > "$T_TMP/serve.out" 2>&1
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
t_diag "serve with a 644 key: exit $rc after ${ms} ms"
t_ok "serve with a 644 key exits non-zero on its own within 5 s" \
    test $rc -ne 0 -a $rc -ne 124 -a $rc -ne 137
t_match "serve with a 644 key says why" "$(cat "$T_TMP/serve.out")" '644'
t_ok "serve with a 644 key never opened its socket" test ! -e "$SOCK"
chmod 600 "$K"

# The same check with a good key must see the socket, or it proves nothing.
"$BIN" serve -c "$CONF" > "$T_TMP/serve-ok.out" 2>&1 &
server=$!
for ((i = 0; i < 50; i++)); do
    [ -S "$SOCK" ] && break
    sleep 0.1
done
t_ok "serve with a good key opens its socket (the control)" test -S "$SOCK"
kill -TERM "$server" 2> /dev/null
wait "$server"
t_eq "serve stops cleanly on SIGTERM" $? 0

# --- data_dir: 0700 directories, 0600 files, ours -------------------------------
if [ -x "$TOOLS/vault-write" ]; then
    "$TOOLS/vault-write" "$D" "$K" t0032-user at-1 rt-1
    t_eq "a token write succeeds (build/tools/vault-write)" $? 0
else
    t_skip "a token write succeeds" "build/tools/vault-write not built (make unit-bin)"
fi
t_eq "data_dir and its 7 sub-directories are 0700" \
    "$(find "$D" -type d -perm 700 | wc -l)/$(find "$D" -type d | wc -l)" "8/8"
t_ok "data_dir holds files after the write (record, lock)" \
    test "$(find "$D" -type f | wc -l)" -ge 2
t_eq "every file under data_dir is 0600" "$(find "$D" -type f ! -perm 600)" ""
t_eq "everything under data_dir is ours" "$(find "$D" ! -uid "$(id -u)")" ""

chmod 755 "$D"
refused "data_dir mode 0755" '0700.*755'
chmod 700 "$D"
chmod 750 "$D/tokens"
refused "data_dir/tokens mode 0750" 'tokens.*0700.*750'
chmod 700 "$D/tokens"
check
t_eq "data_dir back to 0700: accepted" $rc 0

# K6: the config holds the client secret.
chmod 644 "$CONF"
refused "config file mode 0644 (it holds the client secret)" 'chmod 600'
chmod 600 "$CONF"

t_done
