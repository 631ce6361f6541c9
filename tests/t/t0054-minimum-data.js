'use strict';
// t0054-minimum-data.js: minimum data (DESIGN.md rule 6; issue 10 audit 3)
// for every GraphQL document of the app that t0081 does not cover, and the
// rule that every document is covered by one of the two.
//
//   coverage  every app/graphql/*.graphql is listed here (DOCS) or in t0081
//             (ELSEWHERE): a new document without its pages fails this
//             suite until its pages are listed
//   leaves    each leaf a document selects must change a page that uses it
//             when the sandbox marks it (tests/lib/mindata.js): Home on "/",
//             Signin on a fresh sign-in followed by "/account" and "/" (the
//             sign-in stores user and organization in the session: the
//             header, the account page and the tenant header use them),
//             Apply and Connects on two apply forms, CreateJobProposal on
//             the answers to a send that works and one Upwork refuses,
//             Proposals on two lists, Proposal on two proposals (one with
//             a duration, one with a reason), Orgs on /org, Contracts on
//             Ada's list and on Grace's as a client, ContractsHistory on
//             Ada's list with vendorContracts blocked, Contract on an hourly
//             and a fixed-price contract; the five contract actions on the
//             answers to an action done on a sandbox reset each time;
//             Rooms on /messages, Room on a room with a file among its
//             latest messages and a read-only one, SendMessage on a reply.
//             MutationFields is introspection only (no data leaves).
//   controls  a field the documents do not select changes nothing, and a
//             synthetic Home document with that leaf added fails the check
//   superset  with every other schema field blocked, the pages are the same
//
//   node tests/t/t0054-minimum-data.js    (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const fs = require('node:fs');
const path = require('node:path');
const { parse, validate, isObjectType } = require('graphql');
const { ok, done, diag, suite, startStack, REPO } = require('../lib/stack');
const fcgi = require('../lib/fcgi');
const { selected, withExtraLeaf, firstDiff, marker } = require('../lib/mindata');
const { loadSchema } = require('../sandbox/graphql');

const NAME = path.basename(__filename);
const CONF = 'cache_ttl_s = 0\nupstream_rate_per_s = 0\nupstream_daily_cap = 0';
const DOCS = {
  home: { file: 'app/graphql/home.graphql', control: 'CurrentUser.email' },
  signin: { file: 'app/graphql/signin.graphql', control: 'CurrentUser.photoUrl' },
  apply: { file: 'app/graphql/apply.graphql', control: 'MarketplaceJobPostingContent.description' },
  connects: { file: 'app/graphql/connects.graphql', control: 'CurrentUser.email' },
  proposals: { file: 'app/graphql/proposals.graphql', control: 'VendorProposal.coverLetter' },
  proposal: { file: 'app/graphql/proposal.graphql', control: 'VendorProposal.proposalCoverLetter' },
  send: { file: 'app/graphql/create-job-proposal.graphql', control: 'CreateJobProposalResult.status' },
  mutationFields: { file: 'app/graphql/mutation-fields.graphql', control: 'CurrentUser.email' },
  orgs: { file: 'app/graphql/orgs.graphql', control: 'CompanySelectorItem.photoUrl' },
  contracts: { file: 'app/graphql/contracts.graphql', control: 'ContractDetails.createDate' },
  contractsHistory: { file: 'app/graphql/contracts-history.graphql', control: 'TalentContract.createDate' },
  contract: { file: 'app/graphql/contract.graphql', control: 'Contract.createdDateTime' },
  rooms: { file: 'app/graphql/rooms.graphql', control: 'Room.numUnreadMentions' },
  room: { file: 'app/graphql/room.graphql', control: 'Room.numUnread' },
  sendMessage: { file: 'app/graphql/send-message.graphql', control: 'RoomStory.updatedDateTime' },
  contractRoom: { file: 'app/graphql/contract-room.graphql', control: 'Room.roomName' },
  accountingEntity: { file: 'app/graphql/accounting-entity.graphql', control: 'TransactionHistoryRow.description' },
  billing: { file: 'app/graphql/billing.graphql', control: 'TransactionHistoryRow.description' },
  // The actions come last: each render resets the sandbox (to act on the
  // same contract again) and signs in anew.
  end: { file: 'app/graphql/end-contract.graphql', control: 'Milestone.state' },
  pause: { file: 'app/graphql/pause-contract.graphql', control: 'Milestone.state' },
  restart: { file: 'app/graphql/restart-contract.graphql', control: 'Milestone.state' },
  fund: { file: 'app/graphql/activate-milestone.graphql', control: 'Milestone.description' },
  approve: { file: 'app/graphql/approve-milestone.graphql', control: 'Milestone.description' },
};
// Who does each action, on what (tests/sandbox/README.md "Contracts").
const ACTIONS = {
  end: { user: 'ada', path: '/contracts/1500000000000000003/end', form: { reason: 'API_REAS_WORK_NOT_NEEDED' } },
  pause: { user: 'grace', path: '/contracts/1500000000000000006/pause', form: {} },
  restart: { user: 'grace', path: '/contracts/1500000000000000007/restart', form: {} },
  fund: { user: 'grace', path: '/contracts/1500000000000000013/fund', milestone: '1600000000000000134', form: {} },
  approve: { user: 'grace', path: '/contracts/1500000000000000013/approve', milestone: '1600000000000000132', form: {} },
};
const GRACE_CLIENT_ORG = '1417508230184820737';
let gsid = null; // Grace, working in her client organization
let ROOMS = null; // Ada's rooms to look at: {list, withFile, readOnly}
let BILLING = null; // a year of Ada's transactions, and an invoice
const ADA_ORG = '1390042875009613825';
// Documents whose audit is another suite's.
const ELSEWHERE = {
  'app/graphql/jobs-search.graphql': 't0081-jobs-data.js',
  'app/graphql/job.graphql': 't0081-jobs-data.js',
  'app/graphql/job-categories.graphql': 't0081-jobs-data.js',
};

const schema = loadSchema(path.join(REPO, 'tests', 'sandbox'));
let st = null;
let sid = null;
let P = null; // the pages of each document, chosen from the sandbox's data
let fresh = null; // jobs Ada has not applied to, one per send

// What differs between two renders besides the data: the clock, the
// session's CSRF token, and (across sign-ins) the number of sessions.
// (Times shown as "N h ago" are normalised only when their datetime is an
// ISO time: a marked time empties both, which still shows.)
function normalise(html) {
  return html
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/g, 'TIME')
    .replace(/name="(csrf|nonce)" value="[A-Za-z0-9_-]+"/g, 'name="$1" value="TOKEN"')
    .replace(/(id="account-sessions">)\d+/g, '$1N')
    .replace(/datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)">[^<]*</g, 'datetime="ISO">AGO<');
}

async function page(sessionId, url) {
  const r = await fcgi.request(st.sock, { path: url, headers: { Cookie: `__Host-sid=${sessionId}` } }, st);
  return { url, status: r.status, html: normalise(r.body.toString('utf8')) };
}

// The pages of each document. Signin: sign in with the sandbox as the test
// set it (marked or not), then look with nothing marked.
async function post(url, form) {
  const r = await fcgi.request(st.sock, { method: 'POST', path: url, body: new URLSearchParams(form).toString(),
    headers: { Cookie: `__Host-sid=${sid}`, Origin: st.origin } }, st);
  // What the mutation's answer decides: where it leads, and the reasons
  // shown by the fields (the rest of the page is the job's, which differs
  // from send to send).
  const loc = (fcgi.header(r, 'location') || '').replace(/\/proposals\/\d+/, '/proposals/ID');
  const reasons = [...r.body.toString('utf8').matchAll(/id="([a-z0-9_]+-(?:error|notice))">([^<]*)</g)].map((m) => `${m[1]}: ${m[2]}`);
  return { url: `POST ${url}`, status: r.status, html: `${loc}\n${reasons.join('\n')}` };
}

// A send of the apply form for the next fresh job: one Upwork takes, and
// one it refuses (rate below its minimum), each on a form just rendered.
async function sends() {
  const out = [];
  for (const amount of ['45.50', '2.00']) {
    const j = fresh.shift();
    const raw = (await fcgi.request(st.sock, { path: `/jobs/${j.id}/apply`, headers: { Cookie: `__Host-sid=${sid}` } }, st)).body.toString('utf8');
    const tok = (n) => (raw.match(new RegExp(`name="${n}" value="([^"]*)"`)) || [])[1];
    const f = { csrf: tok('csrf'), nonce: tok('nonce'), cover: 'Cover letter', amount, action: 'send' };
    j.screeningQuestions.forEach((_q, k) => { f[`q_${k + 1}`] = 'Yes'; });
    out.push(await post(`/jobs/${j.id}/apply`, f));
  }
  return out;
}

// Sign in as user (Grace: in her client organization); the new session
// becomes the suite's for that user.
async function freshSession(user) {
  const s = await fcgi.signin(st, user, 'allow');
  if (user === 'ada') {
    sid = s.sid;
    return s.sid;
  }
  const orgPage = (await fcgi.request(st.sock, { path: '/org', headers: { Cookie: `__Host-sid=${s.sid}` } }, st)).body.toString('utf8');
  const csrf = (orgPage.match(/name="csrf" value="([^"]+)"/) || [])[1];
  await fcgi.request(st.sock, { method: 'POST', path: '/org', body: `csrf=${csrf}&org=${GRACE_CLIENT_ORG}`,
    headers: { Cookie: `__Host-sid=${s.sid}`, Origin: st.origin } }, st);
  gsid = s.sid;
  return s.sid;
}

// One action, on a sandbox just reset (its contracts as at start), with
// the marks the test has set: the answer it leads to.
async function act(doc) {
  const t = ACTIONS[doc];
  const marks = (await st.sb.config({})).mark_fields;
  await st.sb.reset(); // (it also ends every token: both users sign in anew)
  await freshSession(t.user === 'ada' ? 'grace' : 'ada');
  const s = await freshSession(t.user);
  const ask = t.milestone ? `${t.path}?milestone=${t.milestone}` : t.path;
  const raw = (await fcgi.request(st.sock, { path: ask, headers: { Cookie: `__Host-sid=${s}` } }, st)).body.toString('utf8');
  await st.sb.config({ mark_fields: marks, connects_balance: { [ADA_ORG]: 1000000 } });
  const tok = (n) => (raw.match(new RegExp(`<input [^>]*name="${n}"[^>]* value="([^"]*)"`)) || [])[1];
  const form = { csrf: tok('csrf'), nonce: tok('nonce'), ...t.form };
  if (t.milestone) form.milestone = t.milestone;
  if (doc === 'approve') form.amount = tok('amount');
  const r = await fcgi.request(st.sock, { method: 'POST', path: t.path, body: new URLSearchParams(form).toString(),
    headers: { Cookie: `__Host-sid=${s}`, Origin: st.origin } }, st);
  const err = (r.body.toString('utf8').match(/id="action-error">([^<]*)</) || [])[1] || '';
  return [{ url: `POST ${t.path}`, status: r.status, html: `${fcgi.header(r, 'location') || ''}\n${err}` }];
}

// A reply in a room Ada can write in: the answer it leads to.
async function reply() {
  const raw = (await fcgi.request(st.sock, { path: `/messages/${ROOMS.writable}`, headers: { Cookie: `__Host-sid=${sid}` } }, st)).body.toString('utf8');
  const tok = (n) => (raw.match(new RegExp(`<input [^>]*name="${n}"[^>]* value="([^"]*)"`)) || [])[1];
  const r = await fcgi.request(st.sock, { method: 'POST', path: `/messages/${ROOMS.writable}`,
    body: new URLSearchParams({ csrf: tok('csrf'), nonce: tok('nonce'), message: 'Noted.' }).toString(),
    headers: { Cookie: `__Host-sid=${sid}`, Origin: st.origin } }, st);
  const err = (r.body.toString('utf8').match(/id="send-error">([^<]*)</) || [])[1] || '';
  const loc = (fcgi.header(r, 'location') || '').replace(/#s-\d+$/, '#s-ID');
  return [{ url: `POST /messages/${ROOMS.writable}`, status: r.status, html: `${loc}\n${err}` }];
}

async function render(doc) {
  if (ACTIONS[doc]) return act(doc);
  if (doc === 'rooms') return [await page(sid, '/messages')];
  if (doc === 'room') return Promise.all([ROOMS.long, ROOMS.withFile, `${ROOMS.readOnly}`].map((u) => page(sid, `/messages/${u}`)));
  if (doc === 'sendMessage') return reply();
  if (doc === 'home') return [await page(sid, '/')];
  if (doc === 'orgs') return [await page(sid, '/org')];
  if (doc === 'contracts') return [await page(sid, '/contracts'), await page(gsid, '/contracts')];
  if (doc === 'accountingEntity') return [await page(sid, '/billing')];
  if (doc === 'billing') return Promise.all(BILLING.map((u) => page(sid, u)));
  if (doc === 'contractRoom') return [await page(sid, '/contracts/1500000000000000001')];
  if (doc === 'contract') return [await page(sid, '/contracts/1500000000000000001'), await page(sid, '/contracts/1500000000000000002')];
  if (doc === 'contractsHistory') {
    await st.sb.config({ remove_permissions: ['Query.vendorContracts'] });
    const out = [await page(sid, '/contracts')];
    await st.sb.config({ remove_permissions: [] });
    return out;
  }
  if (doc === 'apply' || doc === 'connects') return Promise.all(P.apply.map((u) => page(sid, u)));
  if (doc === 'proposals') return Promise.all(P.proposals.map((u) => page(sid, u)));
  if (doc === 'proposal') return Promise.all(P.proposal.map((u) => page(sid, u)));
  if (doc === 'send') return sends();
  if (doc === 'mutationFields') return [];
  const s = await fcgi.signin(st, 'ada', 'allow');
  const marks = (await st.sb.config({})).mark_fields;
  await st.sb.config({ mark_fields: [] });
  const out = s.sid
    ? [await page(s.sid, '/account'), await page(s.sid, '/')]
    : [{ url: 'sign-in', status: s.status, html: '' }];
  await st.sb.config({ mark_fields: marks });
  return out;
}

async function main() {
  const started = Date.now();
  st = await startStack({ confExtra: CONF });
  const { changes, verdict } = marker(st, render);
  let checked = 0;
  try {
    // Coverage: every document is audited somewhere.
    const files = fs.readdirSync(path.join(REPO, 'app', 'graphql')).filter((f) => f.endsWith('.graphql'))
      .map((f) => `app/graphql/${f}`).sort();
    const mine = Object.values(DOCS).map((d) => d.file);
    for (const f of files) {
      ok(mine.includes(f) || Object.hasOwn(ELSEWHERE, f), `${f} has a minimum-data audit (${mine.includes(f) ? NAME : ELSEWHERE[f] || 'none: list its pages here'})`);
    }
    for (const f of [...mine, ...Object.keys(ELSEWHERE)]) ok(files.includes(f), `${f} (listed) exists`);

    const s = await fcgi.signin(st, 'ada', 'allow');
    if (s.status !== 303 || !s.sid) throw new Error(`sign-in failed: ${s.status}`);
    sid = s.sid;
    // The pages: jobs with and without questions, proposals that show every field.
    const jobs = JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/jobs`)).body).jobs;
    const dump = JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/proposals`)).body);
    const adas = dump.proposals.filter((p) => p.organizationId === ADA_ORG);
    const applied = new Set(adas.map((p) => p.jobId));
    const open = jobs.filter((j) => !j.hostile && !applied.has(j.id));
    const withQ = open.find((j) => j.screeningQuestions.length >= 2 && j.coverLetterRequired);
    const noQ = open.find((j) => j.screeningQuestions.length === 0 && j.jobType !== withQ.jobType);
    fresh = open.filter((j) => j !== withQ && j !== noQ);
    const withDuration = adas.find((p) => p.terms.estimatedDuration && !/[<>]/.test(p.coverLetter));
    const withReason = adas.find((p) => p.reason && !/[<>]/.test(p.coverLetter));
    P = {
      apply: [`/jobs/${withQ.id}/apply`, `/jobs/${noQ.id}/apply`],
      proposals: ['/proposals?list=submitted', '/proposals?list=archived&sort=created&order=asc'],
      proposal: [`/proposals/${withDuration.id}`, `/proposals/${withReason.id}`],
    };
    diag(`pages: ${JSON.stringify(P)}`);
    await st.sb.config({ connects_balance: { [ADA_ORG]: 1000000 } });
    // Rooms: one whose latest 30 messages include a file, a read-only one.
    const adaRooms = JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/rooms?user=ada`)).body)
      .filter((r) => r.organizationId === ADA_ORG && !r.hidden);
    // Rooms: the longest (more than one page, a contract, a topic), a page
    // of a room that shows a file, and a read-only one.
    const longest = adaRooms.reduce((m, r) => (r.storiesCount > m.storiesCount ? r : m));
    ROOMS = { long: longest.id, readOnly: adaRooms.find((r) => r.readOnly).id,
      writable: adaRooms.find((r) => !r.readOnly && r.id !== longest.id).id };
    for (const r of adaRooms) {
      const ss = JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/rooms/${r.id}/stories`)).body);
      const i = ss.findIndex((x) => x.attachments.length > 0);
      if (i >= 0) {
        const k = Math.floor((ss.length - 1 - i) / 30);
        ROOMS.withFile = `${r.id}${k ? `?after=${k * 30}` : ''}`;
        break;
      }
    }
    ok(ROOMS.withFile && ROOMS.readOnly && longest.storiesCount > 30 && longest.contractId, 'the sandbox has a long contract room, a room with a file and a read-only room', ROOMS);
    const ledger = JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/transactions?org=${ADA_ORG}`)).body);
    const inv = ledger.rows.find((r) => r.relatedInvoiceId === '719000001');
    const today = new Date().toISOString().slice(0, 10);
    const yearAgo = new Date(Date.now() - 365 * 86400000).toISOString().slice(0, 10);
    BILLING = [`/billing?from=${yearAgo}&to=${today}`, `/billing/invoices/719000001?day=${inv.date}`];
    const g = await fcgi.signin(st, 'grace', 'allow');
    gsid = g.sid;
    const orgPage = (await fcgi.request(st.sock, { path: '/org', headers: { Cookie: `__Host-sid=${gsid}` } }, st)).body.toString('utf8');
    const gcsrf = (orgPage.match(/name="csrf" value="([^"]+)"/) || [])[1];
    await fcgi.request(st.sock, { method: 'POST', path: '/org', body: `csrf=${gcsrf}&org=${GRACE_CLIENT_ORG}`,
      headers: { Cookie: `__Host-sid=${gsid}`, Origin: st.origin } }, st);

    const docs = {};
    const sel = {};
    for (const [name, d] of Object.entries(DOCS)) {
      docs[name] = parse(fs.readFileSync(path.join(REPO, d.file), 'utf8'));
      const errors = validate(schema, docs[name]);
      ok(errors.length === 0, `${d.file} is valid against the sandbox schema`, errors.map((e) => e.message));
      sel[name] = selected(schema, docs[name]);
      diag(`${d.file}: ${sel[name].leaves.length} leaves: ${sel[name].leaves.join(' ')}`);
      ok(!sel[name].all.includes(d.control), `control ${d.control} is not selected by ${d.file}`);
      if (name === 'mutationFields') ok(sel[name].leaves.length === 0, `${d.file} selects introspection only (no data leaves)`, sel[name].leaves);
    }

    // Two plain renders are the same once normalised.
    for (const name of Object.keys(DOCS).filter((n) => n !== 'mutationFields')) {
      const a = await render(name);
      const b = await render(name);
      ok(a.every((x) => x.status === (x.url.startsWith('POST') ? (x.html.startsWith('/') ? 303 : 422) : 200)) && a.length > 0 &&
        (!ACTIONS[name] || a[0].html.startsWith('/contracts/')) &&
        (name !== 'send' || (a[0].status === 303 && /amount-error: VJCA-10/.test(a[1].html))),
        `${name}: every page renders (200; a send 303 or 422)`, a.map((x) => `${x.url} ${x.status}`));
      ok(a.every((x, k) => x.html === b[k].html), `${name}: two plain renders are the same (normalised)`,
        a.map((x, k) => (x.html === b[k].html ? 'same' : firstDiff(x.html, b[k].html))));
    }

    for (const [name, d] of Object.entries(DOCS).filter(([n]) => n !== 'mutationFields')) {
      for (const leaf of sel[name].leaves) {
        const res = await changes(name, leaf);
        checked++;
        diag(`${name} ${leaf}: ${res.changed ? `used (${res.where.join(' | ')})` : 'NOT USED: marking it changes no page'}`);
        ok(res.changed, `${d.file}: ${leaf} is used (marking it changes a page)`);
      }
      const c = await changes(name, d.control);
      ok(!c.changed, `control ${d.control}: marking a field ${d.file} does not select changes nothing`, c.where);
      const v = verdict(name, sel[name].leaves);
      ok(v.pass, `${d.file}: its ${sel[name].leaves.length} leaves are all proven used`, v.unused.length ? `unused: ${v.unused.join(', ')}` : undefined);
    }

    // The check can fail: Home plus the control leaf under user.
    const synthetic = withExtraLeaf(docs.home, 'email', 'user');
    ok(validate(schema, synthetic).length === 0, 'self-test: Home plus user.email is valid (graphql-js)');
    const synLeaves = selected(schema, synthetic).leaves;
    ok(synLeaves.includes('CurrentUser.email'), 'self-test: its leaves include CurrentUser.email');
    const sv = verdict('home', synLeaves);
    ok(!sv.pass && JSON.stringify(sv.unused) === JSON.stringify(['CurrentUser.email']),
      'self-test: the same check fails it, naming CurrentUser.email', sv.unused);

    // The running app selects nothing beyond these files on these pages.
    const selectedAll = new Set(Object.values(sel).flatMap((x) => x.all));
    const others = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !isObjectType(type)) continue;
      for (const f of Object.keys(type.getFields())) {
        const key = `${type.name}.${f}`;
        if (!selectedAll.has(key)) others.push(key);
      }
    }
    const readers = ['home', 'signin', 'apply', 'proposals', 'proposal', 'orgs', 'contracts', 'contract', 'rooms', 'room', 'billing'];
    const renderReaders = async () => (await Promise.all(readers.map((n) => render(n)))).flat();
    await st.sb.clearLog();
    const again = await renderReaders();
    await st.sb.config({ remove_permissions: others });
    const blocked = await renderReaders();
    await st.sb.config({ remove_permissions: [] });
    ok(blocked.every((x, k) => x.status === 200 && x.html === again[k].html),
      `with the other ${others.length} schema fields blocked, the pages are the same`,
      blocked.map((x, k) => `${x.url} ${x.status} ${x.html === again[k].html ? 'same' : firstDiff(again[k].html, x.html)}`));
    const ops = [...new Set((await st.sb.log()).filter((e) => e.endpoint === 'graphql').map((e) => e.operationName))].sort();
    const want = ['AccountingEntity', 'Apply', 'Billing', 'Connects', 'Contract', 'ContractRoom', 'Contracts', 'Home', 'Orgs', 'Proposal', 'Proposals', 'Room', 'Rooms', 'Signin'];
    ok(JSON.stringify(ops) === JSON.stringify(want), `the pages used the operations ${want.join(', ')}`, ops);
  } finally {
    await st.sb.reset().catch(() => null);
    st.finish();
  }
  diag(`${checked} leaves checked, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return done(NAME);
}

suite(NAME, main);
