#!/usr/bin/env bash
# t0061-secrets.sh: secrets stay server-side (security bar O5, O10, O11, K1,
# K4, §7 test 5). A whole session is run through the real stack while every
# OAuth code and state, session id and CSRF token is captured; then each is
# grepped for in the app log, nginx's logs, every HTML page and Location the
# app produced, and every file of the data directory. So are the prefix of
# every Upwork token (oauth2v2_) and the client secret.
# needs: app
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-auth.sh"

t_stack_start || { t_ok "stack starts" false; t_done; exit 1; }
O=$(A_ORIGIN)
AUTHZ="http://127.0.0.1:$SANDBOX_PORT/ab/account-security/oauth2/authorize"
SECRET=sandbox-secret-not-for-production
CAP=$T_TMP/cap      # every app response: NNN.h (headers), NNN.b (body), NNN.label
mkdir -p "$CAP"
CODES=() STATES=() SIDS=() CSRFS=()

_last_auth=0
pace() {        # nginx: /auth/ 5 requests a second per address
    local now=${EPOCHREALTIME/[.,]/} d
    d=$((now - _last_auth))
    ((d < 220000)) && sleep "$(printf '0.%06d' $((220000 - d)))"
    _last_auth=${EPOCHREALTIME/[.,]/}
}

k=0
# app LABEL CURL-ARGS...: one request to Workdesk, captured; sets R (the stem).
app() {
    k=$((k + 1))
    R=$(printf '%s/%03d' "$CAP" "$k")
    printf '%s\n' "$1" > "$R.label"
    shift
    t_curl -o "$R.b" -D "$R.h" "$@"
}
st() { head -n 1 "$R.h" | cut -d' ' -f2; }
loc() { a_header "$R.h" Location; }
qparam() { sed -nE "s/.*[?&]$1=([^&]*).*/\\1/p" <<<"$2"; }
csrf_of() { grep -oE 'name="csrf" value="[A-Za-z0-9_-]{43}"' "$R.b" | head -n 1 | sed -E 's/.*value="([^"]*)"/\1/'; }
keep_csrf() { local c; c=$(csrf_of); [ -n "$c" ] && CSRFS+=("$c"); }

# begin JAR: /auth/login (and the consent page's link if shown); sets AURL.
begin() {
    local jar=$1
    pace
    app login -c "$jar" -b "$jar" "$O/auth/login"
    if [ "$(st)" = 200 ]; then
        pace
        app login -c "$jar" -b "$jar" "$O$(a_agree_href < "$R.b")"
    fi
    AURL=$(loc)
    STATES+=("$(qparam state "$AURL")")
}
# decide USER DECISION: the sandbox's consent form, posted as its page would;
# sets CB (the callback URL, made by the sandbox) and records its code/state.
decide() {
    t_curl -o /dev/null -D "$T_TMP/decide.h" --data "${AURL#*\?}&user=$1&decision=$2" "$AUTHZ"
    CB=$(a_header "$T_TMP/decide.h" Location)
    local c s
    c=$(qparam code "$CB") s=$(qparam state "$CB")
    [ -n "$c" ] && CODES+=("$c")
    [ -n "$s" ] && STATES+=("$s")
}
# callback JAR [URL]: the browser's return to Workdesk; records a new session id.
callback() {
    pace
    app callback -c "$1" -b "$1" "${2:-$CB}"
    local sid
    sid=$(grep -i '^set-cookie: __Host-sid=[A-Za-z0-9_-]' "$R.h" | sed -E 's/^[^=]*=([^;]*);.*/\1/')
    [ -n "$sid" ] && SIDS+=("$sid")
}

# --- A whole session ---------------------------------------------------------------------
jA=$T_TMP/ada jG=$T_TMP/grace jA2=$T_TMP/ada2 jF=$T_TMP/fail jD=$T_TMP/deny jX=$T_TMP/exch

begin "$jA"
# While a sign-in is pending its login transaction is on disk: diagnostic only.
pending=$(grep -ral -F -- "${STATES[-1]}" "$VAR/data" | wc -l)
t_diag "pending sign-in: its state appears in $pending file(s) under data/ (the login transaction)"
decide ada allow
callback "$jA"
t_eq "Ada signs in (303 to /)" "$(st) $(loc)" "303 /"
ACB=$CB
app home -c "$jA" -b "$jA" "$O/"
t_match "Ada's dashboard" "$(cat "$R.b")" 'Ada Lovelace'
keep_csrf
app account -c "$jA" -b "$jA" "$O/account"
app privacy -c "$jA" -b "$jA" "$O/privacy"
app terms -c "$jA" -b "$jA" "$O/terms"
app ask -c "$jA" -b "$jA" "$O/account/disconnect"

# Replayed callback: 400, no token request.
callback "$jA" "$ACB"
t_eq "replayed callback answers 400" "$(st)" 400

# Failed callbacks: a wrong state (the real code is never exchanged), a denial,
# and a code exchange that fails at the token endpoint.
begin "$jF"
decide ada allow
bad_state=${STATES[-1]%?}A
[ "$bad_state" = "${STATES[-1]}" ] && bad_state=${STATES[-1]%?}B
STATES+=("$bad_state")
callback "$jF" "${CB/state=${STATES[-2]}/state=$bad_state}"
t_eq "callback with a wrong state answers 400" "$(st)" 400
begin "$jD"
decide ada deny
callback "$jD"
t_eq "denied callback answers 303 to /?signin=denied" "$(st) $(loc)" "303 /?signin=denied"
t_sandbox /__sandbox/config -o /dev/null -H 'content-type: application/json' \
    --data '{"token_fault":{"status":500,"count":1}}'
begin "$jX"
decide ada allow
callback "$jX"
t_eq "callback whose code exchange fails answers 502" "$(st)" 502

# Grace, and Ada in a second browser.
begin "$jG"
decide grace allow
callback "$jG"
app home -c "$jG" -b "$jG" "$O/"
t_match "Grace's dashboard" "$(cat "$R.b")" 'Grace Hopper'
keep_csrf
app account -c "$jG" -b "$jG" "$O/account"
begin "$jA2"
decide ada allow
callback "$jA2"
app home -c "$jA2" -b "$jA2" "$O/"
keep_csrf

# Sign out (Ada, first browser) and disconnect (Grace).
app home -c "$jA" -b "$jA" "$O/"
c=$(csrf_of)
pace
app logout -c "$jA" -b "$jA" -H "Origin: $O" --data "csrf=$c" "$O/auth/logout"
t_eq "sign-out answers 303" "$(st)" 303
app home -c "$jA" -b "$jA" "$O/"
# Ada again in the same browser (it remembers the agreement: straight to Upwork).
begin "$jA"
decide ada allow
callback "$jA"
t_eq "Ada signs in again (303 to /)" "$(st) $(loc)" "303 /"
app home -c "$jA" -b "$jA" "$O/"
keep_csrf
app ask -c "$jG" -b "$jG" "$O/account/disconnect"
c=$(csrf_of)
app disconnect -c "$jG" -b "$jG" -H "Origin: $O" --data "csrf=$c" "$O/account/disconnect"
t_eq "disconnect answers 303" "$(st)" 303
app home -c "$jG" -b "$jG" "$O/?signin=disconnected"

# nginx refuses a burst on the (burnt) callback URL with 429: its error log
# must not quote the request line (code and state) either.
sleep 2.2
n429=0
for _ in $(seq 1 16); do
    [ "$(t_curl -o /dev/null -w '%{http_code}' "$ACB")" = 429 ] && n429=$((n429 + 1))
done
t_diag "burst on the callback URL: $n429 answered 429 by nginx"
t_ok "nginx answered the burst with 429 at least once" test "$n429" -gt 0

t_diag "captured: ${#CODES[@]} codes, ${#STATES[@]} states, ${#SIDS[@]} session ids, ${#CSRFS[@]} CSRF tokens, $k app responses"
t_ok "captured at least 5 codes, 10 states, 4 session ids" \
    test "${#CODES[@]}" -ge 5 -a "${#STATES[@]}" -ge 10 -a "${#SIDS[@]}" -ge 4

# --- The greps ---------------------------------------------------------------------------
pat() { printf '%s\n' "$@" | grep -v '^$'; }
pat "${CODES[@]}" > "$T_TMP/p.code"
pat "${STATES[@]}" > "$T_TMP/p.state"
pat "${SIDS[@]}" > "$T_TMP/p.sid"
pat "${CSRFS[@]}" > "$T_TMP/p.csrf"
pat oauth2v2_ > "$T_TMP/p.token"
pat "$SECRET" > "$T_TMP/p.secret"

# The places. HTML and Location come from the app's responses only (never the
# sandbox's); the authorize redirects (label "login") carry their own state by
# design and are left out of the state count of the Location place.
for f in "$CAP"/*.h; do
    grep -i '^location:' "$f" | tr -d '\r' | sed 's/^/'"$(cat "${f%.h}.label")"' /'
done > "$T_TMP/locations"
grep -v '^login ' "$T_TMP/locations" > "$T_TMP/locations.after"
cat "$CAP"/*.b > "$T_TMP/html"
# Cookies the app set are not a place for codes/states/tokens either.
grep -hi '^set-cookie:' "$CAP"/*.h > "$T_TMP/cookies"

# count PATTERN-FILE FILE-OR-DIR: plaintext occurrences (binary files as text).
count() {
    [ -s "$1" ] || { echo 0; return; }
    if [ -d "$2" ]; then
        grep -raoF -f "$1" -- "$2" | wc -l
    elif [ -e "$2" ]; then
        grep -aoF -f "$1" -- "$2" | wc -l
    else
        echo 0
    fi
}
places=(workdesk.log nginx-access.log nginx-error.log html location data)
path_of() {
    case $1 in
        html) echo "$T_TMP/html" ;;
        location) echo "$T_TMP/locations.after" ;;
        data) echo "$VAR/data" ;;
        *) echo "$VAR/$1" ;;
    esac
}
total=0
for what in code state sid token secret; do
    line="" sum=0
    for p in "${places[@]}"; do
        c=$(count "$T_TMP/p.$what" "$(path_of "$p")")
        line+=" $p=$c"
        sum=$((sum + c))
    done
    total=$((total + sum))
    t_diag "$what:$line"
    t_eq "test 5: 0 plaintext $what matches in logs, HTML, Locations and data/" "$sum" 0
done
# Codes, session ids, tokens and the secret are not in any Location at all,
# the authorize redirects included; nor in a cookie other than the session's own.
t_eq "test 5: no code, session id, token or secret in any Location the app sent" \
    "$(cat "$T_TMP/p.code" "$T_TMP/p.sid" "$T_TMP/p.token" "$T_TMP/p.secret" | grep -aoF -f - "$T_TMP/locations" | wc -l)" 0
t_eq "test 5: no code, state, token or secret in any Set-Cookie" \
    "$(cat "$T_TMP/p.code" "$T_TMP/p.state" "$T_TMP/p.token" "$T_TMP/p.secret" | grep -aoF -f - "$T_TMP/cookies" | wc -l)" 0
# CSRF tokens belong in the pages' forms and the session record, nowhere else.
c=0
for p in workdesk.log nginx-access.log nginx-error.log location; do
    c=$((c + $(count "$T_TMP/p.csrf" "$(path_of "$p")")))
done
t_eq "test 5: 0 CSRF tokens in the logs or any Location" "$c" 0
t_diag "test 5: total plaintext matches $total"
# Controls: the greps do find what is legitimately there.
t_ok "control: the CSRF tokens are found in the pages' forms" \
    test "$(count "$T_TMP/p.csrf" "$T_TMP/html")" -ge "${#CSRFS[@]}"
t_ok "control: the authorize redirects carry their states" \
    test "$(grep -aoF -f "$T_TMP/p.state" "$T_TMP/locations" | wc -l)" -ge 6

# The token records exist and are sealed (no JSON field names in the clear).
t_ok "token records were written" test -n "$(ls "$VAR/data/tokens")"
t_eq "token records hold no JSON in the clear" \
    "$(grep -ral -e '"access"' -e '"refresh"' "$VAR/data/tokens" | wc -l)" 0
t_eq "the client secret sits in workdesk.conf, mode 0600" "$(stat -c %a "$VAR/workdesk.conf")" 600
t_eq "every file under data/ is mode 0600" \
    "$(find "$VAR/data" -type f ! -perm 0600 | wc -l)" 0

t_done
