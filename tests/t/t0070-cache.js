'use strict';
// t0070-cache.js: the cache of Upwork data (app/cache.c) against the
// security bar (shared/reference/security-bar.md §6 R7, R8; §7 test 26)
// and the "Done when" items 2 and 3:
//
//   (a) single flight: 50 concurrent GET / for the same cold page cause
//       exactly 1 GraphQL call (operation Home); 20 more on the warm page
//       cause 0, and the app's request log says upstream=0 for them;
//   (b) test 26: an entry aged 23 h 59 min while the sandbox answers 503 is
//       served stale with the banner (id="stale-banner", the fetch time);
//       at 24 h 01 min the error page, and the entry file is deleted;
//   (c) the ceiling to the second: 24 h - 1 s still stale, 24 h + 1 s a miss
//       although the file is still on disk (no sweep ran): error page, not
//       the stale one, and the file is gone after the read;
//   (d) a clock that went back: an entry dated in the future is a miss;
//   (e) `workdesk sweep` under the same faketime deletes every entry 24 h
//       old or more (or dated in the future): entries made through the app
//       (two users) plus records planted around the boundary (written in the
//       store's own format, app/store.c, BLAKE2b-256 and all); afterwards 0
//       files in data/cache have a record time 24 h old or more;
//   (f) the operator's commands run that way (`workdesk status`, `sweep`)
//       after the clock stepped must not wipe the running server's shared
//       upstream state: a Retry-After in force still holds afterwards.
//
// Requests go straight to the app's FastCGI socket (tests/lib/fcgi.js). The
// app runs under libfaketime (WORKDESK_FAKETIME, the offset read anew on
// every clock call); the sandbox keeps real time. Each time the app's clock
// moves past the session limits (30 min idle, 8 h absolute) the test signs
// in again, with no fault set: sign-in is never cached and calls the token
// endpoint and the GraphQL Signin query. Faults are set with a count of at
// most 3, so that no run of failures reaches the breaker's 5.
//
//   node tests/t/t0070-cache.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ok, done, diag, suite, startStack, REPO } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const DAY = 24 * 3600;
const USERS = {
  ada: { id: '1390042875001225216', org: '1390042875009613825', name: 'Ada Lovelace' },
  grace: { id: '1417508230163849216', org: '1417508230176432129', name: 'Grace Hopper' },
};
const BIN = process.env.WORKDESK_BIN ? path.resolve(process.env.WORKDESK_BIN)
  : path.join(REPO, 'build', 'workdesk');
const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';
const STALE = /id="stale-banner"/;
const ERROR_HEADING = /<h1 id="error-heading">([^<]*)<\/h1>/;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sha256hex = (s) => crypto.createHash('sha256').update(s).digest('hex');
const homeKey = (u) => `${u.id}|${u.org}|home|{}`;

// ---- the app's clock ------------------------------------------------------------

let offset = 0; // seconds the app's clock runs ahead of real time

function setOffset(st, s) {
  offset = s;
  st.setClock(s);
}

// The app's time now, in whole seconds (what time(NULL) returns there).
const appNow = () => Math.floor(Date.now() / 1000) + offset;

// Make the app's time(NULL) read exactly `target` for the next ~850 ms: wait
// for the start of a real second, then set an integer offset.
async function setAppTimeExactly(st, target) {
  const ms = Date.now() % 1000;
  if (ms > 50) await sleep(1000 - ms + 5);
  setOffset(st, target - Math.floor(Date.now() / 1000));
}

// ---- the store's record format (app/store.c) -----------------------------------------

// "WDR1" | version(1) | kind(1) | 0(2) | time(8, BE) | key length(4, BE) |
// payload length(4, BE) | key | payload | BLAKE2b-256 of all that precedes.
function parseRecord(buf) {
  if (buf.length < 56 || buf.toString('latin1', 0, 4) !== 'WDR1') return null;
  const klen = buf.readUInt32BE(16), plen = buf.readUInt32BE(20);
  if (24 + klen + plen + 32 !== buf.length) return null;
  return {
    version: buf[4], kind: buf[5], t: Number(buf.readBigInt64BE(8)),
    key: buf.toString('utf8', 24, 24 + klen),
  };
}

// Every file in data/cache: {name, rec (null when not a record)}.
function cacheFiles(st) {
  const dir = path.join(st.var, 'data', 'cache');
  return fs.readdirSync(dir).map((name) => {
    let rec = null;
    try {
      rec = parseRecord(fs.readFileSync(path.join(dir, name)));
    } catch { /* gone meanwhile */ }
    return { name, rec };
  });
}

const cacheFile = (st, key) => path.join(st.var, 'data', 'cache', sha256hex(key));

function recordTime(st, key) {
  try {
    const r = parseRecord(fs.readFileSync(cacheFile(st, key)));
    return r ? r.t : null;
  } catch {
    return null;
  }
}

// BLAKE2b (RFC 7693) with a 32-byte digest, unkeyed: libsodium's
// crypto_generichash as the store uses it. BigInt is plenty for records of
// a few hundred bytes.
const M64 = (1n << 64n) - 1n;
const B2_IV = [0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
  0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n];
const B2_SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0]];
const rotr64 = (x, n) => ((x >> n) | (x << (64n - n))) & M64;

function blake2b256(data) {
  const h = B2_IV.slice();
  h[0] ^= 0x01010000n ^ 32n;
  const nblocks = Math.max(1, Math.ceil(data.length / 128));
  for (let b = 0; b < nblocks; b++) {
    const last = b === nblocks - 1;
    const block = Buffer.alloc(128);
    data.copy(block, 0, b * 128, Math.min(data.length, (b + 1) * 128));
    const m = Array.from({ length: 16 }, (_, i) => block.readBigUInt64LE(i * 8));
    const v = [...h, ...B2_IV];
    v[12] ^= BigInt(last ? data.length : (b + 1) * 128);
    if (last) v[14] ^= M64;
    const G = (a, bb, c, d, x, y) => {
      v[a] = (v[a] + v[bb] + x) & M64; v[d] = rotr64(v[d] ^ v[a], 32n);
      v[c] = (v[c] + v[d]) & M64; v[bb] = rotr64(v[bb] ^ v[c], 24n);
      v[a] = (v[a] + v[bb] + y) & M64; v[d] = rotr64(v[d] ^ v[a], 16n);
      v[c] = (v[c] + v[d]) & M64; v[bb] = rotr64(v[bb] ^ v[c], 63n);
    };
    for (let r = 0; r < 12; r++) {
      const s = B2_SIGMA[r % 10];
      G(0, 4, 8, 12, m[s[0]], m[s[1]]); G(1, 5, 9, 13, m[s[2]], m[s[3]]);
      G(2, 6, 10, 14, m[s[4]], m[s[5]]); G(3, 7, 11, 15, m[s[6]], m[s[7]]);
      G(0, 5, 10, 15, m[s[8]], m[s[9]]); G(1, 6, 11, 12, m[s[10]], m[s[11]]);
      G(2, 7, 8, 13, m[s[12]], m[s[13]]); G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
  }
  const out = Buffer.alloc(64);
  h.forEach((x, i) => out.writeBigUInt64LE(x, i * 8));
  return out.subarray(0, 32);
}

// A cache record (kind 4, STORE_CACHE) for key with time t, written the way
// the store writes one (temp file, rename), under the name SHA-256(key).
function plantRecord(st, key, t, payload) {
  const k = Buffer.from(key, 'utf8'), p = Buffer.from(payload, 'utf8');
  const hdr = Buffer.alloc(24);
  hdr.write('WDR1', 0, 'latin1');
  hdr[4] = 1;
  hdr[5] = 4;
  hdr.writeBigInt64BE(BigInt(t), 8);
  hdr.writeUInt32BE(k.length, 16);
  hdr.writeUInt32BE(p.length, 20);
  const body = Buffer.concat([hdr, k, p]);
  const rec = Buffer.concat([body, blake2b256(body)]);
  const file = cacheFile(st, key);
  fs.writeFileSync(`${file}.plant`, rec, { mode: 0o600 });
  fs.renameSync(`${file}.plant`, file);
}

// ---- requests -----------------------------------------------------------------

const getHome = (st, sid) =>
  fcgi.request(st.sock, { path: '/', headers: { Cookie: `__Host-sid=${sid}` } }, st);

function describe(r) {
  const body = r.body.toString('utf8');
  const h = ERROR_HEADING.exec(body);
  return {
    status: r.status,
    body,
    stale: STALE.test(body),
    banner: (/<p[^>]*id="stale-banner"[^>]*>([^<]*)<\/p>/.exec(body) || [])[1] || '',
    heading: h ? fcgi.htmlUnescape(h[1]) : null,
    name: (/id="user-name"[^>]*>([^<]*)</.exec(body) || [])[1] || null,
  };
}

async function signin(st, user) {
  const s = await fcgi.signin(st, user, 'allow');
  if (s.status !== 303 || !s.sid) throw new Error(`sign-in as ${user} failed: ${s.status}`);
  // GET / is this suite's one-call page: no dashboard blocks (t0097 has them).
  await fcgi.hideHomeBlocks(st, s.sid);
  return s.sid;
}

const graphqlCalls = (log) => log.filter((e) => e.endpoint === 'graphql');
const homeCalls = (log) => graphqlCalls(log).filter((e) => e.operationName === 'Home');

// The app's request log lines for GET / written after `from` (a length of
// the log text): [{status, upstream, hits, misses}].
function homeLines(st, from) {
  const out = [];
  for (const line of st.appLog().slice(from).split('\n')) {
    const m = / GET home (\d{3}) \d+ms upstream=(\d+) cache=(\d+)\/(\d+)$/.exec(line);
    if (m) out.push({ status: +m[1], upstream: +m[2], hits: +m[3], misses: +m[4] });
  }
  return out;
}

async function waitLines(st, from, n) {
  for (let i = 0; i < 40 && homeLines(st, from).length < n; i++) await sleep(50);
  return homeLines(st, from);
}

// A workdesk command (sweep, status) under the same libfaketime clock as the server.
function cli(st, cmd) {
  const env = {
    ...process.env,
    LD_PRELOAD: FAKETIME_LIB,
    FAKETIME_TIMESTAMP_FILE: st.clockFile,
    FAKETIME_NO_CACHE: '1',
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
    ASAN_OPTIONS: `${process.env.ASAN_OPTIONS ? process.env.ASAN_OPTIONS + ':' : ''}verify_asan_link_order=0`,
  };
  return execFileSync(BIN, [cmd, '-c', path.join(st.var, 'workdesk.conf')],
    { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// "2026-11-29 10:34 UTC": how the page prints a time (app/page.c page_time).
const pageTime = (t) => new Date(t * 1000).toISOString().replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d).*$/, '$1 $2 UTC');

// ---- (a) single flight -------------------------------------------------------------

async function singleFlight(st) {
  const N = 50, WARM = 20;
  diag(`(a) ${N} concurrent GET / on a cold page, then ${WARM} on the warm page`);
  const sid = await signin(st, 'ada');
  ok(recordTime(st, homeKey(USERS.ada)) === null, '(a) the page is cold: no cache entry after sign-in');
  await st.sb.clearLog();
  // The one call is held 300 ms at the sandbox, so every worker thread
  // arrives while it is in flight.
  await st.sb.config({ graphql_fault: { delay_ms: 300, count: 1 } });
  let from = st.appLog().length;
  let t0 = Date.now();
  let rs = await Promise.all(Array.from({ length: N }, () => getHome(st, sid).catch((error) => ({ error }))));
  const coldMs = Date.now() - t0;
  let log = await st.sb.log();
  const good = rs.filter((r) => !r.error && r.status === 200 && describe(r).name === USERS.ada.name);
  ok(homeCalls(log).length === 1, `(a) cold: ${N} concurrent requests make exactly 1 GraphQL call (Home)`,
    homeCalls(log).length);
  ok(graphqlCalls(log).length === 1 && log.filter((e) => e.endpoint === 'token').length === 0,
    '(a) cold: no other call to Upwork', log.map((e) => `${e.endpoint}:${e.operationName}`).join(','));
  ok(good.length === N, `(a) cold: ${N}/${N} answer 200 with the user's name`, good.length);
  let lines = await waitLines(st, from, N);
  const callers = lines.filter((l) => l.upstream === 1 && l.misses === 1 && l.hits === 0);
  const waiters = lines.filter((l) => l.upstream === 0 && l.hits === 1 && l.misses === 0);
  ok(lines.length === N && callers.length === 1 && waiters.length === N - 1,
    `(a) cold: request log: 1 line upstream=1 cache=0/1, ${N - 1} upstream=0 cache=1/0`,
    `${lines.length} lines, ${callers.length} callers, ${waiters.length} hits`);
  diag(`(a) cold: ${homeCalls(log).length} Home call(s) for ${N} requests in ${coldMs} ms; ` +
    `${good.length}/${N} 200 with the name; log: ${callers.length} upstream=1, ${waiters.length} upstream=0 cache=1/0`);

  await st.sb.clearLog();
  from = st.appLog().length;
  t0 = Date.now();
  rs = await Promise.all(Array.from({ length: WARM }, () => getHome(st, sid).catch((error) => ({ error }))));
  const warmMs = Date.now() - t0;
  log = await st.sb.log();
  lines = await waitLines(st, from, WARM);
  ok(graphqlCalls(log).length === 0, `(a) warm: ${WARM} requests make 0 GraphQL calls`, graphqlCalls(log).length);
  ok(rs.every((r) => !r.error && r.status === 200 && describe(r).name === USERS.ada.name),
    `(a) warm: ${WARM}/${WARM} answer 200 with the user's name`);
  ok(lines.length === WARM && lines.every((l) => l.upstream === 0 && l.hits === 1 && l.misses === 0),
    `(a) warm: request log: ${WARM} lines, all upstream=0 cache=1/0`,
    lines.map((l) => `upstream=${l.upstream} cache=${l.hits}/${l.misses}`).join(' '));
  diag(`(a) warm: ${graphqlCalls(log).length} calls for ${WARM} requests in ${warmMs} ms`);
}

// ---- (b) test 26 --------------------------------------------------------------------

async function test26(st) {
  diag('(b) test 26: entry aged 23 h 59 min vs 24 h 01 min while the sandbox answers 503 (R7)');
  const key = homeKey(USERS.ada);
  const F = recordTime(st, key);
  ok(F !== null, "(b) ada's Home entry is on disk (filled in (a))");
  if (F === null) return;
  diag(`(b) entry fetched at ${F} (${pageTime(F)}), app clock now ${appNow()}`);

  // 23 h 59 min.
  setOffset(st, F + DAY - 60 - Math.floor(Date.now() / 1000));
  let sid = await signin(st, 'ada'); // the session from (a) is past its limits
  await st.sb.clearLog();
  await st.sb.config({ graphql_fault: { status: 503, count: 3 } });
  const age1 = appNow() - F;
  let r = describe(await getHome(st, sid));
  let log = await st.sb.log();
  await st.sb.config({ graphql_fault: null });
  ok(graphqlCalls(log).length >= 1 && graphqlCalls(log).every((e) => e.status === 503),
    '(b) 23 h 59: Upwork was asked and answered 503', graphqlCalls(log).map((e) => e.status).join(','));
  ok(r.status === 200 && r.stale, '(b) 23 h 59: 200 with the stale banner (id="stale-banner")',
    `${r.status} stale=${r.stale} ${r.heading || ''}`);
  ok(r.banner.includes(pageTime(F)), `(b) 23 h 59: the banner shows the fetch time (${pageTime(F)})`, r.banner);
  ok(r.name === USERS.ada.name, "(b) 23 h 59: the page shows the user's cached data", r.name);
  ok(recordTime(st, key) === F, '(b) 23 h 59: the entry stays on disk unchanged');
  diag(`(b) 23 h 59 (age ${age1} s): ${r.status}, stale banner "${r.banner.trim()}", ` +
    `${graphqlCalls(log).length} call(s) answered 503`);

  // 24 h 01 min.
  setOffset(st, F + DAY + 60 - Math.floor(Date.now() / 1000));
  sid = await signin(st, 'ada'); // also resets the run of failures
  ok(fs.existsSync(cacheFile(st, key)), '(b) 24 h 01: the entry file is still on disk before the read');
  await st.sb.clearLog();
  await st.sb.config({ graphql_fault: { status: 503, count: 3 } });
  const age2 = appNow() - F;
  r = describe(await getHome(st, sid));
  log = await st.sb.log();
  await st.sb.config({ graphql_fault: null });
  ok((r.status === 502 || r.status === 503) && r.heading && /^Upwork/.test(r.heading),
    '(b) 24 h 01: the error page (502/503, "Upwork…" heading)', `${r.status} ${r.heading}`);
  ok(!r.stale && r.name === null, '(b) 24 h 01: no stale banner, none of the cached data');
  ok(!fs.existsSync(cacheFile(st, key)), '(b) 24 h 01: the entry file is deleted');
  ok(!cacheFiles(st).some((f) => f.rec && f.rec.key === key), '(b) 24 h 01: data/cache holds no file for that key');
  diag(`(b) 24 h 01 (age ${age2} s): ${r.status} "${r.heading}", ${graphqlCalls(log).length} call(s), ` +
    `file present: ${fs.existsSync(cacheFile(st, key))}`);
}

// ---- (c) the ceiling to the second ---------------------------------------------------

async function ceiling(st) {
  diag('(c) 24 h - 1 s still stale; 24 h + 1 s a miss before any sweep');
  const key = homeKey(USERS.grace);
  let sid = await signin(st, 'grace');
  await st.sb.clearLog();
  let r = describe(await getHome(st, sid));
  const F = recordTime(st, key);
  ok(r.status === 200 && !r.stale && F !== null && homeCalls(await st.sb.log()).length === 1,
    "(c) grace's Home page fetched and cached");
  if (F === null) return;

  // 24 h - 1 s: sign in a few seconds before, then read at exactly F + 86399.
  setOffset(st, F + DAY - 5 - Math.floor(Date.now() / 1000));
  sid = await signin(st, 'grace');
  await st.sb.config({ graphql_fault: { status: 503, count: 3 } });
  await setAppTimeExactly(st, F + DAY - 1);
  const age0 = appNow() - F;
  r = describe(await getHome(st, sid));
  await st.sb.config({ graphql_fault: null });
  ok(r.status === 200 && r.stale && r.name === USERS.grace.name,
    '(c) at 24 h - 1 s with 503: stale page with the banner', `${r.status} stale=${r.stale} ${r.heading || ''}`);

  // 24 h + 1 s: the file is on disk and no sweep has run; the read refuses it.
  sid = await signin(st, 'grace'); // resets the run of failures
  await st.sb.config({ graphql_fault: { status: 503, count: 3 } });
  await setAppTimeExactly(st, F + DAY + 1);
  const present = fs.existsSync(cacheFile(st, key));
  const age = appNow() - F;
  r = describe(await getHome(st, sid));
  await st.sb.config({ graphql_fault: null });
  ok(present, '(c) at 24 h + 1 s the entry file is still on disk before the read (no sweep)');
  ok((r.status === 502 || r.status === 503) && !r.stale && r.name === null,
    '(c) at 24 h + 1 s with 503: a miss (the error page, not the stale one)', `${r.status} stale=${r.stale} ${r.heading}`);
  ok(!fs.existsSync(cacheFile(st, key)), '(c) at 24 h + 1 s the read deleted the entry');
  diag(`(c) age ${age0} s: stale page; age ${age} s: ${r.status} "${r.heading}", stale=${r.stale}; file before ${present}, after ${fs.existsSync(cacheFile(st, key))}`);
}

// ---- (d) a clock that went back ------------------------------------------------------

async function clockBack(st) {
  diag('(d) an entry dated in the future (the clock went back) is a miss');
  const key = homeKey(USERS.ada);
  const base = offset;
  setOffset(st, base + 3600);
  let sid = await signin(st, 'ada');
  let r = describe(await getHome(st, sid));
  const F = recordTime(st, key);
  ok(r.status === 200 && F !== null, '(d) entry filled with the clock 1 h ahead');
  setOffset(st, base);
  sid = await signin(st, 'ada');
  await st.sb.clearLog();
  const now = appNow();
  r = describe(await getHome(st, sid));
  const calls = homeCalls(await st.sb.log()).length;
  const F2 = recordTime(st, key);
  ok(r.status === 200 && r.name === USERS.ada.name && !r.stale, '(d) 1 h back: the page is served');
  ok(calls === 1, '(d) 1 h back: the future-dated entry is a miss (1 Home call, not served from the cache)', calls);
  ok(F2 !== null && F2 <= now + 1, '(d) the entry was replaced by one dated now', `fetched ${F2}, now ${now}, future one ${F}`);
  diag(`(d) entry dated ${F - now} s in the future: ${calls} call(s); new record time ${F2 - now} s from now`);
}

// ---- (e) the sweep -------------------------------------------------------------------

async function sweepTest(st) {
  diag('(e) workdesk sweep at 24 h + 1 s under faketime: no entry 24 h old or more survives');
  // Entries made through the app at X (both users).
  for (const u of ['ada', 'grace']) {
    const sid = await signin(st, u);
    await getHome(st, sid);
  }
  const X = Math.max(recordTime(st, homeKey(USERS.ada)), recordTime(st, homeKey(USERS.grace)));
  const S = X + DAY + 1; // when the sweep runs
  // Records planted around the boundary, by age at S.
  const planted = [
    ['2 days', S - 2 * DAY, false],
    ['24 h + 1 s', S - DAY - 1, false],
    ['24 h exactly', S - DAY, false],
    ['24 h - 10 s', S - DAY + 10, true],
    ['12 h', S - DAY / 2, true],
    ['0 s', S, true],
    ['-1 h (dated in the future)', S + 3600, false],
  ].map(([label, t, keep], i) => ({ label, t, keep, key: `9000000000000000${i}|9100000000000000${i}|home|{}` }));
  for (const p of planted) plantRecord(st, p.key, p.t, JSON.stringify({ user: { name: `planted ${p.label}` } }));
  const before = cacheFiles(st);
  ok(before.length === planted.length + 2 && before.every((f) => f.rec && f.rec.kind === 4),
    `(e) ${before.length} cache records before the sweep (2 from the app, ${planted.length} planted)`);

  await setAppTimeExactly(st, S);
  let out;
  try {
    out = cli(st, 'sweep');
  } catch (e) {
    out = `sweep failed: ${e.message} ${e.stderr || ''}`;
  }
  const sweptAt = S;
  const after = cacheFiles(st);
  const now = appNow();
  const old = after.filter((f) => !f.rec || f.rec.t <= sweptAt - DAY || f.rec.t > sweptAt);
  ok(/^deleted \d+ record\(s\)/.test(out), '(e) workdesk sweep ran', out.trim());
  ok(old.length === 0, '(e) 0 files in data/cache 24 h old or more (or dated in the future, or not a record) after the sweep',
    old.map((f) => f.rec ? `${f.rec.key} age ${sweptAt - f.rec.t}` : f.name).join('; '));
  const ageOk = after.every((f) => f.rec && now - f.rec.t < DAY);
  ok(ageOk, '(e) every remaining record is younger than 24 h by its bytes 8..15');
  for (const p of planted) {
    const present = fs.existsSync(cacheFile(st, p.key));
    ok(present === p.keep, `(e) planted record aged ${p.label}: ${p.keep ? 'kept' : 'deleted'}`, present ? 'present' : 'gone');
  }
  for (const u of ['ada', 'grace']) {
    ok(!fs.existsSync(cacheFile(st, homeKey(USERS[u]))), `(e) ${u}'s entry from the app (24 h + 1 s old) deleted`);
  }
  diag(`(e) sweep at ${sweptAt}: "${out.trim()}"; ${before.length} cache files before, ${after.length} after: ` +
    after.map((f) => f.rec ? `age ${sweptAt - f.rec.t} s` : f.name).join(', '));
}

// ---- (f) the operator's commands after a clock step ----------------------------------------

// `workdesk status` (and sweep, purge…) open the install's shared upstream
// state (data/upstream.state). A wall-clock step since the server started
// (NTP's first sync after boot; here the faketime offset) must not make them
// wipe the Retry-After, breaker and limiter state the running server relies on.
async function clockStep(st) {
  diag('(f) `workdesk status` after a clock step leaves a Retry-After in force');
  setOffset(st, offset + 3600);
  const sid = await signin(st, 'ada');
  await st.sb.clearLog();
  await st.sb.config({ graphql_fault: { status: 429, retry_after: '60', count: 1 } });
  const r1 = describe(await getHome(st, sid));
  const r2 = describe(await getHome(st, sid));
  const before = graphqlCalls(await st.sb.log()).length;
  const out = cli(st, 'status');
  const r3 = describe(await getHome(st, sid));
  const after = graphqlCalls(await st.sb.log()).length;
  ok(r1.status === 503 && r1.heading === 'Upwork asked us to slow down' && before === 1,
    '(f) a 429 with Retry-After: 60 (longer than the page budget): 503 at once, 1 call', `${r1.status} ${r1.heading} ${before}`);
  ok(r2.status === 503 && before === 1, '(f) the next page: refused, 0 calls');
  ok(/retry-after: (5\d|60) s left/.test(out), '(f) `workdesk status` shows the Retry-After in force',
    out.split('\n').find((l) => /retry-after/.test(l)));
  ok(after === before && r3.status === 503, '(f) after `workdesk status`, pages are still refused with 0 calls (the state was not reset)',
    `${after - before} call(s), ${r3.status} ${r3.heading || r3.name}`);
  diag(`(f) status printed: ${out.trim().split('\n').join(' | ')}; then ${after - before} call(s), page ${r3.status}`);
}

async function main() {
  const t0 = Date.now();
  let st;
  try {
    st = await startStack({ faketime: true });
  } catch (e) {
    ok(false, 'stack starts', e.message);
    return done(NAME);
  }
  try {
    await singleFlight(st);
    await test26(st);
    await ceiling(st);
    await clockBack(st);
    await sweepTest(st);
    await clockStep(st);
  } catch (e) {
    ok(false, 'suite ran to the end', e.stack);
  } finally {
    st.finish();
    diag(`wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return done(NAME);
}

suite(NAME, main);
