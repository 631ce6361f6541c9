#!/usr/bin/env bash
# t0064-isolation.sh: per-user isolation (security bar S8, R8, K1, S2, §7
# test 17). Grace (B) works against Ada's (A) records: request parameters
# naming Ada, Ada's token record copied or re-labelled under Grace's name (the
# AEAD check), Ada's session record copied over Grace's, Ada's session-id hash
# (and other look-alikes) as a cookie, Ada's cache records over Grace's. No
# response under Grace's cookie ever shows Ada's data.
# needs: app
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-auth.sh"

t_stack_start || { t_ok "stack starts" false; t_done; exit 1; }
O=$(A_ORIGIN)
ADA=1390042875001225216 GRACE=1417508230163849216
h=$T_TMP/h
hex() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
# The store's file for a key (store.c: data/<kind>/<sha256(key)>).
record() { echo "$VAR/data/$1/$(hex "$2")"; }
# A session's store key is SHA-256(id); its file is named by the key's hash.
session_file() { record sessions "$(hex "$1")"; }
sid_of() { awk '$6=="__Host-sid"{print $7}' "$1"; }
st() { head -n 1 "$h" | cut -d' ' -f2; }

# Every page fetched as B goes through b_get; LEAKS counts those showing A.
LEAKS=0 BPAGES=0
b_get() {      # b_get PATH [CURL-ARGS] -> body on stdout, headers in $h
    local p=$1 body
    shift
    body=$(t_curl -D "$h" "$@" "$O$p")
    BPAGES=$((BPAGES + 1))
    if grep -qE "Ada Lovelace|adalovelace|$ADA|1390042875009613825" <<<"$body"; then
        LEAKS=$((LEAKS + 1))
        t_diag "LEAK: $p showed Ada's data under Grace's cookie"
    fi
    printf '%s' "$body"
}

jA=$T_TMP/ada jB=$T_TMP/grace
a_signin "$jA" ada allow
a_signin "$jB" grace allow
sidA=$(sid_of "$jA") sidB=$(sid_of "$jB")

# --- B's cookie reads only B's data --------------------------------------------------------------
t_match "B's dashboard shows Grace" "$(b_get / -b "$jB")" 'id="user-name"[^>]*>Grace Hopper<'
t_match "B's account page lists Grace's id" "$(b_get /account -b "$jB")" "id=\"account-user-id\">$GRACE<"
t_match "A's dashboard shows Ada" "$(a_get "$jA" /)" 'id="user-name"[^>]*>Ada Lovelace<'
# Naming A in the request changes nothing (S8: ids come from the session only).
for p in "/?user=ada" "/?user_id=$ADA" "/?uid=$ADA" "/?id=$ADA" "/account?user_id=$ADA" \
    "/account?id=$ADA" "/account?uid=$ADA&user=ada" "/account/disconnect?user_id=$ADA" \
    "/?tenant=1390042875009613825&org_id=1390042875009613825"; do
    b_get "$p" -b "$jB" -H "X-User-Id: $ADA" -H "X-Upwork-API-TenantId: 1390042875009613825" \
        -H "Cookie: user_id=$ADA; uid=$ADA" > "$T_TMP/page"
    t_match "B with $p (and headers naming A) still sees Grace" "$(cat "$T_TMP/page")" 'Grace Hopper'
done

# --- Cache records (R8) ----------------------------------------------------------------------------
# A record's stored key (store.c: key length at byte 16, key from byte 24).
stored_key() {
    local len
    len=$(od -An -tu1 -j16 -N4 "$1" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
    dd if="$1" bs=1 skip=24 count="$len" status=none
}
# drop_cache USER-ID: delete the user's cache records, so that their next
# dashboard needs their Upwork tokens (a fresh cache hit reads none).
drop_cache() {
    local f
    for f in "$VAR/data/cache"/*; do
        [ -f "$f" ] || continue
        case $(stored_key "$f") in "$1|"*) rm -f "$f" ;; esac
    done
}
ncache=$(find "$VAR/data/cache" -type f ! -name '.*' 2>/dev/null | wc -l)
if [ "$ncache" -gt 0 ]; then
    bad=0 acache="" bcache=()
    for f in "$VAR/data/cache"/*; do
        [ -f "$f" ] || continue
        key=$(stored_key "$f")
        case $key in
            "$ADA|"*) acache=$f ;;
            "$GRACE|"*) bcache+=("$f") ;;
            *) t_diag "cache record with a key of no user: $key"; bad=$((bad + 1)) ;;
        esac
    done
    t_diag "cache: $ncache records; Grace's: ${#bcache[@]}"
    t_eq "every cache record's key starts with its user's id" "$bad" 0
    if [ -n "$acache" ] && [ ${#bcache[@]} -gt 0 ]; then
        for f in "${bcache[@]}"; do cp "$acache" "$f"; done
        b_get / -b "$jB" > "$T_TMP/page"
        t_match "A's cache record over B's: B's dashboard still shows Grace" "$(cat "$T_TMP/page")" 'Grace Hopper'
    else
        t_skip "A's cache record over B's" "no per-user cache records for both users"
    fi
else
    t_skip "cache records are keyed by user" "the dashboard wrote no cache records"
fi

# --- Token records: a plain copy of A's file under B's name ------------------------------------------
tA=$(record tokens $ADA) tB=$(record tokens $GRACE)
t_ok "both token records exist" test -f "$tA" -a -f "$tB"
cp "$tA" "$tB"
drop_cache $GRACE
b_get / -b "$jB" > /dev/null
t_eq "A's token file copied over B's: B is sent to sign in again" "$(st) $(a_header "$h" Location)" \
    "303 /?signin=expired"
t_match "... and B's session is over" "$(b_get / -b "$jB")" 'href="/auth/login"'
t_ok "... and B's forged token record is deleted" test ! -e "$tB"
t_match "A is untouched" "$(a_get "$jA" /)" 'id="user-name"[^>]*>Ada Lovelace<'
t_ok "A's token record is untouched" test -f "$tA"

# --- Token records: A's sealed tokens re-labelled as B's (the AEAD check) -------------------------------
# Same record layout, B's key, A's ciphertext, a correct BLAKE2b-256 checksum:
# only the AEAD (its associated data binds the user id) can tell.
rm -f "$jB"
a_signin "$jB" grace allow
t_match "B signs in again" "$(b_get / -b "$jB")" 'Grace Hopper'
klen=$(od -An -tu1 -j16 -N4 "$tA" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
size=$(stat -c %s "$tA")
t_eq "user ids of the same length (the forged header stays valid)" "${#GRACE}" "$klen"
{
    head -c 24 "$tA"
    printf '%s' "$GRACE"
    tail -c +$((24 + klen + 1)) "$tA" | head -c $((size - 24 - klen - 32))
} > "$T_TMP/forged.body"
{
    cat "$T_TMP/forged.body"
    b2sum -l 256 "$T_TMP/forged.body" | cut -d' ' -f1 | xxd -r -p
} > "$T_TMP/forged"
t_eq "the forged record is as long as the original" "$(stat -c %s "$T_TMP/forged")" "$size"
cp "$T_TMP/forged" "$tB"
drop_cache $GRACE
b_get / -b "$jB" > /dev/null
t_eq "A's ciphertext under B's key fails the AEAD check: B is sent to sign in again" \
    "$(st) $(a_header "$h" Location)" "303 /?signin=expired"
t_ok "... B's token record is deleted" test ! -e "$tB"
t_match "... the app logged the failed authentication" "$(cat "$VAR/workdesk.log")" \
    'token record of a user failed authentication'
t_match "... and B's session is over" "$(b_get / -b "$jB")" 'href="/auth/login"'
t_match "A is untouched" "$(a_get "$jA" /)" 'id="user-name"[^>]*>Ada Lovelace<'

# --- Session records: A's file copied over B's ---------------------------------------------------------
rm -f "$jB"
a_signin "$jB" grace allow
sidB=$(sid_of "$jB")
t_ok "both session records exist" test -f "$(session_file "$sidA")" -a -f "$(session_file "$sidB")"
cp "$(session_file "$sidA")" "$(session_file "$sidB")"
body=$(b_get / -b "$jB")
t_match "A's session file over B's: B's cookie is not A, it is signed out" "$body" 'href="/auth/login"'
t_match "... and the cookie is cleared" "$(grep -i '^set-cookie: __Host-sid=;' "$h" | tr -d '\r')" 'Max-Age=0$'
b_get /account -b "$jB" > /dev/null
t_eq "... /account asks B to sign in" "$(st) $(a_header "$h" Location)" "303 /auth/login?next=%2Faccount"
if [ -e "$(session_file "$sidB")" ]; then
    t_diag "note: the copied session file is still on disk under B's name (a miss, not deleted)"
fi
t_match "A is untouched" "$(a_get "$jA" /)" 'id="user-name"[^>]*>Ada Lovelace<'

# --- Look-alikes of A's session id as a cookie --------------------------------------------------------
csrfA=$(a_get "$jA" / | grep -oE 'name="csrf" value="[A-Za-z0-9_-]{43}"' | head -n 1 | sed -E 's/.*value="([^"]*)"/\1/')
keyA=$(hex "$sidA")
for v in "$keyA" "$(hex "$keyA")" "${keyA:0:43}" "$csrfA" "${sidA%?}" "${sidA}A" \
    "$(tr 'a-zA-Z' 'A-Za-z' <<<"$sidA")" "../sessions/$keyA" "$ADA"; do
    body=$(b_get / -H "Cookie: __Host-sid=$v")
    t_match "cookie __Host-sid=${v:0:20}… is signed out" "$body" 'href="/auth/login"'
done
t_match "A's own id still works" "$(a_get "$jA" /)" 'Ada Lovelace'

t_diag "test 17: $BPAGES responses under B's (or forged) cookies, $LEAKS showing A's data"
t_eq "test 17: 0 responses with A's data under B's cookie" "$LEAKS" 0

# --- S8: where the app reads request parameters (informational) ----------------------------------------
t_diag "S8: request parameters and cookies the app reads (app/*.c):"
grep -noE 'kv_get\(&r->(query|form|cookies), *("[^"]*"|[A-Z_]+)\)' "$T_REPO"/app/*.c |
    sed -E "s|^$T_REPO/||; s/kv_get\(&r->//; s/\)$//" | sed 's/^/#   /'
ids=$(grep -hoE 'kv_get\(&r->(query|form|cookies), *"[^"]*"\)' "$T_REPO"/app/*.c |
    sed -E 's/.*"([^"]*)".*/\1/' | grep -iE '^(user|uid|id|user_?id|account|org|org_?id|tenant)$' || true)
t_diag "S8: parameters named like a user/org id read from the request: ${ids:-none}"

t_done
