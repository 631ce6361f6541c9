#!/usr/bin/env bash
# t0094-traversal-scan.sh: security-bar §7 test 22 (rules I2, I6): path
# traversal through the whole stack (nginx and the app), and a bounded
# wapiti scan for traversal, XSS, CRLF injection and open redirects.
# Not in the ASan pass (no needs-app marker): nginx and the scanner are what it tests; the
# app code it reaches runs under ASan in t0060, t0091 and the fuzz targets.
#
# t0010 checks nginx alone (no app) with a few traversal paths. Here, with the
# app behind nginx:
#  1. A matrix of paths: every way of writing "../" (plain, %2e, %2f, %5c,
#     raw "\", double-encoded %252e/%252f, overlong UTF-8 %c0%ae/%c0%af/
#     %e0%80%af, "....//", "..;/", %u002e, NUL) after every kind of prefix:
#     /static/ (the alias), /static with no slash (/static../x: the alias
#     traversal), /static/style.css/, / (the app) and, signed in, the app's
#     id routes (/jobs/, /proposals/, /contracts/, /messages/,
#     /billing/invoices/); aimed at files outside static/: the repo's
#     Makefile and templates/layout.tpl, the stack's workdesk.conf (holds the
#     client secret) and /etc/passwd. Pass: only 400 or 404, and no body
#     holds any of those files.
#  2. Template-name style parameters (tpl, template, page, file, view,
#     layout) with traversal values on signed-out pages, a static file and
#     signed-in pages. Templates are chosen by a table compiled into the app
#     (I6), so such a parameter must change nothing: the same status and the
#     same page (its <title>) as without it; a static file stays the same
#     bytes; and no body holds any of the files above. (Not 400/404: the app
#     ignores query parameters it does not know, which is the I6 design.)
#  3. wapiti 3.0.4, modules file, xss, permanentxss, crlf, redirect, once
#     signed out and once signed in (the session cookie as a header),
#     against http://127.0.0.1:PORT/ only. Pass: 0 vulnerabilities in its
#     JSON report, 0 "Internal Server Error" anomalies; the scan must have
#     crawled and sent enough requests to mean something, and the session
#     must still be signed in after it. Skipped (said so) when wapiti is not
#     installed.
#
# wapiti 3.0.4 as Debian ships it, and what this test does about it:
#  - --max-scan-time bounds only the crawl; each attack module is bounded
#    by --max-attack-time. Both are set, so a scan ends by itself with its
#    report written (worst case WAPITI_OUT_S / WAPITI_IN_S below, about
#    25 s + 75 s; on this machine they take about 10 s + 55 s); `timeout`
#    is only the backstop.
#  - Its -x (exclude URL) patterns crash under Python 3.11 ("global flags
#    not at the start of the expression": it compiles "...\Z(?ms)"). The
#    signed-in scan must exclude /auth/logout, /auth/consent and
#    /account/disconnect (the crawler submits every form it finds, with the
#    form's own CSRF token, and would sign itself out), so a
#    sitecustomize.py on PYTHONPATH, for wapiti only, replaces that one
#    function with the same pattern, flags first.
#  - It loads every module, used or not, and the wapp module downloads its
#    database from GitHub when its config directory has none: the test gives
#    it a private config directory with an empty database, and points
#    http(s)_proxy at a closed loopback port (no_proxy for 127.0.0.1), so
#    nothing leaves the machine.
#  - The stack runs with upstream_rate_per_s = 0 (sandbox only) so pages
#    that call Upwork keep answering during the scan rather than queueing
#    behind the app's 8 calls a second. nginx's per-address limits stay:
#    many of wapiti's POSTs (10 r/s, burst 20) and /auth/ requests get 429.
set -u
# shellcheck source=tests/t/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/t/lib-auth.sh
. "$(dirname "$0")/lib-auth.sh"

WAPITI_OUT_S=(5 4)      # signed out: crawl, each of the 5 modules (s)
WAPITI_IN_S=(15 15)     # signed in
MODULES=file,xss,permanentxss,crlf,redirect

export WORKDESK_CONF_EXTRA="upstream_rate_per_s = 0"
t_stack_start || { t_ok "stack starts" false; t_done; exit 1; }
U="http://127.0.0.1:$PORT"
D=$T_TMP/d
mkdir -p "$D"

a_signin "$T_TMP/jar" ada allow
SID=$(awk '$6 == "__Host-sid" { print $7 }' "$T_TMP/jar")
t_match "signed in as ada" "$A_STATUS $SID" '^303 [A-Za-z0-9_-]{43}$' || { t_done; exit 1; }
COOKIE="Cookie: __Host-sid=$SID"

# --- files that must never be served ------------------------------------------------------
# One line of each, as it is in the file: a body holding it has served that file.
declare -A SECRET=(
    [Makefile]=$(head -n 1 "$T_REPO/Makefile")
    [layout.tpl]=$(head -n 1 "$T_REPO/templates/layout.tpl")
    [workdesk.conf]=$(grep -m 1 '^upwork_client_secret' "$VAR/workdesk.conf")
    [passwd]=$(head -n 1 /etc/passwd)
)
for f in "${!SECRET[@]}"; do
    [ -n "${SECRET[$f]}" ] || { t_ok "a line of $f to look for" false; t_done; exit 1; }
done

# leaks FILE: the names of the secret files whose line FILE holds (nothing if none).
leaks() {
    local f
    for f in "${!SECRET[@]}"; do
        grep -qF -- "${SECRET[$f]}" "$1" && printf '%s ' "$f"
    done
}

# fetch STEM URL [CURL-ARGS...]: status on stdout, body in STEM.b.
# --path-as-is: curl sends the dots and slashes as written.
fetch() {
    local stem=$1 url=$2
    shift 2
    t_curl --path-as-is -o "$stem.b" -w '%{http_code}' "$@" "$url" 2>/dev/null
}

# batch NAME [CURL-ARGS...] < URLS: fetch many URLs (one a line) with one curl, in order;
# the body of the i-th (from 0) in $D/NAME.i; prints one status a line.
batch() {
    local name=$1 i=0 url cfg=$D/$1.cfg
    shift
    : > "$cfg"
    while IFS= read -r url; do
        printf 'url = "%s"\noutput = "%s"\n' "${url//\\/\\\\}" "$D/$name.$i" >> "$cfg"
        i=$((i + 1))
    done
    curl --path-as-is --max-time 10 -s -K "$cfg" -w '%{http_code}\n' "$@" 2>/dev/null
}

# --- 1. the traversal matrix ----------------------------------------------------------------
# How "../" is written (one level each).
UP=(
    '../' '%2e%2e/' '%2e%2e%2f' '..%2f' '%2E%2E%2F' '.%2e/' '%2e./'
    '..%5c' '%2e%2e%5c' "..\\"
    '%252e%252e%252f' '..%252f' '%252e%252e/' '%25%32%65%25%32%65%25%32%66'
    '%c0%ae%c0%ae/' '..%c0%af' '..%e0%80%af' '%uff0e%uff0e/' '..%u2215'
    '....//' '..;/' '..%00/' '..%2f%00'
)
VAR_REL=${VAR#/}
# target: how many levels up from static/ (the alias's directory; from a URL's first
# segment for the app), then the file. Makefile and layout.tpl need the exact depth to be
# reached; /etc/passwd and VAR (under /tmp) take any depth past the root.
TARGETS=('1 Makefile' '1 templates/layout.tpl' "9 $VAR_REL/workdesk.conf" '9 etc/passwd')
PREFIXES=('/static/' '/static' '/static/style.css/' '/')
APP_PREFIXES=('/jobs/' '/proposals/' '/contracts/' '/messages/' '/billing/invoices/')
BY_HAND=(   # the alias traversal spelled out, encoded slashes after /static, CR LF
    '/static../Makefile' '/static../templates/layout.tpl' '/static..%2fMakefile'
    '/static%2f..%2fMakefile' '/static%2F%2E%2E%2FMakefile' '/static/./../Makefile'
    '/static//../Makefile' '/static/.%2e/.%2e/Makefile' '/%2e%2e/%2e%2e/etc/passwd'
    '/static/style.css%00/../../Makefile' '/static/..%0d%0a/Makefile'
)

# paths PREFIX...: every prefix x spelling x target, one path a line.
paths() {
    local p sep t n extra i s
    for p in "$@"; do
        # one more level for each segment after the first (style.css/, invoices/)
        extra=$(($(tr -cd / <<<"${p%/}" | wc -c) - 1))
        ((extra > 0)) || extra=0
        for sep in "${UP[@]}"; do
            for t in "${TARGETS[@]}"; do
                n=$((${t%% *} + extra)) s=""
                for ((i = 0; i < n; i++)); do s+=$sep; done
                printf '%s%s%s\n' "$p" "$s" "${t#* }"
            done
        done
    done
}

total=0 good=0 served=0
BAD=$T_TMP/bad
: > "$BAD"
declare -A CODES=()
# judge NAME LABEL < PATHS: the batch NAME's answers to PATHS: 400/404 and nothing leaked.
judge() {
    local name=$1 label=$2 i=0 path code leaked codes
    mapfile -t codes < "$D/$name.codes"
    while IFS= read -r path; do
        code=${codes[$i]:-none}
        total=$((total + 1))
        CODES[$code]=$((${CODES[$code]:-0} + 1))
        leaked=$(leaks "$D/$name.$i" 2>/dev/null)
        [ -z "$leaked" ] || served=$((served + 1))
        if [[ $code =~ ^(400|404)$ ]] && [ -z "$leaked" ]; then
            good=$((good + 1))
        else
            printf '%s %s: %s %s\n' "$label" "$path" "$code" "${leaked:+serves $leaked}" >> "$BAD"
        fi
        i=$((i + 1))
    done
}
{ paths "${PREFIXES[@]}"; printf '%s\n' "${BY_HAND[@]}"; } > "$D/out.paths"
paths "${APP_PREFIXES[@]}" > "$D/in.paths"
sed "s|^|$U|" "$D/out.paths" | batch out > "$D/out.codes"
sed "s|^|$U|" "$D/in.paths" | batch in -H "$COOKIE" > "$D/in.codes"
judge out "signed out" < "$D/out.paths"
judge in "signed in" < "$D/in.paths"
statuses=$(for c in "${!CODES[@]}"; do printf '%s×%s ' "$c" "${CODES[$c]}"; done)
t_diag "traversal: $total requests (${#UP[@]} spellings of ../ x ${#TARGETS[@]} targets x" \
    "$((${#PREFIXES[@]} + ${#APP_PREFIXES[@]})) prefixes, ${#BY_HAND[@]} by hand); statuses: $statuses"
t_eq "traversal: 0 of $total requests serve a file from outside static/" "$served" 0
t_eq "traversal: all $total answered 400 or 404" "$good" "$total" || head -n 20 "$BAD" | sed 's/^/#   /'

# The checks are not blind: the leak check knows the config file, and the static root serves.
t_match "the leak check finds the config file's secret line in the file itself" \
    "$(leaks "$VAR/workdesk.conf")" 'workdesk.conf'
code=$(fetch "$D/css" "$U/static/style.css")
t_eq "the static root still serves (/static/style.css is 200)" "$code" 200
t_ok "... with the file's bytes" cmp "$D/css.b" "$T_REPO/static/style.css"

# --- 2. template-name parameters ------------------------------------------------------------
NAMES=(tpl template page file view layout)
VALUES=(
    '../../etc/passwd' '..%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd'
    '....//....//....//Makefile' '/etc/passwd' '../templates/layout' '../../Makefile%00.tpl'
    '%252e%252e%252f%252e%252e%252fMakefile' '..%5c..%5cMakefile'
)
title() { grep -o '<title>[^<]*</title>' "$1" 2>/dev/null | head -n 1; }
ptotal=0 psame=0 pserved=0
PBAD=$T_TMP/pbad
: > "$PBAD"
# params ROUTE [CURL-ARGS...]: each name with each value on ROUTE. Passes when the answer
# is ROUTE's own (same status and <title>; for the static file, the same bytes) or 400/404
# (a decoded NUL is 400, I4), and nothing leaked.
params() {
    local route=$1 code0 t0 name value code leaked i=0 q=() codes
    shift
    code0=$(fetch "$D/p0" "$U$route" "$@")
    t0=$(title "$D/p0.b")
    for name in "${NAMES[@]}"; do
        for value in "${VALUES[@]}"; do q+=("$name=$value"); done
    done
    printf '%s\n' "${q[@]/#/$U$route?}" | batch p "$@" > "$D/p.codes"
    mapfile -t codes < "$D/p.codes"
    for ((i = 0; i < ${#q[@]}; i++)); do
        code=${codes[$i]:-none}
        ptotal=$((ptotal + 1))
        leaked=$(leaks "$D/p.$i" 2>/dev/null)
        [ -z "$leaked" ] || pserved=$((pserved + 1))
        if [ -z "$leaked" ] && { [[ $code =~ ^(400|404)$ ]] ||
            if [ "$route" = /static/style.css ]; then
                [ "$code" = 200 ] && cmp -s "$D/p.$i" "$T_REPO/static/style.css"
            else
                [ "$code" = "$code0" ] && [ "$(title "$D/p.$i")" = "$t0" ]
            fi; }; then
            psame=$((psame + 1))
        else
            printf '%s?%s: %s %s (without: %s %s) %s\n' "$route" "${q[$i]}" "$code" \
                "$(title "$D/p.$i")" "$code0" "$t0" "${leaked:+serves $leaked}" >> "$PBAD"
        fi
    done
    t_diag "parameters on $route: without them $code0 $t0"
}
params /
params /privacy
params /terms
params /static/style.css
params /account -H "$COOKIE"
params /jobs -H "$COOKIE"
params /messages -H "$COOKIE"
params /billing -H "$COOKIE"
t_eq "template parameters: 0 of $ptotal requests serve a file from outside static/" "$pserved" 0
t_eq "template parameters: all $ptotal change nothing (the route's own page, or 400/404)" \
    "$psame" "$ptotal" || head -n 20 "$PBAD" | sed 's/^/#   /'
t_eq "still signed in after the matrix (/account is 200)" "$(fetch "$D/acct" "$U/account" -H "$COOKIE")" 200

# --- 3. wapiti ----------------------------------------------------------------------------------
if ! command -v wapiti > /dev/null; then
    t_diag "wapiti is not installed (Debian package wapiti): the scan is skipped"
    t_skip "wapiti scan, signed out: 0 vulnerabilities" "wapiti not installed"
    t_skip "wapiti scan, signed in: 0 vulnerabilities" "wapiti not installed"
    t_done
    exit
fi

W=$T_TMP/wapiti
mkdir -p "$W/config" "$W/py"
echo '{}' > "$W/config/apps.json"       # the wapp module's database: present, so never fetched
cat > "$W/py/sitecustomize.py" <<'EOF'
# For wapiti 3.0.4 under Python 3.11 only (see t0094-traversal-scan.sh): its -x
# patterns end in "\Z(?ms)", which 3.11 refuses; the same pattern, flags first.
import re
try:
    from wapitiCore.net import crawler
except ImportError:
    crawler = None
if crawler is not None:
    def wildcard_translate(pattern):
        body = ''.join('.*' if c == '*' else re.escape(c) for c in pattern)
        return re.compile('(?ms)' + body + r'\Z')
    crawler.wildcard_translate = wildcard_translate
EOF
DEAD_PROXY="http://127.0.0.1:$(t_free_port)"

# scan NAME CRAWL_S ATTACK_S [WAPITI-ARGS...]: one bounded scan; report in $W/NAME.json,
# output in $W/NAME.log; nginx's access log tells its requests by the user agent.
scan() {
    local name=$1 crawl_s=$2 attack_s=$3 start=$SECONDS
    shift 3
    PYTHONPATH="$W/py" http_proxy="$DEAD_PROXY" https_proxy="$DEAD_PROXY" \
        HTTP_PROXY="$DEAD_PROXY" HTTPS_PROXY="$DEAD_PROXY" no_proxy=127.0.0.1 NO_PROXY=127.0.0.1 \
        timeout $((crawl_s + 5 * attack_s + 60)) \
        wapiti -u "$U/" --scope folder -m "$MODULES" -d 3 -t 5 \
        --max-scan-time "$crawl_s" --max-attack-time "$attack_s" \
        -A "wapiti-t0094-$name" -f json -o "$W/$name.json" \
        --store-session "$W/session-$name" --store-config "$W/config" --flush-session \
        -v 1 --no-bugreport "$@" > "$W/$name.log" 2>&1
    t_eq "wapiti $name: the scan ran to its end" "$?" 0 || tail -n 20 "$W/$name.log" | sed 's/^/#   /'
    t_diag "wapiti $name: $((SECONDS - start)) s;" \
        "$(grep -o 'Wapiti found [0-9]* URLs and forms' "$W/$name.log" | head -n 1)"
}

# report NAME MIN_REQUESTS: the figures of one scan, and its assertions.
report() {
    local name=$1 min=$2 figures sent
    figures=$(python3 - "$W/$name.json" <<'EOF'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print("no-report 0 0 -")
    sys.exit()
vulns = {k: len(v) for k, v in r["vulnerabilities"].items() if v}
errors = len(r["anomalies"].get("Internal Server Error", []))
anomalies = sum(len(v) for v in r["anomalies"].values())
detail = "; ".join("%s: %s %s %s" % (k, x.get("method"), x.get("path"), x.get("parameter"))
                   for k, v in r["vulnerabilities"].items() for x in v[:3]) or "-"
print("%d %d %d %s" % (sum(vulns.values()), errors, anomalies, detail))
EOF
    )
    read -r vulns errors anomalies detail <<<"$figures"
    sent=$(grep -c "\"wapiti-t0094-$name\"$" "$VAR/nginx-access.log")
    t_diag "wapiti $name: $sent requests (statuses:" \
        "$(grep "\"wapiti-t0094-$name\"$" "$VAR/nginx-access.log" |
            awk '{ n[$(NF-4)]++ } END { for (s in n) printf "%s×%d ", s, n[s] }'))," \
        "$vulns vulnerabilities, $anomalies anomalies ($errors Internal Server Error)"
    t_ok "wapiti $name: a JSON report" test "$vulns" != no-report
    t_eq "wapiti $name: 0 vulnerabilities (modules $MODULES)" "$vulns" 0 ||
        t_diag "wapiti $name findings: $detail"
    t_eq "wapiti $name: 0 Internal Server Error anomalies" "$errors" 0
    t_ok "wapiti $name: sent at least $min requests ($sent)" test "$sent" -ge "$min"
}

# Signed out, the pages link to no parameter the app reads: start from some that do.
scan out "${WAPITI_OUT_S[@]}" -s "$U/auth/login?next=%2Fjobs" -s "$U/?signin=expired"
report out 50
scan in "${WAPITI_IN_S[@]}" -H "$COOKIE" \
    -x "$U/auth/logout*" -x "$U/auth/consent*" -x "$U/account/disconnect*"
report in 1000
t_eq "still signed in after the scan (/account is 200)" "$(fetch "$D/acct" "$U/account" -H "$COOKIE")" 200

t_done
