#!/usr/bin/env bash
# t0020-signin.sh: sign in with the Upwork sandbox through the real stack
# (nginx -> FastCGI -> workdesk -> libcurl -> sandbox), following the real
# redirects with curl; sign out; the error pages on the way.
# needs: app
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-auth.sh"

t_stack_start || { t_ok "stack starts" false; t_done; exit 1; }
O=$(A_ORIGIN)
jar=$T_TMP/jar h=$T_TMP/h

# --- Signed out -------------------------------------------------------------
body=$(a_get "$jar" / -D "$h")
t_eq "signed-out / answers 200" "$(head -n1 "$h" | cut -d' ' -f2)" 200
t_match "signed-out page offers Sign in with Upwork" "$body" 'href="/auth/login"'
t_match "sandbox banner shown" "$body" 'id="sandbox-banner"'
t_match "footer links the privacy policy" "$body" 'href="/privacy"'
t_match "footer says Workdesk is not Upwork" "$body" 'not Upwork'

# --- Consent before any Upwork call ---------------------------------------------
t_sandbox /__sandbox/log -X DELETE -o /dev/null
page=$(t_curl -c "$jar" -b "$jar" -D "$h" "$O/auth/login")
t_eq "first /auth/login shows the consent page (200)" "$(head -n1 "$h" | cut -d' ' -f2)" 200
t_match "consent page says what is collected" "$page" 'What Workdesk collects'
t_match "consent page says how it is used, stored and shared" "$page" 'How it is used, stored and shared'
t_match "consent page links the privacy policy" "$page" 'href="/privacy"'
t_match "consent page links the user agreement" "$page" 'href="/terms"'
agree=$(a_agree_href <<<"$page")
t_match "consent link carries the policy version" "$agree" '^/auth/login\?agree=[0-9]+$'
t_eq "no login transaction before agreeing" "$(ls "$VAR/data/logins" | wc -l)" 0
t_eq "no Upwork call before agreeing" "$(t_sandbox /__sandbox/log)" '[]'
code=$(t_curl -o /dev/null -w '%{http_code}' "$O/auth/login?agree=0")
t_eq "agreeing to another policy version shows the consent page again" "$code" 200

# --- The authorize request ----------------------------------------------------
t_curl -c "$jar" -b "$jar" -o /dev/null -D "$h" "$O$agree"
loc=$(a_header "$h" Location)
t_eq "/auth/login?agree answers 303" "$(head -n1 "$h" | cut -d' ' -f2)" 303
t_match "redirects to the sandbox's authorize page" "$loc" \
    "^http://127\.0\.0\.1:$SANDBOX_PORT/ab/account-security/oauth2/authorize\?"
t_match "response_type=code" "$loc" '[?&]response_type=code(&|$)'
t_match "redirect_uri is the configured one, byte for byte" "$loc" \
    "[?&]redirect_uri=http%3A%2F%2Flocalhost%3A$PORT%2Fauth%2Fcallback(&|$)"
t_match "state is 43 base64url characters" "$loc" '[?&]state=[A-Za-z0-9_-]{43}(&|$)'
t_match "PKCE S256 challenge sent" "$loc" \
    'code_challenge=[A-Za-z0-9_-]{43}&code_challenge_method=S256'
t_eq "no scope parameter (Upwork binds scopes to the key)" \
    "$(grep -c 'scope=' <<<"$loc")" 0
t_match "pre-login cookie has the exact attributes" "$(a_header "$h" Set-Cookie)" \
    '^__Host-oauth_tx=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600$'
page=$(t_curl "$loc")
t_match "authorize page offers Ada" "$page" 'Ada Lovelace'
t_match "authorize page offers Grace" "$page" 'Grace Hopper'

# --- Allow as Ada ---------------------------------------------------------------
rm -f "$jar"
t_sandbox /__sandbox/log -X DELETE -o /dev/null
a_signin "$jar" ada allow
t_eq "callback answers 303" "$A_STATUS" 303
t_eq "callback sends the browser to a clean /" "$A_LOCATION" /
t_eq "one code exchange at the token endpoint" \
    "$(a_sandbox_count 'e.endpoint==="token" && e.grant_type==="authorization_code" && e.status===200')" 1
t_match "session cookie issued with the exact attributes" \
    "$(grep -i '^Set-Cookie: __Host-sid' "$A_CB_HEADERS" | tr -d '\r')" \
    '^Set-Cookie: __Host-sid=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax$'
t_match "pre-login cookie cleared at the callback" \
    "$(grep -i '^Set-Cookie: __Host-oauth_tx' "$A_CB_HEADERS" | tr -d '\r')" \
    '^Set-Cookie: __Host-oauth_tx=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0$'
body=$(a_get "$jar" / -D "$h")
t_eq "dashboard answers 200" "$(head -n1 "$h" | cut -d' ' -f2)" 200
t_match "dashboard shows the user's name" "$body" 'id="user-name"[^>]*>Ada Lovelace<'
t_match "dashboard shows the organization" "$body" 'id="org-name"[^>]*>Ada Lovelace<'
t_match "dashboard shows the Upwork attribution" "$body" 'id="upwork-attribution"'
t_match "dashboard links the profile on upwork.com" "$body" 'href="https://www\.upwork\.com/freelancers/~'
t_match "dashboard keeps the sandbox banner" "$body" 'id="sandbox-banner"'
t_eq "dashboard is not cacheable" "$(a_header "$h" Cache-Control)" no-store
t_match "sign-out is a POST form with a CSRF token" "$body" \
    'action="/auth/logout".*name="csrf" value="[A-Za-z0-9_-]{43}"'
csrf=$(grep -oE 'name="csrf" value="[A-Za-z0-9_-]{43}"' <<<"$body" | head -n1 | sed -E 's/.*value="([^"]*)"/\1/')

# --- Replaying the callback -------------------------------------------------------
before=$(a_sandbox_count 'e.endpoint==="token"')
code=$(t_curl -c "$jar" -b "$jar" -o "$T_TMP/replay" -w '%{http_code}' "$A_CALLBACK")
t_eq "replayed callback answers 400" "$code" 400
t_match "replayed callback explains itself" "$(cat "$T_TMP/replay")" 'cannot be completed'
t_eq "replayed callback makes no token request" "$(a_sandbox_count 'e.endpoint==="token"')" "$before"

# --- The store holds no secret in the clear ----------------------------------------
sid=$(awk '$6=="__Host-sid"{print $7}' "$jar")
t_eq "session file is named by the id's SHA-256, not the id" \
    "$(ls "$VAR/data/sessions" | grep -c -- "$sid")" 0
t_eq "no Upwork token text anywhere in the data directory" \
    "$(grep -rl 'oauth2v2_' "$VAR/data" | wc -l)" 0
t_eq "no session id anywhere in the data directory" \
    "$(grep -rl -- "$sid" "$VAR/data" | wc -l)" 0
t_eq "no token, code or session id in the app log" \
    "$(grep -cE "oauth2v2_|$sid|code=" "$VAR/workdesk.log")" 0

# --- Schema drift surfaces as a clear page --------------------------------------------
t_sandbox /__sandbox/config -o /dev/null -H 'content-type: application/json' \
    --data '{"drop_fields":["CurrentUser.ciphertext"]}'
# The dashboard is cached for minutes; empty the cache so the page asks
# Upwork again, as it will once the entry's fresh lifetime is over.
rm -f "$VAR"/data/cache/*
body=$(a_get "$jar" / -D "$h")
t_eq "a document Upwork rejects answers 502" "$(head -n1 "$h" | cut -d' ' -f2)" 502
t_match "the page says Workdesk and Upwork disagree" "$body" 'disagree about the data format'
t_match "the page shows Upwork's ValidationError text" "$body" 'Validation error.*ciphertext'
t_sandbox /__sandbox/config -o /dev/null -H 'content-type: application/json' \
    --data '{"drop_fields":null}'

# --- Sign out --------------------------------------------------------------------------
code=$(t_curl -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' -H "Origin: $O" \
    --data "csrf=wrong" "$O/auth/logout")
t_eq "sign-out with a wrong CSRF token answers 403" "$code" 403
code=$(t_curl -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
    -H "Origin: http://evil.example" --data "csrf=$csrf" "$O/auth/logout")
t_eq "sign-out from another origin answers 403" "$code" 403
code=$(t_curl -o /dev/null -w '%{http_code}' -b "$jar" "$O/auth/logout")
t_eq "sign-out by GET answers 405" "$code" 405
t_curl -c "$jar" -b "$jar" -o /dev/null -D "$h" -H "Origin: $O" \
    --data "csrf=$csrf" "$O/auth/logout"
t_eq "sign-out answers 303" "$(head -n1 "$h" | cut -d' ' -f2)" 303
t_eq "sign-out lands on the signed-out page" "$(a_header "$h" Location)" '/?signin=out'
t_eq "sign-out clears site data" "$(a_header "$h" Clear-Site-Data)" \
    '"cache", "cookies", "storage"'
t_eq "session record deleted" "$(ls "$VAR/data/sessions" | wc -l)" 0
body=$(t_curl -H "Cookie: __Host-sid=$sid" "$O/")
t_match "the old session cookie no longer signs anyone in" "$body" 'href="/auth/login"'
t_eq "the old session shows no user data" "$(grep -c 'Ada Lovelace' <<<"$body")" 0
body=$(a_get "$jar" '/?signin=out')
t_match "signed-out notice shown" "$body" 'You are signed out'

# --- Deny ------------------------------------------------------------------------------
rm -f "$jar"
before=$(a_sandbox_count 'e.endpoint==="token"')
a_signin "$jar" ada deny
t_eq "deny: callback answers 303" "$A_STATUS" 303
t_eq "deny: sent to the signed-out page with a reason" "$A_LOCATION" '/?signin=denied'
t_eq "deny: no token request" "$(a_sandbox_count 'e.endpoint==="token"')" "$before"
body=$(a_get "$jar" "$A_LOCATION")
t_match "deny: a clear message, not an error" "$body" 'chose not to connect'

# --- Grace, an agency member ------------------------------------------------------------
rm -f "$jar"
a_signin "$jar" grace allow
body=$(a_get "$jar" /)
t_match "Grace's dashboard shows her name" "$body" 'id="user-name"[^>]*>Grace Hopper<'
t_match "Grace's current organization is her agency" "$body" 'id="org-name"[^>]*>Hopper Digital Agency<'
t_match "Grace's organizations list her personal one too" "$body" '<li>Grace Hopper'

# --- Error pages -------------------------------------------------------------------------
code=$(t_curl -o "$T_TMP/404" -w '%{http_code}' "$O/no/such/page")
t_eq "unknown page answers 404" "$code" 404
t_match "404 page is Workdesk's own" "$(cat "$T_TMP/404")" 'id="error-heading"'
code=$(t_curl -o /dev/null -w '%{http_code}' "$O/%zz")
t_eq "a malformed escape in the path answers 400" "$code" 400
code=$(t_curl -o /dev/null -w '%{http_code}' "$O/?q=%C0%AE")
t_eq "an overlong UTF-8 escape answers 400" "$code" 400
body=$(t_curl "$O/privacy")
t_match "privacy policy served as a page" "$body" '<h1>Privacy policy</h1>'
body=$(t_curl "$O/terms")
t_match "user agreement served as a page" "$body" '<h1>User agreement</h1>'

t_done
