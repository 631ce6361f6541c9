#!/usr/bin/env bash
# t0051-lifecycle.sh: the data lifecycle of DESIGN.md rule 3: download
# your own data, the dormant-user purge (no sign-in for dormant_days, or a
# dead refresh token), and `workdesk purge --all`.
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
# at OFFSET CMD...: run a workdesk command with its clock moved (libfaketime).
at() {
    local off=$1
    shift
    env LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 \
        FAKETIME="$off" FAKETIME_DONT_FAKE_MONOTONIC=1 \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$@"
}

jar=$T_TMP/ada jarg=$T_TMP/grace
a_signin "$jar" ada allow
a_signin "$jarg" grace allow

# --- Download your data ---------------------------------------------------------
csrf=$(a_get "$jar" /jobs | grep -oE 'name="csrf" value="[A-Za-z0-9_-]{43}"' | head -n1 | sed -E 's/.*value="([^"]*)"/\1/')
t_curl -b "$jar" -o /dev/null -H "Origin: $O" --data-urlencode "csrf=$csrf" \
    --data-urlencode "name=Remote <b>writing</b>" --data-urlencode "query=q=writer&type=fixed" "$O/jobs/saved"
a_get "$jar" / -o /dev/null
body=$(a_get "$jar" /account/export -D "$h")
t_eq "export answers 200" "$(head -n1 "$h" | cut -d' ' -f2)" 200
t_eq "export is JSON" "$(a_header "$h" Content-Type)" 'application/json; charset=utf-8'
t_match "export is a download" "$(a_header "$h" Content-Disposition)" '^attachment; filename="workdesk-my-data.json"$'
t_eq "export is not cached" "$(a_header "$h" Cache-Control)" no-store
t_ok "export parses as JSON" node -e 'JSON.parse(require("fs").readFileSync(0, "utf8"))' <<<"$body"
t_match "export holds the saved search" "$body" '"name": "Remote <b>writing</b>"'
t_match "export holds the search itself" "$body" '"query": "q=writer&type=fixed"'
t_match "export holds the agreement" "$body" '"version": "1"'
t_match "export holds the last sign-in time" "$body" '"signed_in": [0-9]+'
t_eq "export holds no token" "$(grep -c 'oauth2v2_\|access\|refresh' <<<"$body")" 0
t_eq "export holds no Upwork content (the user's name)" "$(grep -c 'Ada Lovelace' <<<"$body")" 0
t_eq "export is Ada's alone" "$(grep -c "$GRACE" <<<"$body")" 0
code=$(t_curl -o /dev/null -w '%{http_code}' "$O/account/export")
t_eq "signed out, no export" "$code" 303

# --- Dormant users ------------------------------------------------------------------
t_ok "Ada has a user record" test -f "$(a_record users $ADA)"
out=$(at +13d "$bin" sweep -c "$conf" 2>&1)
t_ok "13 days on: Ada's tokens stay" test -f "$(a_record tokens $ADA)"
t_ok "13 days on: Ada's record stays" test -f "$(a_record users $ADA)"
# A refresh token 14 days old is dead: nothing may stay for it.
out=$(at +15d "$bin" sweep -c "$conf" 2>&1)
t_match "15 days on: the sweep reports purged users" "$out" 'purged 2 dormant user\(s\)'
t_ok "15 days on (refresh token dead): Ada's tokens are gone" test ! -e "$(a_record tokens $ADA)"
t_ok "... and her record (saved searches, agreement)" test ! -e "$(a_record users $ADA)"
t_eq "... and her cached data" "$(grep -rlaF "$ADA|" "$VAR/data/cache" | wc -l)" 0
t_eq "... and her sessions" "$(ls "$VAR/data/sessions" | wc -l)" 0

sleep 1
a_signin "$jar" ada allow
t_ok "signed in again: tokens" test -f "$(a_record tokens $ADA)"
# A user record without tokens (e.g. after an invalid_grant) ages out by
# dormant_days (30): simulate by removing the tokens.
rm -f "$(a_record tokens $ADA)"
out=$(at +29d "$bin" sweep -c "$conf" 2>&1)
t_ok "29 days without a sign-in: the record stays" test -f "$(a_record users $ADA)"
out=$(at +31d "$bin" sweep -c "$conf" 2>&1)
t_ok "31 days without a sign-in: the record is purged" test ! -e "$(a_record users $ADA)"

# --- purge --all ----------------------------------------------------------------------
sleep 1
a_signin "$jar" ada allow
a_signin "$jarg" grace allow
a_get "$jar" / -o /dev/null
out=$("$bin" purge -c "$conf" --all 2>/dev/null)
t_match "purge --all reports" "$out" '^deleted everything held about every user \([0-9]+ records\)$'
for k in tokens sessions logins users cache; do
    t_eq "purge --all: $k is empty" "$(find "$VAR/data/$k" -type f | wc -l)" 0
done
t_match "purge --all: Ada is signed out" "$(a_get "$jar" /)" 'href="/auth/login"'
"$bin" purge -c "$conf" --all --user "$ADA" >/dev/null 2>&1
t_eq "purge with both --all and --user is a usage error" "$?" 2

t_done
