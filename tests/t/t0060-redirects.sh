#!/usr/bin/env bash
# t0060-redirects.sh: the redirect URI cannot be steered by the request
# (security bar O4, §7 test 3) and no parameter makes Workdesk an open
# redirector or injects a header (O8, I5, §7 test 4).
# needs: app
# alongside: paced to nginx's 5 requests a second on /auth/ (tests/run.sh)
#
# Through nginx, paced (nginx allows /auth/ 5 requests a second per address,
# burst 10); the callback's bulk matrix goes straight to the app's FastCGI
# socket with tests/lib/fcgi.js.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-auth.sh"

t_stack_start || { t_ok "stack starts" false; t_done; exit 1; }
O=$(A_ORIGIN)
D=$T_TMP/d
mkdir -p "$D"
AUTHZ="http://127.0.0.1:$SANDBOX_PORT/ab/account-security/oauth2/authorize?"
REDIRECT_URI="http%3A%2F%2Flocalhost%3A$PORT%2Fauth%2Fcallback"

# pace: at most one /auth/ request every 0.22 s (nginx: 5 r/s per address).
_last_auth=0
pace() {
    local now=${EPOCHREALTIME/[.,]/} d
    d=$((now - _last_auth))
    if ((d < 220000)); then
        sleep "$(printf '0.%06d' $((220000 - d)))"
    fi
    _last_auth=${EPOCHREALTIME/[.,]/}
}

n=0
# get FILE-STEM CURL-ARGS...: one request, headers to STEM.h, body to STEM.b.
get() {
    local stem=$1
    shift
    t_curl -o "$stem.b" -D "$stem.h" "$@"
}
status_of() { head -n 1 "$1" | cut -d' ' -f2; }

# Whole-run tallies for test 4 (every response checked is counted).
CHECKED=0 OFF_ORIGIN=0 INJECTED=0
BAD=$T_TMP/bad
: > "$BAD"

# check DUMP LABEL [authz]: count a response's Location headers that leave our
# origin (anything but "/" followed by neither "/" nor "\"; with "authz" the
# configured sandbox authorize URL is allowed too) and injected headers (a
# second Location, a Set-Cookie x=y, any header line naming evil.example:
# the host, not just "evil", which random tokens contain now and then).
check() {
    local dump=$1 label=$2 authz=${3:-} locs nloc l
    CHECKED=$((CHECKED + 1))
    locs=$(grep -i '^location:' "$dump" | cut -d: -f2- | sed 's/^ //' | tr -d '\r')
    nloc=$(grep -ci '^location:' "$dump")
    while IFS= read -r l; do
        [ -n "$l" ] || continue
        if [[ $l =~ ^/([^/\\]|$) ]]; then
            continue
        fi
        if [ -n "$authz" ] && [[ $l == "$AUTHZ"* ]]; then
            continue
        fi
        OFF_ORIGIN=$((OFF_ORIGIN + 1))
        printf 'off-origin Location (%s): %q\n' "$label" "$l" >> "$BAD"
    done <<<"$locs"
    if [ "$nloc" -gt 1 ] ||
        grep -qiE '^set-cookie: *x=' "$dump" ||
        tail -n +2 "$dump" | grep -qi 'evil\.example'; then
        INJECTED=$((INJECTED + 1))
        printf 'injected header (%s):\n%s\n' "$label" "$(tr -d '\r' < "$dump")" >> "$BAD"
    fi
}

# --- Test 3: the redirect URI cannot be steered ----------------------------------------
# Each forgery: curl arguments (one per line, split on "|").
forgeries=(
    ""
    "-H|Host: evil.example"
    "-H|Host: evil.example:443"
    "-H|X-Forwarded-Host: evil.example"
    "-H|X-Forwarded-Proto: https"
    "-H|Forwarded: host=evil.example"
    "-H|Forwarded: for=192.0.2.1;host=evil.example;proto=https"
    "-H|X-Forwarded-Host: evil.example|-H|X-Forwarded-Proto: https|-H|X-Forwarded-Port: 443"
    "-H|Host: evil.example|-H|X-Forwarded-Host: evil.example|-H|Forwarded: host=evil.example;proto=https"
    "-H|X-Forwarded-Server: evil.example|-H|X-Host: evil.example|-H|X-Original-Host: evil.example"
    "-H|X-Forwarded-Host: localhost:1|-H|X-Forwarded-Proto: https"
    "-H|Host: localhost|-H|X-Forwarded-Prefix: //evil.example"
    "--request-target|http://evil.example/auth/login?agree=1"
    "--request-target|http://evil.example:$PORT/auth/login?agree=1|-H|X-Forwarded-Host: evil.example"
)
same=0 total=0 authz_ok=0
for f in "${forgeries[@]}"; do
    args=()
    if [ -n "$f" ]; then
        IFS='|' read -r -a args <<<"$f"
    fi
    n=$((n + 1))
    pace
    get "$D/t3.$n" "${args[@]}" "$O/auth/login?agree=1"
    loc=$(a_header "$D/t3.$n.h" Location)
    ru=$(sed -nE 's/.*[?&]redirect_uri=([^&]*).*/\1/p' <<<"$loc")
    total=$((total + 1))
    if [ "$(status_of "$D/t3.$n.h")" = 303 ] && [ "$ru" == "$REDIRECT_URI" ] &&
        [ "$(grep -o 'redirect_uri=' <<<"$loc" | wc -l)" -eq 1 ]; then
        same=$((same + 1))
    else
        t_diag "forgery [$f]: status $(status_of "$D/t3.$n.h"), redirect_uri [$ru]"
    fi
    [[ $loc == "$AUTHZ"* ]] && authz_ok=$((authz_ok + 1))
    check "$D/t3.$n.h" "test 3 [$f]" authz
done
t_diag "test 3: redirect_uri byte-identical in $same/$total authorize redirects"
t_eq "test 3: redirect_uri byte-identical to the configured one ($total forged requests)" "$same" "$total"
t_eq "test 3: every authorize redirect goes to the configured authorize URL" "$authz_ok" "$total"

# The token request carries the same redirect_uri: a sign-in whose start and
# callback both carry forged host headers still completes (the sandbox
# refuses a code exchange whose redirect_uri differs from the authorize one).
fh=(-H "Host: evil.example" -H "X-Forwarded-Host: evil.example" -H "Forwarded: host=evil.example;proto=https")
pace
get "$D/t3f" "${fh[@]}" "$O/auth/login?agree=1"
loc=$(a_header "$D/t3f.h" Location)
t_curl -o /dev/null -D "$D/t3f.decide" --data "${loc#*\?}&user=ada&decision=allow" "${AUTHZ%\?}"
cb=$(a_header "$D/t3f.decide" Location)
t_match "test 3: the sandbox called back to the configured redirect URI" "$cb" \
    "^http://localhost:$PORT/auth/callback\?code="
pace
# With a Host header of its own, curl files cookies under that host (and drops
# Secure ones over http): the browser's cookie is sent by hand.
get "$D/t3f.cb" -H "Cookie: $(a_header "$D/t3f.h" Set-Cookie | cut -d';' -f1)" \
    "${fh[@]}" "$cb"
t_eq "test 3: forged host headers at the callback: the code exchange succeeds (303)" \
    "$(status_of "$D/t3f.cb.h")" 303
t_eq "... with one token request that the sandbox accepted" \
    "$(a_sandbox_count 'e.endpoint==="token" && e.grant_type==="authorization_code" && e.status===200')" 1
check "$D/t3f.cb.h" "test 3 callback"

# --- Test 4: open-redirect and header-injection vectors ---------------------------------
vectors=(
    '//evil.example'
    '/\evil.example'
    'https://evil.example'
    'http:evil.example'
    'javascript:alert(1)'
    '%2F%2Fevil.example'
    '/%2F%2Fevil.example'
    '/%5Cevil.example'
    '%0d%0aLocation:%20https://evil.example'
    '/%0d%0aSet-Cookie:%20x=y'
    '/%09/evil.example'
    '///evil.example'
    '/.evil.example'
    '@evil.example'
    '/account@evil.example'
    'data:text/html,x'
    '//evil.example/%2e%2e'
    '\\evil.example'
    '/%E3%80%82evil.example'
    'https:/evil.example'
)
NV=${#vectors[@]}
t_eq "test 4: 20 vectors" "$NV" 20

# (a) Signed out, no agreement yet: the consent page, never a redirect; its
# "I agree" link keeps no next outside the allowlist.
ok=0
for i in "${!vectors[@]}"; do
    v=${vectors[$i]}
    pace
    get "$D/a.$i" "$O/auth/login?next=$v"
    check "$D/a.$i.h" "a next=$v"
    href=$(a_agree_href < "$D/a.$i.b")
    if [ "$(status_of "$D/a.$i.h")" = 200 ] && [ "$href" = '/auth/login?agree=1' ]; then
        ok=$((ok + 1))
    else
        t_diag "(a) next=$v: status $(status_of "$D/a.$i.h"), agree link [$href]"
    fi
done
t_eq "test 4a: signed out, /auth/login?next=V shows the consent page with a clean agree link ($NV)" "$ok" "$NV"

# (b) Signed out with agree=1: the authorize redirect names no attacker host;
# a real sign-in with that next ends on a local path (here always /).
ok=0 home=0
for i in "${!vectors[@]}"; do
    v=${vectors[$i]}
    jar=$T_TMP/b.$i
    pace
    get "$D/b.$i" -c "$jar" -b "$jar" "$O/auth/login?agree=1&next=$v"
    check "$D/b.$i.h" "b next=$v" authz
    loc=$(a_header "$D/b.$i.h" Location)
    [ "$(status_of "$D/b.$i.h")" = 303 ] && [[ $loc == "$AUTHZ"* ]] && ok=$((ok + 1))
    t_curl -o /dev/null -D "$D/b.$i.decide" --data "${loc#*\?}&user=ada&decision=allow" "${AUTHZ%\?}"
    cb=$(a_header "$D/b.$i.decide" Location)
    pace
    get "$D/b.$i.cb" -c "$jar" -b "$jar" "$cb"
    check "$D/b.$i.cb.h" "b callback next=$v"
    if [ "$(status_of "$D/b.$i.cb.h")" = 303 ] && [ "$(a_header "$D/b.$i.cb.h" Location)" = / ]; then
        home=$((home + 1))
    else
        t_diag "(b) next=$v: callback $(status_of "$D/b.$i.cb.h") -> [$(a_header "$D/b.$i.cb.h" Location)]"
    fi
done
t_eq "test 4b: signed out, agree=1&next=V: 303 to the configured authorize URL ($NV)" "$ok" "$NV"
t_eq "test 4b: the completed sign-in returns to / ($NV real sign-ins)" "$home" "$NV"

# (b2) Signed out, agreed before (consent cookie), no agree=1.
ok=0
for i in "${!vectors[@]}"; do
    v=${vectors[$i]}
    pace
    get "$D/b2.$i" -H 'Cookie: __Host-consent=1' "$O/auth/login?next=$v"
    check "$D/b2.$i.h" "b2 next=$v" authz
    [ "$(status_of "$D/b2.$i.h")" = 303 ] && [[ "$(a_header "$D/b2.$i.h" Location)" == "$AUTHZ"* ]] &&
        ok=$((ok + 1))
done
t_eq "test 4b2: consent cookie, /auth/login?next=V: 303 to the configured authorize URL ($NV)" "$ok" "$NV"

# (c) Signed in: /auth/login?next=V goes home.
sjar=$T_TMP/b.0
ok=0
for i in "${!vectors[@]}"; do
    v=${vectors[$i]}
    pace
    get "$D/c.$i" -b "$sjar" "$O/auth/login?next=$v"
    check "$D/c.$i.h" "c next=$v"
    [ "$(status_of "$D/c.$i.h")" = 303 ] && [ "$(a_header "$D/c.$i.h" Location)" = / ] && ok=$((ok + 1))
done
t_eq "test 4c: signed in, /auth/login?next=V answers 303 to / ($NV)" "$ok" "$NV"

# (d) / ?signin=V (signed out and in) is never a redirect; neither are the other
# pages given next/return parameters (signed out: the fixed sign-in redirects).
ok=0 cnt=0
for i in "${!vectors[@]}"; do
    v=${vectors[$i]}
    get "$D/d.$i" "$O/?signin=$v"
    check "$D/d.$i.h" "d signin=$v"
    get "$D/d2.$i" -b "$sjar" "$O/?signin=$v"
    check "$D/d2.$i.h" "d2 signin=$v"
    cnt=$((cnt + 2))
    [ "$(status_of "$D/d.$i.h")" = 200 ] && [ "$(grep -ci '^location:' "$D/d.$i.h")" = 0 ] && ok=$((ok + 1))
    [ "$(status_of "$D/d2.$i.h")" = 200 ] && [ "$(grep -ci '^location:' "$D/d2.$i.h")" = 0 ] && ok=$((ok + 1))
    for p in /account /account/disconnect /privacy; do
        get "$D/e.$i" "$O$p?next=$v&return_to=$v&redirect=$v&url=$v"
        check "$D/e.$i.h" "$p?next=$v"
    done
done
t_eq "test 4d: /?signin=V is a 200 page without Location, signed out and in ($cnt)" "$ok" "$cnt"

# (e) The callback through nginx: CRLF in each parameter, with a live login
# transaction (so the app reads them all).
crlf='%0d%0aSet-Cookie:%20x=y%0d%0aLocation:%20https://evil.example'
for p in state code error error_description; do
    jar=$T_TMP/e.$p
    pace
    get "$D/ecb.$p.login" -c "$jar" -b "$jar" "$O/auth/login?agree=1"
    st=$(sed -nE 's/.*[?&]state=([^&]*).*/\1/p' <<<"$(a_header "$D/ecb.$p.login.h" Location)")
    case $p in
        state) q="state=$crlf&code=abc" ;;
        code) q="state=$st&code=$crlf" ;;
        error) q="state=$st&error=$crlf" ;;
        error_description) q="state=$st&error=access_denied&error_description=$crlf" ;;
    esac
    pace
    get "$D/ecb.$p" -c "$jar" -b "$jar" "$O/auth/callback?$q"
    check "$D/ecb.$p.h" "callback $p=CRLF"
    t_diag "callback $p=CRLF through nginx: $(status_of "$D/ecb.$p.h") $(a_header "$D/ecb.$p.h" Location)"
done

# (f) The callback's bulk matrix over FastCGI: every vector, raw and as a
# literal (percent-encoded once more), in state, code, error and
# error_description, with a live login transaction and without one.
node - "$T_REPO" "$VAR/workdesk.sock" "$PORT" "$SANDBOX_PORT" "$T_TMP/fcgi.json" "${vectors[@]}" <<'EOF'
const [repo, sock, port, sbport, out, ...vectors] = process.argv.slice(2);
const fcgi = require(repo + '/tests/lib/fcgi.js');
const ctx = { sock, host: 'localhost', port: Number(port) };
const authz = `http://127.0.0.1:${sbport}/ab/account-security/oauth2/authorize?`;
const res = { checked: 0, offOrigin: 0, injected: 0, statuses: {}, bad: [] };
function check(label, r, allowAuthz) {
  res.checked++;
  res.statuses[r.status] = (res.statuses[r.status] || 0) + 1;
  const locs = fcgi.headerAll(r, 'location');
  for (const l of locs) {
    if (/^\/([^/\\]|$)/.test(l) || (allowAuthz && l.startsWith(authz))) continue;
    res.offOrigin++;
    res.bad.push(`off-origin ${label}: ${JSON.stringify(l)}`);
  }
  const raw = r.stdout.toString('latin1');
  const head = raw.slice(0, raw.indexOf('\r\n\r\n') < 0 ? raw.length : raw.indexOf('\r\n\r\n'));
  if (locs.length > 1 || fcgi.headerAll(r, 'set-cookie').some((c) => /^x=/i.test(c)) ||
      /evil\.example/i.test(head) || /\r(?!\n)|(?<!\r)\n/.test(head) || r.malformed) {
    res.injected++;
    res.bad.push(`injected ${label}: ${JSON.stringify(head)}`);
  }
}
(async () => {
  const values = [];
  for (const v of vectors) values.push(v, encodeURIComponent(v));
  for (const v of values) {
    for (const p of ['state', 'code', 'error', 'error_description']) {
      // Without a login transaction.
      let q = p === 'error_description' ? `error=access_denied&${p}=${v}` : `${p}=${v}`;
      let r = await fcgi.request(sock, { path: `/auth/callback?${q}` }, ctx);
      check(`no tx ${p}=${v}`, r);
      // With one: a fresh /auth/login?agree=1 gives the cookie and the state.
      const jar = new fcgi.Jar();
      const login = await fcgi.request(sock, { path: '/auth/login?agree=1' }, ctx);
      check('login', login, true);
      jar.update(login);
      const st = new URL(fcgi.header(login, 'location')).searchParams.get('state');
      q = { state: `state=${v}&code=abc`, code: `state=${st}&code=${v}`,
        error: `state=${st}&error=${v}`,
        error_description: `state=${st}&error=access_denied&error_description=${v}` }[p];
      r = await fcgi.request(sock, { path: `/auth/callback?${q}`, headers: { Cookie: jar.header() } }, ctx);
      check(`tx ${p}=${v}`, r);
    }
  }
  require('fs').writeFileSync(out, JSON.stringify(res));
})().catch((e) => { console.error(e); process.exit(1); });
EOF
t_ok "test 4f: the FastCGI callback matrix ran" test -s "$T_TMP/fcgi.json"
fc=$(node -e 'const r=require(process.argv[1]); console.log(r.checked, r.offOrigin, r.injected, JSON.stringify(r.statuses)); for (const b of r.bad.slice(0,10)) console.error(b)' "$T_TMP/fcgi.json" 2>>"$BAD")
read -r f_checked f_off f_inj f_st <<<"$fc"
t_diag "test 4f: $f_checked FastCGI responses, statuses $f_st"
t_eq "test 4f: callback matrix, 0 Location off our origin ($f_checked responses)" "$f_off" 0
t_eq "test 4f: callback matrix, 0 injected headers" "$f_inj" 0

# nginx's own redirects (directory slash) never take the client's Host.
for p in /static /static/ /static/.. '/static//evil.example' ///evil.example; do
    get "$D/ng" -H 'Host: evil.example' "$O$p"
    check "$D/ng.h" "nginx $p"
done

# --- The tallies ----------------------------------------------------------------------------
t_diag "test 4: $CHECKED responses through nginx checked (+ $f_checked over FastCGI)"
t_eq "test 4: 0 Location headers off our origin (through nginx)" "$OFF_ORIGIN" 0
t_eq "test 4: 0 injected headers (through nginx)" "$INJECTED" 0
if [ -s "$BAD" ]; then
    head -n 40 "$BAD" | sed 's/^/# /'
fi
t_eq "app log: no request crashed (no 500)" "$(grep -cE ' 500 [0-9]+ms' "$VAR/workdesk.log")" 0

t_done
