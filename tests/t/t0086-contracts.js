'use strict';
// t0086-contracts.js: /contracts and /contracts/ID (issue 7) against the
// sandbox's demo contracts (tests/sandbox/README.md "Contracts").
//
//   (a) Ada (freelancer): her active and paused contracts, exactly the
//       sandbox's (ended ones left out), with client, terms and this
//       week's hours computed by the test from the sandbox's time rows;
//       each links to its page and its workroom on Upwork
//   (b) Grace in each of her organizations sees that organization's
//       contracts only: agency 8-10, personal 11-12, as client 6 and 14
//       (hourly, from the time report); no page shows another's
//   (c) the fallback: with vendorContracts blocked for the key, the work
//       history lists her own contracts, with a notice
//   (d) one contract: terms, milestones (amounts, states, due dates),
//       the hours of this week and last (the test's own sums), the side
//   (e) another organization's contract, or an unknown one: 404
//   (f) hostile titles and names are text
//
//   node tests/t/t0086-contracts.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const path = require('node:path');
const { ok, done, diag, suite, startStack } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const CONF = 'upstream_rate_per_s = 0\nupstream_daily_cap = 0\ncache_ttl_s = 0';
const ORG = {
  ada: '1390042875009613825', agency: '1417508230176432129',
  personal: '1417508230172237824', client: '1417508230184820737',
};
const C = (n) => `15000000000000000${String(n).padStart(2, '0')}`;

let st = null;

async function get(sid, p) {
  const r = await fcgi.request(st.sock, { path: p, headers: { Cookie: `__Host-sid=${sid}` } }, st);
  return { status: r.status, html: r.body.toString('utf8') };
}
async function post(sid, p, form) {
  const r = await fcgi.request(st.sock, { method: 'POST', path: p, body: new URLSearchParams(form).toString(),
    headers: { Cookie: `__Host-sid=${sid}`, Origin: st.origin } }, st);
  return { status: r.status, location: fcgi.header(r, 'location') };
}
const un = (s) => fcgi.htmlUnescape(s);
const rows = (html) => [...html.matchAll(/<li class="card contract-row" id="contract-(\d+)">([\s\S]*?)<\/li>/g)]
  .map((m) => ({ id: m[1], body: m[2] }));
const week = (body) => (body.match(/<span class="week">([^<]*)</) || [])[1];

// This week's hours of a contract from the sandbox dump (weeks from Monday UTC).
function mondayOf(now) {
  const d = new Date(now);
  const wd = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - wd)).toISOString().slice(0, 10).replace(/-/g, '');
}
const fmtH = (h) => (Number.isInteger(h) ? `${h} h` : `${h.toFixed(1)} h`);

async function main() {
  st = await startStack({ confExtra: CONF });
  try {
    // Keep the sandbox clock away from minute and half-hour edges, as its
    // README says, so the dump and the pages see the same hours.
    await st.sb.config({ clock_offset_s: Math.round(930 - ((Date.now() / 1000) % 1800)) });
    const dump = JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/contracts`)).body);
    const byId = new Map(dump.contracts.map((c) => [c.id, c]));
    const monday = mondayOf(Date.parse(dump.now));
    const firstDay = mondayOf(Date.parse(dump.now) - 28 * 86400000);
    diag(`sandbox now ${dump.now}, week of ${monday}`);
    const daysOf = (c) => (c.time && c.time.days) || [];
    const weekHours = (c) => daysOf(c).filter((d) => d.date >= monday).reduce((a, d) => a + d.hours, 0);
    const live = (org, side) => dump.contracts.filter((c) => (side === 'client' ? c.clientOrganization.id : c.vendorOrganization.id) === org && c.status !== 'ENDED');

    // ---- (a) Ada ----
    const a = await fcgi.signin(st, 'ada', 'allow');
    let r = await get(a.sid, '/contracts');
    ok(r.status === 200, '(a) /contracts answers 200', r.status);
    let got = rows(r.html);
    const adaWant = live(ORG.ada, 'vendor').map((c) => c.id);
    ok(JSON.stringify(got.map((x) => x.id).sort()) === JSON.stringify(adaWant.sort()), "(a) exactly Ada's active and paused contracts", got.map((x) => x.id));
    ok(!got.some((x) => x.id === C(5)), '(a) the ended one is not listed');
    for (const x of got) {
      const c = byId.get(x.id);
      ok(un(x.body).includes(c.clientOrganization.name), `(a) ${x.id}: the client's name`);
      ok(x.body.includes(`href="/contracts/${x.id}"`) && x.body.includes(`href="https://www.upwork.com/nx/wm/workroom/${x.id}"`), `(a) ${x.id}: links to its page and its workroom on Upwork`);
      ok(x.body.includes(`<span class="tag">${{ ACTIVE: 'Active', PAUSED: 'Paused' }[c.status]}</span>`), `(a) ${x.id}: its status`);
      if (c.contractType === 'HOURLY') {
        ok(x.body.includes(`$${c.hourlyRate}`) || x.body.includes(`$${Number(c.hourlyRate).toFixed(2)}`), `(a) ${x.id}: the hourly rate`, c.hourlyRate);
        ok(week(x.body) === fmtH(weekHours(c)), `(a) ${x.id}: this week's hours`, { page: week(x.body), want: fmtH(weekHours(c)) });
        const w5 = (x.body.match(/<span class="weeks">\(five weeks: ([^)]*)\)/) || [])[1];
        const want5 = daysOf(c).filter((d) => d.date >= firstDay).reduce((t, d) => t + d.hours, 0);
        ok(w5 === fmtH(want5), `(a) ${x.id}: the last five weeks' hours`, { page: w5, want: fmtH(want5) });
      }
    }

    // ---- (b) Grace, organization by organization ----
    const g = await fcgi.signin(st, 'grace', 'allow');
    const csrf = ((await get(g.sid, '/org')).html.match(/name="csrf" value="([^"]+)"/) || [])[1];
    const seen = {};
    for (const [name, org] of [['agency', ORG.agency], ['personal', ORG.personal], ['client', ORG.client]]) {
      if (name !== 'agency') await post(g.sid, '/org', { csrf, org });
      r = await get(g.sid, '/contracts');
      got = rows(r.html).map((x) => x.id).sort();
      seen[name] = got;
      const vendor = live(org, 'vendor').map((c) => c.id);
      const client = live(org, 'client').filter((c) => c.contractType === 'HOURLY').map((c) => c.id);
      ok(JSON.stringify(got) === JSON.stringify([...vendor, ...client].sort()), `(b) ${name}: exactly its contracts`, { got, vendor, client });
    }
    const overlap = seen.agency.filter((id) => seen.personal.includes(id) || seen.client.includes(id))
      .concat(seen.personal.filter((id) => seen.client.includes(id)));
    ok(overlap.length === 0 && seen.agency.length && seen.personal.length && seen.client.length, '(b) no contract shows in two organizations', overlap);
    r = await get(g.sid, '/contracts');
    ok(/Fixed-price contracts are on Upwork/.test(r.html), '(b) the client side says fixed-price contracts cannot be listed');

    // ---- (c) the fallback ----
    await st.sb.config({ remove_permissions: ['Query.vendorContracts', 'Query.contractList'] });
    r = await get(a.sid, '/contracts');
    got = rows(r.html).map((x) => x.id).sort();
    ok(r.status === 200 && /id="contracts-fallback"/.test(r.html), '(c) vendorContracts blocked: the page says it lists the work history', r.status);
    ok(JSON.stringify(got) === JSON.stringify(adaWant.slice().sort()), "(c) ... which has Ada's active and paused contracts", got);
    await st.sb.config({ remove_permissions: [] });

    // ---- (d) one contract ----
    r = await get(a.sid, `/contracts/${C(2)}`);
    const c2 = byId.get(C(2));
    ok(r.status === 200 && un((r.html.match(/id="contract-title"[^>]*>([^<]*)</) || [])[1] || '') === c2.title, '(d) a fixed-price contract: its title', r.status);
    ok(/id="contract-terms">\$4,800 fixed price</.test(r.html), '(d) its budget');
    ok(/freelancer side/.test(r.html), '(d) the side the organization is on');
    for (const m of c2.milestones) {
      const li = (r.html.match(new RegExp(`<li id="milestone-${m.id}">([\\s\\S]*?)</li>`)) || [])[1] || '';
      ok(li.includes(un(m.description).slice(0, 10)) || un(li).includes(m.description), `(d) milestone ${m.id}: its description`);
      ok(li.includes({ NOT_FUNDED: 'Not funded', ACTIVE: 'Funded, in progress', SUBMITTED: 'Submitted for review', PAID: 'Paid', REFUNDED: 'Refunded' }[m.state]), `(d) milestone ${m.id}: its state`, m.state);
    }
    r = await get(a.sid, `/contracts/${C(1)}`);
    const c1 = byId.get(C(1));
    ok(r.status === 200 && /id="contract-limit">30 h</.test(r.html), '(d) an hourly contract: its weekly limit', r.status);
    // This week and last: the test's own sum of the sandbox's days.
    const lastMonday = mondayOf(Date.parse(dump.now) - 7 * 86400000);
    const two = daysOf(c1).filter((d) => d.date >= lastMonday);
    const total = two.reduce((x, d) => x + d.hours, 0);
    ok((r.html.match(/id="time-total">([^<]*)</) || [])[1] === fmtH(total), '(d) the hours of this week and last add up', { page: (r.html.match(/id="time-total">([^<]*)</) || [])[1], want: fmtH(total) });
    const shownDays = [...r.html.matchAll(/<tr><td>(\d{4}-\d\d-\d\d)<\/td>/g)].map((m) => m[1].replace(/-/g, ''));
    ok(JSON.stringify(shownDays) === JSON.stringify(two.map((d) => d.date)), '(d) one row per day worked, in order', { shownDays, want: two.map((d) => d.date) });
    const cents = two.reduce((x, d) => x + Math.round(Number(d.charges) * 100), 0);
    ok(two.every((d) => r.html.includes(`<td>${d.date.slice(0, 4)}-${d.date.slice(4, 6)}-${d.date.slice(6)}</td><td>${fmtH(d.hours)}</td>`)), '(d) each day with its hours');
    diag(`contract 1: ${two.length} days, ${total} h, $${(cents / 100).toFixed(2)}`);

    // ---- (e) not this organization's ----
    for (const [label, id, sid] of [["Grace's agency contract, as Ada", C(8), a.sid], ['an unknown contract', '1500000000000000099', a.sid]]) {
      r = await get(sid, `/contracts/${id}`);
      ok(r.status === 404, `(e) ${label}: 404`, r.status);
    }

    // ---- (f) hostile text ----
    r = await get(a.sid, '/contracts');
    ok(!/<img [^>]*onerror/i.test(r.html) && /&lt;img/.test(r.html), '(f) a hostile client name is text');
    r = await get(a.sid, `/contracts/${C(4)}`);
    ok(r.status === 200 && !/<img [^>]*onerror|<script>/i.test(r.html), '(f) hostile milestone descriptions are text');
  } finally {
    await st.sb.reset().catch(() => null);
    st.finish();
  }
  return done(NAME);
}

suite(NAME, main);
