'use strict';
// t0091-malformed.js: security bar §7 test 19. A malformed-request corpus
// sent straight to the app's FastCGI socket (tests/lib/fcgi.js, raw params,
// no nginx to clean anything up) is answered gracefully: each within 1 s
// with the exact status the rules give (I1 bodies, I3 framing, I4
// percent-decoding, I5 response headers), no response carries a header
// the input injected, and the worker stays up (the same pid answers a
// normal GET / with 200 after every batch). Without ASan the app runs
// under valgrind (scripts/stack.sh WORKDESK_WRAP), stopped with SIGTERM,
// and its log must say 0 errors, definite leaks counted as errors; under
// ASan the sanitizers do that job (tests/run.sh shell-asan).
//
// The statuses, per case (400 unless said otherwise):
//   CONTENT_LENGTH, GET and POST on POST /auth/logout: fewer or more bytes
//     than announced, -1, 12abc, +5, " 5", "5 ", 0x5 and a body on a GET
//     are 400 (I1). A number too large for us is 413 (I1's cap; RFC 9110
//     §15.5.14): 2^63, 2^64 (it overflows: still digits, still too large)
//     and 65537 (the app's own 64 KiB cap, whatever nginx allows).
//   %, %4, %zz, %00, %C0%AE (overlong), %ED%A0%80 (surrogate), %E9
//     (truncated) and the same bytes raw, in the path, a query key or
//     value and an urlencoded body key or value (I4).
//   Raw CR, LF and CR LF + headers in REQUEST_URI (path or query, with
//     DOCUMENT_URI, SCRIPT_NAME and QUERY_STRING carrying the same bytes,
//     as nginx would send them): 400. A request target is a URI, which has
//     no control characters (RFC 3986 §2, RFC 9112 §3.2; nginx answers
//     400 to such a request line). Bytes that are not a URI are handled by
//     the rule that reads them:
//       DOCUMENT_URI or QUERY_STRING alone: the app reads only REQUEST_URI
//         (app/req.c), so the answer is the clean request's (200);
//       Cookie: an id we never issued is ignored and cleared (S2), 200;
//         another cookie with CR/LF is unused, 200;
//       User-Agent: never read, 200;
//       Origin, Referer, Sec-Fetch-Site on a POST: not our origin, 403 (C3);
//       Content-Type on a POST: not urlencoded, 415;
//       raw CR/LF in an urlencoded body value: the form parser takes any
//         byte (%0D%0A gives the same value), so the POST is answered as
//         a well-formed one: 403 (signed out); a raw NUL there is 400 (I4).
//   A raw NUL inside a FastCGI param never reaches the app: libfcgi hands
//     params over as C strings, so the app sees the bytes before the NUL
//     and answers exactly as it does to that prefix (checked against it).
//   A stalled body (10 announced, 3 sent, STDIN left open; 0 sent; all 3
//     sent but STDIN never ended) is 400 after the app's stdin deadline
//     (STDIN_DEADLINE_S in app/main.c), within deadline + 1 s, while a
//     normal request is still answered at once.
//   FastCGI framing that is not a request (an HTTP request on the socket;
//     name and value lengths of 2^31 - 1, CVE-2025-23016 in libfcgi) gets
//     no answer: the connection is closed within 1 s.
//   I3: through nginx, a POST with both Transfer-Encoding and
//     Content-Length is nginx's 400 and never reaches the app.
//
// Every answer's header block: CRLF-terminated lines only, names from the
// app's own set, one Status, no "injected" anywhere, Set-Cookie only for
// our __Host- cookies.
//
//   node tests/t/t0091-malformed.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ok, done, diag, suite, startStack, REPO } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const BIN = process.env.WORKDESK_BIN ? path.resolve(process.env.WORKDESK_BIN)
  : path.join(REPO, 'build', 'workdesk');
const ANSWER_MS = 1000;         // the bar's figure
const POST_ROUTE = '/auth/logout';
const INJECT = '\r\nSet-Cookie: injected=1\r\nX-Injected: 1';
const APP_HEADERS = new Set(['status', 'content-type', 'cache-control', 'set-cookie', 'location',
  'allow', 'clear-site-data', 'content-disposition', 'referrer-policy']);

// The app's stdin deadline, from its one definition.
function deadlineS() {
  const m = /#define\s+STDIN_DEADLINE_S\s+(\d+)/.exec(fs.readFileSync(path.join(REPO, 'app', 'main.c'), 'utf8'));
  if (!m) throw new Error('app/main.c defines no STDIN_DEADLINE_S');
  return Number(m[1]);
}

const isAsan = () => fs.readFileSync(BIN).includes('__asan_init');

// ---- requests ----------------------------------------------------------------------

let st = null;
const times = [];
const statusCount = new Map();

// Bytes as written: '\xff' is one byte, not UTF-8.
const raw = (s) => Buffer.from(s, 'latin1');

// The params nginx would send for METHOD URI (raw bytes), with overrides
// (name -> string of raw bytes, or null to drop the param).
function params(method, uri, body, over = {}) {
  const { params: p } = fcgi.buildParams({ method, path: '/' }, st);
  const q = uri.indexOf('?');
  const docUri = q >= 0 ? uri.slice(0, q) : uri;
  const set = (k, v) => {
    const i = p.findIndex(([n]) => n === k);
    if (v === null) {
      if (i >= 0) p.splice(i, 1);
    } else if (i >= 0) p[i] = [k, raw(v)];
    else p.push([k, raw(v)]);
  };
  set('REQUEST_URI', uri);
  set('DOCUMENT_URI', docUri);
  set('SCRIPT_NAME', docUri);
  set('QUERY_STRING', q >= 0 ? uri.slice(q + 1) : '');
  if (method === 'POST' || body.length) set('CONTENT_TYPE', 'application/x-www-form-urlencoded');
  set('CONTENT_LENGTH', body.length || method === 'POST' ? String(body.length) : '');
  for (const [k, v] of Object.entries(over)) set(k, v);
  return p;
}

// Problems with an answer's header block (I5), as a list of strings.
function headerProblems(r) {
  const out = [];
  const stdout = r.stdout;
  const end = stdout.indexOf('\r\n\r\n');
  if (end < 0) return ['no CRLF CRLF after the headers'];
  const block = stdout.subarray(0, end + 2).toString('latin1');
  if (/injected/i.test(block)) out.push('"injected" in the headers');
  const lines = block.split('\r\n').slice(0, -1);
  let statuses = 0;
  for (const line of lines) {
    if (/[\r\n\0]/.test(line)) out.push(`bare CR/LF/NUL in ${JSON.stringify(line)}`);
    const m = /^([A-Za-z-]+): (.*)$/.exec(line);
    if (!m) {
      out.push(`not a header line: ${JSON.stringify(line)}`);
      continue;
    }
    const name = m[1].toLowerCase();
    if (!APP_HEADERS.has(name)) out.push(`unexpected header ${m[1]}`);
    if (name === 'status') statuses++;
    if (name === 'set-cookie' && !/^__Host-(sid|oauth_tx)=[A-Za-z0-9_-]*; Path=\/; Secure; HttpOnly; SameSite=Lax(; Max-Age=\d+)?$/.test(m[2])) {
      out.push(`Set-Cookie ${JSON.stringify(m[2])}`);
    }
  }
  if (statuses !== 1) out.push(`${statuses} Status headers`);
  return out;
}

// One corpus case through fcgi.exchange. expect: a status, or a function
// (r) -> '' when right, else what is wrong. Counted in the figures.
async function one(label, p, body, expect, limitMs = ANSWER_MS) {
  const t0 = process.hrtime.bigint();
  let r;
  try {
    r = await fcgi.exchange(st.sock, p, raw(body), { timeoutMs: limitMs + 10000 });
  } catch (e) {
    ok(false, `${label}: answered`, e.message);
    return null;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  times.push(ms);
  statusCount.set(r.status, (statusCount.get(r.status) || 0) + 1);
  const wrong = typeof expect === 'function' ? expect(r) : (r.status === expect ? '' : `got ${r.status}`);
  const want = typeof expect === 'function' ? expect.what : expect;
  const hp = headerProblems(r);
  ok(!wrong && ms <= limitMs && hp.length === 0 && r.protocolStatus === 0,
    `${label}: ${want} within ${limitMs} ms, clean headers`,
    [wrong, ms > limitMs ? `${ms.toFixed(0)} ms` : '', ...hp, r.protocolStatus !== 0 ? `protocolStatus ${r.protocolStatus}` : '']
      .filter(Boolean).join('; '));
  return r;
}

// The answer the app gives to a clean request: the reference for cases
// that must be answered like it (a raw NUL truncates a param to a prefix).
async function statusOf(method, uri, body = '', over = {}) {
  const r = await fcgi.exchange(st.sock, params(method, uri, body, over), raw(body));
  return r.status;
}
function likeStatus(s, why) {
  const f = (r) => (r.status === s ? '' : `got ${r.status}, ${why} answers ${s}`);
  f.what = `${s} (as ${why})`;
  return f;
}
// A status and a phrase of the app's page, which says which rule refused.
function page(s, phrase, why) {
  const f = (r) => (r.status !== s ? `got ${r.status}` : r.body.toString('utf8').includes(phrase) ? '' : `no "${phrase}"`);
  f.what = `${s} (${why})`;
  return f;
}
const C3 = page(403, 'not sent from a Workdesk page', 'C3: not our origin');
const SIGNED_OUT = page(403, 'Your session has ended', 'signed out');

let pid = null;
// The worker stays up: the same process answers a normal GET / with 200.
async function stillUp(batch) {
  let status = null;
  try {
    status = (await fcgi.exchange(st.sock, params('GET', '/', ''), Buffer.alloc(0), { timeoutMs: 10000 })).status;
  } catch (e) {
    status = e.message;
  }
  const now = readPid();
  ok(status === 200 && now === pid && fs.existsSync(`/proc/${pid}`),
    `after ${batch}: the worker (pid ${pid}) answers GET / with 200`, `status ${status}, pid ${now}`);
}
const readPid = () => fs.readFileSync(path.join(st.var, 'workdesk.pid'), 'utf8').trim();
// The app's threads (main, workers, sweeper): a worker that left its loop
// is one fewer.
const threads = () => fs.readdirSync(`/proc/${pid}/task`).length;
let threads0 = 0;

// ---- raw FastCGI: stalls and framing --------------------------------------------

function record(type, content) {
  const pad = (8 - (content.length % 8)) % 8;
  const b = Buffer.alloc(8 + content.length + pad);
  b[0] = 1;
  b[1] = type;
  b.writeUInt16BE(1, 2);
  b.writeUInt16BE(content.length, 4);
  b[6] = pad;
  content.copy(b, 8);
  return b;
}

function beginRecord() {
  const b = Buffer.alloc(8);
  b.writeUInt16BE(1, 0);  // RESPONDER, no keep-conn
  return record(fcgi.T.BEGIN_REQUEST, b);
}

// Send bytes and keep the connection open (or, endOurSide, half-close it
// after them, as a client that is done writing); resolves when the app ends the
// request (END_REQUEST), closes, or limitMs passes: {ended, closed, ms,
// res (parsed STDOUT when ended)}.
function rawExchange(sock, bytes, limitMs, endOurSide = false) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const stdout = [];
    let buf = Buffer.alloc(0);
    let settled = false;
    const c = net.createConnection(sock);
    const finish = (how) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      c.destroy();
      const out = Buffer.concat(stdout);
      const res = how === 'ended' ? Object.assign(fcgi.parseCgi(out), { stdout: out, protocolStatus: 0 }) : null;
      resolve({ how, res, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
    };
    const timer = setTimeout(() => finish('timeout'), limitMs);
    c.on('connect', () => (endOurSide ? c.end(bytes) : c.write(bytes)));
    c.on('error', () => finish('closed'));
    c.on('close', () => finish('closed'));
    c.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 8) {
        const len = buf.readUInt16BE(4);
        const pad = buf[6];
        if (buf.length < 8 + len + pad) break;
        if (buf[1] === fcgi.T.STDOUT) stdout.push(Buffer.from(buf.subarray(8, 8 + len)));
        const type = buf[1];
        buf = buf.subarray(8 + len + pad);
        if (type === fcgi.T.END_REQUEST) finish('ended');
      }
    });
  });
}

// A POST whose STDIN stays open: announce bytes, send `sent` of them.
function stalledPost(announce, sent) {
  const p = params('POST', POST_ROUTE, 'x'.repeat(announce));
  const parts = [beginRecord(), record(fcgi.T.PARAMS, fcgi.encodeParams(p)), record(fcgi.T.PARAMS, Buffer.alloc(0))];
  if (sent > 0) parts.push(record(fcgi.T.STDIN, Buffer.from('a=b'.padEnd(sent, 'c'))));
  return Buffer.concat(parts);
}

// ---- the corpus ------------------------------------------------------------------

const CL_CASES = [
  ['short: 10 announced, 3 sent, STDIN closed', '10', 'a=b', 400],
  ['long: 3 announced, 10 sent', '3', 'a=bcdefghi', 400],
  ['-1', '-1', 'a=b', 400],
  ['12abc', '12abc', 'a=b', 400],
  ['+5', '+5', 'a=bcd', 400],
  ['" 5"', ' 5', 'a=bcd', 400],
  ['"5 "', '5 ', 'a=bcd', 400],
  ['0x5', '0x5', 'a=bcd', 400],
  ['2^63', '9223372036854775808', 'a=b', 413],
  ['2^64 (overflows)', '18446744073709551616', 'a=b', 413],
  ['65537, all sent (the app caps bodies at 64 KiB)', '65537', 'a=' + 'b'.repeat(65535), 413],
];

const PCT = ['%', '%4', '%zz', '%00', '%C0%AE', '%ED%A0%80', '%E9', '\xff', '\xc0\xae', '\xed\xa0\x80'];
const show = (s) => JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');

async function main() {
  const asan = isAsan();
  const deadline = deadlineS();
  let vgDir = null;
  if (!asan) {
    let have = true;
    try {
      execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    } catch {
      have = false;
    }
    if (!ok(have, 'valgrind is installed (scripts/setup.sh)')) return done(NAME);
    vgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workdesk-vg.'));
    process.env.WORKDESK_WRAP = 'valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite ' +
      `--log-file=${vgDir}/vg.%p.log`;
  }
  diag(`${path.relative(REPO, BIN)}: ${asan ? 'ASan build, no valgrind' : 'under valgrind'}; stdin deadline ${deadline} s`);
  const t0 = Date.now();
  st = await startStack();
  delete process.env.WORKDESK_WRAP;
  try {
    pid = readPid();
    // "serving with N threads" comes after the last pthread_create.
    for (let i = 0; i < 100 && !/serving with \d+ threads/.test(st.appLog()); i++) await new Promise((r) => setTimeout(r, 100));
    threads0 = threads();
    diag(`stack up in ${Date.now() - t0} ms; app pid ${pid}`);
    await stillUp('start-up');

    // References: the answers a well-formed request gets.
    await one(`reference: a well-formed POST ${POST_ROUTE}`, params('POST', POST_ROUTE, 'a=b', { HTTP_ORIGIN: st.origin }), 'a=b', SIGNED_OUT);
    ok(await statusOf('GET', POST_ROUTE) === 405, `reference: GET ${POST_ROUTE} is 405`);

    // I1: CONTENT_LENGTH.
    for (const method of ['GET', 'POST']) {
      for (const [label, cl, body, want] of CL_CASES) {
        await one(`${method} CONTENT_LENGTH ${label}`, params(method, POST_ROUTE, body, { CONTENT_LENGTH: cl }), body, want);
      }
    }
    await one('GET with a body (3 announced, 3 sent)', params('GET', POST_ROUTE, 'a=b'), 'a=b', 400);
    await stillUp('the CONTENT_LENGTH batch');

    // I4: percent-decoding and UTF-8 in the path, the query and the body.
    for (const bad of PCT) {
      await one(`path /x${show(bad)}`, params('GET', `/x${bad}`, ''), '', 400);
      await one(`query value ?q=${show(bad)}`, params('GET', `/?q=${bad}`, ''), '', 400);
      await one(`query key ?${show(bad)}=1`, params('GET', `/?${bad}=1`, ''), '', 400);
      await one(`body value q=${show(bad)}`, params('POST', POST_ROUTE, `q=${bad}`), `q=${bad}`, 400);
      await one(`body key ${show(bad)}=1`, params('POST', POST_ROUTE, `${bad}=1`), `${bad}=1`, 400);
    }
    await stillUp('the percent-decoding batch');

    // Raw CR, LF and CR LF + headers (I4, I5).
    const sidCleared = (r) => (r.status !== 200 ? `got ${r.status}`
      : fcgi.headerAll(r, 'set-cookie').some((c) => /^__Host-sid=; .*Max-Age=0$/.test(c)) ? '' : 'the sid cookie not cleared');
    sidCleared.what = '200, the unknown sid cleared (S2)';
    for (const ctl of ['\r', '\n', INJECT]) {
      const s = show(ctl);
      await one(`REQUEST_URI path /a${s}`, params('GET', `/a${ctl}`, ''), '', 400);
      await one(`REQUEST_URI query /?q=a${s}`, params('GET', `/?q=a${ctl}`, ''), '', 400);
      await one(`DOCUMENT_URI alone /a${s} (not read)`, params('GET', '/', '', { DOCUMENT_URI: `/a${ctl}`, SCRIPT_NAME: `/a${ctl}` }), '', 200);
      await one(`QUERY_STRING alone q=a${s} (not read)`, params('GET', '/', '', { QUERY_STRING: `q=a${ctl}` }), '', 200);
      await one(`Cookie __Host-sid=a${s}`, params('GET', '/', '', { HTTP_COOKIE: `__Host-sid=a${ctl}` }), '', sidCleared);
      await one(`Cookie theme=a${s}`, params('GET', '/', '', { HTTP_COOKIE: `theme=a${ctl}` }), '',
        Object.assign((r) => (r.status === 200 && !fcgi.header(r, 'set-cookie') ? '' : `got ${r.status}`), { what: '200, no Set-Cookie' }));
      await one(`User-Agent a${s} (not read)`, params('GET', '/', '', { HTTP_USER_AGENT: `a${ctl}` }), '', 200);
      await one(`POST Origin ${s}`, params('POST', POST_ROUTE, 'a=b', { HTTP_ORIGIN: `${st.origin}${ctl}` }), 'a=b', C3);
      await one(`POST Referer ${s}`, params('POST', POST_ROUTE, 'a=b', { HTTP_REFERER: `${st.origin}${ctl}/` }), 'a=b', C3);
      await one(`POST Sec-Fetch-Site ${s}`, params('POST', POST_ROUTE, 'a=b', { HTTP_SEC_FETCH_SITE: `same-origin${ctl}` }), 'a=b', C3);
      await one(`POST Content-Type ${s}`, params('POST', POST_ROUTE, 'a=b', { CONTENT_TYPE: `application/x-www-form-urlencoded${ctl}`, HTTP_ORIGIN: st.origin }), 'a=b', 415);
      await one(`POST body q=a${s} (as %0D%0A)`, params('POST', POST_ROUTE, `q=a${ctl}`, { HTTP_ORIGIN: st.origin }), `q=a${ctl}`, SIGNED_OUT);
    }
    // A raw NUL: libfcgi's params are C strings, so the app sees the prefix.
    const jobs = await statusOf('GET', '/jobs');
    await one('REQUEST_URI /jobs\\x00/../etc?q=%zz', params('GET', '/jobs\0/../etc?q=%zz', ''), '', likeStatus(jobs, 'GET /jobs'));
    const home = await statusOf('GET', '/?q=a');
    await one('REQUEST_URI /?q=a\\x00%zz', params('GET', '/?q=a\0%zz', ''), '', likeStatus(home, 'GET /?q=a'));
    await one(`Cookie theme=a\\x00${show(INJECT)}`, params('GET', '/', '', { HTTP_COOKIE: `theme=a\0${INJECT}` }), '', likeStatus(200, 'GET /'));
    const post3 = await statusOf('POST', POST_ROUTE, 'a=b', { HTTP_ORIGIN: st.origin });
    await one('POST CONTENT_LENGTH 3\\x000', params('POST', POST_ROUTE, 'a=b', { CONTENT_LENGTH: '3\x000', HTTP_ORIGIN: st.origin }), 'a=b',
      likeStatus(post3, 'the 3-byte POST'));
    await one('POST body q=a\\x00b', params('POST', POST_ROUTE, 'q=a\0b'), 'q=a\0b', 400);
    await stillUp('the CR/LF/NUL batch');

    // I1: a stalled body ends with 400 at the deadline; meanwhile the other
    // workers answer.
    const limit = (deadline + 1) * 1000;
    const stalls = [
      ['10 announced, 3 sent, STDIN left open', stalledPost(10, 3)],
      ['10 announced, 0 sent, STDIN left open', stalledPost(10, 0)],
      ['3 announced, 3 sent, STDIN never ended', stalledPost(3, 3)],
    ].map(([label, bytes]) => rawExchange(st.sock, bytes, limit + 5000).then((x) => [label, x]));
    await new Promise((r) => setTimeout(r, 200));
    const t1 = Date.now();
    const during = await fcgi.exchange(st.sock, params('GET', '/', ''), Buffer.alloc(0), { timeoutMs: 10000 }).catch((e) => ({ status: e.message }));
    ok(during.status === 200 && Date.now() - t1 <= ANSWER_MS, 'while 3 bodies stall, a normal GET / answers 200 within 1 s',
      `${during.status} in ${Date.now() - t1} ms`);
    for (const [label, x] of await Promise.all(stalls)) {
      const hp = x.res ? headerProblems(x.res) : ['no answer'];
      ok(x.how === 'ended' && x.res.status === 400 && x.ms <= limit && x.ms >= deadline * 1000 - 250 && hp.length === 0,
        `stalled body, ${label}: 400 after the ${deadline} s deadline, within ${limit} ms`,
        `${x.how} ${x.res && x.res.status} after ${x.ms.toFixed(0)} ms; ${hp.join('; ')}`);
      diag(`stalled body, ${label}: ${x.res ? x.res.status : x.how} after ${x.ms.toFixed(0)} ms`);
    }
    await stillUp('the stalled bodies');

    // Framing that is no FastCGI request: no answer, the connection closed.
    // Each one more times than there are workers, then every thread must
    // still be there.
    const huge = Buffer.alloc(8, 0xff);
    const framing = [
      ['an HTTP request on the FastCGI socket', Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n')],
      ['name and value lengths 2^31 - 1 (CVE-2025-23016)', Buffer.concat([beginRecord(),
        record(fcgi.T.PARAMS, Buffer.concat([huge, Buffer.from('REQUEST_METHOD')])),
        record(fcgi.T.PARAMS, Buffer.alloc(0)), record(fcgi.T.STDIN, Buffer.alloc(0))])],
    ];
    for (const [label, bytes] of framing) {
      const xs = [];
      for (let i = 0; i < 6; i++) xs.push(await rawExchange(st.sock, bytes, ANSWER_MS + 2000, true));
      const bad = xs.filter((x) => x.how !== 'closed' || x.ms > ANSWER_MS);
      ok(bad.length === 0, `framing, ${label} (6 times): no answer, closed within ${ANSWER_MS} ms`,
        bad.map((x) => `${x.how} after ${x.ms.toFixed(0)} ms`).join('; '));
    }
    // PARAMS cut short: a whole GET / in a record that announces 50 bytes
    // more, then the client's end closed. libfcgi ends the params at the
    // broken stream and hands the request over; the app must not serve it.
    const getHome = fcgi.encodeParams(params('GET', '/', ''));
    const cut = record(fcgi.T.PARAMS, getHome).subarray(0, 8 + getHome.length);
    cut.writeUInt16BE(getHome.length + 50, 4);
    cut[6] = 0;
    const xs = [];
    for (let i = 0; i < 6; i++) xs.push(await rawExchange(st.sock, Buffer.concat([beginRecord(), cut]), ANSWER_MS + 2000, true));
    const bad = xs.filter((x) => x.how !== 'ended' || x.res.status !== 400 || x.ms > ANSWER_MS || headerProblems(x.res).length);
    ok(bad.length === 0, `framing, a GET / whose PARAMS record is cut short (6 times): 400 within ${ANSWER_MS} ms`,
      bad.map((x) => `${x.how} ${x.res && x.res.status} after ${x.ms.toFixed(0)} ms`).join('; '));
    ok(threads() === threads0, `every thread is still there (${threads0})`, threads());
    await stillUp('the framing batch');

    // I3 through nginx: Transfer-Encoding and Content-Length together.
    const requestLines = () => st.appLog().split('\n').filter((l) => / \S+ \d{3} \d+ms upstream=/.test(l)).length;
    const before = requestLines();
    const te = await httpRaw(st.port, 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
      'Content-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\na=b\r\n0\r\n\r\n');
    await new Promise((r) => setTimeout(r, 200));
    ok(te.status === 400 && requestLines() === before,
      'I3: through nginx, Transfer-Encoding with Content-Length is 400 and never reaches the app', `${te.status}`);

    const n = times.length;
    const max = Math.max(...times);
    const within = times.filter((ms) => ms <= ANSWER_MS).length;
    diag(`corpus: ${n} requests over the socket, ${within}/${n} answered within ${ANSWER_MS} ms, max ${max.toFixed(1)} ms, ` +
      `statuses ${[...statusCount].sort().map(([s, c]) => `${s}×${c}`).join(' ')}`);
    ok(readPid() === pid && fs.existsSync(`/proc/${pid}`), `at the end the app is the same process (pid ${pid})`);
  } finally {
    st.finish();
  }
  if (vgDir) {
    const logs = fs.readdirSync(vgDir).map((f) => fs.readFileSync(path.join(vgDir, f), 'utf8'));
    const summary = logs.map((l) => /ERROR SUMMARY: (\d+) errors/.exec(l)).filter(Boolean);
    ok(logs.length === 1 && summary.length === 1 && summary[0][1] === '0',
      'valgrind: 0 errors (definite leaks included) after SIGTERM', logs.length ? logs.join('\n').slice(-3000) : 'no log');
    diag(`valgrind: ${summary.length ? summary[0][0] : 'no ERROR SUMMARY'}; ` +
      `${(/definitely lost: [^\n]*/.exec(logs[0] || '') || ['no leak summary (All heap blocks were freed?)'])[0]}`);
    fs.rmSync(vgDir, { recursive: true, force: true });
  }
  return done(NAME);
}

// A raw HTTP/1.1 exchange with nginx: {status, text}.
const httpRaw = (port, text) => fcgi.httpRaw(port, Buffer.from(text, 'latin1'), 10000);

suite(NAME, main);
