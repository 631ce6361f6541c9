#!/usr/bin/env bash
# t0063-headers.sh: the header audit (security bar §2, §7 tests 15 and 11).
# Responses of every route (signed out and in, GET and HEAD), the app's error
# pages and nginx's own (404, 400, 413, 429, 502) each carry the eight
# always-on security headers exactly once with the exact values; HTML says
# charset=utf-8; signed-in and callback responses say no-store; no version in
# Server. Every Set-Cookie of the run has the exact attributes.
# needs: app
# alongside: paced to nginx's per-address rate limits (tests/run.sh)
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-auth.sh"

t_stack_start || { t_ok "stack starts" false; t_done; exit 1; }
O=$(A_ORIGIN)
AUTHZ="http://127.0.0.1:$SANDBOX_PORT/ab/account-security/oauth2/authorize"
R=$T_TMP/r          # every response: NNN.h, and NNN.tag = "TAGS|LABEL"
mkdir -p "$R"


_last=0
pace() {
    local now=${EPOCHREALTIME/[.,]/} d
    d=$((now - _last))
    ((d < 220000)) && sleep "$(printf '0.%06d' $((220000 - d)))"
    _last=${EPOCHREALTIME/[.,]/}
}
k=0
# req TAGS LABEL CURL-ARGS...: one request, its headers kept as $S.h, body $S.b.
# TAGS: app (Workdesk answers), nginx (nginx answers itself), in (signed in),
# cb (the OAuth callback).
req() {
    k=$((k + 1))
    S=$(printf '%s/%03d' "$R" "$k")
    printf '%s|%s\n' "$1" "$2" > "$S.tag"
    shift 2
    t_curl -o "$S.b" -D "$S.h" "$@"
}
st() { head -n 1 "$S.h" | cut -d' ' -f2; }
# both TAGS LABEL URL CURL-ARGS...: GET and HEAD.
both() {
    local tags=$1 label=$2 url=$3
    shift 3
    req "$tags" "GET $label" "$@" "$url"
    req "$tags" "HEAD $label" -I "$@" "$url"
}
csrf_of() { grep -oE 'name="csrf" value="[A-Za-z0-9_-]{43}"' "$1" | head -n 1 | sed -E 's/.*value="([^"]*)"/\1/'; }

# signin JAR USER: through the real redirects, every Workdesk answer kept.
signin() {
    local jar=$1 loc
    pace
    req app "sign-in /auth/login" -c "$jar" -b "$jar" "$O/auth/login"
    if [ "$(st)" = 200 ]; then
        pace
        req app "sign-in agree" -c "$jar" -b "$jar" "$O$(a_agree_href < "$S.b")"
    fi
    loc=$(a_header "$S.h" Location)
    t_curl -o /dev/null -D "$T_TMP/decide.h" --data "${loc#*\?}&user=$2&decision=allow" "$AUTHZ"
    pace
    req app,cb,in "sign-in callback" -c "$jar" -b "$jar" "$(a_header "$T_TMP/decide.h" Location)"
}

# --- Signed out --------------------------------------------------------------------------------
jO=$T_TMP/out
for p in / '/?signin=out' /privacy /terms /account /account/disconnect /nope; do
    both app "signed out $p" "$O$p" -c "$jO" -b "$jO"
done
for p in /auth/login '/auth/login?agree=1' /auth/callback '/auth/callback?code=x&state=y' /auth/logout; do
    pace; req app "signed out GET $p" -c "$jO" -b "$jO" "$O$p"
    pace; req app "signed out HEAD $p" -I -c "$jO" -b "$jO" "$O$p"
done
# A bad escape in the path is refused by nginx itself; in the query, by the app.
req nginx "signed out 400 /%zz (nginx)" "$O/%zz"
req app "signed out 400 /?q=%zz" "$O/?q=%zz"
t_eq "a bad escape in the query is the app's 400" "$(st)" 400
req app "signed out POST / (405)" -H "Origin: $O" --data x=1 "$O/"
both nginx "static file" "$O/static/style.css"
both nginx "static svg" "$O/static/logo.svg"

# --- Signed in -----------------------------------------------------------------------------------
jA=$T_TMP/ada jG=$T_TMP/grace
signin "$jA" ada
signin "$jG" grace
for p in / /privacy /terms /account /account/disconnect /nope '/?signin=out'; do
    both app,in "signed in $p" "$O$p" -b "$jA"
done
for p in /auth/login '/auth/login?next=%2Faccount' /auth/logout; do
    pace; req app,in "signed in GET $p" -b "$jA" "$O$p"
    pace; req app,in "signed in HEAD $p" -I -b "$jA" "$O$p"
done
pace; req app,in,cb "signed in callback without a transaction" -b "$jA" "$O/auth/callback?code=x&state=y"
req nginx,in "signed in 400 /%zz (nginx)" -b "$jA" "$O/%zz"
req app,in "signed in 400 /?q=%C0%AE" -b "$jA" "$O/?q=%C0%AE"
t_eq "an overlong UTF-8 escape in the query is the app's 400" "$(st)" 400
pace; req app,in "403 CSRF (wrong token)" -b "$jA" -H "Origin: $O" --data csrf=wrong "$O/auth/logout"
t_eq "the CSRF refusal is a 403" "$(st)" 403
req app,in "403 cross-site" -b "$jA" -H 'Sec-Fetch-Site: cross-site' --data csrf=x "$O/account/disconnect"
t_eq "the cross-site refusal is a 403" "$(st)" 403
req app,in "415 text/plain form" -b "$jA" -H "Origin: $O" -H 'Content-Type: text/plain' --data x "$O/account/disconnect"
req app,in "405 POST /account" -b "$jA" -H "Origin: $O" --data x=1 "$O/account"
t_eq "POST /account is a 405" "$(st)" 405
both nginx,in "static file, signed in" "$O/static/style.css" -b "$jA"

# Sign out (Ada) and disconnect (Grace): their answers, and the deletion cookies.
req app,in "home before sign-out" -b "$jA" "$O/"
c=$(csrf_of "$S.b")
pace; req app,in "sign-out" -c "$jA" -b "$jA" -H "Origin: $O" --data "csrf=$c" "$O/auth/logout"
t_eq "sign-out answers 303" "$(st)" 303
req app "after sign-out /" -c "$jA" -b "$jA" "$O/"
req app,in "disconnect ask" -b "$jG" "$O/account/disconnect"
c=$(csrf_of "$S.b")
req app,in "disconnect" -c "$jG" -b "$jG" -H "Origin: $O" --data "csrf=$c" "$O/account/disconnect"
t_eq "disconnect answers 303" "$(st)" 303
# A session id the server never issued is cleared.
req app "unknown session id" -H "Cookie: __Host-sid=$(printf 'A%.0s' $(seq 43))" "$O/"

# --- nginx's own answers ------------------------------------------------------------------------
head -c $((70 * 1024)) /dev/zero | tr '\0' a > "$T_TMP/70k"
req nginx "413 body of 70 KiB" -H "Origin: $O" --data-binary @"$T_TMP/70k" "$O/"
t_eq "a 70 KiB body is refused by nginx with 413" "$(st)" 413
req nginx "404 /static/nope.css" "$O/static/nope.css"
t_eq "a missing static file is nginx's 404" "$(st)" 404
req nginx "404 /static../x" "$O/static../x"
req nginx "400 16 KiB header" -H "X-Big: $(head -c 16384 /dev/zero | tr '\0' a)" "$O/"
t_eq "a 16 KiB header is refused by nginx with 400" "$(st)" 400
sleep 2.2       # let the /auth/ bucket refill, then burst it
got429=0
for _ in $(seq 1 30); do
    req nginx "429 burst /auth/login" "$O/auth/login"
    if [ "$(st)" = 429 ]; then
        got429=1
        break
    fi
    rm -f "$S".*        # the app's consent pages are counted above
    k=$((k - 1))
done
t_eq "a burst on /auth/login gets nginx's 429" "$got429" 1

# 502: the app is gone (stopped, its stack cleanup copes).
pid=$(cat "$VAR/workdesk.pid")
kill "$pid"
for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
req nginx "502 / (app stopped)" "$O/"
t_eq "with the app stopped nginx answers 502" "$(st)" 502
req nginx "502 /account (app stopped)" -b "$jA" "$O/account"

# --- Test 15: the audit ----------------------------------------------------------------------------
total=0 h8ok=0 html=0 htmlok=0 ns=0 nsok=0 srvok=0 app=0 ngx=0
AUD=$T_TMP/audit
: > "$AUD"
for tagf in "$R"/*.tag; do
    f=${tagf%.tag}.h
    IFS='|' read -r tags label < "$tagf"
    total=$((total + 1))
    [[ ,$tags, == *,app,* ]] && app=$((app + 1))
    [[ ,$tags, == *,nginx,* ]] && ngx=$((ngx + 1))
    code=$(head -n 1 "$f" | cut -d' ' -f2)
    hdr=$(tail -n +2 "$f" | tr -d '\r')
    okall=1
    for name in "${!T_HEADER_VALUE[@]}"; do
        n=$(grep -ci "^$name:" <<<"$hdr")
        v=$(grep -i "^$name:" <<<"$hdr" | head -n 1 | cut -d: -f2- | sed 's/^ //')
        if [ "$n" != 1 ] || [ "$v" != "${T_HEADER_VALUE[$name]}" ]; then
            okall=0
            printf '%s (%s): %s x%s [%s]\n' "$label" "$code" "$name" "$n" "$v" >> "$AUD"
        fi
    done
    [ $okall = 1 ] && h8ok=$((h8ok + 1))
    ct=$(grep -i '^content-type:' <<<"$hdr" | cut -d: -f2- | sed 's/^ //')
    # Workdesk's pages and nginx's error pages are HTML; so is anything text/html.
    if [[ ${ct,,} == text/html* ]] || [[ ,$tags, == *,app,* ]] ||
        { [[ ,$tags, == *,nginx,* ]] && [ "$code" -ge 400 ]; }; then
        html=$((html + 1))
        if [ "$ct" == "text/html; charset=utf-8" ] && [ "$(grep -ci '^content-type:' <<<"$hdr")" = 1 ]; then
            htmlok=$((htmlok + 1))
        else
            printf '%s (%s): Content-Type [%s]\n' "$label" "$code" "$ct" >> "$AUD"
        fi
    fi
    if [[ ,$tags, == *,app,* ]] && [[ ,$tags, == *,in,* || ,$tags, == *,cb,* ]]; then
        ns=$((ns + 1))
        if [ "$(grep -i '^cache-control:' <<<"$hdr" | cut -d: -f2- | sed 's/^ //')" = no-store ] &&
            [ "$(grep -ci '^cache-control:' <<<"$hdr")" = 1 ]; then
            nsok=$((nsok + 1))
        else
            printf '%s (%s): Cache-Control [%s]\n' "$label" "$code" \
                "$(grep -i '^cache-control:' <<<"$hdr" | tr '\n' ' ')" >> "$AUD"
        fi
    fi
    srv=$(grep -i '^server:' <<<"$hdr" | cut -d: -f2- | sed 's/^ //')
    if { [ -z "$srv" ] || [ "$srv" = nginx ]; } && ! grep -qi '^x-powered-by:' <<<"$hdr"; then
        srvok=$((srvok + 1))
    else
        printf '%s (%s): Server [%s]\n' "$label" "$code" "$srv" >> "$AUD"
    fi
done
codes=$(for f in "$R"/*.h; do head -n 1 "$f" | cut -d' ' -f2; done | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')
t_diag "test 15: $total responses ($app from the app, $ngx from nginx itself); statuses: $codes"
for c in 200 303 400 403 404 405 413 415 429 502; do
    t_ok "the audit includes a $c" grep -q " $c " <(for f in "$R"/*.h; do head -n 1 "$f"; done)
done
t_eq "test 15: the 8 security headers, exactly once, exact values ($h8ok/$total)" "$h8ok" "$total"
t_eq "test 15: Content-Type: text/html; charset=utf-8 on every HTML response ($htmlok/$html)" "$htmlok" "$html"
t_eq "test 15: Cache-Control: no-store on every signed-in and callback response ($nsok/$ns)" "$nsok" "$ns"
t_eq "test 15: no version in Server, no X-Powered-By ($srvok/$total)" "$srvok" "$total"
t_eq "app log: no request crashed (no 500)" "$(grep -cE ' 500 [0-9]+ms' "$VAR/workdesk.log")" 0
[ -s "$AUD" ] && head -n 30 "$AUD" | sed 's/^/# /'

# --- Test 11: every Set-Cookie of the run ------------------------------------------------------------
grep -hi '^set-cookie:' "$R"/*.h | cut -d: -f2- | sed 's/^ //' | tr -d '\r' > "$T_TMP/cookies"
ncookies=$(wc -l < "$T_TMP/cookies")
A='; Path=/; Secure; HttpOnly; SameSite=Lax'
re_set="^__Host-(sid|oauth_tx)=[A-Za-z0-9_-]{43}$A(; Max-Age=[0-9]+)?\$"
re_del="^__Host-(sid|oauth_tx|consent)=$A; Max-Age=0\$"
re_consent="^__Host-consent=1$A; Max-Age=31536000\$"
good=0
while IFS= read -r c; do
    if [[ $c =~ $re_set ]] || [[ $c =~ $re_del ]] || [[ $c =~ $re_consent ]]; then
        good=$((good + 1))
    else
        t_diag "unexpected Set-Cookie: $c"
    fi
done < "$T_TMP/cookies"
t_diag "test 11: $ncookies Set-Cookie headers: $(sed -E 's/=[A-Za-z0-9_-]{43};/=<43>;/' "$T_TMP/cookies" | sort | uniq -c | sed 's/^ *//' | tr '\n' ',' )"
t_ok "test 11: the run saw sid, oauth_tx, consent cookies and deletions" \
    test "$(grep -c '^__Host-sid=[A-Za-z0-9_-]' "$T_TMP/cookies")" -ge 2 -a \
    "$(grep -c '^__Host-oauth_tx=[A-Za-z0-9_-]' "$T_TMP/cookies")" -ge 2 -a \
    "$(grep -c '^__Host-consent=1' "$T_TMP/cookies")" -ge 2 -a \
    "$(grep -c 'Max-Age=0$' "$T_TMP/cookies")" -ge 3
t_eq "test 11: every Set-Cookie has the exact form ($good/$ncookies)" "$good" "$ncookies"
t_eq "test 11: no Set-Cookie has a Domain" "$(grep -ci 'domain' "$T_TMP/cookies")" 0
t_eq "test 11: the session cookie is never persistent (no Max-Age but the deletion)" \
    "$(grep -cE '^__Host-sid=[A-Za-z0-9_-]+;.*Max-Age' "$T_TMP/cookies")" 0
t_eq "test 11: the pre-login cookie lives 600 s" \
    "$(grep -E '^__Host-oauth_tx=[A-Za-z0-9_-]' "$T_TMP/cookies" | grep -vc 'Max-Age=600$')" 0

t_done
