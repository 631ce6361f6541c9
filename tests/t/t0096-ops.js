'use strict';
// t0096-ops.js: what an operator runs the dashboard with (issue 14):
//
//  - /healthz: 200 "ok" through nginx and on the socket, no session read,
//    no cookie set, nothing about users; 503 once the store is broken.
//  - /admin/metrics: the Prometheus text format for a user listed in
//    `admins`, 403 for anyone else: request counters that match the
//    requests made, a histogram whose buckets add up, cache hits and
//    misses, upstream calls, the breaker; no user id, name or cookie.
//  - workdesk check-schema: as a signed-in operator, every document
//    validates against the sandbox's schema (exit 0); with one field
//    dropped from the schema (the sandbox's drop_fields), the document that
//    selects it and its screens are named (exit 1); each introspection
//    request asks for one type (Upwork's good-faith rule); no token on the
//    output.
//
//   node tests/t/t0096-ops.js      (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ok, done, diag, suite, startStack, REPO } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const ADA_ID = '1390042875001225216';

let st = null;

const get = (p, sid, extra = {}) => fcgi.request(st.sock, { path: p, headers: { ...(sid ? { Cookie: `__Host-sid=${sid}` } : {}), ...extra } }, st);

// Prometheus text format 0.0.4: every line a comment or `name{labels} value`.
function parseMetrics(text) {
  const samples = new Map();
  let bad = 0;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (-?[0-9.e+]+|\+Inf)$/);
    if (!m) { bad++; continue; }
    samples.set(m[1] + (m[2] || ''), Number(m[3]));
  }
  return { samples, bad };
}

function checkSchema() {
  const bin = process.env.WORKDESK_BIN ? path.resolve(REPO, process.env.WORKDESK_BIN) : path.join(REPO, 'build/workdesk');
  const r = spawnSync(bin, ['check-schema', '-c', path.join(st.var, 'workdesk.conf'), '--user', ADA_ID],
    { encoding: 'utf8', timeout: 120000, env: process.env });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

async function main() {
  st = await startStack({ confExtra: `admins = ${ADA_ID}\nupstream_rate_per_s = 0` });
  try {
    // ---- /healthz -------------------------------------------------------------
    let r = await get('/healthz');
    ok(r.status === 200 && r.body.toString() === 'ok\n', '/healthz answers 200 "ok" on the socket', `${r.status} ${r.body}`);
    ok(/^text\/plain/.test(fcgi.header(r, 'content-type') || ''), '... as text/plain');
    ok(fcgi.headerAll(r, 'set-cookie').length === 0, '... and sets no cookie');
    const h = await fcgi.httpRequest(`${st.origin}/healthz`);
    ok(h.status === 200 && h.body.toString() === 'ok\n', '/healthz answers 200 through nginx, signed out', `${h.status}`);

    // ---- metrics ----------------------------------------------------------------
    const ada = await fcgi.signin(st, 'ada', 'allow');
    const grace = await fcgi.signin(st, 'grace', 'allow');
    for (let i = 0; i < 3; i++) await get('/jobs', ada.sid);
    await get('/no/such/page', ada.sid);
    r = await get('/admin/metrics', grace.sid);
    ok(r.status === 403, 'metrics: 403 for a user not listed in admins', r.status);
    r = await get('/admin/metrics');
    ok(r.status === 303, 'metrics: signed out, a redirect to sign in (no figures)', r.status);
    r = await get('/admin/metrics', ada.sid);
    const text = r.body.toString();
    ok(r.status === 200 && /^text\/plain; version=0\.0\.4/.test(fcgi.header(r, 'content-type') || ''),
      'metrics: 200 in the Prometheus text format for the admin', `${r.status} ${fcgi.header(r, 'content-type')}`);
    const { samples, bad } = parseMetrics(text);
    ok(bad === 0, 'metrics: every line is a comment or a sample', bad);
    const s = (k) => samples.get(k);
    ok(s('workdesk_requests_total{route="jobs",status="200"}') === 3, 'metrics: 3 /jobs requests counted as route jobs, 200',
      s('workdesk_requests_total{route="jobs",status="200"}'));
    ok(s('workdesk_requests_total{route="-",status="404"}') >= 1, 'metrics: the unknown page counted as a 404');
    ok(s('workdesk_requests_total{route="metrics",status="403"}') === 1, 'metrics: the refused scrape counted too');
    const buckets = [...samples].filter(([k]) => k.startsWith('workdesk_request_duration_seconds_bucket'));
    const rising = buckets.every(([, v], i) => i === 0 || v >= buckets[i - 1][1]);
    const total = [...samples].filter(([k]) => k.startsWith('workdesk_requests_total')).reduce((a, [, v]) => a + v, 0);
    ok(buckets.length === 12 && rising && buckets[11][0].includes('+Inf') && buckets[11][1] === s('workdesk_request_duration_seconds_count') &&
      s('workdesk_request_duration_seconds_count') === total,
    'metrics: the latency histogram rises to +Inf = its count = the requests counted', `${buckets.length} ${rising} ${s('workdesk_request_duration_seconds_count')} ${total}`);
    ok(s('workdesk_cache_lookups_total{result="hit"}') >= 2 && s('workdesk_cache_lookups_total{result="miss"}') >= 1,
      'metrics: /jobs seen again comes from the cache (hits and misses counted)', `${s('workdesk_cache_lookups_total{result="hit"}')} ${s('workdesk_cache_lookups_total{result="miss"}')}`);
    // Every call through the limiter: GraphQL and the token endpoint
    // (one code exchange per sign-in).
    const calls = (await st.sb.log()).filter((e) => e.endpoint === 'graphql' || e.endpoint === 'token').length;
    ok(s('workdesk_upstream_calls_total') === calls, 'metrics: upstream calls equal the sandbox\'s count of GraphQL and token calls',
      `${s('workdesk_upstream_calls_total')} vs ${calls}`);
    ok(s('workdesk_upstream_breaker_state{state="closed"}') === 1 && s('workdesk_upstream_breaker_state{state="open"}') === 0,
      'metrics: the breaker is closed');
    ok(!text.includes(ADA_ID) && !text.includes('Ada') && !text.includes(ada.sid) && !/token|secret/i.test(text.replace(/# HELP.*\n/g, '')),
      'metrics: no user id, name, session or token');

    // ---- check-schema ------------------------------------------------------------
    await st.sb.clearLog();
    let c = checkSchema();
    const docs = fs.readdirSync(path.join(REPO, 'app/graphql')).filter((f) => f.endsWith('.graphql')).length;
    ok(c.status === 0 && c.out.includes(`0 of ${docs} documents no longer validate`),
      `check-schema: all ${docs} documents validate against the sandbox (exit 0)`, `${c.status} ${c.out.split('\n').slice(-2).join(' ')} ${c.err}`);
    ok((c.out.match(/\.graphql: ok$/gm) || []).length === docs, 'check-schema: each document reported ok',
      c.out.split('\n').filter((l) => !/: ok$/.test(l)).join(' | '));
    let log = (await st.sb.log()).filter((e) => e.endpoint === 'graphql');
    const n = Number((c.out.match(/\((\d+) introspection requests/) || [])[1]);
    ok(log.length === n && n > 20, `check-schema: ${n} introspection requests, as many as the sandbox saw`, `${n} vs ${log.length}`);
    ok(log.every((e) => e.status === undefined || e.status === 200) && !/good faith/.test(c.out + c.err),
      'check-schema: none refused as bad-faith introspection (one type per request)');
    ok(!c.out.includes('sandbox-access') && !/Bearer|access_token/.test(c.out + c.err), 'check-schema: no token on its output');

    await st.sb.config({ drop_fields: ['Contract.title', 'RoomStory.message'] });
    c = checkSchema();
    ok(c.status === 1, 'check-schema: with fields dropped from the schema, exit 1', `${c.status} ${c.err}`);
    ok(/^contract\.graphql: no longer validates \(screens: \/contracts\/ID[^)]*\)$/m.test(c.out) && /^ {2}Contract\.title: no such field$/m.test(c.out),
      'check-schema: names contract.graphql, its screens and Contract.title', c.out.split('\n').filter((l) => /contract|Contract/.test(l)).join(' | '));
    ok(/^room\.graphql: no longer validates \(screens: \/messages\/ROOM\)$/m.test(c.out) && /RoomStory\.message: no such field/.test(c.out),
      'check-schema: names room.graphql (/messages/ROOM) and RoomStory.message', c.out.split('\n').filter((l) => /room|Room/.test(l)).join(' | '));
    const failing = (c.out.match(/no longer validates/g) || []).length;
    ok(c.out.includes(`${failing} of ${docs} documents no longer validate`) && failing >= 2 && failing < docs,
      `check-schema: ${failing} documents fail, the others still ok`);
    diag(`check-schema with two fields dropped: ${failing} of ${docs} documents fail`);
    await st.sb.config({ drop_fields: [] });

    // A user with no authorization here: a clear message, exit 2.
    const bin = process.env.WORKDESK_BIN ? path.resolve(REPO, process.env.WORKDESK_BIN) : path.join(REPO, 'build/workdesk');
    const none = spawnSync(bin, ['check-schema', '-c', path.join(st.var, 'workdesk.conf'), '--user', '42'], { encoding: 'utf8', env: process.env });
    ok(none.status === 2 && /no Upwork authorization here/.test(none.stderr), 'check-schema: a user never signed in here: exit 2 and says so', `${none.status} ${none.stderr}`);

    // ---- /healthz when the store is broken ------------------------------------------
    fs.rmSync(path.join(st.var, 'data', 'forms'), { recursive: true, force: true });
    r = await get('/healthz');
    ok(r.status === 503 && /store unavailable/.test(r.body.toString()), '/healthz answers 503 once a store directory is gone', `${r.status} ${r.body}`);
  } finally {
    await st.sb.reset().catch(() => null);
    st.finish();
  }
  return done(NAME);
}

suite(NAME, main);
