'use strict';
// t0040-oauth.js: the OAuth client against the security bar (shared/reference/
// security-bar.md §7): test 1 (state: missing, wrong, replayed, expired; O2),
// test 2 (1,000 logins, PKCE S256 every time; O3), test 8 (invalid_grant on
// refresh: tokens deleted, back to sign-in, no retry storm; O12, R9) and
// test 6 (50 concurrent requests with an expired access token: one refresh;
// O12). Plus S7 over everything received.
//
// Requests go straight to the app's FastCGI socket (tests/lib/fcgi.js):
// nginx's limit_req would throttle the bulk and concurrent parts. The app
// runs under libfaketime (WORKDESK_FAKETIME); the sandbox keeps real time.
// The app's install-wide limit on calls to Upwork (R5: 8/s, plus a daily
// cap) is lifted for this stack (upstream_rate_per_s = 0, upstream_daily_cap
// = 0, allowed only against the loopback sandbox): every login makes 2
// upstream calls, so at 8/s the bulk logins would take minutes and measure
// the limiter instead of the login. The cache of Upwork data is off too
// (cache_ttl_s = 0): otherwise test 6's 50 requests would wait on the
// cache's own single flight for the Home query, and the count of refreshes
// would measure that instead of the token refresh's lock (O12).
//
// NB tests 8 and 6: the sandbox's access tokens are made to live 1200 s
// (switch access_ttl_s) and the app's clock is moved 1000 s, into the
// 300 s refresh margin. With the default 86400 s the clock would have to
// move ~24 h, past the session's own idle (30 min) and absolute (8 h)
// limits (S4), and the session would end before any refresh was tried.
//
//   node tests/t/t0040-oauth.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { ok, done, diag, suite, assertS7, startStack } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const BULK_CONF = 'upstream_rate_per_s = 0\nupstream_daily_cap = 0\ncache_ttl_s = 0';
const ADA_ID = '1390042875001225216';
const B64URL43 = /^[A-Za-z0-9_-]{43}$/;
const ERROR_PAGE = /id="error-heading"/;
const USER_NAME = /id="user-name"[^>]*>Ada Lovelace</;

let clock = 0; // the app's clock offset in seconds; only ever moves forward

function setClock(st, s) {
  clock = s;
  st.setClock(s);
}

const tokenCalls = (log) => log.filter((e) => e.endpoint === 'token');
const refreshCalls = (log) => tokenCalls(log).filter((e) => e.grant_type === 'refresh_token');

function sha256hex(s) {
  return crypto.createHash('sha256').update(s).digest('hex');
}

// The store names a record file by SHA-256 of its key (app/store.c).
function tokenFile(st, userId) {
  return path.join(st.var, 'data', 'tokens', sha256hex(userId));
}

const get = (st, p, jar, extra = {}) =>
  fcgi.request(st.sock, { path: p, headers: { Cookie: jar ? jar.header() : undefined, ...extra } }, st);

// Test 1: callback with missing, wrong, replayed and expired state.
async function test1(st) {
  diag('test 1: state missing, wrong, replayed, expired (O2)');
  const answers = [];

  // Each variant gets its own login transaction in its own browser.
  async function variant(name, mutate, before) {
    const jar = new fcgi.Jar();
    const { authorizeUrl } = await fcgi.beginLogin(st, jar);
    const tx = jar.get('__Host-oauth_tx');
    const callbackUrl = await fcgi.authorize(authorizeUrl, 'ada', 'allow');
    if (before) await before();
    await st.sb.clearLog();
    const res = await fcgi.callback(st, jar, mutate(callbackUrl));
    const body = res.body.toString('utf8');
    const calls = tokenCalls(await st.sb.log()).length;
    answers.push(res.status === 400 && ERROR_PAGE.test(body) && calls === 0);
    ok(res.status === 400, `${name} state: callback answers 400`, res.status);
    ok(ERROR_PAGE.test(body) && /cannot be completed/.test(body), `${name} state: the app's error page`);
    ok(calls === 0, `${name} state: 0 token-endpoint calls`, calls);
    ok(!jar.has('__Host-sid'), `${name} state: no session issued`);
    return { jar, tx, callbackUrl };
  }

  const withState = (u, v) => {
    const x = new URL(u);
    if (v === undefined) x.searchParams.delete('state');
    else x.searchParams.set('state', v);
    return x.toString();
  };

  // Missing.
  const m = await variant('missing', (u) => withState(u));
  // The transaction was used up by that attempt, match or not (O2): the
  // right state with the same pre-login cookie is refused too.
  await st.sb.clearLog();
  let res = await fcgi.callback(st, new fcgi.Jar([['__Host-oauth_tx', m.tx]]), m.callbackUrl);
  ok(res.status === 400 && tokenCalls(await st.sb.log()).length === 0,
    'the transaction is gone after a failed attempt: the right state then answers 400, no token call', res.status);

  // Wrong.
  await variant('wrong', (u) => withState(u, crypto.randomBytes(32).toString('base64url')));

  // Replayed: the valid flow first.
  const jar = new fcgi.Jar();
  const { authorizeUrl } = await fcgi.beginLogin(st, jar);
  const tx = jar.get('__Host-oauth_tx');
  const callbackUrl = await fcgi.authorize(authorizeUrl, 'ada', 'allow');
  await st.sb.clearLog();
  res = await fcgi.callback(st, jar, callbackUrl);
  ok(res.status === 303 && fcgi.header(res, 'location') === '/', 'the valid flow answers 303 to /',
    `${res.status} ${fcgi.header(res, 'location')}`);
  ok(tokenCalls(await st.sb.log()).length === 1, 'the valid flow makes 1 token call');
  ok(B64URL43.test(jar.get('__Host-sid') || ''), 'the valid flow issues a session');
  await st.sb.clearLog();
  // The replay as a browser that still had the pre-login cookie (the worst
  // case; the app cleared it), and as one that has not.
  res = await fcgi.callback(st, new fcgi.Jar([['__Host-oauth_tx', tx]]), callbackUrl);
  const replayBody = res.body.toString('utf8');
  let calls = tokenCalls(await st.sb.log()).length;
  answers.push(res.status === 400 && ERROR_PAGE.test(replayBody) && calls === 0);
  ok(res.status === 400, 'replayed state: callback answers 400', res.status);
  ok(ERROR_PAGE.test(replayBody) && /cannot be completed/.test(replayBody), "replayed state: the app's error page");
  ok(calls === 0, 'replayed state: 0 token-endpoint calls', calls);
  res = await fcgi.callback(st, new fcgi.Jar(), callbackUrl);
  calls = tokenCalls(await st.sb.log()).length;
  ok(res.status === 400 && calls === 0, 'replayed without the pre-login cookie: 400, 0 token calls', res.status);

  // Control for the clock: a login completed 9 minutes later still works.
  {
    const j = new fcgi.Jar();
    const { authorizeUrl: au } = await fcgi.beginLogin(st, j);
    const cb = await fcgi.authorize(au, 'ada', 'allow');
    setClock(st, clock + 9 * 60);
    const r = await fcgi.callback(st, j, cb);
    ok(r.status === 303 && j.has('__Host-sid'), 'control: a login completed after 9 min (app clock) answers 303', r.status);
  }

  // Expired: started now, completed 11 minutes later by the app's clock.
  await variant('expired', (u) => u, async () => setClock(st, clock + 11 * 60));

  const n400 = answers.filter(Boolean).length;
  ok(n400 === 4, 'test 1: 4/4 variants answered 400 with 0 token calls', `${n400}/4`);
  diag(`test 1: ${n400}/4 variants answered 400 with the error page and 0 token-endpoint calls; valid flow 303`);
}

// Test 2: 1,000 logins, PKCE S256 every time.
async function test2(st) {
  const N = 1000, CONC = 8;
  diag(`test 2: ${N} logins over FastCGI, concurrency ${CONC} (O3)`);
  await st.sb.clearLog();
  const t0 = Date.now();
  const res = await fcgi.pool(CONC, N, () => fcgi.signin(st, 'ada', 'allow'));
  const ms = Date.now() - t0;
  const errors = res.filter((r) => r.error);
  ok(errors.length === 0, `test 2: ${N} logins completed without error`,
    errors.length ? `${errors.length} errors, first: ${errors[0].error.message}` : undefined);
  const good = res.filter((r) => !r.error);
  ok(good.every((r) => r.status === 303 && r.location === '/'), 'test 2: every callback answers 303 to /',
    good.filter((r) => r.status !== 303).length);

  let s256 = 0, plain = 0;
  const states = new Set();
  const challenges = new Map(); // first 12 hex of the decoded challenge -> count
  for (const r of good) {
    const q = new URL(r.authorizeUrl).searchParams;
    const method = q.get('code_challenge_method');
    const ch = q.get('code_challenge') || '';
    if (method === 'S256' && B64URL43.test(ch)) s256++;
    if (method !== 'S256' || q.getAll('code_challenge_method').length !== 1) plain++;
    if (B64URL43.test(q.get('state') || '')) states.add(q.get('state'));
    const k = Buffer.from(ch, 'base64url').toString('hex').slice(0, 12);
    challenges.set(k, (challenges.get(k) || 0) + 1);
  }
  ok(s256 === N, `test 2: ${N}/${N} authorize URLs carry S256 and a 43-char base64url challenge`, s256);
  ok(plain === 0, 'test 2: 0 authorize URLs without S256 (plain or missing)', plain);
  ok(states.size === N, `test 2: ${N}/${N} distinct 43-char state values`, states.size);

  const log = await st.sb.log();
  const ex = tokenCalls(log).filter((e) => e.grant_type === 'authorization_code');
  const verified = ex.filter((e) => e.status === 200 && e.pkce === 'S256' &&
    /^[0-9a-f]{12}$/.test(e.pkce_verifier_sha256_12 || ''));
  const hashes = new Set(verified.map((e) => e.pkce_verifier_sha256_12));
  const notPkce = log.filter((e) => (e.endpoint === 'authorize' || e.endpoint === 'token') &&
    e.pkce !== undefined && e.pkce !== 'S256').length;
  const matched = [...hashes].filter((h) => challenges.get(h) === 1).length;
  ok(ex.length === N, `test 2: ${N} code exchanges in the sandbox log`, ex.length);
  ok(verified.length === N, `test 2: ${N}/${N} exchanges PKCE S256 with the verifier verified`, verified.length);
  ok(hashes.size === verified.length, 'test 2: 0 duplicate verifiers', verified.length - hashes.size);
  ok(notPkce === 0, 'test 2: 0 authorize or token requests without S256 in the sandbox log', notPkce);
  ok(matched === N, `test 2: each verifier belongs to exactly one authorize URL's challenge`, matched);
  ok(ms <= 60000, `test 2: ${N} logins within 60 s`, `${ms} ms`);
  diag(`test 2: ${N} logins in ${ms} ms (${(N / (ms / 1000)).toFixed(0)}/s); S256+43-char ${s256}/${N}; ` +
    `verified ${verified.length}/${N}; duplicate verifier hashes ${verified.length - hashes.size}; ` +
    `plain ${plain + notPkce}; distinct states ${states.size}/${N}`);
}

// Test 8: the AS answers invalid_grant to a refresh.
async function test8(st) {
  diag('test 8: invalid_grant on refresh (O12, R9)');
  await st.sb.config({ access_ttl_s: 1200, refresh_fail: false });
  const s = await fcgi.signin(st, 'ada', 'allow');
  ok(s.status === 303 && s.sid, 'test 8: signed in');
  let res = await get(st, '/', s.jar);
  ok(res.status === 200 && USER_NAME.test(res.body.toString()), 'test 8: dashboard before expiry');
  ok(fs.existsSync(tokenFile(st, ADA_ID)), 'test 8: token record stored');
  await st.sb.config({ refresh_fail: true });
  await st.sb.clearLog();
  setClock(st, clock + 1000); // 1200 s token: inside the 300 s margin
  const sid = s.sid;
  const cookie = `__Host-sid=${sid}`;
  res = await fcgi.request(st.sock, { path: '/', headers: { Cookie: cookie } }, st);
  let log = await st.sb.log();
  const first = refreshCalls(log).length;
  ok(first <= 1, 'test 8: ≤ 1 refresh call', first);
  ok(first === 1 && refreshCalls(log)[0].error === 'invalid_grant', 'test 8: the refresh was tried and refused');
  ok(!fs.existsSync(tokenFile(st, ADA_ID)), "test 8: the user's token record is deleted");
  ok(res.status === 303 && fcgi.header(res, 'location') === '/?signin=expired',
    'test 8: redirected to /?signin=expired', `${res.status} ${fcgi.header(res, 'location')}`);
  ok(fcgi.headerAll(res, 'set-cookie').some((c) => /^__Host-sid=;.*Max-Age=0/.test(c)),
    'test 8: the session cookie is cleared');
  const page = await get(st, '/?signin=expired', null);
  const body = page.body.toString('utf8');
  ok(page.status === 200 && /href="\/auth\/login/.test(body) && /expired/i.test(body) &&
    !USER_NAME.test(body), 'test 8: the sign-in page offers sign-in and says access expired');
  // No retry storm: the same (now dead) cookie five more times.
  const again = [];
  for (let i = 0; i < 5; i++) {
    const r = await fcgi.request(st.sock, { path: '/', headers: { Cookie: cookie } }, st);
    again.push(r.status);
  }
  log = await st.sb.log();
  const total = refreshCalls(log).length;
  ok(total <= 1, 'test 8: after 5 more GETs, refresh calls stay ≤ 1', total);
  ok(log.filter((e) => e.endpoint === 'graphql').length === 0, 'test 8: no API call with the refused grant');
  diag(`test 8: refresh calls ${first} after the first GET, ${total} after 5 more (statuses ${again.join(',')}); ` +
    `token file present: ${fs.existsSync(tokenFile(st, ADA_ID))}`);
  await st.sb.config({ refresh_fail: null });
}

// Test 6: 50 concurrent requests while the access token is expired.
async function test6(st) {
  const N = 50;
  diag(`test 6: ${N} concurrent GET / with an expired access token (O12)`);
  await st.sb.config({ access_ttl_s: 1200, refresh_fail: false });
  const s = await fcgi.signin(st, 'ada', 'allow');
  ok(s.status === 303 && s.sid, 'test 6: signed in');
  await st.sb.clearLog();
  setClock(st, clock + 1000);
  const t0 = Date.now();
  const rs = await Promise.all(Array.from({ length: N }, () =>
    fcgi.request(st.sock, { path: '/', headers: { Cookie: `__Host-sid=${s.sid}` } }, st)
      .catch((error) => ({ error }))));
  const ms = Date.now() - t0;
  const log = await st.sb.log();
  const refreshes = refreshCalls(log);
  const good = rs.filter((r) => !r.error && r.status === 200 && USER_NAME.test(r.body.toString('utf8')));
  ok(refreshes.length === 1, 'test 6: exactly 1 refresh call', refreshes.length);
  ok(refreshes.every((e) => e.status === 200), 'test 6: the refresh succeeded');
  ok(good.length === N, `test 6: ${N}/${N} answered 200 with the user's name`, good.length);
  const api = log.filter((e) => e.endpoint === 'graphql' && e.bearer).length;
  ok(api >= N, `test 6: each of the ${N} requests needed the access token (${N} API calls, no cache)`, api);
  const errs = rs.filter((r) => r.error);
  if (errs.length) diag(`test 6: first error: ${errs[0].error.message}`);
  const statuses = {};
  for (const r of rs) statuses[r.error ? 'error' : r.status] = (statuses[r.error ? 'error' : r.status] || 0) + 1;
  diag(`test 6: ${refreshes.length} refresh call(s); ${good.length}/${N} 200 with the name ` +
    `(statuses ${JSON.stringify(statuses)}); ${api} API calls; ${ms} ms`);
  await st.sb.config({ access_ttl_s: null });
}

async function main() {
  const t0 = Date.now();
  let st;
  try {
    st = await startStack({ faketime: true, confExtra: BULK_CONF });
  } catch (e) {
    ok(false, 'stack starts', e.message);
    return done(NAME);
  }
  const s7 = fcgi.watchS7();
  try {
    await test1(st);
    await test2(st);
    await test8(st);
    await test6(st);
  } catch (e) {
    ok(false, 'suite ran to the end', e.stack);
  } finally {
    assertS7(s7);
    st.finish();
    diag(`wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return done(NAME);
}

suite(NAME, main);
