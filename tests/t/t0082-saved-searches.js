'use strict';
// t0082-saved-searches.js: saved job searches (app/page-jobs.c, app/user.c,
// templates/jobs.tpl) end to end, against the sandbox's 540 postings:
//
//   (a) save a search (POST /jobs/saved with the session cookie and the CSRF
//       token from the page): 303 to /jobs?saved=ID (16 digits), listed, and
//       running it shows the same results as the search itself, page 2 too;
//   (b) rename to a name with <b>, quotes and "&": shown as text (escaped)
//       in the list and in the rename field;
//   (c) bad input: names empty / 81 characters (400), 80 characters (saved,
//       ASCII and non-ASCII), queries that are no valid search (type=weekly,
//       posted=2) or an empty search (400), nothing saved;
//   (d) CSRF: each of the four POSTs (save, rename, delete, seen) without a
//       token or with Grace's token: 403 and Ada's record unchanged;
//   (e) isolation: Grace cannot run, rename, delete or mark seen Ada's
//       search (404: ids are looked up in the session user's record only);
//   (f) delete: gone from the list, running it is 404, so are the forms;
//   (g) 50 saved searches are allowed, the 51st is 409;
//   (h) the user record (data/users) holds the name and the query only, no
//       job ids, ciphertexts or titles from Upwork;
//   (i) "Saved searches survive a restart" (Done when 5): two searches, the
//       whole stack restarted with the same VAR (st.restart()), signed in
//       again: both listed and run; what the old session does is reported;
//   (j) "New marks disappear within 24 hours": under libfaketime for the app
//       and the sandbox's clock_offset_s for Upwork's side, the New set of a
//       saved search is exactly the predicted one at each step: a fresh
//       search marks the jobs posted within 24 h; "Mark all as seen" clears
//       them; 2 h later (sandbox unchanged: nothing posted since) still none;
//       both clocks H later (H from the data: some postings are younger than
//       H), exactly those posted since the look; the app clock 25 h on, none;
//       both clocks in step again, the jobs posted within the last 24 h; plain
//       searches never mark anything.
//
// Predictions come from GET /__sandbox/jobs: a posting's createdDateTime is
// the sandbox's now (real time + clock_offset_s) - postedSecondsAgo, and the
// app marks it New when it is after max(looked, app now - 24 h). Each clock
// move is followed by a new sign-in (the session's 30 min idle limit, and
// the sandbox's tokens expire on its own clock) and is more than the cache's
// 10 min fresh lifetime, so every step reads Upwork (the sandbox) anew.
//
//   node tests/t/t0082-saved-searches.js  (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { ok, done, diag, suite, startStack } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const DAY = 86400;
const PAGE = 20; // SEARCH_PAGE_SIZE
const USERS = { ada: '1390042875001225216', grace: '1417508230163849216' };
const NEW_TAG = '<span class="tag new">New</span>';

const sha256hex = (s) => crypto.createHash('sha256').update(s).digest('hex');
const realNow = () => Date.now() / 1000;

// ---- HTTP over FastCGI -----------------------------------------------------------

function ctx(st) {
  return { sock: st.sock, host: st.host, port: st.port };
}

async function signin(st, user) {
  const s = await fcgi.signin(ctx(st), user, 'allow');
  if (s.status !== 303 || !s.sid) throw new Error(`sign-in as ${user} failed: ${s.status}`);
  return s.jar;
}

async function get(st, jar, p) {
  const r = await fcgi.request(st.sock, { path: p, headers: { Cookie: jar.header() } }, ctx(st));
  jar.update(r);
  return { status: r.status, body: r.body.toString('utf8'), location: fcgi.header(r, 'location') };
}

// A form POST from our own origin (so that only the token decides).
async function post(st, jar, p, form) {
  const r = await fcgi.request(st.sock, {
    method: 'POST', path: p, body: new URLSearchParams(form).toString(),
    headers: { Cookie: jar.header(), Origin: st.origin },
  }, ctx(st));
  jar.update(r);
  return { status: r.status, body: r.body.toString('utf8'), location: fcgi.header(r, 'location') };
}

const csrfOf = (body) => (/name="csrf" value="([A-Za-z0-9_-]{43})"/.exec(body) || [])[1];

// ---- the page ----------------------------------------------------------------------

// Result cards in page order: {id, title (as text), isNew}.
function cards(body) {
  const out = [];
  for (const m of body.matchAll(/<article class="card job" id="job-(\d+)"[^>]*>([\s\S]*?)<\/article>/g)) {
    const h2 = (/<h2[^>]*>([\s\S]*?)<\/h2>/.exec(m[2]) || [])[1] || '';
    out.push({
      id: m[1],
      title: fcgi.htmlUnescape((/<a [^>]*>([\s\S]*?)<\/a>/.exec(h2) || [])[1] || ''),
      isNew: h2.includes(NEW_TAG),
    });
  }
  return out;
}
const ids = (body) => cards(body).map((c) => c.id);
const newIds = (body) => cards(body).filter((c) => c.isNew).map((c) => c.id);
const countNewTags = (body) => body.split(NEW_TAG).length - 1;

// The saved-searches list: [{id, name (as text), raw (as in the HTML)}].
function savedList(body) {
  const out = [];
  for (const m of body.matchAll(/<li id="saved-(\d+)"><a href="\/jobs\?saved=(\d+)" class="saved-run">([^<]*)<\/a>/g)) {
    out.push({ id: m[1], href: m[2], name: fcgi.htmlUnescape(m[3]), raw: m[3] });
  }
  return out;
}

const resultCount = (body) => (/id="result-count"[^>]*>([^<]*)</.exec(body) || [])[1] || null;

// ---- the user record (app/store.c format, app/user.c content) ----------------------

function userFile(st, user) {
  return path.join(st.var, 'data', 'users', sha256hex(USERS[user]));
}

function readBytes(f) {
  try {
    return fs.readFileSync(f);
  } catch {
    return null;
  }
}

// "WDR1" | version | kind | 0 0 | time (8) | key length (4) | payload length
// (4) | key | payload | BLAKE2b-256. Returns the payload as JSON, or null.
function userRecord(st, user) {
  const b = readBytes(userFile(st, user));
  if (!b || b.length < 56 || b.toString('latin1', 0, 4) !== 'WDR1') return null;
  const klen = b.readUInt32BE(16), plen = b.readUInt32BE(20);
  try {
    return JSON.parse(b.toString('utf8', 24 + klen, 24 + klen + plen));
  } catch {
    return null;
  }
}
const searchesOf = (st, user) => ((userRecord(st, user) || {}).searches || []);

const same = (a, b) => a !== null && b !== null && Buffer.compare(a, b) === 0;

// ---- (a)-(h) ------------------------------------------------------------------------

async function basics(st, data) {
  const ada = await signin(st, 'ada');
  const grace = await signin(st, 'grace');
  const Q = 'q=design&type=hourly';

  diag('(a) save a search, list it, run it');
  let plain = await get(st, ada, `/jobs?${Q}`);
  const aC = csrfOf(plain.body);
  ok(plain.status === 200 && ids(plain.body).length === PAGE, `(a) the search ${Q} answers a full page`,
    `${plain.status} ${ids(plain.body).length}`);
  ok(aC, "(a) the page carries Ada's CSRF token");
  const saveForm = /<form method="post" action="\/jobs\/saved"[\s\S]*?name="query" value="([^"]*)"/.exec(plain.body);
  ok(saveForm && fcgi.htmlUnescape(saveForm[1]) === Q, '(a) the page offers to save it, with its query',
    saveForm && saveForm[1]);
  let r = await post(st, ada, '/jobs/saved', { csrf: aC, name: 'Hourly design', query: Q });
  const m = /^\/jobs\?saved=(\d{16})$/.exec(r.location || '');
  ok(r.status === 303 && m, '(a) save: 303 to /jobs?saved=ID with a 16-digit id', `${r.status} ${r.location}`);
  if (!m) throw new Error('cannot go on without a saved search');
  const id = m[1];
  let list = savedList((await get(st, ada, '/jobs')).body);
  ok(list.length === 1 && list[0].id === id && list[0].href === id && list[0].name === 'Hourly design',
    '(a) listed on /jobs with its name and link', list);
  let run = await get(st, ada, `/jobs?saved=${id}`);
  ok(run.status === 200 && ids(run.body).join() === ids(plain.body).join() &&
    resultCount(run.body) === resultCount(plain.body),
  '(a) /jobs?saved=ID shows the same results as the search itself',
  `${run.status} ${resultCount(run.body)} vs ${resultCount(plain.body)}`);
  ok(new RegExp(`<li id="saved-${id}">[^\\n]*<span class="tag">shown</span>`).test(run.body),
    '(a) the list marks it as the one shown');
  const plain2 = await get(st, ada, `/jobs?${Q}&after=${PAGE}`);
  const run2 = await get(st, ada, `/jobs?saved=${id}&after=${PAGE}`);
  ok(run2.status === 200 && ids(run2.body).length > 0 && ids(run2.body).join() === ids(plain2.body).join(),
    '(a) its page 2 is the search\'s page 2', `${ids(run2.body).length} vs ${ids(plain2.body).length}`);
  let rec = searchesOf(st, 'ada');
  ok(rec.length === 1 && rec[0].id === id && rec[0].name === 'Hourly design' && rec[0].query === Q &&
    rec[0].looked === 0 && Object.keys(rec[0]).sort().join() === 'created,id,looked,name,query',
  '(a) the record: {id, name, query (canonical), created, looked 0}', rec);
  // A query in another order is stored in the canonical one.
  r = await post(st, ada, '/jobs/saved', { csrf: aC, name: 'Reordered', query: 'type=hourly&sort=recency&q=design' });
  rec = searchesOf(st, 'ada');
  ok(r.status === 303 && rec.length === 2 && rec[1].query === Q, '(a) the query is stored canonical', rec[1]);
  const reordered = rec[1] && rec[1].id;

  diag('(b) rename, with markup and quotes in the name');
  const HOSTILE = '<b>Ada\'s "best"</b> & <i>co</i>';
  r = await post(st, ada, `/jobs/saved/${id}/rename`, { csrf: aC, name: HOSTILE });
  ok(r.status === 303 && r.location === '/jobs', '(b) rename: 303 to /jobs', `${r.status} ${r.location}`);
  let page = await get(st, ada, '/jobs');
  list = savedList(page.body);
  const item = list.find((x) => x.id === id);
  ok(item && item.name === HOSTILE, '(b) the new name is shown as text', item);
  ok(item && !/[<>"]/.test(item.raw) && item.raw.includes('&lt;b&gt;'), '(b) escaped in the list', item && item.raw);
  ok(!page.body.includes('<b>Ada') && !page.body.includes('"best"') && !page.body.includes('<i>co'),
    '(b) the raw name appears nowhere in the page');
  const field = new RegExp(`id="rename-${id}" name="name" maxlength="80" required value="([^"]*)"`).exec(page.body);
  ok(field && fcgi.htmlUnescape(field[1]) === HOSTILE, '(b) the rename field holds it, escaped', field && field[1]);
  ok(searchesOf(st, 'ada').find((x) => x.id === id).name === HOSTILE, '(b) the record has the new name');

  diag('(c) bad names and queries');
  const count = () => searchesOf(st, 'ada').length;
  let before = count();
  for (const [label, form] of [
    ['empty name', { name: '', query: Q }],
    ['no name field', { query: Q }],
    ['81-character name', { name: 'n'.repeat(81), query: Q }],
    ['type=weekly', { name: 'Weekly', query: 'q=design&type=weekly' }],
    ['posted=2 (not an offered choice)', { name: 'Two days', query: 'posted=2' }],
    ['hourly_min above hourly_max', { name: 'Range', query: 'hourly_min=50&hourly_max=10' }],
    ['an empty search', { name: 'Empty', query: '' }],
    ['no query field', { name: 'No query' }],
    ['only a sort order (no keyword or filter)', { name: 'Sorted', query: 'sort=relevance' }],
  ]) {
    r = await post(st, ada, '/jobs/saved', { csrf: aC, ...form });
    ok(r.status === 400 && count() === before, `(c) save with ${label}: 400, nothing saved`, `${r.status}, ${count() - before} saved`);
  }
  r = await post(st, ada, '/jobs/saved', { csrf: aC, name: 'n'.repeat(80), query: Q });
  ok(r.status === 303 && count() === before + 1, '(c) an 80-character name is saved', r.status);
  // The form's maxlength="80" counts characters: a person can type 80
  // non-ASCII ones, and the error text promises "at most 80 characters".
  const accented = 'é'.repeat(80);
  r = await post(st, ada, '/jobs/saved', { csrf: aC, name: accented, query: Q });
  ok(r.status === 303, '(c) an 80-character name in non-ASCII letters (160 bytes; the form allows it) is saved',
    `${r.status}: app/page-jobs.c name_ok() counts bytes (SEARCH_NAME_MAX 80 bytes), not characters`);
  before = count();
  for (const [label, name] of [['an empty name', ''], ['an 81-character name', 'n'.repeat(81)]]) {
    r = await post(st, ada, `/jobs/saved/${id}/rename`, { csrf: aC, name });
    ok(r.status === 400 && searchesOf(st, 'ada').find((x) => x.id === id).name === HOSTILE,
      `(c) rename to ${label}: 400, name unchanged`, r.status);
  }
  // Clean up what (c) saved, so that Ada is back to her two.
  for (const s of searchesOf(st, 'ada')) {
    if (s.id !== id && s.id !== reordered) await post(st, ada, `/jobs/saved/${s.id}/delete`, { csrf: aC });
  }
  ok(count() === 2, '(c) the extra ones deleted again', count());

  diag('(d) CSRF on the four forms');
  const gC = csrfOf((await get(st, grace, '/jobs')).body);
  ok(gC && gC !== aC, "(d) Grace's token differs from Ada's");
  const forms = [
    ['save', '/jobs/saved', { name: 'Forged', query: Q }],
    ['rename', `/jobs/saved/${id}/rename`, { name: 'Forged' }],
    ['delete', `/jobs/saved/${id}/delete`, {}],
    ['seen', `/jobs/saved/${id}/seen`, {}],
  ];
  for (const [what, p, form] of forms) {
    for (const [how, extra] of [['no token', {}], ["Grace's token", { csrf: gC }], ['a wrong token', { csrf: aC.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }]]) {
      const b0 = readBytes(userFile(st, 'ada'));
      r = await post(st, ada, p, { ...extra, ...form });
      ok(r.status === 403 && same(b0, readBytes(userFile(st, 'ada'))),
        `(d) ${what} with ${how}: 403, Ada's record unchanged`, r.status);
    }
  }
  // And without our Origin (another site's form), even with the right token.
  const b0 = readBytes(userFile(st, 'ada'));
  const cross = await fcgi.request(st.sock, {
    method: 'POST', path: `/jobs/saved/${id}/delete`, body: `csrf=${aC}`,
    headers: { Cookie: ada.header(), Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
  }, ctx(st));
  ok(cross.status === 403 && same(b0, readBytes(userFile(st, 'ada'))), '(d) delete from another site: 403, unchanged', cross.status);

  diag("(e) Grace and Ada's search");
  const ab = readBytes(userFile(st, 'ada'));
  const gb = readBytes(userFile(st, 'grace'));
  r = await get(st, grace, `/jobs?saved=${id}`);
  ok(r.status === 404 && !r.body.includes('Hourly design') && ids(r.body).length === 0,
    "(e) Grace runs Ada's search: 404, nothing of it shown", r.status);
  for (const [what, p, form] of forms.slice(1)) {
    r = await post(st, grace, p, { csrf: gC, ...form });
    ok(r.status === 404, `(e) Grace: ${what} Ada's search: 404`, r.status);
  }
  ok(same(ab, readBytes(userFile(st, 'ada'))), "(e) Ada's record unchanged");
  ok(same(gb, readBytes(userFile(st, 'grace'))) && searchesOf(st, 'grace').length === 0,
    "(e) Grace's record unchanged, no searches");
  ok(!savedList((await get(st, grace, '/jobs')).body).some((x) => x.id === id), "(e) Ada's search is not in Grace's list");

  diag('(f) delete');
  r = await post(st, ada, `/jobs/saved/${reordered}/delete`, { csrf: aC });
  ok(r.status === 303 && r.location === '/jobs', '(f) delete: 303 to /jobs', `${r.status} ${r.location}`);
  list = savedList((await get(st, ada, '/jobs')).body);
  ok(!list.some((x) => x.id === reordered) && list.some((x) => x.id === id), '(f) gone from the list, the other stays', list.map((x) => x.id));
  r = await get(st, ada, `/jobs?saved=${reordered}`);
  ok(r.status === 404 && ids(r.body).length === 0, '(f) running it: 404', r.status);
  for (const [what, p, form] of forms.slice(1)) {
    r = await post(st, ada, p.replace(id, reordered), { csrf: aC, ...form });
    ok(r.status === 404, `(f) ${what} a deleted search: 404`, r.status);
  }
  for (const bad of ['123', '00000000000000000', 'abc', '']) {
    r = await get(st, ada, `/jobs?saved=${bad}`);
    ok(r.status === 404, `(f) /jobs?saved=${bad || '(empty)'}: 404`, r.status);
  }

  diag('(g) 50 allowed, the 51st refused (Grace)');
  const statuses = [];
  for (let i = 1; i <= 50; i++) {
    r = await post(st, grace, '/jobs/saved', { csrf: gC, name: `Search ${i}`, query: `q=design&hires_min=${i}` });
    statuses.push(r.status);
  }
  ok(statuses.every((s) => s === 303), '(g) 50 saves: all 303', statuses.join(','));
  r = await post(st, grace, '/jobs/saved', { csrf: gC, name: 'Search 51', query: 'q=design&hires_min=51' });
  ok(r.status === 409 && /Too many saved searches/.test(r.body), '(g) the 51st: 409 "Too many saved searches"', r.status);
  const glist = savedList((await get(st, grace, '/jobs')).body);
  ok(searchesOf(st, 'grace').length === 50 && glist.length === 50 && glist[0].name === 'Search 50',
    '(g) 50 in the record and the list, newest first', `${searchesOf(st, 'grace').length} ${glist.length} ${glist[0] && glist[0].name}`);
  ok(new Set(glist.map((x) => x.id)).size === 50 && glist.every((x) => /^\d{16}$/.test(x.id)),
    '(g) 50 distinct 16-digit ids');
  await post(st, grace, `/jobs/saved/${glist[10].id}/delete`, { csrf: gC });
  r = await post(st, grace, '/jobs/saved', { csrf: gC, name: 'Search 51', query: 'q=design&hires_min=51' });
  ok(r.status === 303 && searchesOf(st, 'grace').length === 50, '(g) after deleting one, saving works again', r.status);

  diag('(h) the user record holds the user\'s own input only');
  const marker = 'Ada keeps this one';
  r = await post(st, ada, '/jobs/saved', { csrf: aC, name: marker, query: 'q=alert' });
  const hid = (/saved=(\d{16})/.exec(r.location || '') || [])[1];
  run = await get(st, ada, `/jobs?saved=${hid}`); // results now in the cache
  ok(run.status === 200 && ids(run.body).length > 0, '(h) it runs (the results are now cached)', ids(run.body).length);
  const dir = path.join(st.var, 'data', 'users');
  const holders = fs.readdirSync(dir).filter((f) => fs.readFileSync(path.join(dir, f)).includes(marker));
  ok(holders.length === 1 && path.join(dir, holders[0]) === userFile(st, 'ada'),
    "(h) grep data/users for the name: Ada's record only", holders);
  const text = fs.readFileSync(userFile(st, 'ada')).toString('utf8');
  const leaked = [];
  for (const j of data.jobs) {
    if (text.includes(j.id)) leaked.push(`id ${j.id}`);
    if (text.includes(j.ciphertext)) leaked.push(`ciphertext ${j.ciphertext}`);
    if (j.title.trim().length >= 8 && text.includes(j.title)) leaked.push(`title ${j.title}`);
    if (j.client.companyName && j.client.companyName.length >= 8 && text.includes(j.client.companyName)) {
      leaked.push(`company ${j.client.companyName}`);
    }
  }
  ok(leaked.length === 0, '(h) no job id, ciphertext, title or company name from Upwork in it', leaked.slice(0, 5));
  rec = userRecord(st, 'ada');
  const keys = rec ? Object.keys(rec).sort().join() : '';
  const entries = rec ? rec.searches.map((s) => Object.keys(s).sort().join()) : [];
  ok(rec && keys === 'consent,searches,signed_in' && entries.every((k) => k === 'created,id,looked,name,query') &&
    rec.searches.some((s) => s.name === marker && s.query === 'q=alert'),
  '(h) its JSON: consent, last sign-in time, searches of {id, name, query, created, looked}', `${keys} ${entries}`);
  diag(`(h) Ada's record: ${text.length} bytes, ${rec ? rec.searches.length : 0} searches`);
  return { id, hid };
}

// ---- (i) restart ------------------------------------------------------------------

async function restart(st) {
  diag('(i) saved searches survive a restart');
  let ada = await signin(st, 'ada');
  const aC = csrfOf((await get(st, ada, '/jobs')).body);
  const mine = [];
  for (const [name, q] of [['Before restart: python', 'q=python'], ['Before restart: fixed expert', 'type=fixed&level=expert']]) {
    const r = await post(st, ada, '/jobs/saved', { csrf: aC, name, query: q });
    mine.push({ name, q, id: (/saved=(\d{16})/.exec(r.location || '') || [])[1] });
  }
  ok(mine.every((s) => s.id), '(i) two searches saved');
  const expect = {};
  for (const s of mine) expect[s.id] = ids((await get(st, ada, `/jobs?${s.q}`)).body);
  const sessionsBefore = fs.readdirSync(path.join(st.var, 'data', 'sessions')).filter((f) => !f.startsWith('.')).length;
  const recBefore = readBytes(userFile(st, 'ada'));
  const t0 = Date.now();
  st.restart();
  diag(`(i) stack restarted in ${Date.now() - t0} ms (same VAR ${st.var}, ports ${st.port}/${st.sandboxUrl})`);
  ok(same(recBefore, readBytes(userFile(st, 'ada'))), "(i) Ada's record is on disk unchanged after the restart");
  const sessionsAfter = fs.readdirSync(path.join(st.var, 'data', 'sessions')).filter((f) => !f.startsWith('.')).length;

  // The old session: the app's store keeps it; the sandbox forgot every
  // token. Report what the user sees.
  const old = await get(st, ada.clone(), '/jobs');
  const oldRun = await get(st, ada.clone(), `/jobs?saved=${mine[0].id}`);
  const oldFresh = await get(st, ada.clone(), '/jobs?q=zzzz-no-cache-entry');
  const what = (r) => (r.status === 200 && savedList(r.body).length ? '200 with the saved list'
    : `${r.status}${r.location ? ` -> ${r.location}` : ''}`);
  diag(`(i) session records on disk: ${sessionsBefore} before, ${sessionsAfter} after the restart`);
  diag(`(i) old session after the restart: GET /jobs ${what(old)}; GET /jobs?saved=ID ${what(oldRun)}; ` +
    `a search not in the cache: ${what(oldFresh)}`);
  ok([200, 303].includes(old.status) && [200, 303].includes(oldFresh.status),
    '(i) the old session is either still valid or cleanly signed out (no error page)',
    `${old.status} ${oldFresh.status}`);

  ada = await signin(st, 'ada');
  const page = await get(st, ada, '/jobs');
  const list = savedList(page.body);
  for (const s of mine) {
    ok(list.some((x) => x.id === s.id && x.name === s.name), `(i) after the restart and a new sign-in: "${s.name}" listed`);
    const r = await get(st, ada, `/jobs?saved=${s.id}`);
    ok(r.status === 200 && ids(r.body).length > 0 && ids(r.body).join() === expect[s.id].join(),
      `(i) "${s.name}" runs, same results as before`, `${r.status} ${ids(r.body).length}`);
  }
  const prev = `${st.appLog()}\n${readBytes(path.join(st.var, 'workdesk.log.1')) || ''}`;
  ok(!/AddressSanitizer|runtime error:|LeakSanitizer/.test(prev), '(i) no sanitizer report in the app log before the restart');
  return { sessionsBefore, sessionsAfter, old: what(old), oldRun: what(oldRun), oldFresh: what(oldFresh) };
}

// ---- (j) New marks -------------------------------------------------------------------

async function newMarks(st, data) {
  diag('(j) New marks: faketime for the app, clock_offset_s for the sandbox');
  const Q = 'posted=3';
  // The search's matches in result order (RECENCY: newest first).
  const matches = data.jobs.filter((j) => j.postedSecondsAgo <= 3 * DAY)
    .sort((a, b) => a.postedSecondsAgo - b.postedSecondsAgo || (a.id < b.id ? 1 : -1));
  const page1 = matches.slice(0, PAGE);
  const page2 = matches.slice(PAGE, 2 * PAGE);
  let appOff = 0, sbOff = 0, looked = null;
  const figures = [];

  async function setClocks(app, sb) {
    appOff = app;
    sbOff = sb;
    st.setClock(app);
    await st.sb.config({ clock_offset_s: sb });
  }
  // Predicted New set of a page: created (sandbox clock) after max(looked,
  // app now - 24 h). Postings within 60 s of the line would make the check
  // depend on timing: counted, and the check says so.
  function predict(jobs, lookedAt) {
    const now = realNow();
    const since = Math.max(lookedAt || 0, now + appOff - DAY);
    let close = 0;
    const set = jobs.filter((j) => {
      const d = now + sbOff - j.postedSecondsAgo - since;
      if (Math.abs(d) < 60) close++;
      return d > 0;
    }).map((j) => j.id);
    return { set, close };
  }
  async function check(label, jar, p, jobs, lookedAt) {
    const r = await get(st, jar, p);
    const want = predict(jobs, lookedAt);
    const got = newIds(r.body);
    ok(r.status === 200 && ids(r.body).join() === jobs.map((j) => j.id).join(),
      `(j) ${label}: the expected ${jobs.length} jobs, newest first`, `${r.status} ${ids(r.body).length}`);
    ok(want.close === 0 && got.join() === want.set.join() && countNewTags(r.body) === want.set.length,
      `(j) ${label}: New on exactly the ${want.set.length} predicted`,
      `got [${got}], want [${want.set}]${want.close ? `, ${want.close} within 60 s of the line` : ''}`);
    figures.push(`${label}: ${got.length} New`);
    return got;
  }

  let ada = await signin(st, 'ada');
  let aC = csrfOf((await get(st, ada, '/jobs')).body);
  let r = await post(st, ada, '/jobs/saved', { csrf: aC, name: 'Last three days', query: Q });
  const s1 = (/saved=(\d{16})/.exec(r.location || '') || [])[1];
  ok(s1, '(j) saved "posted=3"');
  const day1 = page1.filter((j) => j.postedSecondsAgo < DAY).map((j) => j.id);
  diag(`(j) ${matches.length} matches; page 1: ${page1.length}, ${day1.length} posted within 24 h ` +
    `(youngest ${page1[0].postedSecondsAgo} s, oldest on page ${page1[page1.length - 1].postedSecondsAgo} s)`);
  ok(day1.length > 0 && day1.length < page1.length, '(j) page 1 has jobs both younger and older than 24 h',
    `${day1.length} of ${page1.length}`);

  // 1. A fresh saved search: the jobs of the last 24 h.
  const got1 = await check('fresh saved search', ada, `/jobs?saved=${s1}`, page1, 0);
  ok(got1.join() === day1.join(), '(j) fresh: New = the jobs posted within 24 h', `${got1.length} vs ${day1.length}`);
  await check('fresh saved search, page 2', ada, `/jobs?saved=${s1}&after=${PAGE}`, page2, 0);
  r = await get(st, ada, `/jobs?${Q}`);
  ok(ids(r.body).join() === page1.map((j) => j.id).join() && countNewTags(r.body) === 0,
    '(j) the plain search (not saved): the same jobs, none New', countNewTags(r.body));

  // 2. Mark all as seen.
  const seenAt = realNow() + appOff;
  r = await post(st, ada, `/jobs/saved/${s1}/seen`, { csrf: aC });
  ok(r.status === 303 && r.location === `/jobs?saved=${s1}`, '(j) "Mark all as seen": 303 back to the search', `${r.status} ${r.location}`);
  looked = (searchesOf(st, 'ada').find((s) => s.id === s1) || {}).looked;
  ok(Math.abs(looked - seenAt) <= 2, "(j) the record's looked time is the app's now", `${looked} vs ${seenAt.toFixed(0)}`);
  await check('after "Mark all as seen"', ada, `/jobs?saved=${s1}`, page1, looked);

  // 3. The app 2 h on, the sandbox unchanged: nothing was posted since.
  await setClocks(2 * 3600, 0);
  ada = await signin(st, 'ada');
  await check('app +2 h, nothing posted since', ada, `/jobs?saved=${s1}`, page1, looked);

  // 4. Both clocks H on: the postings younger than H were posted after the
  // look. H: in a wide gap between postings, past 2 h 15 min (the cache).
  const ps = data.jobs.map((j) => j.postedSecondsAgo).sort((a, b) => a - b);
  let H = null;
  for (const minBelow of [3, 1]) {
    for (let k = minBelow; k < ps.length && H === null; k++) {
      const mid = Math.round((ps[k - 1] + ps[k]) / 2);
      if (ps[k] - ps[k - 1] >= 1200 && mid >= 2 * 3600 + 900 && mid <= DAY - 3600) H = mid;
    }
    if (H !== null) break;
  }
  ok(H !== null, '(j) the data has a gap to place H in', H);
  if (H === null) return figures;
  await setClocks(H, H);
  ada = await signin(st, 'ada');
  const since = page1.filter((j) => j.postedSecondsAgo < H).map((j) => j.id);
  const got4 = await check(`both clocks +${H} s`, ada, `/jobs?saved=${s1}`, page1, looked);
  ok(got4.length > 0 && got4.join() === since.join(), `(j) +${H} s: New = the ${since.length} postings younger than ${H} s`,
    `${got4.length} vs ${since.length}`);

  // 5. The app 25 h on (the sandbox stays): every job is over 24 h old.
  await setClocks(H + 25 * 3600, H);
  ada = await signin(st, 'ada');
  await check('app +25 h more', ada, `/jobs?saved=${s1}`, page1, looked);
  aC = csrfOf((await get(st, ada, '/jobs')).body);
  r = await post(st, ada, '/jobs/saved', { csrf: aC, name: 'Three days, saved later', query: 'posted=3&sort=recency' });
  const s2 = (/saved=(\d{16})/.exec(r.location || '') || [])[1];
  await check('a search saved now, never seen', ada, `/jobs?saved=${s2}`, page1, 0);

  // 6. Both clocks in step again (15 min on): the jobs of the last 24 h, for
  // the search seen a day ago and for the one never seen.
  const T = H + 25 * 3600 + 900;
  await setClocks(T, T);
  ada = await signin(st, 'ada');
  const g6a = await check('clocks in step, seen a day ago', ada, `/jobs?saved=${s1}`, page1, looked);
  const g6b = await check('clocks in step, never seen', ada, `/jobs?saved=${s2}`, page1, 0);
  ok(g6a.join() === day1.join() && g6b.join() === day1.join(), '(j) both: the jobs posted within 24 h again',
    `${g6a.length} ${g6b.length} vs ${day1.length}`);
  r = await get(st, ada, `/jobs?${Q}`);
  ok(countNewTags(r.body) === 0, '(j) the plain search still marks nothing', countNewTags(r.body));
  diag(`(j) H = ${H} s; ${figures.join('; ')}`);
  await setClocks(T, 0);
  return figures;
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
    const data = JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/jobs`)).body);
    ok(data.count === data.jobs.length && data.jobs.length > 100, 'the sandbox\'s postings', data.count);
    await basics(st, data);
    await restart(st);
    await newMarks(st, data);
  } catch (e) {
    ok(false, 'suite ran to the end', e.stack);
  } finally {
    st.finish();
    diag(`wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return done(NAME);
}

suite(NAME, main);
