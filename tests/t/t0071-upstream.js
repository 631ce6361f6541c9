'use strict';
// t0071-upstream.js: the install-wide call discipline towards Upwork
// (app/upstream.c, app/http.c) against the security bar
// (shared/reference/security-bar.md §6 R2, R4, R5, R6; §7 test 27):
//
//   1. R5: 60 calls fired at once (10 sign-ins, each a token call and a
//      GraphQL Signin, plus 40 GET /) reach the sandbox at ≤ 8 in any
//      1000 ms window;
//   2. R2: a run of 503s gets exactly 3 attempts, with full-jitter gaps
//      (≤ 2 s, then ≤ 4 s); a 500 is not retried; 429, 502 and 504 are,
//      and so is no answer (the sandbox drops the connection after the
//      request arrived): each call that reaches the sandbox is an attempt
//      the app counts, ≤ 3 for a page even in a run of drops; a token
//      request is never retried, whether answered 503 or dropped; the
//      retry budget (≤ 10 % of the minute's calls) holds;
//   3. R4: Retry-After as an HTTP-date: no call before that time, from any
//      request;
//   4. test 27: 429 with Retry-After: 7, then a run of 503s: 0 calls until
//      7 s after the 429 (requests made meanwhile wait in the shared state);
//      the breaker opens at the 5th failure in a row (the 429 counts);
//      then 0 calls for 30 s (the "Upwork is unavailable" page, `workdesk
//      status` says "breaker: open"); at 30 s several concurrent requests
//      let exactly 1 probe through, which fails and opens it again;
//   and over the whole run: ≤ 8 calls in any 1000 ms window, ≤ 3 attempts
//   per request (the app's request log, upstream=N, agrees with the
//   sandbox's count), every page within the 25 s page budget.
//
// The stack runs with the default limits (upstream_rate_per_s 8,
// upstream_daily_cap 35000, page_budget_ms 25000) and cache_ttl_s = 0, so
// that every GET / is a cold page that calls Upwork (a cached page would
// hide the calls this suite counts). Calls are timed by the sandbox's log
// (t: arrival, ms since the epoch; never cleared here). Requests go
// straight to the FastCGI socket (tests/lib/fcgi.js).
//
//   node tests/t/t0071-upstream.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app
// alongside: mostly Retry-After and backoff waits (tests/run.sh)

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ok, done, diag, suite, startStack, REPO } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const BIN = process.env.WORKDESK_BIN ? path.resolve(process.env.WORKDESK_BIN)
  : path.join(REPO, 'build', 'workdesk');
const RATE = 8;
const BUDGET_MS = 25000;
const OPEN_MS = 30000;
const ERROR_HEADING = /<h1 id="error-heading">([^<]*)<\/h1>/;
const USER_NAME = /id="user-name"[^>]*>([^<]*)</;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- observations ------------------------------------------------------------------

// The app's calls as the sandbox saw them (token and GraphQL; the authorize
// page is the test's own browser), in arrival order.
async function calls(st, since = 0) {
  return (await st.sb.log())
    .filter((e) => (e.endpoint === 'token' || e.endpoint === 'graphql') && e.t >= since)
    .sort((a, b) => a.t - b.t);
}

// Most calls in any window [t, t + 1000 ms), and the window where it was.
function maxInWindow(cs, windowMs = 1000) {
  let best = 0, at = null;
  for (let i = 0, j = 0; i < cs.length; i++) {
    while (j < cs.length && cs[j].t < cs[i].t + windowMs) j++;
    if (j - i > best) {
      best = j - i;
      at = cs[i].t;
    }
  }
  return { max: best, at };
}

// The app's request log lines: {route, status, ms, upstream}.
function appLines(st, from = 0) {
  const out = [];
  for (const line of st.appLog().slice(from).split('\n')) {
    const m = / (GET|POST|HEAD) (\S+) (\d{3}) (\d+)ms upstream=(\d+) cache=\d+\/\d+$/.exec(line);
    if (m) out.push({ route: m[2], status: +m[3], ms: +m[4], upstream: +m[5] });
  }
  return out;
}

function status(st) {
  try {
    return execFileSync(BIN, ['status', '-c', path.join(st.var, 'workdesk.conf')],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return `status failed: ${e.message}`;
  }
}

// ---- requests -------------------------------------------------------------------

const durations = [];

async function timed(p) {
  const t0 = Date.now();
  try {
    const r = await p;
    r.ms = Date.now() - t0;
    r.t0 = t0;
    durations.push(r.ms);
    return r;
  } catch (error) {
    return { error, ms: Date.now() - t0, t0 };
  }
}

function home(st, sid) {
  return timed(fcgi.request(st.sock, { path: '/', headers: { Cookie: `__Host-sid=${sid}` }, timeoutMs: 60000 }, st))
    .then((r) => {
      if (r.error) return r;
      const body = r.body.toString('utf8');
      const h = ERROR_HEADING.exec(body);
      r.heading = h ? fcgi.htmlUnescape(h[1]) : null;
      r.name = (USER_NAME.exec(body) || [])[1] || null;
      return r;
    });
}

async function signin(st, user) {
  const s = await fcgi.signin(st, user, 'allow');
  if (s.status !== 303 || !s.sid) throw new Error(`sign-in as ${user} failed: ${s.status}`);
  // GET / is this suite's one-call page: no dashboard blocks (t0097 has them).
  await fcgi.hideHomeBlocks(st, s.sid);
  return s.sid;
}

const isPage = (r) => !r.error && r.status === 200 && r.name;
const fmt = (cs, t0) => cs.map((c) => `+${c.t - t0}ms ${c.endpoint}:${c.status}`).join(', ');

// ---- 1. R5: the limiter --------------------------------------------------------------

async function limiter(st, sess) {
  const SIGNINS = 10, GETS = 40;
  diag(`1. R5: ${SIGNINS} sign-ins and ${GETS} GET / at once (${2 * SIGNINS + GETS} calls), limit ${RATE}/s`);
  // The browser steps of the sign-ins (the app's /auth/login, the sandbox's
  // consent page) first, so that during the burst the sandbox serves the
  // app's calls only: its arrival times are then as exact as it can stamp them.
  const pending = [];
  for (let i = 0; i < SIGNINS; i++) {
    const jar = new fcgi.Jar();
    const { authorizeUrl } = await fcgi.beginLogin(st, jar);
    pending.push({ jar, callbackUrl: await fcgi.authorize(authorizeUrl, i % 2 ? 'grace' : 'ada', 'allow') });
  }
  const mark = Date.now();
  const from = st.appLog().length;
  const jobs = [];
  for (const { jar, callbackUrl } of pending) {
    jobs.push(fcgi.callback(st, jar, callbackUrl).then((r) => r.status === 303 && jar.has('__Host-sid'), () => false));
  }
  for (let i = 0; i < GETS; i++) jobs.push(home(st, i % 2 ? sess.grace : sess.ada).then(isPage));
  const res = await Promise.all(jobs);
  const ms = Date.now() - mark;
  const cs = await calls(st, mark);
  const w = maxInWindow(cs);
  const span = cs.length > 1 ? cs[cs.length - 1].t - cs[0].t : 0;
  const tight = cs.length > RATE ? Math.min(...cs.slice(RATE).map((c, i) => c.t - cs[i].t)) : null;
  ok(res.slice(0, SIGNINS).every(Boolean), `1. ${SIGNINS}/${SIGNINS} sign-ins succeed`, res.slice(0, SIGNINS).filter(Boolean).length);
  ok(res.slice(SIGNINS).every(Boolean), `1. ${GETS}/${GETS} GET / answer 200 with the user's name`, res.slice(SIGNINS).filter(Boolean).length);
  ok(cs.length === 2 * SIGNINS + GETS, `1. ${2 * SIGNINS + GETS} calls reached the sandbox`, cs.length);
  ok(cs.filter((c) => c.endpoint === 'token').length === SIGNINS, `1. ${SIGNINS} of them token calls`);
  ok(w.max <= RATE, `1. ≤ ${RATE} calls in any 1000 ms window`,
    `${w.max}: ${fmt(cs.filter((c) => c.t >= w.at && c.t < w.at + 1000), w.at)}`);
  ok(span >= ((cs.length - 1) / RATE - 1) * 1000, `1. the ${cs.length} calls take ≥ ${((cs.length - 1) / RATE - 1).toFixed(1)} s`, `${span} ms`);
  const lines = appLines(st, from);
  diag(`1. ${cs.length} calls over ${span} ms (${((cs.length - 1) / (span / 1000)).toFixed(2)}/s); ` +
    `max ${w.max} in a 1000 ms window; the ${RATE + 1}th call after any call comes ≥ ${tight} ms later; ` +
    `all requests done in ${ms} ms; longest page ${Math.max(...lines.map((l) => l.ms))} ms`);
}

// ---- 2. R2: retries --------------------------------------------------------------------

async function retries(st, sess) {
  diag('2. R2: which answers are retried, how often, how far apart');
  // A run of 503s longer than the attempts: exactly 3, then the error page.
  let mark = Date.now();
  await st.sb.config({ graphql_fault: { status: 503, count: 4 } });
  let r = await home(st, sess.ada);
  let cs = await calls(st, mark);
  await st.sb.config({ graphql_fault: null });
  const gaps = cs.slice(1).map((c, i) => c.t - cs[i].t);
  ok(cs.length === 3 && cs.every((c) => c.status === 503), '2. 503 run: exactly 3 attempts for one page', fmt(cs, mark));
  ok(r.status === 502 && r.heading === 'Upwork had a problem', '2. 503 run: then the error page (502 "Upwork had a problem")',
    `${r.status} ${r.heading}`);
  ok(gaps.length === 2 && gaps[0] <= 2000 + 50 && gaps[1] <= 4000 + 50,
    '2. 503 run: full-jitter gaps ≤ 2 s then ≤ 4 s (random(0, min(30 s, 1 s·2^n)))', gaps.join(', '));
  diag(`2. 503 run: ${cs.length} attempts, gaps ${gaps.join(' ms, ')} ms, page ${r.status} in ${r.ms} ms`);
  r = await home(st, sess.ada); // a success ends the run of failures

  // 500: not retried.
  mark = Date.now();
  await st.sb.config({ graphql_fault: { status: 500, count: 2 } });
  r = await home(st, sess.ada);
  cs = await calls(st, mark);
  await st.sb.config({ graphql_fault: null });
  ok(cs.length === 1 && cs[0].status === 500 && r.status === 502, '2. 500: 1 attempt, not retried (502 page)',
    `${fmt(cs, mark)} -> ${r.status}`);
  await home(st, sess.ada);

  // Retried once, then answered: 429 without Retry-After, 502, 504.
  for (const [label, fault] of [['429', { status: 429 }], ['502', { status: 502 }], ['504', { status: 504 }]]) {
    mark = Date.now();
    const from = st.appLog().length;
    await st.sb.config({ graphql_fault: { ...fault, count: 1 } });
    r = await home(st, sess.ada);
    cs = await calls(st, mark);
    await st.sb.config({ graphql_fault: null });
    const up = appLines(st, from).map((l) => l.upstream);
    ok(cs.length === 2 && isPage(r) && up.length === 1 && up[0] === 2,
      `2. ${label}: retried, the second attempt answers (200; 2 calls, the app counts 2)`,
      `${fmt(cs, mark)} -> ${r.status}; app upstream=${up.join(',')}`);
    diag(`2. ${label}: ${cs.length} attempts ${cs.length === 2 ? `${cs[1].t - cs[0].t} ms apart` : ''}, page ${r.status}`);
  }

  // No answer: the connection closes after the request arrived (a fault
  // that drops it). Only the app's own retry may repeat the call, once per
  // attempt it counts. The previous GET left a kept-alive connection.
  mark = Date.now();
  let from = st.appLog().length;
  await st.sb.config({ graphql_fault: { drop: true, count: 1 } });
  r = await home(st, sess.ada);
  cs = await calls(st, mark);
  await st.sb.config({ graphql_fault: null });
  let up = appLines(st, from).map((l) => l.upstream);
  ok(isPage(r), '2. no answer (dropped once): retried, then the page (200)', r.status);
  ok(up.length === 1 && up[0] === cs.length,
    '2. no answer (dropped once): the calls that reached the sandbox are the attempts the app counts',
    `sandbox ${cs.length} (${fmt(cs, mark)}), app upstream=${up.join(',')}`);
  diag(`2. dropped once: ${cs.length} calls reached the sandbox, the app counted ${up.join(',')} attempt(s)`);
  await home(st, sess.ada);

  // A run of drops: at most 3 calls reach the sandbox for one page.
  mark = Date.now();
  from = st.appLog().length;
  await st.sb.config({ graphql_fault: { drop: true } });
  r = await home(st, sess.ada);
  cs = await calls(st, mark);
  await st.sb.config({ graphql_fault: null });
  up = appLines(st, from).map((l) => l.upstream);
  ok(r.status === 503 && r.heading === 'Upwork cannot be reached', '2. no answer (run of drops): 503 "Upwork cannot be reached"',
    `${r.status} ${r.heading}`);
  ok(cs.length <= 3, '2. no answer (run of drops): ≤ 3 calls reach the sandbox for one page',
    `sandbox ${cs.length} (${fmt(cs, mark)}), app upstream=${up.join(',')}`);
  diag(`2. run of drops: ${cs.length} calls reached the sandbox, the app counted ${up.join(',')} attempt(s), ` +
    `page ${r.status} in ${r.ms} ms`);
  await home(st, sess.ada);

  // A token request is never retried (a code is single-use): answered 503,
  // and dropped without an answer on a kept-alive connection.
  mark = Date.now();
  await st.sb.config({ token_fault: { status: 503, count: 2 } });
  let s = await fcgi.signin(st, 'ada', 'allow');
  cs = await calls(st, mark);
  await st.sb.config({ token_fault: null });
  let body = s.res.body.toString('utf8');
  ok(cs.filter((c) => c.endpoint === 'token').length === 1 && cs.filter((c) => c.endpoint === 'graphql').length === 0,
    '2. token request answered 503: 1 attempt, not retried', fmt(cs, mark));
  ok(s.res.status === 502 && /did not complete the sign-in/.test(body) && !s.sid,
    '2. token request answered 503: "did not complete the sign-in" page, no session', s.res.status);
  await home(st, sess.ada);
  mark = Date.now();
  await st.sb.config({ token_fault: { drop: true, count: 1 } });
  s = await fcgi.signin(st, 'ada', 'allow');
  cs = await calls(st, mark);
  await st.sb.config({ token_fault: null });
  body = s.res.body.toString('utf8');
  const tokenCalls = cs.filter((c) => c.endpoint === 'token');
  ok(tokenCalls.length === 1,
    '2. token request dropped without an answer: exactly 1 token call reaches the sandbox (not resent)', fmt(cs, mark));
  ok(s.res.status === 502 && /did not complete the sign-in/.test(body) && !s.sid,
    '2. token request dropped: "did not complete the sign-in" page, no session', `${s.res.status} ${s.location || ''}`);
  diag(`2. token dropped once: ${tokenCalls.length} token call(s) reached the sandbox (${fmt(cs, mark)}); ` +
    `sign-in answered ${s.res.status}`);
  await home(st, sess.ada);

  // The retry budget: ≤ 10 % of the minute's calls (at least 1).
  const out = status(st);
  const m = /upstream calls: (\d+) in the last minute[\s\S]*retries: (\d+)/.exec(out);
  const [callsMin, retriesMin] = m ? [+m[1], +m[2]] : [NaN, NaN];
  ok(m && retriesMin <= Math.max(1, Math.ceil(callsMin / 10)), '2. retry budget: retries ≤ 10 % of the last minute\'s calls',
    out.trim().replace(/\n/g, ' | '));
  diag(`2. workdesk status: ${callsMin} calls and ${retriesMin} retries in the last minute`);
}

// Poll the sandbox log until an entry with this status arrives after since.
async function waitFor(st, since, statusCode, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const e = (await calls(st, since)).find((c) => c.status === statusCode);
    if (e) return e;
    await sleep(10);
  }
  return null;
}

// ---- 3. R4: Retry-After as an HTTP-date -------------------------------------------------

async function retryAfterDate(st, sess) {
  const until = Math.ceil(Date.now() / 1000) + 4; // whole seconds: the date's resolution
  const date = new Date(until * 1000).toUTCString();
  diag(`3. R4: 429 with Retry-After: ${date} (${until * 1000 - Date.now()} ms ahead)`);
  const mark = Date.now();
  await st.sb.config({ graphql_fault: { status: 429, retry_after: date, count: 1 } });
  const p1 = home(st, sess.ada);
  const e429 = await waitFor(st, mark, 429);
  const p2 = home(st, sess.grace); // another request while blocked
  const [r1, r2] = await Promise.all([p1, p2]);
  const cs = await calls(st, mark);
  const after = e429 ? cs.filter((c) => c.t > e429.t) : [];
  const early = after.filter((c) => c.t < until * 1000);
  ok(e429 !== null, '3. the sandbox answered 429 with the HTTP-date');
  ok(early.length === 0 && after.length === 2, '3. 0 calls before the HTTP-date, from either request', fmt(cs, until * 1000));
  ok(isPage(r1) && isPage(r2), '3. both pages are served once the date has passed', `${r1.status} ${r2.status}`);
  diag(`3. first call after the 429: ${after.length ? after[0].t - until * 1000 : '-'} ms after the date ` +
    `(${after.length ? after[0].t - e429.t : '-'} ms after the 429); pages in ${r1.ms} and ${r2.ms} ms`);
}

// ---- 4. test 27 ---------------------------------------------------------------------

async function test27(st, sess) {
  diag('4. test 27: 429 with Retry-After: 7, then a run of 503s');
  const from = st.appLog().length;
  const mark = Date.now();
  await st.sb.config({ graphql_fault: { status: 429, retry_after: '7', count: 1 } });
  const pending = [home(st, sess.ada)];
  const e429 = await waitFor(st, mark, 429);
  await st.sb.config({ graphql_fault: { status: 503 } });
  ok(e429 !== null, '4. the sandbox answered 429 with Retry-After: 7');
  if (!e429) return;
  const T = e429.t + 7000;
  // Requests from other users while blocked, at once and 3 s later: they
  // wait in the shared state (three worker threads busy, one left free).
  pending.push(home(st, sess.grace));
  await sleep(3000);
  pending.push(home(st, sess.ada2));
  const first = await Promise.all(pending);
  let cs = await calls(st, mark);
  const inBlock = cs.filter((c) => c.t > e429.t && c.t < T);
  const firstAfter = cs.find((c) => c.t > e429.t);
  ok(inBlock.length === 0, '4. 0 calls from the 429 until 7 s after it', fmt(inBlock, e429.t));
  ok(firstAfter && firstAfter.t >= T, '4. the next call comes ≥ 7000 ms after the 429',
    firstAfter ? `${firstAfter.t - e429.t} ms` : 'none');
  ok(first.every((r) => !r.error && r.ms <= BUDGET_MS + 1000), `4. the 3 requests made meanwhile end within the ${BUDGET_MS / 1000} s page budget`,
    first.map((r) => r.ms).join(', '));
  diag(`4. first call after the 429: +${firstAfter ? firstAfter.t - e429.t : '-'} ms; ` +
    `requests: ${first.map((r) => `${r.status} "${r.heading}" ${r.ms} ms`).join('; ')}`);

  // Drive the run of failures to the breaker, one request at a time.
  let opened = /breaker: open/.test(status(st));
  for (let i = 0; i < 6 && !opened; i++) {
    await home(st, sess.ada);
    opened = /breaker: open/.test(status(st));
  }
  cs = await calls(st, mark);
  const failed = cs.filter((c) => c.t >= e429.t);
  const fifth = failed[4];
  ok(opened, '4. the breaker opened (`workdesk status`: breaker: open)');
  ok(failed.length >= 5 && failed.every((c) => c.status === 429 || c.status === 503),
    '4. it took 5 failed calls in a row (the 429 and four 503s)', fmt(failed, e429.t));
  ok(failed.length === 5, '4. the breaker opened at the 5th failure: no 6th call', fmt(failed, e429.t));
  if (!fifth) return;
  const openedAt = fifth.t;
  diag(`4. 5th failure at +${openedAt - e429.t} ms after the 429; ${failed.length} failed calls; ` +
    status(st).trim().split('\n').filter((l) => /breaker/.test(l)).join(''));

  // Open: every page is refused at once without a call, for 30 s.
  const refused = [];
  while (Date.now() < openedAt + OPEN_MS - 1500) {
    refused.push(await home(st, refused.length % 2 ? sess.grace : sess.ada));
    const left = openedAt + OPEN_MS - 1500 - Date.now();
    if (left > 0) await sleep(Math.min(4000, left));
  }
  const st1 = status(st);
  const lastRefused = refused.length ? refused[refused.length - 1].t0 - openedAt : null;
  refused.push(await home(st, sess.ada)); // about 1 s before the 30 s
  cs = await calls(st, openedAt + 1);
  const duringOpen = cs.filter((c) => c.t < openedAt + OPEN_MS - 200);
  ok(duringOpen.length === 0, `4. 0 calls while open (${refused.length} page requests over ${((Date.now() - openedAt) / 1000).toFixed(1)} s)`,
    fmt(duringOpen, openedAt));
  ok(refused.every((r) => r.status === 503 && r.heading === 'Upwork is unavailable'),
    '4. open: every page is 503 "Upwork is unavailable"', refused.map((r) => `${r.status} ${r.heading}`).join('; '));
  ok(refused.every((r) => r.ms < 1000), '4. open: refused at once (< 1 s)', refused.map((r) => r.ms).join(','));
  ok(/breaker: open \(probe in \d+ s\)/.test(st1), '4. `workdesk status` prints "breaker: open (probe in N s)"',
    st1.trim().replace(/\n/g, ' | '));
  diag(`4. open: ${refused.length} requests refused in ${Math.max(...refused.map((r) => r.ms))} ms at most, ` +
    `the last ${((refused[refused.length - 1].t0 - openedAt) / 1000).toFixed(1)} s after opening (previous ${lastRefused} ms); ` +
    st1.split('\n').find((l) => /breaker/.test(l)));

  // Half-open: several concurrent requests, exactly one probe.
  const wait = openedAt + OPEN_MS + 600 - Date.now();
  if (wait > 0) await sleep(wait);
  const burstAt = Date.now();
  const burst = await Promise.all([sess.ada, sess.grace, sess.ada2, sess.ada, sess.grace, sess.ada2].map((s) => home(st, s)));
  cs = await calls(st, openedAt + 1);
  ok(cs.length === 1, `4. after 30 s, ${burst.length} concurrent requests: exactly 1 call (the probe)`, fmt(cs, openedAt));
  const others = burst.filter((r) => r.status === 503 && r.heading === 'Upwork is unavailable' && r.ms < 1000);
  ok(others.length >= burst.length - 1 && burst.every((r) => r.status === 502 || r.status === 503),
    '4. the probe failed: its page is an error page, every other request "Upwork is unavailable" at once',
    burst.map((r) => `${r.status} ${r.heading} ${r.ms}ms`).join('; '));
  const st2 = status(st);
  ok(/breaker: open \(probe in (2\d|30) s\)/.test(st2), '4. the failed probe opens the breaker again for 30 s',
    st2.split('\n').find((l) => /breaker/.test(l)));
  const again = await home(st, sess.grace);
  const cs2 = await calls(st, openedAt + 1);
  ok(cs2.length === 1 && again.status === 503, '4. and the next request makes no call', fmt(cs2, openedAt));
  diag(`4. probe: ${cs.length} call at +${cs.length ? cs[0].t - openedAt : '-'} ms after opening ` +
    `(burst sent at +${burstAt - openedAt} ms); ${st2.split('\n').find((l) => /breaker/.test(l))}`);
  await st.sb.config({ graphql_fault: null });

  const lines = appLines(st, from).filter((l) => l.route === 'home');
  diag(`4. request log for test 27: ${lines.map((l) => `${l.status}/u${l.upstream}`).join(' ')}`);
}

async function main() {
  const t0 = Date.now();
  let st;
  try {
    st = await startStack({ confExtra: 'cache_ttl_s = 0' });
  } catch (e) {
    ok(false, 'stack starts', e.message);
    return done(NAME);
  }
  try {
    const conf = fs.readFileSync(path.join(st.var, 'workdesk.conf'), 'utf8');
    ok(!/upstream_rate_per_s|upstream_daily_cap|page_budget_ms/.test(conf), 'the stack runs with the default limits');
    const out = status(st);
    ok(/limit 8\/s/.test(out) && /cap 35000/.test(out), '`workdesk status`: limit 8/s, cap 35000', out.split('\n')[0]);
    const sess = { ada: await signin(st, 'ada'), grace: await signin(st, 'grace'), ada2: await signin(st, 'ada') };
    await limiter(st, sess);
    await retries(st, sess);
    await retryAfterDate(st, sess);
    await test27(st, sess);
  } catch (e) {
    ok(false, 'suite ran to the end', e.stack);
  } finally {
    // Over the whole run.
    const cs = await calls(st).catch(() => []);
    const w = maxInWindow(cs);
    ok(w.max <= RATE, `whole run: ≤ ${RATE} calls in any 1000 ms window (${cs.length} calls)`,
      `${w.max}: ${fmt(cs.filter((c) => c.t >= w.at && c.t < w.at + 1000), w.at)}`);
    const lines = appLines(st);
    const maxUp = Math.max(0, ...lines.map((l) => l.upstream));
    const sumUp = lines.reduce((a, l) => a + l.upstream, 0);
    const gql = cs.filter((c) => c.endpoint === 'graphql').length;
    ok(maxUp <= 3, 'whole run: ≤ 3 attempts per request (request log upstream=N)', maxUp);
    ok(sumUp === gql, "whole run: the app's count of GraphQL attempts equals the sandbox's", `${sumUp} vs ${gql}`);
    ok(durations.every((ms) => ms <= BUDGET_MS + 1000), `whole run: every page within the ${BUDGET_MS / 1000} s budget`,
      Math.max(0, ...durations));
    diag(`whole run: ${cs.length} calls (${gql} GraphQL), max ${w.max} in 1000 ms, ` +
      `max ${maxUp} attempts per request, longest page ${Math.max(0, ...durations)} ms`);
    st.finish();
    diag(`wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return done(NAME);
}

suite(NAME, main);
