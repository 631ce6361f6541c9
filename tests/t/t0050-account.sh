#!/usr/bin/env bash
# t0050-account.sh: the account page, Disconnect Upwork (which deletes
# everything held about the user), the operator's end-sessions and purge,
# and "return to" after sign-in (security bar O8, S6, O14).
# needs: app
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-auth.sh"

t_stack_start || { t_ok "stack starts" false; t_done; exit 1; }
O=$(A_ORIGIN)
h=$T_TMP/h
ADA=1390042875001225216 GRACE=1417508230163849216
conf=$VAR/workdesk.conf
bin=${WORKDESK_BIN:-$T_REPO/build/workdesk}


# --- Signed out: the account page asks for sign-in, then returns to it --------
t_curl -o /dev/null -D "$h" "$O/account"
t_eq "signed-out /account redirects" "$(head -n1 "$h" | cut -d' ' -f2)" 303
t_eq "... to sign-in with the way back" "$(a_header "$h" Location)" '/auth/login?next=%2Faccount'
jar=$T_TMP/ada
page=$(t_curl -c "$jar" -b "$jar" "$O/auth/login?next=%2Faccount")
agree=$(a_agree_href <<<"$page")
t_eq "the consent link keeps the way back" "$agree" '/auth/login?agree=1&next=%2Faccount'
t_curl -c "$jar" -b "$jar" -o /dev/null -D "$h" "$O$agree"
t_curl -o "$h.page" "$(a_header "$h" Location)"
t_curl -o /dev/null -D "$h.decide" --data "$(_a_form <"$h.page")&user=ada&decision=allow" \
    "http://127.0.0.1:$SANDBOX_PORT/ab/account-security/oauth2/authorize"
t_curl -c "$jar" -b "$jar" -o /dev/null -D "$h.cb" "$(a_header "$h.decide" Location)"
t_eq "after sign-in the browser returns to /account" "$(a_header "$h.cb" Location)" /account

# O8: a next outside the allowlist never becomes a redirect. (Paced: nginx
# limits /auth/ to 5 requests a second per address, burst 10.)
for v in '//evil.example' '/\evil.example' 'https://evil.example' 'javascript:alert(1)' \
    '%2F%2Fevil.example' '/auth/logout' '/account/disconnect' '/%0d%0aSet-Cookie:x=y' \
    '/account?x=1' '/nope'; do
    sleep 0.25
    loc=$(a_header <(t_curl -b "$jar" -o /dev/null -D - "$O/auth/login?next=$v") Location)
    t_eq "next=$v: a signed-in user goes home" "$loc" /
done

# --- The account page --------------------------------------------------------------
t_match "Ada's dashboard (now cached)" "$(a_get "$jar" /)" 'id="user-name"'
t_ok "the cache holds Ada's data" grep -rqaF "$ADA|" "$VAR/data/cache"
body=$(a_get "$jar" /account -D "$h")
t_eq "/account answers 200" "$(head -n1 "$h" | cut -d' ' -f2)" 200
t_match "lists the Upwork user id" "$body" "id=\"account-user-id\">$ADA<"
t_match "lists the encrypted tokens" "$body" 'id="account-tokens">Encrypted tokens, renewed '
t_match "lists the recorded agreement (version and time)" "$body" \
    'id="account-consent">Version 1, agreed [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{5} UTC<'
t_match "counts the sessions" "$body" 'id="account-sessions">1<'
t_match "counts the saved searches" "$body" 'id="account-searches">0<'
t_match "offers Disconnect Upwork" "$body" 'href="/account/disconnect"'
t_ok "the user record exists on disk" test -f "$(a_record users $ADA)"

# A second browser for Ada, and Grace, to see what a purge touches.
jar2=$T_TMP/ada2 jarg=$T_TMP/grace
a_signin "$jar2" ada allow
a_signin "$jarg" grace allow
t_match "Ada now has two sessions" "$(a_get "$jar" /account)" 'id="account-sessions">2<'
t_match "Grace's dashboard (now cached)" "$(a_get "$jarg" /)" 'id="user-name"'

# --- Disconnect: a confirmation, then everything goes ----------------------------------
body=$(a_get "$jar" /account/disconnect -D "$h")
t_eq "disconnect asks first (GET changes nothing)" "$(head -n1 "$h" | cut -d' ' -f2)" 200
t_match "the confirmation is a POST form with the CSRF token" "$body" \
    'action="/account/disconnect".*name="csrf" value="[A-Za-z0-9_-]{43}"'
t_ok "tokens still there after the GET" test -f "$(a_record tokens $ADA)"
csrf=$(grep -oE 'name="csrf" value="[A-Za-z0-9_-]{43}"' <<<"$body" | head -n1 | sed -E 's/.*value="([^"]*)"/\1/')
code=$(t_curl -b "$jar" -o /dev/null -w '%{http_code}' -H "Origin: $O" --data "csrf=x" "$O/account/disconnect")
t_eq "disconnect with a wrong CSRF token: 403" "$code" 403
gcsrf=$(a_get "$jarg" / | grep -oE 'name="csrf" value="[A-Za-z0-9_-]{43}"' | head -n1 | sed -E 's/.*value="([^"]*)"/\1/')
code=$(t_curl -b "$jar" -o /dev/null -w '%{http_code}' -H "Origin: $O" --data "csrf=$gcsrf" "$O/account/disconnect")
t_eq "disconnect with another user's CSRF token: 403" "$code" 403
code=$(t_curl -b "$jar" -o /dev/null -w '%{http_code}' -H "Sec-Fetch-Site: cross-site" \
    -H "Origin: $O" --data "csrf=$csrf" "$O/account/disconnect")
t_eq "disconnect from a cross-site page: 403" "$code" 403
t_ok "tokens still there after the refused posts" test -f "$(a_record tokens $ADA)"
t_curl -c "$jar" -b "$jar" -o /dev/null -D "$h" -H "Origin: $O" --data "csrf=$csrf" "$O/account/disconnect"
t_eq "disconnect answers 303" "$(head -n1 "$h" | cut -d' ' -f2)" 303
t_eq "... to the signed-out page with a notice" "$(a_header "$h" Location)" '/?signin=disconnected'
t_eq "... and clears site data" "$(a_header "$h" Clear-Site-Data)" '"cache", "cookies", "storage"'
t_ok "Ada's tokens are deleted" test ! -e "$(a_record tokens $ADA)"
t_eq "Ada's cached Upwork data is deleted" "$(grep -rlaF "$ADA|" "$VAR/data/cache" | wc -l)" 0
t_ok "Grace's cached data is not" grep -rqaF "$GRACE|" "$VAR/data/cache"
t_ok "Ada's user record (agreement) is deleted" test ! -e "$(a_record users $ADA)"
t_match "Ada's other browser is signed out too" "$(a_get "$jar2" /)" 'href="/auth/login"'
t_match "Grace is untouched" "$(a_get "$jarg" /)" 'id="user-name"[^>]*>Grace Hopper<'
t_ok "Grace's tokens are untouched" test -f "$(a_record tokens $GRACE)"
t_match "the notice says what happened" "$(t_curl "$O/?signin=disconnected")" 'everything Workdesk held about you is deleted'

# --- The operator's commands ------------------------------------------------------------
sleep 1
a_signin "$jar2" grace allow
out=$("$bin" end-sessions -c "$conf" --user "$GRACE" 2>/dev/null)
t_eq "end-sessions ends both of Grace's sessions" "$out" "ended 2 session(s) of user $GRACE"
t_match "Grace is signed out" "$(a_get "$jarg" /)" 'href="/auth/login"'
t_ok "end-sessions keeps Grace's tokens" test -f "$(a_record tokens $GRACE)"
out=$("$bin" purge -c "$conf" --user "$GRACE" 2>/dev/null)
t_eq "purge reports" "$out" "deleted everything held about user $GRACE"
t_ok "purge deletes Grace's tokens" test ! -e "$(a_record tokens $GRACE)"
t_ok "purge deletes Grace's user record" test ! -e "$(a_record users $GRACE)"
t_eq "no session of anyone is left" "$(ls "$VAR/data/sessions" | wc -l)" 0
"$bin" purge -c "$conf" 2>/dev/null
t_eq "purge without --user is a usage error" "$?" 2

t_done
