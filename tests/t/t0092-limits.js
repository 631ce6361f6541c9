'use strict';
// t0092-limits.js: security bar §7 test 20. Through nginx (the stack's
// http port), the size limits of I1 and I2 hold, each one a few hundred
// times over, and the app's memory does not grow with them:
//
//   a body of 64 KiB + 1        413 from nginx (client_max_body_size 64k)
//   a 16 KiB header             400 from nginx, "Request Header Or Cookie Too
//                               Large" (large_client_header_buffers 4 8k;
//                               nginx's 494 goes out as 400)
//   10,000 parameters in the    414 from nginx: the URI is longer than the
//     query                     8 KiB header buffer
//   10,000 parameters in an     413 from the app (REQ_PARAMS_MAX, 256 pairs),
//     urlencoded POST body of   its own error page, one app log line each
//     60,000 bytes              (so a body leaked per request would add
//                               200 x 60 kB, more than the 10 MiB allowed)
//   a body of exactly 64 KiB    passes both caps: the app answers (403,
//                               C3: no Origin), not 413
//
// The app's RSS (VmRSS of the workdesk process) after all of them must be
// less than 10 MiB above its RSS after one request of each kind (the
// warm-up: first-use allocations such as per-thread malloc arenas are not
// growth). Under ASan the figure is printed, not asserted: its quarantine
// keeps freed memory on purpose, and LeakSanitizer checks leaks at exit.
//
// nginx's shipped limits stay as they are: POSTs are limited to 10 a
// second per address (burst 20), so the POSTs that reach the app are
// paced at one every 110 ms; the other cases are refused before
// limit_req runs (nginx's find-config and header phases) and go at full
// speed.
//
//   node tests/t/t0092-limits.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const fs = require('node:fs');
const path = require('node:path');
const { ok, done, diag, suite, startStack, REPO } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const BIN = process.env.WORKDESK_BIN ? path.resolve(process.env.WORKDESK_BIN)
  : path.join(REPO, 'build', 'workdesk');
const REPEAT = 300;             // requests nginx refuses by itself
const REPEAT_APP = 200;         // POSTs that reach the app (paced)
const POST_GAP_MS = 110;        // nginx: 10 POSTs a second per address
const GROWTH_MAX = 10 * 1024 * 1024;
const POST_ROUTE = '/org';    // a POST route outside /auth/ (nginx's 5 r/s zone there)

let st = null;

// One HTTP/1.1 request on its own connection: {status, body, ms}.
const http = (head, body = Buffer.alloc(0)) => fcgi.httpRaw(st.port, Buffer.concat([Buffer.from(head, 'latin1'), body]));

const post = (p, body, extra = '') => http(`POST ${p} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n` +
  `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n${extra}\r\n`, body);
const get = (p, extra = '') => http(`GET ${p} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${extra}\r\n`);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function rssBytes(pid) {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}
const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;

// The app's request log lines with this status.
const appLines = (status) => st.appLog().split('\n').filter((l) => new RegExp(` (GET|POST) \\S+ ${status} \\d+ms `).test(l)).length;

const CASES = {
  body: {
    label: 'a body of 64 KiB + 1',
    send: () => post(POST_ROUTE, Buffer.alloc(65537, 'a')),
    check: (r) => r.status === 413 && /<center>nginx<\/center>/.test(r.body),
    want: "413 (nginx's page)",
  },
  header: {
    label: 'a 16 KiB header',
    send: () => get('/', `X-Big: ${'a'.repeat(16384)}\r\n`),
    check: (r) => r.status === 400 && /Request Header Or Cookie Too Large/.test(r.body),
    want: '400 "Request Header Or Cookie Too Large"',
  },
  query: {
    label: '10,000 parameters in the query',
    send: () => get('/?' + Array.from({ length: 10000 }, (_, i) => `p${i}=1`).join('&')),
    check: (r) => r.status === 414 && /<center>nginx<\/center>/.test(r.body),
    want: "414 (nginx's page)",
  },
  form: {
    label: '10,000 parameters in a 60,000-byte urlencoded body',
    send: () => post(POST_ROUTE, Buffer.from('a=123&'.repeat(10000))),
    check: (r) => r.status === 413 && /<p class="status">Error 413<\/p>/.test(r.body),
    want: "413 (the app's page: more than REQ_PARAMS_MAX pairs)",
    paced: true,
  },
};

// Send a case n times; one ok for all of them. Returns the figures.
async function repeat(key, n) {
  const c = CASES[key];
  const bad = [];
  let max = 0;
  for (let i = 0; i < n; i++) {
    const t0 = Date.now();
    const r = await c.send();
    max = Math.max(max, r.ms);
    if (!c.check(r)) bad.push(`#${i}: ${r.status}`);
    if (c.paced) await sleep(Math.max(0, POST_GAP_MS - (Date.now() - t0)));
  }
  ok(bad.length === 0, `${c.label}, ${n} times: ${c.want}`, bad.slice(0, 5).join('; '));
  diag(`${c.label}: ${n - bad.length}/${n} answered ${c.want}; slowest ${max.toFixed(0)} ms`);
}

async function main() {
  const asan = fs.readFileSync(BIN).includes('__asan_init');
  const t0 = Date.now();
  st = await startStack();
  try {
    const pid = fs.readFileSync(path.join(st.var, 'workdesk.pid'), 'utf8').trim();
    diag(`${path.relative(REPO, BIN)}${asan ? ' (ASan)' : ''}: stack up in ${Date.now() - t0} ms, app pid ${pid}`);
    const cold = rssBytes(pid);

    const exact = await post(POST_ROUTE, Buffer.from('a=' + 'b'.repeat(65534)));
    ok(exact.status === 403 && /not sent from a Workdesk page/.test(exact.body),
      'a body of exactly 64 KiB passes nginx and the app: 403 (C3, no Origin), not 413', exact.status);
    await sleep(POST_GAP_MS);

    // Warm-up: one of each, then the baseline.
    for (const key of Object.keys(CASES)) {
      await CASES[key].send();
      await sleep(POST_GAP_MS);
    }
    const before = rssBytes(pid);
    const formBefore = appLines(413);

    const t1 = Date.now();
    await repeat('body', REPEAT);
    await repeat('header', REPEAT);
    await repeat('query', REPEAT);
    await repeat('form', REPEAT_APP);
    ok(appLines(413) - formBefore === REPEAT_APP, `the app logged each of the ${REPEAT_APP} bodies with 10,000 parameters as 413`,
      appLines(413) - formBefore);
    const home = await get('/');
    ok(home.status === 200, 'after them GET / answers 200', home.status);

    const after = rssBytes(pid);
    const growth = after - before;
    diag(`${3 * REPEAT + REPEAT_APP} requests in ${((Date.now() - t1) / 1000).toFixed(1)} s; app RSS: ${mib(cold)} at start, ` +
      `${mib(before)} after the warm-up, ${mib(after)} after all; growth ${mib(growth)} (${mib(after - cold)} from the start)`);
    if (asan) diag(`ASan build: the RSS growth (${mib(growth)}) is not asserted (quarantine)`);
    else ok(growth < GROWTH_MAX, `the app's RSS grew less than ${mib(GROWTH_MAX)} (${mib(growth)})`);
    ok(fs.readFileSync(path.join(st.var, 'workdesk.pid'), 'utf8').trim() === pid && fs.existsSync(`/proc/${pid}`),
      `the app is the same process (pid ${pid})`);
  } finally {
    st.finish();
  }
  return done(NAME);
}

suite(NAME, main);
