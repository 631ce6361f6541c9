'use strict';
// t0085-orgs.js: the organization switcher (issue 7, Done when 1): every
// call to Upwork carries the session's organization as
// X-Upwork-API-TenantId (the sandbox logs it), switching changes it, and no
// page mixes the data of two organizations (cache entries are kept apart).
//
//   (a) /org lists the user's organizations (companySelector), the current
//       one marked, a switch form for each other one
//   (b) Grace, in her agency: every call carries the agency's id; her
//       proposals and Connects are the agency's
//   (c) switching to her personal organization: 303, the header names it,
//       every later call carries its id, and the pages show only its data;
//       switching back shows the agency's again (from the cache, apart)
//   (d) refused: another user's organization (403), a malformed id (400),
//       no CSRF token (403), from another site (403); the session stays
//   (e) Ada has one organization: nothing to switch to
//
//   node tests/t/t0085-orgs.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const path = require('node:path');
const { ok, done, suite, startStack } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const CONF = 'upstream_rate_per_s = 0\nupstream_daily_cap = 0';
const AGENCY = '1417508230176432129';
const PERSONAL = '1417508230172237824';
const CLIENT = '1417508230184820737';
const ADA_ORG = '1390042875009613825';

let st = null;

async function get(sid, p) {
  const r = await fcgi.request(st.sock, { path: p, headers: { Cookie: `__Host-sid=${sid}` } }, st);
  return { status: r.status, html: r.body.toString('utf8'), location: fcgi.header(r, 'location') };
}
async function post(sid, p, form, origin) {
  const r = await fcgi.request(st.sock, { method: 'POST', path: p, body: new URLSearchParams(form).toString(),
    headers: { Cookie: `__Host-sid=${sid}`, Origin: origin || st.origin } }, st);
  return { status: r.status, html: r.body.toString('utf8'), location: fcgi.header(r, 'location') };
}
const csrfOf = (html) => (html.match(/name="csrf" value="([A-Za-z0-9_-]{43})"/) || [])[1];
const rowIds = (html) => [...html.matchAll(/<li class="card proposal-row" id="proposal-(\d+)"/g)].map((m) => m[1]);
const currentOrg = (html) => (html.match(/id="current-org">([^<]*)</) || [])[1];

// The tenants of the GraphQL calls since the log was cleared.
async function tenants() {
  return [...new Set((await st.sb.log()).filter((e) => e.endpoint === 'graphql').map((e) => e.tenant))];
}

async function main() {
  st = await startStack({ confExtra: CONF });
  try {
    const dump = JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/proposals`)).body);
    const submitted = (org) => dump.proposals.filter((p) => p.organizationId === org && p.status === 'SUBMITTED').map((p) => p.id).sort();
    const all = (org) => dump.proposals.filter((p) => p.organizationId === org).map((p) => p.id);
    const jobs = JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/jobs`)).body).jobs;
    const job = jobs.find((j) => !j.hostile);

    const g = await fcgi.signin(st, 'grace', 'allow');
    ok(g.sid, 'Grace signs in');
    const sid = g.sid;

    // ---- (a) the list ----
    await st.sb.clearLog();
    let r = await get(sid, '/org');
    ok(r.status === 200, '(a) /org answers 200', r.status);
    const listed = [...r.html.matchAll(/<li class="card org-row" id="org-(\d+)"/g)].map((m) => m[1]);
    ok(JSON.stringify(listed) === JSON.stringify([AGENCY, PERSONAL, CLIENT]), "(a) Grace's three organizations, in Upwork's order", listed);
    ok(/id="org-1417508230176432129">[\s\S]*?Current organization/.test(r.html), '(a) the agency (her default) is current');
    ok(!r.html.includes(`id="switch-${AGENCY}"`) && r.html.includes(`id="switch-${PERSONAL}"`) && r.html.includes(`id="switch-${CLIENT}"`),
      '(a) a switch button for each other one');
    ok(currentOrg(r.html) === 'Hopper Digital Agency' && r.html.includes('href="/org" id="switch-org"'), '(a) the header names it and links here');

    // ---- (b) in the agency ----
    r = await get(sid, '/proposals');
    ok(JSON.stringify(rowIds(r.html).sort()) === JSON.stringify(submitted(AGENCY)), "(b) /proposals: the agency's submitted proposals", rowIds(r.html));
    r = await get(sid, `/jobs/${job.id}/apply`);
    ok(/id="connects-balance">200</.test(r.html), "(b) the agency's Connects pool (200)");
    let t = await tenants();
    ok(JSON.stringify(t) === JSON.stringify([AGENCY]), '(b) every call carried the agency as tenant', t);

    // ---- (c) switch to the personal organization ----
    const csrf = csrfOf(r.html);
    await st.sb.clearLog();
    r = await post(sid, '/org', { csrf, org: PERSONAL });
    ok(r.status === 303 && r.location === '/org?switched=1', '(c) switching answers 303', [r.status, r.location]);
    r = await get(sid, '/org?switched=1');
    ok(/id="org-switched">You now work in Grace Hopper\./.test(r.html) && currentOrg(r.html) === 'Grace Hopper', '(c) the page and the header say so');
    const pages = {};
    for (const p of ['/', '/proposals', '/proposals?list=archived', `/jobs/${job.id}/apply`, `/proposals/${all(PERSONAL)[0]}`]) {
      pages[p] = await get(sid, p);
      ok(pages[p].status === 200 && currentOrg(pages[p].html) === 'Grace Hopper', `(c) ${p}: 200, in Grace Hopper`, pages[p].status);
    }
    ok(JSON.stringify(rowIds(pages['/proposals'].html).sort()) === JSON.stringify(submitted(PERSONAL)), "(c) /proposals: the personal organization's only", rowIds(pages['/proposals'].html));
    const agencyIds = all(AGENCY);
    const leaks = Object.entries(pages).filter(([, v]) => agencyIds.some((id) => v.html.includes(id)));
    ok(leaks.length === 0, '(c) no page shows any of the agency\'s proposals', leaks.map(([p]) => p));
    ok(/id="connects-balance">2</.test(pages[`/jobs/${job.id}/apply`].html), "(c) the personal organization's Connects (2)");
    ok((await get(sid, `/proposals/${agencyIds[0]}`)).status === 404, "(c) an agency proposal's page is a 404 here");
    t = await tenants();
    ok(JSON.stringify(t) === JSON.stringify([PERSONAL]), '(c) every call since the switch carried the personal organization', t);
    ok(/<strong class="current">\(current\)<\/strong>/.test(pages['/'].html) && /Grace Hopper <span class="tag">Freelancer<\/span> <strong class="current">/.test(pages['/'].html),
      '(c) the home page marks it current');

    // ...and back: the agency's data again, apart from the personal one's.
    await st.sb.clearLog();
    r = await post(sid, '/org', { csrf, org: AGENCY });
    ok(r.status === 303, '(c) switching back', r.status);
    r = await get(sid, '/proposals');
    ok(JSON.stringify(rowIds(r.html).sort()) === JSON.stringify(submitted(AGENCY)) && currentOrg(r.html) === 'Hopper Digital Agency',
      "(c) back in the agency: its proposals again", rowIds(r.html));
    ok(all(PERSONAL).every((id) => !r.html.includes(id)), "(c) none of the personal organization's");
    t = await tenants();
    ok(t.every((x) => x === AGENCY), '(c) calls (if any: the cache may answer) carry the agency', t);

    // ---- (d) refused ----
    for (const [label, form, origin, status] of [
      ["another user's organization", { csrf, org: ADA_ORG }, null, 403],
      ['a malformed id', { csrf, org: '14175082301764321x9' }, null, 400],
      ['no organization', { csrf }, null, 400],
      ['no CSRF token', { org: PERSONAL }, null, 403],
      ['another site', { csrf, org: PERSONAL }, 'https://evil.example', 403],
    ]) {
      r = await post(sid, '/org', form, origin);
      ok(r.status === status, `(d) ${label}: ${status}`, r.status);
    }
    ok(currentOrg((await get(sid, '/org')).html) === 'Hopper Digital Agency', '(d) after the refusals Grace still works in the agency');

    // ---- (e) Ada ----
    const a = await fcgi.signin(st, 'ada', 'allow');
    r = await get(a.sid, '/org');
    ok(r.status === 200 && !/id="switch-\d+"/.test(r.html) && r.html.includes(`id="org-${ADA_ORG}"`), '(e) Ada: her one organization, nothing to switch to');
    r = await post(a.sid, '/org', { csrf: csrfOf(r.html), org: PERSONAL });
    ok(r.status === 403, "(e) Ada cannot switch to Grace's organization", r.status);
  } finally {
    await st.sb.reset().catch(() => null);
    st.finish();
  }
  return done(NAME);
}

suite(NAME, main);
