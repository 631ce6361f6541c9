#!/usr/bin/env bash
# t0062-csrf.sh: CSRF (security bar C1-C3, §7 test 14). Every state-changing
# route is attacked with a matrix of forged requests (no, wrong, truncated or
# another user's token; cross-site Fetch Metadata; foreign, null or missing
# Origin/Referer; other methods): all are refused with 403/405, nothing
# changes, and nothing reaches Upwork. GET and HEAD change nothing on any
# route. Then the real forms work, through each way a browser proves its origin.
# needs: app
# alongside: paced to nginx's per-address rate limits (tests/run.sh)
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-auth.sh"

t_stack_start || { t_ok "stack starts" false; t_done; exit 1; }
O=$(A_ORIGIN)
ADA=1390042875001225216 GRACE=1417508230163849216
h=$T_TMP/h

_last=0
pace() {        # /auth/ 5 r/s, POSTs 10 r/s per address: keep under both
    local now=${EPOCHREALTIME/[.,]/} d
    d=$((now - _last))
    ((d < 220000)) && sleep "$(printf '0.%06d' $((220000 - d)))"
    _last=${EPOCHREALTIME/[.,]/}
}
record() { printf '%s' "$2" | sha256sum | cut -d' ' -f1 | sed "s|^|$VAR/data/$1/|"; }
csrf_in() { grep -oE 'name="csrf" value="[A-Za-z0-9_-]{43}"' | head -n 1 | sed -E 's/.*value="([^"]*)"/\1/'; }
# state: what a state change would touch (names and contents of the session,
# token, user and login records).
state() {
    (cd "$VAR/data" && find sessions tokens users logins -type f ! -name '.*' -print0 |
        sort -z | xargs -0 -r sha256sum)
}
# Sessions are rewritten (their "seen" time) at most once a minute by design:
# compare their names only, and the other records by content.
nsess() { find "$VAR/data/sessions" -type f ! -name '.*' | wc -l; }
state_stable() { state | awk '$2 ~ /^sessions\// {print $2; next} {print}'; }

jA=$T_TMP/ada jG=$T_TMP/grace jN=$T_TMP/nobody
a_signin "$jA" ada allow
a_signin "$jG" grace allow
aC=$(a_get "$jA" / | csrf_in)
gC=$(a_get "$jG" / | csrf_in)
t_match "Ada has a CSRF token" "$aC" '^[A-Za-z0-9_-]{43}$'
t_match "Grace has another" "$gC" '^[A-Za-z0-9_-]{43}$'
t_ok "the two differ" test "$aC" != "$gC"
wrong=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
flip=$(tr 'a-zA-Z' 'A-Za-z' <<<"$aC")
sids_before=$(nsess)
before=$(state_stable)
t_sandbox /__sandbox/log -X DELETE -o /dev/null
tok_before=$(a_sandbox_count 'e.endpoint==="token"')

# --- The matrix ----------------------------------------------------------------------------
# label | jar | method | body | extra curl args (separated by "|")
cases=(
    "no token|$jA|POST|x=1|-H|Origin: $O"
    "empty token|$jA|POST|csrf=|-H|Origin: $O"
    "wrong token|$jA|POST|csrf=$wrong|-H|Origin: $O"
    "truncated token|$jA|POST|csrf=${aC%?}|-H|Origin: $O"
    "token plus a character|$jA|POST|csrf=${aC}A|-H|Origin: $O"
    "token with case flipped|$jA|POST|csrf=$flip|-H|Origin: $O"
    "Grace's token with Ada's cookie|$jA|POST|csrf=$gC|-H|Origin: $O"
    "Ada's token with Grace's cookie|$jG|POST|csrf=$aC|-H|Origin: $O"
    "token in the query, not the form|$jA|POST|x=1|-H|Origin: $O|QUERY"
    "signed out, valid token|$jN|POST|csrf=$aC|-H|Origin: $O"
    "Sec-Fetch-Site: cross-site, valid token|$jA|POST|csrf=$aC|-H|Sec-Fetch-Site: cross-site"
    "Sec-Fetch-Site: cross-site with our Origin, valid token|$jA|POST|csrf=$aC|-H|Sec-Fetch-Site: cross-site|-H|Origin: $O"
    "Sec-Fetch-Site: same-site, valid token|$jA|POST|csrf=$aC|-H|Sec-Fetch-Site: same-site|-H|Origin: $O"
    "Sec-Fetch-Site: none, valid token|$jA|POST|csrf=$aC|-H|Sec-Fetch-Site: none"
    "no Origin, Referer or Sec-Fetch-Site, valid token|$jA|POST|csrf=$aC"
    "Origin: http://evil.example, valid token|$jA|POST|csrf=$aC|-H|Origin: http://evil.example"
    "Origin: null, valid token|$jA|POST|csrf=$aC|-H|Origin: null"
    "Origin: our origin as a prefix of evil, valid token|$jA|POST|csrf=$aC|-H|Origin: $O.evil.example"
    "Origin: https://localhost, valid token|$jA|POST|csrf=$aC|-H|Origin: https://localhost:$PORT"
    "Origin: http://127.0.0.1 (not the configured name), valid token|$jA|POST|csrf=$aC|-H|Origin: http://127.0.0.1:$PORT"
    "Referer: http://evil.example/, valid token|$jA|POST|csrf=$aC|-H|Referer: http://evil.example/"
    "Referer: our origin as a prefix of evil, valid token|$jA|POST|csrf=$aC|-H|Referer: $O.evil.example/"
    "Referer: our origin plus a port digit, valid token|$jA|POST|csrf=$aC|-H|Referer: ${O}0/"
    "Referer: our origin, no path, valid token|$jA|POST|csrf=$aC|-H|Referer: $O"
    "GET instead of POST, valid token|$jA|GET||-H|Origin: $O|QUERY"
    "PUT, valid token|$jA|PUT||-H|Origin: $O|QUERY"
    "DELETE, valid token|$jA|DELETE||-H|Origin: $O|QUERY"
    "PATCH, valid token|$jA|PATCH||-H|Origin: $O|QUERY"
)
total=0 refused=0 ask=0
for route in /auth/logout /account/disconnect; do
    for c in "${cases[@]}"; do
        IFS='|' read -r -a f <<<"$c"
        label=${f[0]} jar=${f[1]} method=${f[2]} body=${f[3]}
        extra=("${f[@]:4}")
        url="$O$route"
        if [ ${#extra[@]} -gt 0 ] && [ "${extra[-1]}" = QUERY ]; then
            unset 'extra[-1]'
            url="$url?csrf=$aC"
        fi
        args=(-X "$method")
        [ -n "$body" ] && args+=(--data "$body")
        pace
        code=$(t_curl -b "$jar" -o "$h.body" -w '%{http_code}' "${args[@]}" "${extra[@]}" "$url")
        if [ "$route$method" = /account/disconnectGET ]; then
            # GET here is the confirmation page: it must change nothing (checked below).
            ask=$((ask + 1))
            t_eq "GET /account/disconnect?csrf=TOKEN is only the confirmation page" "$code" 200
            continue
        fi
        total=$((total + 1))
        case $code in
            403 | 405) refused=$((refused + 1)) ;;
            *) t_diag "NOT REFUSED: $method $route, $label: $code" ;;
        esac
    done
done
t_diag "test 14: $refused/$total forged requests answered 403/405"
t_eq "test 14: 100 % of the forged requests answered 403/405 ($total)" "$refused" "$total"

# Other methods carrying the token in a form body: the app refuses any body
# on a method other than POST as a bad request (400), before routing.
for m in PUT DELETE PATCH; do
    pace
    code=$(t_curl -b "$jA" -o /dev/null -w '%{http_code}' -X "$m" -H "Origin: $O" --data "csrf=$aC" "$O/account/disconnect")
    t_match "$m /account/disconnect with the token in a body is refused" "$code" '^(400|405)$'
done
# Form content other than a web form's is refused too (before any check).
pace
code=$(t_curl -b "$jA" -o /dev/null -w '%{http_code}' -H "Origin: $O" -H 'Content-Type: text/plain' \
    --data "csrf=$aC" "$O/account/disconnect")
t_eq "a text/plain body carrying the token is refused (415)" "$code" 415
pace
code=$(t_curl -b "$jA" -o /dev/null -w '%{http_code}' -H "Origin: $O" -F "csrf=$aC" "$O/auth/logout")
t_eq "a multipart body carrying the token is refused (415)" "$code" 415

# --- Nothing changed ---------------------------------------------------------------------------
t_eq "no upstream request at all during the matrix" "$(t_sandbox /__sandbox/log | node -e \
    'console.log(JSON.parse(require("fs").readFileSync(0,"utf8")).length)')" 0
t_eq "token-endpoint calls did not increase" "$(a_sandbox_count 'e.endpoint==="token"')" "$tok_before"
t_eq "no record changed (sessions, tokens, users, logins)" "$(state_stable)" "$before"
t_eq "session count unchanged" "$(nsess)" "$sids_before"
t_ok "Ada's tokens file still exists" test -f "$(record tokens $ADA)"
t_ok "Grace's tokens file still exists" test -f "$(record tokens $GRACE)"
t_match "Ada is still signed in" "$(a_get "$jA" /)" 'id="user-name"[^>]*>Ada Lovelace<'
t_match "Grace is still signed in" "$(a_get "$jG" /)" 'id="user-name"[^>]*>Grace Hopper<'

# --- GET and HEAD change nothing, on every route --------------------------------------------
before=$(state_stable)
sids_before=$(nsess)
declare -A want=(
    [GET /]=200 [HEAD /]=200
    [GET /auth/login]=303 [HEAD /auth/login]=303
    [GET /auth/login?agree=1]=303 [HEAD /auth/login?agree=1]=303
    [GET /auth/callback]=400 [GET /auth/callback?code=x&state=y]=400 [HEAD /auth/callback]=405
    [GET /auth/logout]=405 [HEAD /auth/logout]=405
    [GET /auth/logout?csrf=$aC]=405 [HEAD /auth/logout?csrf=$aC]=405
    [GET /account]=200 [HEAD /account]=200
    [GET /account/disconnect]=200 [HEAD /account/disconnect]=200
    [GET /account/disconnect?csrf=$aC]=200 [HEAD /account/disconnect?csrf=$aC]=200
    [GET /privacy]=200 [HEAD /privacy]=200 [GET /terms]=200 [HEAD /terms]=200
)
bad=0
for k in "${!want[@]}"; do
    m=${k%% *} p=${k#* }
    pace
    if [ "$m" = HEAD ]; then
        code=$(t_curl -b "$jA" -I -o /dev/null -w '%{http_code}' -H "Origin: $O" "$O$p")
    else
        code=$(t_curl -b "$jA" -o /dev/null -w '%{http_code}' -H "Origin: $O" "$O$p")
    fi
    if [ "$code" != "${want[$k]}" ]; then
        bad=$((bad + 1))
        t_diag "$m $p: $code, want ${want[$k]}"
    fi
done
t_eq "GET/HEAD on every route answer as expected (${#want[@]} requests; HEAD /auth/logout 405)" "$bad" 0
t_eq "GET/HEAD changed no record" "$(state_stable)" "$before"
t_eq "GET/HEAD created or removed no session" "$(nsess)" "$sids_before"
t_match "Ada is still signed in after them" "$(a_get "$jA" /)" 'id="user-name"[^>]*>Ada Lovelace<'

# --- 0 upstream mutations over the whole run ---------------------------------------------------
muts=$(cat "$T_REPO"/tests/sandbox/schema/*.graphql | node -e '
const s = require("fs").readFileSync(0, "utf8").replace(/#.*$/gm, "");
const names = [];
for (const m of s.matchAll(/(?:extend\s+)?type\s+Mutation\s*\{([^}]*)\}/g))
  for (const f of m[1].matchAll(/^\s*(\w+)\s*[(:]/gm)) names.push(f[1]);
console.log(JSON.stringify(names));')
t_diag "sandbox mutations known to the schema: $muts"
t_eq "test 14: no upstream request used a mutation field" "$(a_sandbox_count \
    "(e.fields || []).some((f) => $muts.includes(f)) || /mutation/i.test(e.operationName || '')")" 0

# --- The real forms do work -------------------------------------------------------------------------
# Each way a browser proves its origin: Fetch Metadata, Origin alone, Referer alone.
pace
t_curl -b "$jA" -o /dev/null -D "$h" -H 'Sec-Fetch-Site: same-origin' --data "csrf=$aC" "$O/auth/logout"
t_eq "sign-out with the token and Sec-Fetch-Site: same-origin: 303" \
    "$(head -n1 "$h" | cut -d' ' -f2) $(a_header "$h" Location)" "303 /?signin=out"
t_match "Ada's cookie is signed out now" "$(a_get "$jA" /)" 'href="/auth/login"'
jA2=$T_TMP/ada2
a_signin "$jA2" ada allow
aC2=$(a_get "$jA2" / | csrf_in)
pace
t_curl -b "$jA2" -o /dev/null -D "$h" -H "Origin: $O" --data "csrf=$aC2" "$O/auth/logout"
t_eq "sign-out with the token and Origin alone: 303" "$(head -n1 "$h" | cut -d' ' -f2)" 303
gC2=$(a_get "$jG" /account/disconnect | csrf_in)
t_eq "the confirmation page carries Grace's token" "$gC2" "$gC"
pace
t_curl -b "$jG" -o /dev/null -D "$h" -H "Referer: $O/account/disconnect" --data "csrf=$gC" "$O/account/disconnect"
t_eq "disconnect with the token and Referer alone: 303" \
    "$(head -n1 "$h" | cut -d' ' -f2) $(a_header "$h" Location)" "303 /?signin=disconnected"
t_ok "Grace's tokens are deleted" test ! -e "$(record tokens $GRACE)"
t_ok "Ada's tokens are kept (sign-out is not disconnect)" test -f "$(record tokens $ADA)"
t_eq "the app logged each refused CSRF token" \
    "$(grep -c "csrf: token missing or wrong" "$VAR/workdesk.log")" 18

t_done
