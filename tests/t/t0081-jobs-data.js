'use strict';
// t0081-jobs-data.js: minimum data (DESIGN.md rule 6; issue "Done when" 2):
// the job search and job page GraphQL documents select only fields the
// pages use, and this test proves it.
//
// Each document (app/graphql/jobs-search.graphql, job.graphql,
// job-categories.graphql) is parsed with graphql-js and walked with TypeInfo
// over the sandbox's schema (tests/sandbox/graphql.js loadSchema): every leaf
// it selects, as "Type.field". For each leaf, the pages that use the
// document are rendered through FastCGI twice: plain, then with the
// sandbox's switch mark_fields set to that one field (its value changed in
// every answer: strings marked, numbers moved, booleans flipped, enums
// rotated; tests/sandbox/README.md). A leaf whose marking leaves every page
// unchanged is not used: the test fails naming it.
//
//   pages     search: /jobs (the newest jobs: more than one page, hourly and
//             fixed, short descriptions whose excerpt shows all of it,
//             clients with reviews); categories: /jobs (the category
//             select); job: /jobs/ID?k=… for a fixed-price job with
//             screening questions and a cover letter, and an hourly one
//             with rates
//   noise     with the cache off nothing varies between two renders but the
//             clock: "Results from Upwork, <time>", <time datetime> and
//             "N h ago"; these are normalised (a marked createdDateTime
//             empties them, which still shows), and the plain render is
//             taken right before each marked one
//   controls  the check can fail: marking a field the documents do not
//             select (MarketplaceJobPostingSearchResult.durationLabel, …)
//             leaves the pages unchanged and is reported unused; a synthetic
//             search document with that leaf added (valid per graphql-js)
//             fails the same check, naming it
//   superset  the running app selects nothing outside these files: with
//             every other schema field blocked (remove_permissions) the
//             pages still render the same
//
// Diagnostics list every leaf, its pages, and where the page changed.
//
//   node tests/t/t0081-jobs-data.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
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
const DOC_FILES = {
  search: 'app/graphql/jobs-search.graphql',
  job: 'app/graphql/job.graphql',
  categories: 'app/graphql/job-categories.graphql',
};
// Fields none of the documents select: marking them must change nothing.
const CONTROLS = {
  search: 'MarketplaceJobPostingSearchResult.durationLabel',
  job: 'MarketplacePostingAttachment.fileName',
  categories: 'OntologyCategory.slug',
};

let st = null;
let sid = null;
let PAGES = null;
const schema = loadSchema(path.join(REPO, 'tests', 'sandbox'));

// ---- pages --------------------------------------------------------------------------------------

async function get(p) {
  return fcgi.request(st.sock, { path: p, headers: { Cookie: `__Host-sid=${sid}` } }, st);
}

// What may differ between two renders of the same page a moment apart: the
// clock. A marked createdDateTime gives an empty datetime and no "ago",
// which these patterns do not match, so it still shows.
function normalise(html) {
  return html
    .replace(/(<p class="meta">Results from Upwork, )[^<]*/g, '$1TIME')
    .replace(/datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z"/g, 'datetime="ISO"')
    .replace(/>(?:just now|\d+ min ago|\d+ h ago|yesterday|\d+ days ago)<\/time>/g, '>AGO</time>');
}

async function renderAll(urls) {
  const out = [];
  for (const u of urls) {
    const r = await get(u);
    out.push({ url: u, status: r.status, html: normalise(r.body.toString('utf8')) });
  }
  return out;
}

// ---- the suite ----------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  st = await startStack({ confExtra: CONF });
  let checked = 0;
  const { changes: markChanges, verdict } = marker(st, (name) => renderAll(PAGES[name]));
  try {
    const s = await fcgi.signin(st, 'ada', 'allow');
    if (s.status !== 303 || !s.sid) throw new Error(`sign-in failed: ${s.status}`);
    sid = s.sid;
    const r = await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/jobs`);
    const DATA = JSON.parse(r.body);

    // The documents, valid against the sandbox's schema, and their leaves.
    const docs = {};
    const sel = {};
    for (const [name, file] of Object.entries(DOC_FILES)) {
      docs[name] = parse(fs.readFileSync(path.join(REPO, file), 'utf8'));
      const errors = validate(schema, docs[name]);
      ok(errors.length === 0, `${file} is valid against the sandbox schema`, errors.map((e) => e.message));
      sel[name] = selected(schema, docs[name]);
      diag(`${file}: ${sel[name].leaves.length} leaves: ${sel[name].leaves.join(' ')}`);
      ok(!sel[name].leaves.includes(CONTROLS[name]) && !sel[name].all.includes(CONTROLS[name]), `control ${CONTROLS[name]} is not selected by ${file}`);
    }

    // The pages, and what they must show for every leaf to be visible.
    const newest = [...DATA.jobs].sort((a, b) => a.postedSecondsAgo - b.postedSecondsAgo).slice(0, 20);
    const needs = {
      'more than one page': DATA.jobs.length > 20,
      'an hourly job with rates': newest.some((j) => j.hourlyBudgetMin !== null),
      'a fixed-price job': newest.some((j) => j.jobType === 'FIXED'),
      'a description short enough for the excerpt to show its end': newest.some((j) => j.description.length < 300),
      'a client with reviews': newest.some((j) => j.client.totalReviews > 0),
    };
    for (const [what, yes] of Object.entries(needs)) ok(yes, `search page /jobs has ${what}`);
    const plain = (j) => !j.hostile;
    const fixed = DATA.jobs.find((j) => plain(j) && j.jobType === 'FIXED' && j.screeningQuestions.length >= 2 && j.coverLetterRequired && j.skills.length > 0);
    const hourly = DATA.jobs.find((j) => plain(j) && j.jobType === 'HOURLY' && j.hourlyBudgetMin !== null && j.hourlyBudgetMin < j.hourlyBudgetMax);
    ok(fixed && hourly, 'the data has a fixed job with questions and a cover letter, and an hourly job with rates');
    PAGES = {
      search: ['/jobs'],
      categories: ['/jobs'],
      job: [`/jobs/${fixed.id}?k=${encodeURIComponent(fixed.ciphertext)}`, `/jobs/${hourly.id}?k=${encodeURIComponent(hourly.ciphertext)}`],
    };
    diag(`pages: ${JSON.stringify(PAGES)}`);

    // Two plain renders a moment apart are the same once normalised.
    await st.sb.config({ mark_fields: [] });
    const urls = [...new Set(Object.values(PAGES).flat())];
    const a = await renderAll(urls);
    await new Promise((res) => setTimeout(res, 1100));
    const b = await renderAll(urls);
    ok(a.every((x) => x.status === 200), 'every page renders (200)', a.map((x) => x.status));
    ok(a.every((x, k) => x.html === b[k].html), 'two plain renders a second apart are the same (normalised)',
      a.map((x, k) => (x.html === b[k].html ? 'same' : firstDiff(x.html, b[k].html))));

    // Every leaf of every document.
    for (const [name, file] of Object.entries(DOC_FILES)) {
      for (const leaf of sel[name].leaves) {
        const res = await markChanges(name, leaf);
        checked++;
        diag(`${name} ${leaf}: ${res.changed ? `used (${res.where.join(' | ')})` : 'NOT USED: marking it changes no page'}`);
        ok(res.changed, `${file}: ${leaf} is used by the page (marking it changes ${PAGES[name].length > 1 ? 'a page' : PAGES[name][0]})`);
      }
    }

    // The controls: not selected, so marking them changes nothing.
    for (const [name, leaf] of Object.entries(CONTROLS)) {
      const res = await markChanges(name, leaf);
      diag(`control ${name} ${leaf}: ${res.changed ? `CHANGED (${res.where.join(' | ')})` : 'unchanged'}`);
      ok(!res.changed, `control ${leaf}: marking a field the documents do not select leaves the page unchanged`);
    }

    // The verdicts: each document's leaves are exactly the leaves proven used.
    for (const [name, file] of Object.entries(DOC_FILES)) {
      const v = verdict(name, sel[name].leaves);
      ok(v.pass && JSON.stringify(v.used) === JSON.stringify(sel[name].leaves),
        `${file}: its ${sel[name].leaves.length} leaves are exactly the leaves proven used`, v.unused.length ? `unused: ${v.unused.join(', ')}` : undefined);
    }

    // The check can fail: a search document with one unused leaf added.
    const synthetic = withExtraLeaf(docs.search, 'durationLabel', 'node');
    const synErrors = validate(schema, synthetic);
    ok(synErrors.length === 0, 'self-test: the search document plus durationLabel is valid (graphql-js)', synErrors.map((e) => e.message));
    const synSel = selected(schema, synthetic);
    ok(JSON.stringify(synSel.leaves) === JSON.stringify([...sel.search.leaves, CONTROLS.search].sort()),
      'self-test: its leaves are the real ones plus MarketplaceJobPostingSearchResult.durationLabel');
    const sv = verdict('search', synSel.leaves);
    ok(!sv.pass && JSON.stringify(sv.unused) === JSON.stringify([CONTROLS.search]),
      'self-test: the same check fails it, naming MarketplaceJobPostingSearchResult.durationLabel', sv.unused);

    // The running app asks for nothing beyond these files: block every
    // other field of the schema (the whole query fails if one is selected).
    const selectedAll = new Set(Object.values(sel).flatMap((x) => x.all));
    const others = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !isObjectType(type)) continue;
      for (const f of Object.keys(type.getFields())) {
        const key = `${type.name}.${f}`;
        if (!selectedAll.has(key)) others.push(key);
      }
    }
    await st.sb.config({ remove_permissions: others });
    const blocked = await renderAll(urls);
    await st.sb.config({ remove_permissions: [] });
    const again = await renderAll(urls);
    ok(blocked.every((x, k) => x.status === 200 && x.html === again[k].html),
      `the running app's documents select nothing else: with the other ${others.length} schema fields blocked, the pages are the same`,
      blocked.map((x, k) => `${x.url} ${x.status} ${x.html === again[k].html ? 'same' : firstDiff(again[k].html, x.html)}`));
    const log = await st.sb.log();
    const ops = [...new Set(log.filter((e) => e.endpoint === 'graphql').map((e) => e.operationName))].sort();
    ok(JSON.stringify(ops) === JSON.stringify(['Job', 'JobCategories', 'JobsSearch', 'Signin']), 'the pages used the operations JobsSearch, JobCategories and Job', ops);
  } finally {
    await st.sb.reset().catch(() => null);
    st.finish();
  }
  diag(`${checked} leaves checked, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return done(NAME);
}

suite(NAME, main);
