#!/usr/bin/env bash
# t0010-nginx-config: nginx.conf.example and the loopback config derived from it.
#
#  - the example, with only its cert/socket/static/pid/log/temp paths swapped, passes nginx -t;
#  - scripts/nginx-loopback.sh's output passes nginx -t and keeps every unmarked line
#    (add_header lines above all) byte-identical;
#  - the 8 security headers of security-bar §2 are there, exact and with "always";
#  - every alias has a trailing slash on both the location and the path;
#  - a real nginx from the loopback config (no app behind it) puts the 8 headers on static
#    files, its own 404/400/413/429/502 pages; traversal never serves a file; 64 KiB + 1 body
#    gives 413; Server: carries no version.
# Works as root and as any other user. Needs nginx, openssl, curl.
# shellcheck disable=SC2016  # bash -c '...' snippets get their values as "$1" "$2"
set -u
# shellcheck source=tests/t/lib.sh
. "$(dirname "$0")/lib.sh"

EX="$T_REPO/nginx.conf.example"
W="$T_TMP"
NGINX_CONF_DIR=$(dirname "$(nginx -V 2>&1 | tr ' ' '\n' | sed -n 's/^--conf-path=//p' | head -n 1)")
[ -r "$NGINX_CONF_DIR/fastcgi_params" ] || NGINX_CONF_DIR=/etc/nginx

# fetch NAME CURL-ARGS...: response headers to $W/NAME.h, body to $W/NAME.b; prints the status.
fetch() {
    local name=$1
    shift
    t_curl -o "$W/$name.b" -D "$W/$name.h" -w '%{http_code}' "$@" 2>"$W/$name.err"
}
# header FILE NAME: the value(s) of a response header, CR stripped, one per line.
header() {
    tr -d '\r' < "$1" | sed -n "s/^$2: //Ip"
}
# check_headers FILE: all 8 security headers, each exactly once with the exact value.
check_headers() {
    local h got bad=0
    for h in "${T_HEADER_NAMES[@]}"; do
        got=$(header "$1" "$h")
        if [ "$got" != "${T_HEADER_VALUE[$h]}" ]; then
            printf '%s: got [%s]\n' "$h" "$got"
            bad=1
        fi
    done
    return $bad
}

t_ok "nginx, openssl and curl are installed" command -v nginx openssl curl || { t_done; exit 1; }

# --- 1. The production example, paths swapped, passes nginx -t -------------------------
mkdir -p "$W/prod/nginx-tmp" "$W/static"
t_ok "self-signed certificate made with openssl" \
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj /CN=localhost -keyout "$W/tls.key" -out "$W/tls.crt"

# Only paths change: cert and key, socket, static dir, pid, logs, temp dirs (the example's
# own "# loopback: + *_temp_path" lines, pointed at $W/prod); and the listen addresses, since
# nginx -t binds them: loopback and free ports instead of *:80 / *:443 (non-root, and a
# system nginx may hold 80).
P_HTTP=$(t_free_port)
P_HTTPS=$(t_free_port)
if grep -q '^0\{31\}1 .* lo$' /proc/net/if_inet6 2>/dev/null; then V6='[::1]'; else V6=127.0.0.2; fi
sed -e "s|listen 80 |listen 127.0.0.1:$P_HTTP |" \
    -e "s|listen \[::\]:80 |listen $V6:$P_HTTP |" \
    -e "s|listen 443 |listen 127.0.0.1:$P_HTTPS |" \
    -e "s|listen \[::\]:443 |listen $V6:$P_HTTPS |" \
    -e "s|/etc/ssl/certs/workdesk.example.org.crt|$W/tls.crt|" \
    -e "s|/etc/ssl/private/workdesk.example.org.key|$W/tls.key|" \
    -e "s|/run/workdesk/workdesk.sock|$W/prod/app.sock|g" \
    -e "s|/srv/workdesk/static/|$W/static/|" \
    -e "s|/run/nginx.pid|$W/prod/nginx.pid|" \
    -e "s|/var/log/nginx/|$W/prod/|g" \
    -e "s|^\\([[:space:]]*\\)# loopback: + \\([a-z]*_temp_path\\) \${VAR_DIR}|\\1\\2 $W/prod|" \
    "$EX" > "$W/prod/nginx.conf"
cp "$NGINX_CONF_DIR/mime.types" "$NGINX_CONF_DIR/fastcgi_params" "$W/prod/"
diff "$EX" "$W/prod/nginx.conf" > "$W/prod.diff"
t_ok "the checked copy differs from the example only in path and listen lines, one for one" bash -c '
    [ "$(grep -c "^<" "$1")" -eq "$(grep -c "^>" "$1")" ] && [ "$(grep -c "^>" "$1")" -ge 16 ] &&
    ! grep "^>" "$1" | grep -vF -e "$2/" -e "listen 127.0.0.1:" -e "listen $3:"' _ "$W/prod.diff" "$W" "$V6"
t_ok "nginx -t accepts the production example (TLS, http2, redirect server)" \
    nginx -t -q -c "$W/prod/nginx.conf" -p "$W/prod/" -e "$W/prod/error.log"

# Run it (foreground via -g; as root its workers are www-data, so only requests that need no
# file under the private temp dir): https gives nginx's 502 with the headers, http redirects.
nginx -c "$W/prod/nginx.conf" -p "$W/prod/" -e "$W/prod/error.log" -g 'daemon off;' \
    < /dev/null > "$W/prod/nginx.out" 2>&1 &
PROD_PID=$!
t_at_exit stop_pid "$PROD_PID"
# stop_pid PID: TERM, wait up to 5 s, then KILL; reaps it.
stop_pid() {
    kill -TERM "$1" 2>/dev/null || return 0
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
for _ in $(seq 100); do t_port_open "$P_HTTPS" && break; sleep 0.05; done
code=$(fetch tls -k "https://127.0.0.1:$P_HTTPS/")
t_eq "production copy over TLS: / with no app is 502" "$code" 502
t_ok "production copy over TLS: 502 carries the 8 security headers" check_headers "$W/tls.h"
code=$(fetch redirect "http://127.0.0.1:$P_HTTP/jobs?q=x")
t_eq "production copy: http redirects with 301" "$code" 301
t_eq "production copy: redirect goes to the fixed https name" \
    "$(header "$W/redirect.h" Location)" "https://workdesk.example.org/jobs?q=x"
t_ok "production copy: the redirect carries the 8 security headers" check_headers "$W/redirect.h"
stop_pid "$PROD_PID"

# --- 2. The derived loopback config ------------------------------------------------------
PORT=$(t_free_port)
LB="$W/lb"
t_ok "nginx-loopback.sh writes the loopback config" \
    "$T_REPO/scripts/nginx-loopback.sh" "$LB/nginx.conf" "$PORT" "$LB/app.sock" "$W/static" "$LB"
t_ok "nginx -t accepts the loopback config" \
    nginx -t -q -c "$LB/nginx.conf" -p "$LB/" -e "$LB/nginx-error.log"

# The example without its marked lines (what must survive byte for byte) vs the loopback copy
# without the lines nginx-loopback.sh wrote (all end in "# loopback").
awk '
    /# loopback: drop-begin[ \t]*$/ { skip = 1; next }
    skip { if (/# loopback: drop-end[ \t]*$/) skip = 0; next }
    /^[ \t]*# loopback: \+ / { next }
    /^[ \t]*#/ { print; next }
    /# loopback:/ { next }
    { print }' "$EX" > "$W/ex.kept"
grep -v '# loopback$' "$LB/nginx.conf" > "$W/lb.kept"
t_ok "every unmarked line of the example is in the loopback copy, byte-identical, same order" \
    diff "$W/ex.kept" "$W/lb.kept"

grep '^[[:space:]]*add_header ' "$EX" > "$W/ex.add_header"
grep '^[[:space:]]*add_header ' "$LB/nginx.conf" > "$W/lb.add_header"
t_eq "the example has 8 add_header lines" "$(wc -l < "$W/ex.add_header")" 8
t_eq "the loopback copy has the same number of add_header lines" \
    "$(wc -l < "$W/lb.add_header")" "$(wc -l < "$W/ex.add_header")"
t_ok "add_header lines are byte-identical in both" cmp "$W/ex.add_header" "$W/lb.add_header"

# Brace depth of each add_header (1 = http level). Any in a server/location would drop the rest.
t_eq "all add_header lines sit at http level (none in server or location blocks)" \
    "$(awk '{ line = $0; sub(/#.*/, "", line) }
            line ~ /^[ \t]*add_header / { print depth }
            { depth += gsub(/\{/, "{", line) - gsub(/\}/, "}", line) }' "$EX" | sort -u)" 1

missing=""
for h in "${T_HEADER_NAMES[@]}"; do
    want="add_header $h \"${T_HEADER_VALUE[$h]}\" always;"
    [ "$(grep -cF -- "$want" "$EX")" -eq 1 ] || missing="$missing $h"
done
t_eq "the 8 security headers of security-bar §2, exact values, each with always" "${missing:-none}" none
t_eq "no add_header without always" "$(grep '^[[:space:]]*add_header ' "$EX" | grep -vc ' always;$')" 0

# Every alias: location ends in "/" and the path ends in "/".
check_aliases() {
    awk '
        { line = $0; sub(/#.*/, "", line) }
        line ~ /^[ \t]*location / { loc = line }
        line ~ /^[ \t]*alias / {
            n++
            if (loc !~ /\/[ \t]*\{[ \t]*$/) { print "location without trailing slash: " loc; bad++ }
            if (line !~ /\/;[ \t]*$/) { print "alias without trailing slash: " line; bad++ }
        }
        END { if (n == 0) { print "no alias found"; exit 1 } exit bad > 0 }' "$1"
}
t_ok "every alias in the example has a trailing slash on location and path" check_aliases "$EX"
t_ok "every alias in the loopback copy has a trailing slash on location and path" check_aliases "$LB/nginx.conf"

t_ok "the limits of security-bar §5 I2 are in the example" bash -c '
    for d in "client_max_body_size 64k;" "client_header_timeout 10s;" "client_body_timeout 10s;" \
             "send_timeout 10s;" "large_client_header_buffers 4 8k;" "keepalive_timeout 65s;" \
             "server_tokens off;" "fastcgi_read_timeout 60s;" "fastcgi_keep_conn off;" \
             "limit_conn workdesk_conn"; do
        grep -qF -- "$d" "$1" || { echo "missing: $d"; exit 1; }
    done
    grep -q "limit_req zone=workdesk_auth" "$1" || { echo "missing: limit_req on /auth/"; exit 1; }' _ "$EX"
t_ok "the loopback copy has no TLS, no https redirect and listens on 127.0.0.1:$PORT only" bash -c '
    directives=$(sed "s/#.*//" "$1")
    ! grep -Eq "ssl|443|listen 80|return 301" <<< "$directives" &&
    [ "$(grep -E "^[[:space:]]*listen " "$1")" = "        listen 127.0.0.1:$2 default_server;  # loopback" ]' _ "$LB/nginx.conf" "$PORT"
if [ "$(id -u)" -eq 0 ]; then
    t_ok "loopback copy run as root says user root" grep -qx "user root;  # loopback" "$LB/nginx.conf"
else
    t_ok "loopback copy run as non-root has no user directive" bash -c '! grep -q "^user " "$1"' _ "$LB/nginx.conf"
fi

# --- 3. A real nginx from the loopback config, no app behind it --------------------------
printf 'body { color: #222; }\n' > "$W/static/style.css"
CANARY="canary-$RANDOM$RANDOM"
echo "$CANARY" > "$W/secret.txt"     # beside static/: /static../secret.txt must never reach it
nginx -c "$LB/nginx.conf" -p "$LB/" -e "$LB/nginx-error.log" < /dev/null > "$LB/nginx.out" 2>&1 &
NGINX_PID=$!
t_at_exit stop_pid "$NGINX_PID"
for _ in $(seq 100); do t_port_open "$PORT" && break; sleep 0.05; done
t_ok "nginx runs from the loopback config alone" t_port_open "$PORT" || cat "$LB/nginx.out" "$LB/nginx-error.log" >&2
URL="http://127.0.0.1:$PORT"

code=$(fetch static "$URL/static/style.css")
t_eq "GET /static/style.css is 200" "$code" 200
t_ok "static file body is the file" cmp "$W/static.b" "$W/static/style.css"
t_ok "static file carries the 8 security headers" check_headers "$W/static.h"
t_eq "static file has Cache-Control max-age=3600 (expires 1h)" "$(header "$W/static.h" Cache-Control)" "max-age=3600"
t_match "static css is text/css" "$(header "$W/static.h" Content-Type)" '^text/css'
t_eq "Server: header carries no version" "$(header "$W/static.h" Server)" nginx

code=$(fetch notfound "$URL/static/nope.css")
t_eq "missing static file is nginx's 404" "$code" 404
t_ok "nginx's 404 page carries the 8 security headers" check_headers "$W/notfound.h"
t_match "nginx's 404 page is text/html; charset=utf-8" "$(header "$W/notfound.h" Content-Type)" '^text/html; charset=utf-8$'
t_ok "nginx's 404 page shows no version" bash -c '! grep -q "nginx/" "$1"' _ "$W/notfound.b"

code=$(fetch bad_gateway "$URL/")
t_eq "GET / with no app on the socket is 502" "$code" 502
t_ok "nginx's 502 page carries the 8 security headers" check_headers "$W/bad_gateway.h"
code=$(fetch bad_gateway_auth "$URL/auth/login")
t_eq "GET /auth/login with no app is 502" "$code" 502
t_ok "502 under /auth/ carries the 8 security headers" check_headers "$W/bad_gateway_auth.h"

head -c $((65 * 1024)) /dev/zero | tr '\0' a > "$W/body65k"
code=$(fetch too_big -X POST -H 'Expect:' -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary "@$W/body65k" "$URL/")
t_eq "a 65 KiB body is 413" "$code" 413
t_ok "413 carries the 8 security headers" check_headers "$W/too_big.h"
head -c $((64 * 1024 + 1)) /dev/zero | tr '\0' a > "$W/body64k1"
code=$(fetch too_big1 -X POST -H 'Expect:' --data-binary "@$W/body64k1" "$URL/")
t_eq "a 64 KiB + 1 body is 413" "$code" 413

code=$(fetch big_header -H "X-Big: $(head -c $((16 * 1024)) /dev/zero | tr '\0' b)" "$URL/")
t_eq "a 16 KiB header is 400" "$code" 400
t_ok "400 (header too large) carries the 8 security headers" check_headers "$W/big_header.h"

# Traversal: these must come back 400/404 from nginx itself.
for path in '/static../secret.txt' '/static..%2fsecret.txt' '/static%2e%2e/secret.txt' \
            '/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd' \
            '/static/..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd' '/static/..%5c..%5csecret.txt' \
            '/static/%2e%2e%5csecret.txt' '/static../etc/passwd'; do
    code=$(fetch trav --path-as-is "$URL$path")
    t_match "traversal $path is 400/404" "$code" '^(400|404)$'
done
t_ok "traversal 400/404 pages carry the 8 security headers" check_headers "$W/trav.h"
# Wider net: whatever the status, never a file from outside static/.
leaks=""
for path in '/static/../secret.txt' '/static/%2e%2e/secret.txt' '/static/%2e%2e%2fsecret.txt' \
            '/static/..%2fsecret.txt' '/static../static/../secret.txt' '/static/./../secret.txt' \
            '/static//../secret.txt' '/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd'; do
    code=$(fetch leak --path-as-is "$URL$path")
    if [ "$code" = 200 ] || grep -q -e "$CANARY" -e '^root:' "$W/leak.b"; then
        leaks="$leaks $path($code)"
    fi
done
t_eq "no traversal variant serves a file from outside static/" "${leaks:-none}" none

# Rate limit on /auth/: burst 10 at 5 r/s, so 25 quick requests must see 429s.
codes=""
for _ in $(seq 25); do codes="$codes $(fetch limited "$URL/auth/callback")"; done
t_match "rapid /auth/ requests are rate limited (429)" "$codes" ' 429'
t_ok "429 carries the 8 security headers" check_headers "$W/limited.h"
t_ok "the access log never holds a query string" bash -c '
    t_curl() { curl --max-time 10 -sS "$@"; }
    t_curl -o /dev/null "$2/auth/callback?code=SECRETCODE&state=SECRETSTATE"
    sleep 0.2
    [ -s "$1" ] && ! grep -q SECRET "$1"' _ "$LB/nginx-access.log" "$URL"

stop_pid "$NGINX_PID"
t_ok "nginx is gone after stop" bash -c '! kill -0 "$1" 2>/dev/null' _ "$NGINX_PID"

t_done
