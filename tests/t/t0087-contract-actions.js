'use strict';
// t0087-contract-actions.js: the actions on contracts (issue 7, Done when
// 2): for each of end (freelancer), pause, restart, fund a milestone and
// approve a milestone (client): the confirmation page, cancel, a CSRF
// failure, an Upwork error, and the confirmed action, each checked against
// the sandbox's own record of executed mutations and contract state.
// Also: the wrong side is refused before Upwork is asked; a double click
// and a replay cause one mutation; a lost answer is "outcome unknown".
//
//   node tests/t/t0087-contract-actions.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const path = require('node:path');
const { ok, done, suite, startStack } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const CONF = 'upstream_rate_per_s = 0\nupstream_daily_cap = 0\nhttp_timeout_ms = 1500';
const CLIENT_ORG = '1417508230184820737';
const C = (n) => `15000000000000000${String(n).padStart(2, '0')}`;
const M = (n) => `1600000000000000${String(n).padStart(3, '0')}`;

let st = null;

async function get(sid, p) {
  const r = await fcgi.request(st.sock, { path: p, headers: { Cookie: `__Host-sid=${sid}` } }, st);
  return { status: r.status, html: r.body.toString('utf8'), location: fcgi.header(r, 'location') };
}
async function post(sid, p, form) {
  const r = await fcgi.request(st.sock, { method: 'POST', path: p, body: new URLSearchParams(form).toString(),
    headers: { Cookie: `__Host-sid=${sid}`, Origin: st.origin } }, st);
  return { status: r.status, html: r.body.toString('utf8'), location: fcgi.header(r, 'location') };
}
const field = (html, n) => fcgi.htmlUnescape((html.match(new RegExp(`<input [^>]*name="${n}"[^>]* value="([^"]*)"`)) || [])[1] || '');
async function dump() {
  return JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/contracts`)).body);
}
const contract = (d, id) => d.contracts.find((c) => c.id === id);
const milestone = (d, id) => d.contracts.flatMap((c) => c.milestones).find((m) => m.id === id);

async function main() {
  st = await startStack({ confExtra: CONF });
  try {
    const a = await fcgi.signin(st, 'ada', 'allow');
    const g = await fcgi.signin(st, 'grace', 'allow');
    const gcsrf = field((await get(g.sid, '/org')).html, 'csrf');
    ok((await post(g.sid, '/org', { csrf: gcsrf, org: CLIENT_ORG })).status === 303, 'Grace works in her client organization');

    // Each action: who, the contract, the milestone, the form, the state
    // after, and how to make Upwork refuse.
    const cases = [
      { name: 'end', sid: a.sid, c: C(3), form: { reason: 'API_REAS_WORK_NOT_NEEDED' }, after: (d) => contract(d, C(3)).status === 'ENDED', op: 'EndContract', mutation: 'endContractByFreelancer' },
      { name: 'pause', sid: g.sid, c: C(6), form: { message: 'Holiday' }, after: (d) => contract(d, C(6)).status === 'PAUSED', op: 'PauseContract', mutation: 'pauseContract' },
      { name: 'restart', sid: g.sid, c: C(7), form: { message: 'Back' }, after: (d) => contract(d, C(7)).status === 'ACTIVE', op: 'RestartContract', mutation: 'restartContract' },
      { name: 'fund', sid: g.sid, c: C(13), m: M(134), form: {}, after: (d) => milestone(d, M(134)).state === 'ACTIVE', op: 'ActivateMilestone', mutation: 'activateMilestone' },
      { name: 'approve', sid: g.sid, c: C(13), m: M(132), form: { amount: null, comment: 'Thanks' }, after: (d) => milestone(d, M(132)).state === 'PAID', op: 'ApproveMilestone', mutation: 'approveMilestone', natural: { amount: '1.00' } },
    ];
    for (const t of cases) {
      const url = `/contracts/${t.c}/${t.name}${t.m ? `?milestone=${t.m}` : ''}`;
      const count = async () => (await dump()).mutations.filter((x) => x.name === t.mutation).length;
      // The contract page offers it.
      let r = await get(t.sid, `/contracts/${t.c}`);
      const linkId = t.m ? `${t.name}-${t.m}` : `action-${t.name}`;
      ok(r.html.includes(`id="${linkId}" href="${url.replace(/&/g, '&amp;')}"`), `${t.name}: the contract page offers it`);
      // The confirmation page.
      r = await get(t.sid, url);
      ok(r.status === 200 && /id="action-form"/.test(r.html) && /id="action-confirm"/.test(r.html), `${t.name}: a confirmation page (200)`, r.status);
      const form = { csrf: field(r.html, 'csrf'), nonce: field(r.html, 'nonce'), ...(t.m ? { milestone: t.m } : {}), ...t.form };
      if (t.name === 'approve') form.amount = field(r.html, 'amount');
      // Cancel: back to the contract, nothing sent.
      const cancel = (r.html.match(/id="action-cancel" href="([^"]*)"/) || [])[1];
      ok(cancel === `/contracts/${t.c}`, `${t.name}: cancel leads back to the contract`, cancel);
      const n0 = await count();
      ok((await get(t.sid, cancel)).status === 200 && await count() === n0, `${t.name}: cancelling sends nothing`);
      // CSRF failure.
      r = await post(t.sid, url.split('?')[0], { ...form, csrf: 'x'.repeat(43) });
      ok(r.status === 403 && await count() === n0, `${t.name}: a wrong CSRF token: 403, nothing sent`, r.status);
      // An Upwork error: its reason on the confirmation page, input kept.
      if (t.natural) {
        r = await post(t.sid, url.split('?')[0], { ...form, ...t.natural, nonce: field((await get(t.sid, url)).html, 'nonce') });
      } else {
        await st.sb.config({ graphql_fault: { operation: t.op, count: 1, errors: [{ message: `Exception while fetching data (/${t.mutation}) : Something is off at Upwork`, extensions: { classification: 'DataFetchingException' } }] } });
        r = await post(t.sid, url.split('?')[0], { ...form, nonce: field((await get(t.sid, url)).html, 'nonce') });
      }
      ok(r.status === 409 && /id="action-error"/.test(r.html), `${t.name}: an Upwork error: 409 with the reason`, r.status);
      if (t.natural) ok(/underpaymentReason|less than|escrow/i.test(r.html) && field(r.html, 'amount') === '1.00', `${t.name}: Upwork's reason, and the amount kept`);
      if (t.form.message) ok(r.html.includes(`>${t.form.message}</textarea>`), `${t.name}: the note kept`);
      ok(!t.after(await dump()), `${t.name}: after the error, nothing changed`);
      // Confirmed, with a double click.
      const n1 = await count();
      const [r1, r2] = await Promise.all([post(t.sid, url.split('?')[0], form), post(t.sid, url.split('?')[0], form)]);
      const d = await dump();
      ok(r1.status === 303 && r2.status === 303 && r1.location === `/contracts/${t.c}?done=${t.name}` && r2.location === r1.location,
        `${t.name}: confirmed: both clicks lead to the contract`, [r1.status, r1.location, r2.status, r2.location]);
      ok(d.mutations.filter((x) => x.name === t.mutation).length === n1 + 1, `${t.name}: exactly one mutation`, d.mutations.filter((x) => x.name === t.mutation).length - n1);
      ok(t.after(d), `${t.name}: Upwork's state changed`);
      r = await post(t.sid, url.split('?')[0], form);
      ok(r.status === 303 && (await dump()).mutations.filter((x) => x.name === t.mutation).length === n1 + 1, `${t.name}: a replay sends nothing`, r.status);
      r = await get(t.sid, `/contracts/${t.c}?done=${t.name}`);
      ok(/id="action-done"/.test(r.html), `${t.name}: the contract page says it is done`);
      ok(!r.html.includes(`id="${linkId}"`), `${t.name}: and no longer offers it (fresh from Upwork, not the cache)`);
    }

    // The wrong side is refused before Upwork is asked.
    const n = (await dump()).mutations.length;
    let r = await get(a.sid, `/contracts/${C(6)}/pause`);
    ok(r.status === 409 && /Only the client/.test(r.html), "Ada (the freelancer) cannot pause: 409", r.status);
    r = await get(g.sid, `/contracts/${C(6)}/end`);
    ok(r.status === 409 && /Only the freelancer/.test(r.html), 'Grace (the client) cannot end as the freelancer: 409', r.status);
    r = await get(a.sid, `/contracts/${C(2)}/approve?milestone=${M(23)}`);
    ok(r.status === 409, 'Ada cannot approve her own milestone: 409', r.status);
    r = await get(g.sid, `/contracts/${C(8)}/pause`);
    ok(r.status === 404, "another organization's contract: 404", r.status);
    r = await get(g.sid, `/contracts/${C(13)}/approve?milestone=${M(21)}`);
    ok(r.status === 409 && /no such milestone/.test(r.html), "a milestone of another contract: 409", r.status);
    ok((await dump()).mutations.length === n, 'none of these reached Upwork');

    // A lost answer.
    r = await get(g.sid, `/contracts/${C(13)}/approve?milestone=${M(133)}`);
    const lost = { csrf: field(r.html, 'csrf'), nonce: field(r.html, 'nonce'), milestone: M(133), amount: field(r.html, 'amount') };
    await st.sb.config({ graphql_fault: { drop: true, operation: 'ApproveMilestone', after_execute: true, count: 1 } });
    r = await post(g.sid, `/contracts/${C(13)}/approve`, lost);
    ok(r.status === 504 && /The outcome is unknown/.test(r.html), 'a lost answer: 504 "outcome unknown"', r.status);
    ok(milestone(await dump(), M(133)).state === 'PAID', '(Upwork did pay)');
    r = await post(g.sid, `/contracts/${C(13)}/approve`, lost);
    ok(r.status === 409 && (await dump()).mutations.filter((x) => x.name === 'approveMilestone').length === 3, 'resending it pays nothing twice', r.status);
    r = await get(g.sid, `/contracts/${C(13)}`);
    ok(/id="milestone-1600000000000000133">[\s\S]*?Paid/.test(r.html), 'the contract page shows what Upwork did');
  } finally {
    await st.sb.reset().catch(() => null);
    st.finish();
  }
  return done(NAME);
}

suite(NAME, main);
