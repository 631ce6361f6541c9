#!/usr/bin/env bash
# t0053-policy.sh: consent is to one version of the privacy policy and user
# agreement. After the version changes, a signed-in user sees no Upwork data
# and can change nothing until they agree again; leaving, downloading and
# deleting their data stay open (issue 10, DESIGN.md rule on consent).
# needs: app
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-auth.sh"

t_stack_start || { t_ok "stack starts" false; t_done; exit 1; }
O=$(A_ORIGIN)
h=$T_TMP/h
ADA=1390042875001225216
jar=$T_TMP/ada
rec=$T_REPO/build/tools/store-record

status() { head -n1 "$h" | cut -d' ' -f2; }
csrf_of() { grep -oE 'name="csrf" value="[A-Za-z0-9_-]{43}"' | head -n1 | sed -E 's/.*value="([^"]*)"/\1/'; }
# user_edit JS: run JS on Ada's user record `r` (JSON), write it back and
# print what JS returns (through build/tools/store-record, as the server
# reads and writes it).
user_edit() {
    "$rec" "$VAR/data" users get $ADA >"$T_TMP/user.json" || return 1
    node -e 'const fs = require("fs"); const p = process.argv[1];
const r = JSON.parse(fs.readFileSync(p, "utf8"));
const out = new Function("r", process.argv[2])(r);
fs.writeFileSync(p, JSON.stringify(r)); if (out !== undefined) console.log(out);' \
        "$T_TMP/user.json" "$1" || return 1
    "$rec" "$VAR/data" users put $ADA <"$T_TMP/user.json"
}
# session_consent V: what Ada's session (the one in $jar) remembers she
# agreed to, as the server keeps it to spare reading the user record.
session_consent() {
    local sid key
    sid=$(awk '$6 == "__Host-sid" { print $7 }' "$jar" | tail -n1)
    key=$(printf %s "$sid" | sha256sum | cut -c1-64)
    "$rec" "$VAR/data" sessions get "$key" >"$T_TMP/session.json" || return 1
    node -e 'const fs = require("fs"); const p = process.argv[1];
const r = JSON.parse(fs.readFileSync(p, "utf8")); r.consent = process.argv[2];
fs.writeFileSync(p, JSON.stringify(r));' "$T_TMP/session.json" "$1" || return 1
    "$rec" "$VAR/data" sessions put "$key" <"$T_TMP/session.json"
}
# consent_field FIELD: version or at, from Ada's user record.
consent_field() { user_edit "return r.consent ? r.consent.$1 : 'none';"; }
# As if Ada had agreed to an earlier version: the record says version V, and
# so does her session (as after an upgrade that changed POLICY_VERSION).
set_version() { user_edit "r.consent.version = '$1';" && session_consent "$1"; }
graphql_calls() { a_sandbox_count 'e.path === "/graphql"'; }

t_ok "build/tools/store-record is built (make unit-bin)" test -x "$rec"
a_signin "$jar" ada allow
t_eq "signed in" "$A_STATUS" 303
t_eq "the record holds the current version" "$(consent_field version)" 1
body=$(a_get "$jar" /jobs -D "$h")
t_eq "with the current version /jobs works" "$(status)" 200
csrf=$(csrf_of <<<"$body")
t_match "... and has a CSRF token to use below" "$csrf" '^.{43}$'

# --- The policy changes under a signed-in user ------------------------------
set_version 0
before=$(graphql_calls)
for p in / /jobs '/jobs?q=rust' /jobs/1700000000000000001 /admin; do
    body=$(a_get "$jar" "$p" -D "$h")
    t_eq "$p: answers the consent page (200)" "$(status)" 200
    t_match "$p: says the policy changed" "$body" 'Our privacy policy has changed'
    t_match "$p: names the old and new version" "$body" 'You agreed to version 0\. .*agree to version 1\.'
    t_match "$p: offers the agreement form" "$body" 'action="/auth/consent"'
    t_ok "$p: shows no dashboard or job content" bash -c '! grep -qE "id=\"user-name\"|class=\"job-card|id=\"job-title\"" <<<"$1"' _ "$body"
done
t_eq "no Upwork call was made for any of them" "$(graphql_calls)" "$before"
body=$(a_get "$jar" /jobs)
t_match "a page sign-in may return to is kept as the way back" "$body" 'name="next" value="/jobs"'
body=$(a_get "$jar" /jobs/1700000000000000001)
t_match "other pages return home" "$body" 'name="next" value="/"'

# Leaving and deleting stay open.
a_get "$jar" /account -D "$h" >/dev/null
t_eq "/account stays open" "$(status)" 200
a_get "$jar" /account/export -D "$h" >/dev/null
t_eq "the data download stays open" "$(status)" 200
a_get "$jar" /account/disconnect -D "$h" >/dev/null
t_eq "the disconnect page stays open" "$(status)" 200
t_match "the privacy policy can be read" "$(a_get "$jar" /privacy)" '<h1[^>]*>Privacy'

# Changes are refused until the user agrees.
t_curl -b "$jar" -o "$h.body" -D "$h" -H "Origin: $O" \
    --data "csrf=$csrf&name=refused&q=rust" "$O/jobs/saved"
t_eq "saving a search is refused (403)" "$(status)" 403
t_match "... saying why" "$(cat "$h.body")" 'privacy policy changed since you agreed'
t_eq "... and nothing was saved" "$(user_edit 'return (r.searches || []).length;')" 0

# --- Agreeing again ------------------------------------------------------------
t_curl -b "$jar" -o /dev/null -D "$h" -H "Origin: $O" \
    --data "agree=1&next=/jobs" "$O/auth/consent"
t_eq "agreeing without the CSRF token is refused" "$(status)" 403
t_curl -b "$jar" -o /dev/null -D "$h" -H "Origin: https://evil.example" \
    --data "csrf=$csrf&agree=1&next=/jobs" "$O/auth/consent"
t_eq "agreeing from another site is refused" "$(status)" 403
t_curl -b "$jar" -o "$h.body" -D "$h" -H "Origin: $O" \
    --data "csrf=$csrf&agree=0&next=/jobs" "$O/auth/consent"
t_eq "agreeing to a version that is not current: 409" "$(status)" 409
t_eq "the record still says 0 after the refusals" "$(consent_field version)" 0
old_at=$(consent_field at)
sleep 1
t_curl -b "$jar" -c "$jar" -o /dev/null -D "$h" -H "Origin: $O" \
    --data "csrf=$csrf&agree=1&next=%2F%2Fevil.example" "$O/auth/consent"
t_eq "agreeing answers 303" "$(status)" 303
t_eq "... to home when next is not a known page" "$(a_header "$h" Location)" /
t_eq "the record now holds version 1" "$(consent_field version)" 1
t_ok "... agreed just now" test "$(consent_field at)" -gt "$old_at"
t_match "the browser remembers the agreement" "$(a_header "$h" Set-Cookie)" '^__Host-consent=1;'
body=$(a_get "$jar" /jobs -D "$h")
t_eq "/jobs works again" "$(status)" 200
t_ok "... without the consent page" bash -c '! grep -q "policy has changed" <<<"$1"' _ "$body"

# The way back after agreeing.
set_version 0
t_curl -b "$jar" -o /dev/null -D "$h" -H "Origin: $O" \
    --data "csrf=$csrf&agree=1&next=%2Fjobs" "$O/auth/consent"
t_eq "agreeing returns to the page asked for" "$(a_header "$h" Location)" /jobs

# A record without any agreement (older than consent records) is asked too.
user_edit 'delete r.consent;'
session_consent ''
t_match "no agreement on record: asked" "$(a_get "$jar" /)" 'You agreed to version \(none\)'

# Signing out keeps the browser's agreement (PRIVACY.md: only disconnecting
# clears it), so the next sign-in in this browser does not ask again.
t_curl -b "$jar" -c "$jar" -o /dev/null -D "$h" -H "Origin: $O" --data "csrf=$csrf" "$O/auth/logout"
t_eq "signed out" "$(status)" 303
t_ok "sign-out does not clear the agreement cookie" bash -c '! grep -qi "^set-cookie: __Host-consent" "$1"' _ "$h"
sleep 0.7
t_curl -b "$jar" -c "$jar" -o /dev/null -D "$h" "$O/auth/login"
t_eq "the next sign-in goes straight to Upwork" "$(status)" 303

t_done
