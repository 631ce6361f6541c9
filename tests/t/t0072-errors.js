'use strict';
// t0072-errors.js: every typed Upwork error (app/upwork.h, enum upwork_err)
// rendered as its page: the HTTP status, the heading, the hint, and Upwork's
// own message (escaped) in <details><pre> where Upwork sent one. One case a
// type, driven by the sandbox's switches (tests/sandbox/README.md):
//
//   validation   drop_fields (schema drift)      502 "…disagree about the data format"
//   permission   remove_permissions              403 "…lacks a permission", the fields listed
//   denied       errors[] "Authorization failed"  403 "Upwork denied access"
//   server       HTTP 500 "Exception occurred", the same in errors[], a run of 503s
//                                                502 "Upwork had a problem"
//   other        errors[] with any other message  502 "Upwork reported an error" (escaped)
//   not JSON     the HTML challenge page          502 "Upwork sent an unexpected page"
//   network      the connection dropped          503 "Upwork cannot be reached"
//   auth         tokens revoked, a cold page     one refresh, then 303 /?signin=expired
//   unavailable  breaker open after 5 failures    503 "Upwork is unavailable", 0 calls
//   rate limited 429 with Retry-After past the page budget, and the daily cap
//                                                503 "Upwork asked us to slow down", fast
//
// plus /admin (R6 figures for the operator): 200 with the call counts for a
// user listed in `admins`, 403 for anyone else.
//
// Stacks: A (cache_ttl_s = 0, so every GET / calls Upwork and no stale
// entry can hide an error; admins = Ada's user id) for all but the rate
// limits; B (a 429 whose Retry-After blocks every call for 60 s); C
// (upstream_daily_cap = 3). After each failure case a successful GET / ends
// the run of failures, so the breaker opens only where the test means it to.
//
//   node tests/t/t0072-errors.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ok, done, diag, suite, startStack, REPO } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const ADA_ID = '1390042875001225216';
const BIN = process.env.WORKDESK_BIN ? path.resolve(process.env.WORKDESK_BIN)
  : path.join(REPO, 'build', 'workdesk');
const BUDGET_MS = 25000;

const sha256hex = (s) => crypto.createHash('sha256').update(s).digest('hex');

// ---- pages ----------------------------------------------------------------------

function page(r) {
  const body = r.body.toString('utf8');
  const grab = (re) => {
    const m = re.exec(body);
    return m ? fcgi.htmlUnescape(m[1]) : null;
  };
  return {
    status: r.status,
    body,
    ms: r.ms,
    statusLine: grab(/<p class="status">Error (\d+)<\/p>/),
    heading: grab(/<h1 id="error-heading">([^<]*)<\/h1>/),
    hint: grab(/<p class="hint">([^<]*)<\/p>/),
    detail: grab(/<details><summary>Details<\/summary><pre>([\s\S]*?)<\/pre><\/details>/),
    name: grab(/id="user-name"[^>]*>([^<]*)</),
    location: fcgi.header(r, 'location'),
  };
}

async function get(st, sid, p = '/') {
  const t0 = Date.now();
  const r = await fcgi.request(st.sock, { path: p, headers: { Cookie: sid ? `__Host-sid=${sid}` : undefined } }, st);
  r.ms = Date.now() - t0;
  return page(r);
}

async function signin(st, user) {
  const s = await fcgi.signin(st, user, 'allow');
  if (s.status !== 303 || !s.sid) throw new Error(`sign-in as ${user} failed: ${s.status}`);
  return s.sid;
}

async function calls(st, since) {
  return (await st.sb.log()).filter((e) => (e.endpoint === 'token' || e.endpoint === 'graphql') && e.t >= since);
}

function appLines(st, from = 0) {
  const out = [];
  for (const line of st.appLog().slice(from).split('\n')) {
    const m = / (GET|POST|HEAD) (\S+) (\d{3}) (\d+)ms upstream=(\d+) cache=\d+\/\d+$/.exec(line);
    if (m) out.push({ route: m[2], status: +m[3], upstream: +m[5] });
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

// One case: set the switches, GET / once, reset the switches, check the
// page; then a plain GET / must work again (and ends any run of failures).
async function errorCase(st, sid, c) {
  const mark = Date.now();
  const from = st.appLog().length;
  await st.sb.config(c.set);
  const p = await get(st, sid);
  await st.sb.config(c.reset);
  const cs = await calls(st, mark);
  const lines = appLines(st, from);
  const tag = `${c.type} (${c.label})`;
  ok(p.status === c.status && p.statusLine === String(c.status), `${tag}: answers ${c.status}`, `${p.status} ${p.statusLine}`);
  ok(p.heading === c.heading, `${tag}: heading "${c.heading}"`, p.heading);
  ok(p.hint && c.hint.test(p.hint), `${tag}: the hint says what to do`, p.hint);
  ok(p.name === null, `${tag}: no Upwork data on the page`);
  if (c.detail) {
    ok(p.detail !== null && c.detail.test(p.detail), `${tag}: <details><pre> holds ${c.detailWhat}`, p.detail);
  }
  if (c.calls) ok(c.calls(cs.length), `${tag}: ${c.callsWhat}`, cs.length);
  const again = await get(st, sid);
  ok(again.status === 200 && again.name, `${tag}: the next GET / works again (200)`, again.status);
  diag(`${tag}: ${p.status} "${p.heading}" in ${p.ms} ms; ${cs.length} call(s) ${cs.map((e) => e.status).join(',')}; ` +
    `app upstream=${lines.filter((l) => l.route === 'home').map((l) => l.upstream)[0]}; ` +
    `details: ${p.detail === null ? '(none)' : JSON.stringify(p.detail)}`);
  return { p, cs };
}

// ---- stack A: one case a type ------------------------------------------------------------

async function stackA() {
  const st = await startStack({ confExtra: `cache_ttl_s = 0\nadmins = ${ADA_ID}` });
  try {
    let ada = await signin(st, 'ada');
    let grace = await signin(st, 'grace');
    const first = await get(st, ada);
    ok(first.status === 200 && first.name === 'Ada Lovelace', 'A: the dashboard works before any fault');

    await errorCase(st, ada, {
      type: 'validation', label: 'drop_fields CurrentUser.ciphertext',
      set: { drop_fields: ['CurrentUser.ciphertext'] }, reset: { drop_fields: null },
      status: 502, heading: 'Workdesk and Upwork disagree about the data format',
      hint: /Upwork's API has probably changed/,
      detail: /Validation error \(FieldUndefined@\[user\/ciphertext\]\) : Field 'ciphertext' in type 'CurrentUser' is undefined/,
      detailWhat: "Upwork's ValidationError message",
      calls: (n) => n === 1, callsWhat: '1 call, not retried',
    });
    await errorCase(st, ada, {
      type: 'permission', label: 'remove_permissions',
      set: { remove_permissions: ['CurrentUser.ciphertext', 'CompanySelectorItem.typeTitle'] },
      reset: { remove_permissions: null },
      status: 403, heading: 'This Upwork API key lacks a permission',
      hint: /enable the permissions listed below/,
      detail: /^Missing permission for: CompanySelectorItem\.typeTitle, CurrentUser\.ciphertext$/,
      detailWhat: 'the blocked field names',
      calls: (n) => n === 1, callsWhat: '1 call, not retried',
    });
    await errorCase(st, ada, {
      type: 'denied', label: 'errors[] Authorization failed',
      set: { graphql_fault: { errors: [{ message: 'Authorization failed', extensions: { classification: 'ExecutionAborted' } }], count: 1 } },
      reset: { graphql_fault: null },
      status: 403, heading: 'Upwork denied access', hint: /Switch organization or ask its owner/,
      detail: /^Upwork said: Authorization failed$/, detailWhat: "Upwork's message",
      calls: (n) => n === 1, callsWhat: '1 call, not retried',
    });
    const s500 = await errorCase(st, ada, {
      type: 'server', label: 'HTTP 500 {"message":"Exception occurred"}',
      set: { graphql_fault: { status: 500, count: 3 } }, reset: { graphql_fault: null },
      status: 502, heading: 'Upwork had a problem', hint: /usually temporary/,
      calls: (n) => n === 1, callsWhat: '1 call: a 500 is not retried',
    });
    diag(`server (HTTP 500): details ${s500.p.detail === null ? 'absent: Upwork\'s "Exception occurred" (JSON body of the 500) is not shown' : JSON.stringify(s500.p.detail)}`);
    await errorCase(st, ada, {
      type: 'server', label: 'errors[] Exception occurred',
      set: { graphql_fault: { errors: [{ message: 'Exception occurred', extensions: { classification: 'DataFetchingException' } }], count: 1 } },
      reset: { graphql_fault: null },
      status: 502, heading: 'Upwork had a problem', hint: /usually temporary/,
      detail: /^Upwork said: Exception occurred$/, detailWhat: "Upwork's message",
      calls: (n) => n === 1, callsWhat: '1 call',
    });
    await errorCase(st, ada, {
      type: 'server', label: 'a run of 503s',
      set: { graphql_fault: { status: 503 } }, reset: { graphql_fault: null },
      status: 502, heading: 'Upwork had a problem', hint: /usually temporary/,
      calls: (n) => n >= 1 && n <= 3, callsWhat: '1 to 3 attempts',
    });
    const hostile = 'Opening not found for uid=<script>alert(1)</script> & "x"';
    const other = await errorCase(st, ada, {
      type: 'other', label: 'errors[] with another message',
      set: { graphql_fault: { errors: [{ message: hostile, extensions: { classification: 'DataFetchingException' } }], count: 1 } },
      reset: { graphql_fault: null },
      status: 502, heading: 'Upwork reported an error', hint: /what it reported/,
      detail: new RegExp(`^Upwork said: ${hostile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), detailWhat: "Upwork's message, intact",
      calls: (n) => n === 1, callsWhat: '1 call',
    });
    ok(!other.p.body.includes('<script>alert(1)') && other.p.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'),
      "other: Upwork's message is HTML-escaped in the page (I7)");
    const nj = await errorCase(st, ada, {
      type: 'not JSON', label: 'HTML challenge page',
      set: { graphql_fault: { html: true, count: 1 } }, reset: { graphql_fault: null },
      status: 502, heading: 'Upwork sent an unexpected page', hint: /security check/,
      calls: (n) => n === 1, callsWhat: '1 call (a 403 is not retried)',
    });
    ok(!/Just a moment/.test(nj.p.body), 'not JSON: none of the challenge page reaches ours');
    const net = await errorCase(st, ada, {
      type: 'network', label: 'connection dropped',
      set: { graphql_fault: { drop: true } }, reset: { graphql_fault: null },
      status: 503, heading: 'Upwork cannot be reached', hint: /network connection to Upwork/,
    });
    ok(net.p.detail === null || !/Upwork said/.test(net.p.detail),
      'network: the page does not attribute our own transport error to Upwork ("Upwork said: …")', net.p.detail);

    // auth: every token revoked; a cold page gets a 401, one refresh (refused), then sign-in.
    {
      const mark = Date.now();
      const revoked = await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/revoke`, { method: 'POST' });
      const p = await get(st, ada);
      const cs = await calls(st, mark);
      const gql = cs.filter((e) => e.endpoint === 'graphql');
      const refresh = cs.filter((e) => e.endpoint === 'token' && e.grant_type === 'refresh_token');
      const res = await fcgi.request(st.sock, { path: '/', headers: { Cookie: `__Host-sid=${ada}` } }, st);
      ok(revoked.status === 200, 'auth: the sandbox revoked every token', revoked.body);
      ok(gql.length === 1 && gql[0].status === 401, 'auth: 1 GraphQL call, answered 401', gql.map((e) => e.status).join(','));
      ok(refresh.length === 1 && refresh[0].status === 400, 'auth: exactly 1 refresh attempt (refused: invalid_grant)',
        refresh.map((e) => `${e.status} ${e.error}`).join(','));
      ok(p.status === 303 && p.location === '/?signin=expired', 'auth: then 303 to /?signin=expired', `${p.status} ${p.location}`);
      ok(!fs.existsSync(path.join(st.var, 'data', 'tokens', sha256hex(ADA_ID))), "auth: the user's tokens are deleted");
      const expired = await get(st, null, '/?signin=expired');
      ok(expired.status === 200 && /expired/i.test(expired.body) && /href="\/auth\/login/.test(expired.body),
        'auth: the sign-in page says the access expired');
      const later = await calls(st, mark);
      ok(later.length === cs.length && res.status === 200 && !/Ada Lovelace/.test(res.body.toString()),
        'auth: the old cookie again: the signed-out page, no further call (no loop)', `${later.length - cs.length} more`);
      diag(`auth: ${gql.length} GraphQL call (401), ${refresh.length} refresh (${refresh.map((e) => e.error).join(',')}), ` +
        `then ${p.status} ${p.location}`);
      ada = await signin(st, 'ada');
      grace = await signin(st, 'grace');
    }

    // unavailable: 500s (not retried) until the breaker opens, then a page with no call.
    {
      const mark = Date.now();
      await st.sb.config({ graphql_fault: { status: 500 } });
      const pages = [];
      for (let i = 0; i < 8; i++) {
        const p = await get(st, i % 2 ? grace : ada);
        pages.push(p);
        if (p.heading === 'Upwork is unavailable') break;
      }
      const cs = await calls(st, mark);
      const last = pages[pages.length - 1];
      const before = cs.length;
      const p = await get(st, ada);
      const after = (await calls(st, mark)).length;
      ok(before === 5 && pages.length === 6, 'unavailable: the breaker opened after 5 failed calls',
        `${before} calls, ${pages.map((x) => x.status).join(',')}`);
      ok(last.status === 503 && last.statusLine === '503' && p.status === 503, 'unavailable: answers 503', `${last.status} ${p.status}`);
      ok(last.heading === 'Upwork is unavailable' && p.heading === 'Upwork is unavailable', 'unavailable: heading "Upwork is unavailable"', p.heading);
      ok(p.hint && /pauses its calls for 30 seconds/.test(p.hint), 'unavailable: the hint says it pauses for 30 s', p.hint);
      ok(after === before, 'unavailable: 0 calls for the refused pages', after - before);
      ok(p.ms < 1000, 'unavailable: answered at once', `${p.ms} ms`);
      ok(p.detail === null || !/Upwork said/.test(p.detail),
        'unavailable: the page does not say "Upwork said" about a call that was never made', p.detail);
      const out = status(st);
      ok(/breaker: open/.test(out), '`workdesk status`: breaker: open', out.split('\n').find((l) => /breaker/.test(l)));
      diag(`unavailable: ${before} failed calls, then ${p.status} "${p.heading}" in ${p.ms} ms with ${after - before} calls; ` +
        `details ${JSON.stringify(p.detail)}`);
    }

    // /admin: the operator's figures.
    {
      const a = await get(st, ada, '/admin');
      const num = (id) => {
        const m = new RegExp(`id="${id}">([^<]*)<`).exec(a.body);
        return m ? fcgi.htmlUnescape(m[1]) : null;
      };
      const all = await calls(st, 0);
      const tokens = all.filter((e) => e.endpoint === 'token').length;
      const attempts = appLines(st).reduce((s, l) => s + l.upstream, 0);
      ok(a.status === 200 && /<h1>Operator status<\/h1>/.test(a.body), 'admin: GET /admin as a listed admin answers 200', a.status);
      ok(/^\d+$/.test(num('calls-minute') || '') && +num('calls-minute') > 0, 'admin: shows the calls of the last minute', num('calls-minute'));
      ok(+num('calls-day') === tokens + attempts, "admin: today's calls = the token calls + the app's GraphQL attempts",
        `${num('calls-day')} vs ${tokens} + ${attempts}`);
      ok(+num('failures-minute') >= 5, 'admin: shows the failures of the last minute', num('failures-minute'));
      ok(num('breaker') === 'open', 'admin: shows the breaker open', num('breaker'));
      ok(/^\d+$/.test(num('retries-minute') || '') && /^\d+$/.test(num('limited-minute') || ''), 'admin: shows retries and 429s');
      const g = await get(st, grace, '/admin');
      ok(g.status === 403 && g.heading === 'For the operator only', 'admin: any other user gets 403 "For the operator only"',
        `${g.status} ${g.heading}`);
      ok(!/calls-minute/.test(g.body), 'admin: none of the figures on the 403 page');
      diag(`admin: calls minute ${num('calls-minute')}, day ${num('calls-day')} (sandbox saw ${all.length}: ${tokens} token, ` +
        `${all.length - tokens} GraphQL; the app counted ${attempts} GraphQL attempts), failures ${num('failures-minute')}, ` +
        `retries ${num('retries-minute')}, 429s ${num('limited-minute')}, breaker ${num('breaker')}; grace: ${g.status}`);
    }
    await st.sb.config({ graphql_fault: null });
  } finally {
    st.finish('A: ');
  }
}

// ---- stack B: 429 with a Retry-After past the page budget ---------------------------------

async function stackB() {
  const st = await startStack({ confExtra: 'cache_ttl_s = 0' });
  try {
    const ada = await signin(st, 'ada');
    const mark = Date.now();
    await st.sb.config({ graphql_fault: { status: 429, retry_after: '60', count: 1 } });
    const p = await get(st, ada);
    const cs = await calls(st, mark);
    ok(p.status === 503 && p.statusLine === '503', 'rate limited (Retry-After: 60): answers 503', p.status);
    ok(p.heading === 'Upwork asked us to slow down', 'rate limited: heading "Upwork asked us to slow down"', p.heading);
    ok(p.hint && /^Wait /.test(p.hint), 'rate limited: the hint says to wait', p.hint);
    ok(p.detail && /Retry-After: 60/.test(p.detail), "rate limited: <details> shows Upwork's Retry-After", p.detail);
    ok(cs.length === 1 && cs[0].status === 429, 'rate limited: 1 call; no retry inside the page budget', cs.length);
    ok(p.ms < 2000, `rate limited: fails fast rather than wait 60 s (page budget ${BUDGET_MS / 1000} s)`, `${p.ms} ms`);
    const q = await get(st, ada);
    const cs2 = await calls(st, mark);
    ok(q.status === 503 && q.heading === 'Upwork asked us to slow down' && cs2.length === 1 && q.ms < 1000,
      'rate limited: the next page is refused at once with 0 calls (Retry-After kept in the shared state)',
      `${q.status} ${q.heading} ${cs2.length - 1} calls ${q.ms} ms`);
    const out = status(st);
    ok(/retry-after: (5\d|60) s left/.test(out), '`workdesk status` shows the Retry-After time left',
      out.split('\n').find((l) => /retry-after/.test(l)));
    diag(`rate limited: ${p.status} "${p.heading}" in ${p.ms} ms with ${cs.length} call; next page ${q.status} in ${q.ms} ms ` +
      `with ${cs2.length - cs.length} calls; details ${JSON.stringify(p.detail)}; ${out.split('\n').find((l) => /retry-after/.test(l))}`);
  } finally {
    st.finish('B: ');
  }
}

// ---- stack C: the daily cap -----------------------------------------------------------

async function stackC() {
  const st = await startStack({ confExtra: 'cache_ttl_s = 0\nupstream_daily_cap = 3' });
  try {
    const ada = await signin(st, 'ada'); // calls 1 and 2: token, Signin
    const p1 = await get(st, ada); // call 3
    const mark = Date.now();
    const p2 = await get(st, ada);
    const cs = await calls(st, mark);
    ok(p1.status === 200 && p1.name, 'daily cap 3: the third call of the day is made (200)', p1.status);
    ok(p2.status === 503 && p2.heading === 'Upwork asked us to slow down' && cs.length === 0,
      'daily cap 3: the fourth is refused: 503 "Upwork asked us to slow down", 0 calls', `${p2.status} ${p2.heading} ${cs.length}`);
    const out = status(st);
    ok(/3 today \(cap 3\)/.test(out), '`workdesk status`: 3 today (cap 3)', out.split('\n')[0]);
    diag(`daily cap: ${p2.status} "${p2.heading}" in ${p2.ms} ms, ${cs.length} calls; ${out.split('\n')[0]}`);
  } finally {
    st.finish('C: ');
  }
}

async function main() {
  const t0 = Date.now();
  for (const [name, fn] of [['A', stackA], ['B', stackB], ['C', stackC]]) {
    try {
      await fn();
    } catch (e) {
      ok(false, `stack ${name} ran to the end`, e.stack);
    }
  }
  diag(`wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return done(NAME);
}

suite(NAME, main);
