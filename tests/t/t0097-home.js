'use strict';
// t0097-home.js: the dashboard home's blocks (app/page-home.c,
// templates/home.tpl) and each user's choice of them (app/user.c), issue 15:
//
//   (a) a user who never chose sees every block, in the table's order:
//       for Grace (no saved search) the page costs Home and one call a
//       block, two for earnings (6, counted by operation);
//   (b) cold and warm: Ada with two saved searches and every block shown;
//       a cold page costs exactly COLD_ADA upstream calls (the sandbox's
//       request log, by operation, and the app's request log agree); the
//       same page again costs 0; the pages the blocks link to share their
//       entries (/proposals, /contracts, /messages?unread=1 then cost 0);
//   (c) each block's content against the sandbox's own data for Ada: the
//       new postings of each saved search (and the same number of "New"
//       marks on /jobs?saved=ID; none after "Mark all as seen"), the
//       submitted proposals and the latest three, the active and paused
//       contracts with this week's hours or milestone progress, the rooms
//       with unread messages and their counts, the earnings of this month
//       and last month per currency; (e) the same for Grace's agency;
//   (d) the choice: "Show all", move up and down, hide and show, the order
//       on the page each time; nothing to do (first moved up) changes
//       nothing; a bad block or operation is 400; a form without the
//       user's CSRF token is 403; kept across sign-out and sign-in, listed
//       on /account, in the export;
//   (f) a missing API permission per block (remove_permissions): only that
//       block says so, the others and the account still show; without
//       vendorContracts the contracts block comes from the work history;
//   (g) one block's call failing (a 500 for its operation only): that block
//       shows its cached data marked with its time, the others are fresh;
//   (h) Upwork failing for every call: the page from the cache, the blocks
//       read the cache only: 3 calls (Home's attempts), not 3 a block;
//   (i) Disconnect deletes the choice with the rest of the user record.
//
// The app runs under libfaketime: (f) to (h) move its clock past the
// cache's fresh lifetime (600 s) before each step, so that the page asks
// Upwork again, and sign in anew (the session's idle limit). The sandbox's
// clock is kept away from half-hour edges (as t0086), so its dump and the
// pages see the same hours.
//
//   node tests/t/t0097-home.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { ok, done, diag, suite, startStack } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const ORG = { ada: '1390042875009613825', agency: '1417508230176432129' };
const USER = { ada: '1390042875001225216', grace: '1417508230163849216' };
const BLOCKS = ['searches', 'proposals', 'contracts', 'messages', 'earnings'];
// A cold home page of Ada's with two saved searches: Home, one JobsSearch a
// search, Proposals, Contracts, Rooms, AccountingEntity and Billing.
const COLD_ADA = 8;
const COLD_OPS = ['AccountingEntity', 'Billing', 'Contracts', 'Home', 'JobsSearch', 'JobsSearch', 'Proposals', 'Rooms'];
const NEW_TAG = '<span class="tag new">New</span>';
const STEP_S = 660; // past the cache's fresh lifetime (cache_ttl_s 600)

const sha256hex = (s) => crypto.createHash('sha256').update(s).digest('hex');
const un = (s) => fcgi.htmlUnescape(s || '');
let st = null;
let clock = 0;

// ---- HTTP over FastCGI -----------------------------------------------------------

async function get(sid, p) {
  const r = await fcgi.request(st.sock, { path: p, headers: { Cookie: `__Host-sid=${sid}` } }, st);
  return { status: r.status, html: r.body.toString('utf8'), location: fcgi.header(r, 'location') };
}

async function post(sid, p, form) {
  const r = await fcgi.request(st.sock, {
    method: 'POST', path: p, body: new URLSearchParams(form).toString(),
    headers: { Cookie: `__Host-sid=${sid}`, Origin: st.origin },
  }, st);
  return { status: r.status, html: r.body.toString('utf8'), location: fcgi.header(r, 'location') };
}

async function signin(user) {
  const s = await fcgi.signin(st, user, 'allow');
  if (s.status !== 303 || !s.sid) throw new Error(`sign-in as ${user} failed: ${s.status}`);
  return s.sid;
}

// The session's CSRF token from /account (a page that asks Upwork nothing).
async function csrfOf(sid) {
  return ((await get(sid, '/account')).html.match(/name="csrf" value="([^"]+)"/) || [])[1];
}

const graphql = async () => (await st.sb.log()).filter((e) => e.endpoint === 'graphql');

// The app's request log lines for GET / after `from`: [{status, upstream, hits, misses}].
async function homeLines(from, n) {
  const read = () => st.appLog().slice(from).split('\n')
    .map((l) => / GET home (\d{3}) \d+ms upstream=(\d+) cache=(\d+)\/(\d+)$/.exec(l)).filter(Boolean)
    .map((m) => ({ status: +m[1], upstream: +m[2], hits: +m[3], misses: +m[4] }));
  for (let i = 0; i < 40 && read().length < n; i++) await new Promise((r) => setTimeout(r, 50));
  return read();
}

// ---- reading the home page ---------------------------------------------------------

const order = (html) => [...html.matchAll(/<section class="card block" id="block-([a-z]+)"/g)].map((m) => m[1]);

function block(html, name) {
  const at = html.indexOf(`<section class="card block" id="block-${name}"`);
  return at < 0 ? null : html.slice(at, html.indexOf('</section>', at));
}

const items = (b, prefix) => [...(b || '').matchAll(new RegExp(`<li id="${prefix}-([^"]+)">([\\s\\S]*?)</li>`, 'g'))]
  .map((m) => ({ id: m[1], body: m[2] }));
const text = (b, re) => un(((b || '').match(re) || [])[1]);
const hasError = (b) => /id="block-[a-z]+-error"/.test(b || '');

// ---- what the sandbox holds --------------------------------------------------------

const fmtH = (h) => (Number.isInteger(h) ? `${h} h` : `${h.toFixed(1)} h`);
const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function cents(raw) {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(raw);
  if (!m) throw new Error(`not money: ${raw}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number((m[3] || '').padEnd(2, '0')));
}

// format_cents (app/format.c): "$1,234.56", "-$0.80", "1,234.56 EUR".
function money(c, cur) {
  const a = Math.abs(c);
  const whole = String(Math.floor(a / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const v = `${whole}.${String(a % 100).padStart(2, '0')}`;
  return cur === 'USD' ? `${c < 0 ? '-' : ''}$${v}` : `${c < 0 ? '-' : ''}${v} ${cur}`;
}

function mondayOf(ms) {
  const d = new Date(ms);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return new Date(day - ((d.getUTCDay() + 6) % 7) * 86400000).toISOString().slice(0, 10).replace(/-/g, '');
}

async function dump(p) {
  return JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/${p}`)).body);
}

// Saved searches the tests make, and which postings each finds.
const SEARCHES = {
  fixed: { name: 'Fixed-price <b>jobs</b> & "more"', query: 'type=fixed', match: (j) => j.jobType === 'FIXED' },
  entry: { name: 'Entry level', query: 'level=entry', match: (j) => j.experienceLevel === 'ENTRY_LEVEL' },
  hourly: { name: 'Hourly', query: 'type=hourly', match: (j) => j.jobType === 'HOURLY' },
};

// The first page /jobs shows (newest first, ties by id) and how many of it
// were created in the last 24 hours of the app's clock.
function expectNew(jobs, key, appNowMs) {
  const m = jobs.filter(SEARCHES[key].match).sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime) ||
    (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  const first = m.slice(0, 20);
  const since = appNowMs - 86400000;
  const fresh = first.filter((j) => Date.parse(j.createdDateTime) > since).length;
  const near = first.filter((j) => Math.abs(Date.parse(j.createdDateTime) - since) < 120000).length;
  return { fresh, more: fresh === first.length && m.length > first.length, near };
}

// ---- checks of one block against the sandbox ----------------------------------------------

function checkSearches(who, html, S, jobs) {
  const b = block(html, 'searches');
  const rows = items(b, 'search');
  ok(rows.length === Object.keys(S).length, `${who}: searches: one row per saved search (${Object.keys(S).length})`, rows.length);
  for (const [key, id] of Object.entries(S)) {
    const row = rows.find((x) => x.id === id);
    const want = expectNew(jobs, key, Date.now() + clock * 1000);
    const got = row && text(row.body, /<span class="new-count">(\d+)</);
    ok(row && got === String(want.fresh) && row.body.includes(want.more ? '</span>+ new' : '</span> new'),
      `${who}: searches: "${key}" shows ${want.fresh}${want.more ? '+' : ''} new (the sandbox's postings of the last 24 h on its first page)`,
      { got, want, near: want.near });
    ok(row && row.body.includes(`href="/jobs?saved=${id}"`) && un(row.body).includes(SEARCHES[key].name),
      `${who}: searches: "${key}" links to /jobs?saved=${id} under its name (escaped)`);
  }
  return rows;
}

function checkProposals(who, html, props, jobs, org) {
  const b = block(html, 'proposals');
  const mine = props.filter((p) => p.organizationId === org && p.bucket === 'SUBMITTED')
    .sort((x, y) => Date.parse(y.modifiedDateTime) - Date.parse(x.modifiedDateTime) || (BigInt(y.id) > BigInt(x.id) ? 1 : -1));
  const rows = items(b, 'home-proposal');
  ok(text(b, /id="proposals-total">([^<]*)</) === count(mine.length, 'proposal', 'proposals'),
    `${who}: proposals: the submitted list's size (${mine.length})`, text(b, /id="proposals-total">([^<]*)</));
  ok(JSON.stringify(rows.map((x) => x.id)) === JSON.stringify(mine.slice(0, 3).map((p) => p.id)),
    `${who}: proposals: the latest three by last change`, { page: rows.map((x) => x.id), want: mine.slice(0, 3).map((p) => p.id) });
  const title = (p) => jobs.find((j) => j.id === p.jobId).title;
  // Seeded times are relative to the sandbox's clock: the dump and the
  // answer the page shows were made a few seconds apart.
  const sent = (x) => Date.parse((x.body.match(/datetime="([^"]+)"/) || [])[1]);
  ok(rows.length > 0 && rows.every((x, k) => un(x.body).includes(title(mine[k])) && x.body.includes(`href="/proposals/${x.id}"`) &&
    Math.abs(sent(x) - Date.parse(mine[k].createdDateTime)) < 120000),
  `${who}: proposals: each with its job's title, a link to its page and when it was sent`,
  rows.map((x, k) => [x.id, sent(x) - Date.parse(mine[k].createdDateTime), un(x.body).includes(title(mine[k]))]));
  return mine.length;
}

function contractWhat(c, monday) {
  if (c.contractType === 'HOURLY') {
    const h = ((c.time && c.time.days) || []).filter((d) => d.date >= monday).reduce((a, d) => a + d.hours, 0);
    return `${fmtH(h)} this week`;
  }
  const n = c.milestones.length;
  const paid = c.milestones.filter((m) => m.state === 'PAID').length;
  const sub = c.milestones.filter((m) => m.state === 'SUBMITTED').length;
  return `${paid} of ${n} milestone${n === 1 ? '' : 's'} paid${sub ? `, ${sub} submitted for review` : ''}`;
}

function checkContracts(who, html, contracts, org, now) {
  const b = block(html, 'contracts');
  const live = contracts.filter((c) => c.vendorOrganization.id === org && c.status !== 'ENDED');
  const rows = items(b, 'home-contract');
  const monday = mondayOf(now);
  ok(text(b, /id="contracts-total">([^<]*)</) === count(live.length, 'contract', 'contracts'),
    `${who}: contracts: ${live.length} active or paused`, text(b, /id="contracts-total">([^<]*)</));
  ok(rows.length === Math.min(5, live.length) && (live.length <= 5 || b.includes(`And ${live.length - 5} more`)),
    `${who}: contracts: the first ${Math.min(5, live.length)} listed, and how many more`, rows.length);
  for (const x of rows) {
    const c = live.find((y) => y.id === x.id);
    const what = text(x.body, /<span class="meta what">([^<]*)</);
    ok(c && what === contractWhat(c, monday) && un(x.body).includes(c.title) &&
      x.body.includes(`href="/contracts/${c.id}"`) && (c.status === 'PAUSED') === x.body.includes('(paused)'),
    `${who}: contracts: ${x.id}: its title, status and ${c && c.contractType === 'HOURLY' ? "this week's hours" : 'milestones'}`,
    { page: what, want: c && contractWhat(c, monday) });
  }
}

function checkMessages(who, html, rooms, user, org) {
  const b = block(html, 'messages');
  const mine = rooms.filter((r) => r.viewers.some((v) => v.user === user && v.organizationId === org) && !r.hidden && r.numUnread > 0)
    .sort((x, y) => Date.parse(y.lastActivityDateTime) - Date.parse(x.lastActivityDateTime));
  const sum = mine.reduce((a, r) => a + r.numUnread, 0);
  const rows = items(b, 'home-room');
  ok(text(b, /id="messages-unread">([^<]*)</) === count(sum, 'unread message', 'unread messages') &&
    text(b, /id="messages-rooms">([^<]*)</) === count(mine.length, 'room', 'rooms'),
  `${who}: messages: ${sum} unread in ${mine.length} rooms`, [text(b, /id="messages-unread">([^<]*)</), text(b, /id="messages-rooms">([^<]*)</)]);
  ok(JSON.stringify(rows.map((x) => x.id)) === JSON.stringify(mine.slice(0, 5).map((r) => r.id)),
    `${who}: messages: the five rooms of latest activity`, { page: rows.map((x) => x.id), want: mine.slice(0, 5).map((r) => r.id) });
  ok(rows.length > 0 && rows.every((x) => {
    const r = mine.find((y) => y.id === x.id);
    return r && text(x.body, /<span class="unread">(\d+)</) === String(r.numUnread) && un(x.body).includes(r.roomName) &&
      x.body.includes(`href="/messages/${r.id}"`);
  }), `${who}: messages: each room's name, unread count and link`);
}

function checkEarnings(who, html, ledger, nowMs) {
  const b = block(html, 'earnings');
  const d = new Date(nowMs);
  const thisM = d.toISOString().slice(0, 7);
  const lastM = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const sums = {};
  for (const r of ledger.rows) {
    if (!['Hourly', 'Fixed Price', 'Bonus'].includes(r.accountingSubtype)) continue;
    const m = r.date.slice(0, 7);
    if (m !== thisM && m !== lastM) continue;
    const cur = r.transactionAmount.currency;
    sums[cur] = sums[cur] || { [thisM]: 0, [lastM]: 0 };
    sums[cur][m] += cents(r.transactionAmount.rawValue);
  }
  const want = Object.entries(sums).filter(([, v]) => v[thisM] || v[lastM]);
  const rows = [...(b || '').matchAll(/<tr id="earnings-([A-Z]{3})">([\s\S]*?)<\/tr>/g)].map((m) => ({ cur: m[1], body: m[2] }));
  ok(rows.length === want.length && want.length > 0, `${who}: earnings: one row per currency earned in ${lastM} or ${thisM} (${want.map(([c]) => c).join(', ')})`,
    rows.map((x) => x.cur));
  for (const [cur, v] of want) {
    const row = rows.find((x) => x.cur === cur);
    const diff = v[thisM] - v[lastM];
    const w = { this: money(v[thisM], cur), last: money(v[lastM], cur), change: `${diff > 0 ? '+' : ''}${money(diff, cur)}` };
    const got = row && { this: text(row.body, /class="num this">([^<]*)</), last: text(row.body, /class="num last">([^<]*)</),
      change: text(row.body, /class="num change[^"]*">([^<]*)</) };
    ok(JSON.stringify(got) === JSON.stringify(w), `${who}: earnings: ${cur} this month, last month and the change`, { got, want: w });
  }
  ok(b && b.includes(`href="/billing?from=${lastM}-01&amp;to=${d.toISOString().slice(0, 10)}"`),
    `${who}: earnings: links to /billing for ${lastM} and ${thisM}`);
}

// ---- the suite ----------------------------------------------------------------------

async function main() {
  const started = Date.now();
  st = await startStack({ faketime: true });
  try {
    await st.sb.config({ clock_offset_s: Math.round(930 - ((Date.now() / 1000) % 1800)) });
    const jobs = (await dump('jobs')).jobs;
    const props = (await dump('proposals')).proposals;
    const cdump = await dump('contracts');
    const rooms = { ada: await dump('rooms?user=ada'), grace: await dump('rooms?user=grace') };
    const ledger = { ada: await dump(`transactions?org=${ORG.ada}`), agency: await dump(`transactions?org=${ORG.agency}`) };
    const sbNow = Date.parse(cdump.now);

    // ---- (a) a user who never chose --------------------------------------------------
    let grace = await signin('grace');
    await st.sb.clearLog();
    let from = st.appLog().length;
    let r = await get(grace, '/');
    let calls = await graphql();
    ok(r.status === 200 && /id="user-name">Grace Hopper</.test(r.html), '(a) Grace, who never chose: the dashboard (200)');
    ok(JSON.stringify(order(r.html)) === JSON.stringify(BLOCKS), '(a) every block, in the table\'s order', order(r.html));
    ok(!/id="dashboard-intro"/.test(r.html) && !BLOCKS.some((n) => r.html.includes(`id="hidden-${n}"`)) && !/id="show-all"/.test(r.html),
      '(a) nothing hidden to offer');
    const GRACE_COLD = ['AccountingEntity', 'Billing', 'Contracts', 'Home', 'Proposals', 'Rooms'];
    ok(JSON.stringify(calls.map((e) => e.operationName).sort()) === JSON.stringify(GRACE_COLD),
      `(a) the cold page costs ${GRACE_COLD.length} calls: Home, and the blocks' (no saved search: none for it)`,
      calls.map((e) => e.operationName));
    let lines = await homeLines(from, 1);
    ok(lines.length === 1 && lines[0].upstream === GRACE_COLD.length, `(a) the app logs upstream=${GRACE_COLD.length}`, lines);

    // ---- (b) cold and warm -----------------------------------------------------------
    let ada = await signin('ada');
    let csrf = await csrfOf(ada);
    await st.sb.clearLog();
    const S = {};
    for (const key of ['fixed', 'entry']) {
      r = await post(ada, '/jobs/saved', { csrf, name: SEARCHES[key].name, query: SEARCHES[key].query });
      S[key] = (/^\/jobs\?saved=(\d{16})$/.exec(r.location || '') || [])[1];
    }
    ok(S.fixed && S.entry, "(b) Ada's two saved searches", S);
    r = await post(ada, '/home/blocks', { csrf, op: 'all' });
    ok(r.status === 303 && r.location === '/#blocks', '(b) "Show all": 303 to /#blocks', `${r.status} ${r.location}`);
    ok((await graphql()).length === 0, '(b) saving searches and choosing blocks asked Upwork nothing');
    await st.sb.clearLog();
    from = st.appLog().length;
    let t0 = Date.now();
    r = await get(ada, '/');
    const coldMs = Date.now() - t0;
    calls = await graphql();
    const ops = calls.map((e) => e.operationName).sort();
    ok(r.status === 200 && JSON.stringify(order(r.html)) === JSON.stringify(BLOCKS), '(b) every block, in the order "Show all" gives',
      order(r.html));
    ok(calls.length === COLD_ADA && JSON.stringify(ops) === JSON.stringify(COLD_OPS),
      `(b) cold: the page costs ${COLD_ADA} upstream calls: ${COLD_OPS.join(', ')}`, ops);
    ok(calls.every((e) => e.status === 200 && e.tenant === ORG.ada), '(b) cold: each answered, in her organization');
    lines = await homeLines(from, 1);
    ok(lines.length === 1 && lines[0].upstream === COLD_ADA && lines[0].misses === COLD_ADA && lines[0].hits === 0,
      `(b) cold: the app logs upstream=${COLD_ADA} cache=0/${COLD_ADA}`, lines);
    const coldHtml = r.html;
    await st.sb.clearLog();
    from = st.appLog().length;
    t0 = Date.now();
    r = await get(ada, '/');
    const warmMs = Date.now() - t0;
    calls = await graphql();
    lines = await homeLines(from, 1);
    ok(r.status === 200 && calls.length === 0, '(b) warm: the same page costs 0 calls', calls.map((e) => e.operationName));
    ok(lines.length === 1 && lines[0].upstream === 0 && lines[0].hits === COLD_ADA && lines[0].misses === 0,
      `(b) warm: the app logs upstream=0 cache=${COLD_ADA}/0`, lines);
    ok(r.html.replace(/name="csrf" value="[^"]+"/g, '') === coldHtml.replace(/name="csrf" value="[^"]+"/g, ''),
      '(b) warm: the same page as cold');
    diag(`(b) cold ${COLD_ADA} calls in ${coldMs} ms, warm 0 calls in ${warmMs} ms`);
    for (const p of ['/proposals', '/contracts', '/messages?unread=1']) {
      await st.sb.clearLog();
      r = await get(ada, p);
      calls = await graphql();
      ok(r.status === 200 && calls.length === 0, `(b) ${p} after the home page: 0 calls (one cache entry with its block)`,
        calls.map((e) => e.operationName));
    }

    // ---- (c) Ada's blocks against the sandbox ---------------------------------------------
    r = await get(ada, '/');
    checkSearches('(c) Ada', r.html, S, jobs);
    for (const [key, id] of Object.entries(S)) {
      const page = await get(ada, `/jobs?saved=${id}`);
      const marks = page.html.split(NEW_TAG).length - 1;
      const home = text(items(block(r.html, 'searches'), 'search').find((x) => x.id === id).body, /<span class="new-count">(\d+)</);
      ok(page.status === 200 && String(marks) === home, `(c) Ada: searches: "${key}": /jobs?saved=ID marks as many New (${marks})`, { page: marks, home });
    }
    r = await post(ada, `/jobs/saved/${S.fixed}/seen`, { csrf });
    r = await get(ada, '/');
    const seen = items(block(r.html, 'searches'), 'search').find((x) => x.id === S.fixed);
    ok(seen && text(seen.body, /<span class="new-count">(\d+)</) === '0' && seen.body.includes('since you last marked them seen'),
      '(c) Ada: searches: after "Mark all as seen", 0 new since then', seen && un(seen.body));
    const adaProposals = checkProposals('(c) Ada', r.html, props, jobs, ORG.ada);
    checkContracts('(c) Ada', r.html, cdump.contracts, ORG.ada, sbNow);
    checkMessages('(c) Ada', r.html, rooms.ada, 'ada', ORG.ada);
    checkEarnings('(c) Ada', r.html, ledger.ada, Date.now());
    ok(BLOCKS.every((n) => !hasError(block(r.html, n))), '(c) Ada: no block reports an error');
    ok(/<a href="\/proposals\?list=submitted">/.test(block(r.html, 'proposals')) && /<a href="\/contracts">/.test(block(r.html, 'contracts')) &&
      /<a href="\/messages\?unread=1">/.test(block(r.html, 'messages')) && /<a href="\/jobs">/.test(block(r.html, 'searches')),
    '(c) each block links to its page');
    ok(/id="upwork-attribution"/.test(r.html), '(c) the page carries the Upwork attribution');
    ok(!/<script>alert|<img src=x onerror/i.test(r.html), '(c) hostile contract and room names are text');

    // ---- (d) the choice ---------------------------------------------------------------
    const move = async (block, op) => post(ada, '/home/blocks', { csrf, block, op });
    const now = async () => order((await get(ada, '/')).html);
    r = await move('messages', 'up');
    ok(r.status === 303 && r.location === '/#block-messages', '(d) move up: 303 to the block', `${r.status} ${r.location}`);
    ok(JSON.stringify(await now()) === JSON.stringify(['searches', 'proposals', 'messages', 'contracts', 'earnings']), '(d) messages moved up one');
    await move('searches', 'down');
    ok(JSON.stringify(await now()) === JSON.stringify(['proposals', 'searches', 'messages', 'contracts', 'earnings']), '(d) searches moved down one');
    r = await move('proposals', 'up');
    ok(r.status === 303 && JSON.stringify(await now()) === JSON.stringify(['proposals', 'searches', 'messages', 'contracts', 'earnings']),
      '(d) the first moved up: 303, nothing changes');
    r = await move('earnings', 'down');
    ok(r.status === 303 && JSON.stringify(await now()) === JSON.stringify(['proposals', 'searches', 'messages', 'contracts', 'earnings']),
      '(d) the last moved down: 303, nothing changes');
    r = await move('contracts', 'hide');
    ok(r.status === 303 && r.location === '/#dashboard', '(d) hide: 303 to the chooser', `${r.status} ${r.location}`);
    await st.sb.clearLog();
    r = await get(ada, '/');
    ok(JSON.stringify(order(r.html)) === JSON.stringify(['proposals', 'searches', 'messages', 'earnings']), '(d) contracts hidden', order(r.html));
    ok(r.html.includes('id="hidden-contracts"') && !r.html.includes('id="hidden-proposals"') && !/id="show-all"/.test(r.html),
      '(d) the chooser offers to show contracts (and no "Show all" for one)');
    await move('contracts', 'show');
    ok(JSON.stringify(await now()) === JSON.stringify(['proposals', 'searches', 'messages', 'earnings', 'contracts']), '(d) shown again, at the end');
    await move('contracts', 'up');
    await move('messages', 'down');
    const chosen = ['proposals', 'searches', 'contracts', 'messages', 'earnings'];
    ok(JSON.stringify(await now()) === JSON.stringify(chosen), '(d) moved back up; messages down', chosen);
    for (const [label, form, want] of [
      ['an unknown block', { csrf, block: 'weather', op: 'show' }, 400],
      ['an unknown operation', { csrf, block: 'contracts', op: 'delete' }, 400],
      ['no operation', { csrf, block: 'contracts' }, 400],
      ['no CSRF token', { block: 'contracts', op: 'hide' }, 403],
      ["Grace's CSRF token", { csrf: await csrfOf(grace), block: 'contracts', op: 'hide' }, 403],
    ]) {
      r = await post(ada, '/home/blocks', form);
      ok(r.status === want, `(d) ${label}: ${want}`, r.status);
    }
    r = await fcgi.request(st.sock, { method: 'POST', path: '/home/blocks', body: `csrf=${csrf}&block=contracts&op=hide`,
      headers: { Cookie: `__Host-sid=${ada}`, Origin: 'http://evil.example' } }, st);
    ok(r.status === 403, '(d) from another origin: 403', r.status);
    ok(JSON.stringify(await now()) === JSON.stringify(chosen), '(d) the refused forms changed nothing');
    r = await post(ada, '/auth/logout', { csrf });
    ok(r.status === 303, '(d) signed out', r.status);
    ada = await signin('ada');
    csrf = await csrfOf(ada);
    ok(JSON.stringify(await now()) === JSON.stringify(chosen), '(d) signed in again: the order is kept');
    r = await get(ada, '/account');
    ok(text(r.html, /id="account-dashboard">([^<]*)</).trim() === chosen.join(', '), '(d) /account lists the blocks in order',
      text(r.html, /id="account-dashboard">([^<]*)</));
    r = await get(ada, '/account/export');
    const exp = JSON.parse(r.html);
    ok(JSON.stringify(exp.workdesk.dashboard) === JSON.stringify(chosen), '(d) the export holds the choice', exp.workdesk.dashboard);
    ok(!r.html.includes('Ada Lovelace'), '(d) ... and no Upwork content');

    // ---- (e) Grace's agency ---------------------------------------------------------------
    let gcsrf = await csrfOf(grace);
    r = await post(grace, '/jobs/saved', { csrf: gcsrf, name: SEARCHES.hourly.name, query: SEARCHES.hourly.query });
    const GS = { hourly: (/saved=(\d{16})$/.exec(r.location || '') || [])[1] };
    await post(grace, '/home/blocks', { csrf: gcsrf, op: 'all' });
    r = await get(grace, '/');
    ok(r.status === 200 && JSON.stringify(order(r.html)) === JSON.stringify(BLOCKS), '(e) Grace: every block', order(r.html));
    checkSearches('(e) Grace', r.html, GS, jobs);
    const graceProposals = checkProposals('(e) Grace', r.html, props, jobs, ORG.agency);
    checkContracts('(e) Grace', r.html, cdump.contracts, ORG.agency, sbNow);
    checkMessages('(e) Grace', r.html, rooms.grace, 'grace', ORG.agency);
    checkEarnings('(e) Grace', r.html, ledger.agency, Date.now());
    ok(BLOCKS.every((n) => !hasError(block(r.html, n))), '(e) Grace: no block reports an error');
    ok(adaProposals !== graceProposals || !block(r.html, 'proposals').includes(S.fixed), "(e) Grace sees her own data, not Ada's");

    // ---- (f) one API permission missing ------------------------------------------------------
    const PERM = {
      searches: 'Query.marketplaceJobPostingsSearch', proposals: 'Query.vendorProposals', contracts: 'Query.timeReport',
      messages: 'Query.roomList', earnings: 'Query.transactionHistory',
    };
    const content = {
      searches: (b) => /class="new-count"/.test(b), proposals: (b) => /id="proposals-total"/.test(b),
      contracts: (b) => /id="contracts-total"/.test(b), messages: (b) => /id="messages-unread"/.test(b),
      earnings: (b) => /<table id="earnings">/.test(b),
    };
    const step = async () => {
      clock += STEP_S;
      st.setClock(clock);
      ada = await signin('ada');
    };
    for (const name of BLOCKS) {
      await step();
      await st.sb.config({ remove_permissions: [PERM[name]] });
      r = await get(ada, '/');
      await st.sb.config({ remove_permissions: [] });
      const b = block(r.html, name);
      const others = BLOCKS.filter((n) => n !== name);
      ok(r.status === 200 && /id="user-name">Ada Lovelace</.test(r.html), `(f) without ${PERM[name]}: the page (200, the account)`, r.status);
      ok(b && text(b, /id="block-[a-z]+-error">([^<]*)</).includes('lacks a permission') && b.includes(`Missing: ${PERM[name]}`) &&
        (name === 'searches' ? !/class="new-count"/.test(b) : !content[name](b)),
      `(f) without ${PERM[name]}: the ${name} block says so, without its data`, text(b, /id="block-[a-z]+-error">([^<]*)</));
      ok(others.every((n) => !hasError(block(r.html, n)) && content[n](block(r.html, n))),
        `(f) without ${PERM[name]}: the other four blocks show their data`,
        others.filter((n) => hasError(block(r.html, n)) || !content[n](block(r.html, n))));
    }
    await step();
    await st.sb.config({ remove_permissions: ['Query.vendorContracts'] });
    await st.sb.clearLog();
    r = await get(ada, '/');
    calls = await graphql();
    await st.sb.config({ remove_permissions: [] });
    let b = block(r.html, 'contracts');
    ok(/id="contracts-fallback"/.test(b) && !hasError(b) && items(b, 'home-contract').length > 0 &&
      calls.some((e) => e.operationName === 'ContractsHistory'),
    '(f) without vendorContracts: the contracts block from the work history (ContractsHistory), as /contracts does');

    // ---- (g) one block's call failing ---------------------------------------------------------
    await step();
    await st.sb.config({ graphql_fault: { status: 500, operation: 'Rooms' } });
    r = await get(ada, '/');
    await st.sb.config({ graphql_fault: null });
    b = block(r.html, 'messages');
    ok(r.status === 200 && /id="block-messages-stale"/.test(b) && content.messages(b) && !hasError(b),
      '(g) Rooms answering 500: the messages block shows its cached data, marked with its time');
    ok(BLOCKS.filter((n) => n !== 'messages').every((n) => !/-stale"/.test(block(r.html, n)) && content[n](block(r.html, n))) &&
      !/id="stale-banner"/.test(r.html), '(g) the others are fresh, and the page has no stale banner');

    // ---- (h) Upwork failing for every call ------------------------------------------------------
    await step();
    await st.sb.clearLog();
    from = st.appLog().length;
    await st.sb.config({ graphql_fault: { status: 503, count: 3 } });
    r = await get(ada, '/');
    calls = await graphql();
    await st.sb.config({ graphql_fault: null });
    lines = await homeLines(from, 1);
    ok(r.status === 200 && /id="stale-banner"/.test(r.html) && /id="user-name">Ada Lovelace</.test(r.html),
      '(h) every call failing (503): the page from the cache, with the stale banner');
    ok(calls.length === 3 && calls.every((e) => e.status === 503) && lines.length === 1 && lines[0].upstream === 3 &&
      lines[0].hits === COLD_ADA - 1, '(h) 3 calls (Home\'s attempts, all 503), none for the blocks: they read the cache only',
    { calls: calls.map((e) => e.status), lines });
    ok(BLOCKS.every((n) => /-stale"/.test(block(r.html, n)) && content[n](block(r.html, n))), '(h) each block: its cached data, marked');
    r = await get(ada, '/'); // a success ends the run of failures
    ok(r.status === 200 && !/id="stale-banner"/.test(r.html), '(h) Upwork back: a fresh page');

    // ---- (i) Disconnect --------------------------------------------------------------------
    csrf = await csrfOf(ada);
    const rec = path.join(st.var, 'data', 'users', sha256hex(USER.ada));
    ok(fs.existsSync(rec), "(i) Ada's user record exists");
    r = await post(ada, '/account/disconnect', { csrf });
    ok(r.status === 303 && !fs.existsSync(rec), '(i) Disconnect: the user record (with the choice) is deleted', r.status);
    ada = await signin('ada');
    r = await get(ada, '/');
    ok(JSON.stringify(order(r.html)) === JSON.stringify(BLOCKS), '(i) signed in again: every block, as for anyone who never chose');
    r = await get(ada, '/account/export');
    ok(!Object.hasOwn(JSON.parse(r.html).workdesk, 'dashboard'), '(i) the export holds no choice');
    grace = await signin('grace');
    r = await get(grace, '/');
    ok(JSON.stringify(order(r.html)) === JSON.stringify(BLOCKS), "(i) Grace's choice is untouched");
    gcsrf = null;
  } finally {
    st.finish();
  }
  diag(`${((Date.now() - started) / 1000).toFixed(1)} s`);
  return done(NAME);
}

suite(NAME, main);
