#!/usr/bin/env node
'use strict';
// Self-test of the sandbox's job search, job details and categories
// (schema/jobs.graphql). Starts tests/sandbox/server.js on a free loopback
// port, signs in as Ada, and checks every result against an expectation
// computed here from GET /__sandbox/jobs and the rules in README.md
// ("Jobs") — written independently of jobs-search.js, so a change to either
// side shows up. Node built-ins only. Ends with "N passed, N failed".
//
//   node tests/sandbox/test-jobs.js

const assert = require('node:assert/strict');
const { test, run, ctl, login, gql: request } = require('./test-lib');

const DAY_S = 86400;

let accessToken = null;
let DATA = null; // GET /__sandbox/jobs
let BY_ID = null;

const gql = (query, variables) => request(accessToken, query, variables);

const SEARCH = `query S($filter: MarketplaceJobPostingsSearchFilter, $sort: [MarketplaceJobPostingSearchSortAttribute]) {
  marketplaceJobPostingsSearch(marketPlaceJobFilter: $filter, searchType: USER_JOBS_SEARCH, sortAttributes: $sort) {
    totalCount
    edges { cursor node { id } }
    pageInfo { endCursor hasNextPage }
  }
}`;

async function searchPage(filter, sort) {
  const r = await gql(SEARCH, { filter, sort });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.errors, undefined, r.text);
  return r.json.data.marketplaceJobPostingsSearch;
}

// Every match, in order, by following endCursor with pages of 50.
async function searchAll(filter = {}, sort) {
  const ids = [];
  let after = '0';
  let total = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = await searchPage({ ...filter, pagination_eq: { first: 50, after } }, sort);
    if (total === null) total = page.totalCount;
    assert.equal(page.totalCount, total, 'totalCount stays the same on every page');
    ids.push(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  assert.equal(ids.length, total, 'pages add up to totalCount');
  return ids;
}

// ---- expectations from the README rules ----------------------------------------

function tokens(expr) {
  const inc = [];
  const exc = [];
  const re = /(-?)(?:"([^"]*)"?|(\S+))/g;
  // A hand-written scanner, not the sandbox's: "-" then a quoted phrase or a word.
  let m;
  while ((m = re.exec(expr || '')) !== null) {
    const neg = m[1] === '-';
    const term = m[2] !== undefined ? m[2] : m[3];
    if (term === undefined || term === '' || term === '-') continue;
    (neg ? exc : inc).push(term.toLowerCase());
  }
  return { inc, exc };
}

const inR = (v, r) => v !== null && (r.rangeStart == null || v >= r.rangeStart) && (r.rangeEnd == null || v <= r.rangeEnd);

function matches(j, f) {
  const title = j.title.toLowerCase();
  const desc = j.description.toLowerCase();
  const either = (w) => title.includes(w) || desc.includes(w);
  if (f.searchExpression_eq) {
    const t = tokens(f.searchExpression_eq);
    if (!t.inc.every(either) || t.exc.some(either)) return false;
  }
  if (f.titleExpression_eq) {
    const t = tokens(f.titleExpression_eq);
    if (!t.inc.every((w) => title.includes(w)) || t.exc.some((w) => title.includes(w))) return false;
  }
  if (f.skillExpression_eq) {
    const names = f.skillExpression_eq.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (names.length && !j.skills.some((s) => names.includes(s.name.toLowerCase()) || names.includes(s.prettyName.toLowerCase()))) return false;
  }
  if (f.categoryIds_any && f.categoryIds_any.length && !f.categoryIds_any.includes(j.category.id)) return false;
  if (f.subcategoryIds_any && f.subcategoryIds_any.length && !f.subcategoryIds_any.includes(j.subcategory.id)) return false;
  if (f.jobType_eq && j.jobType !== f.jobType_eq) return false;
  if (f.experienceLevel_eq && j.experienceLevel !== f.experienceLevel_eq) return false;
  if (f.workload_eq && j.workload !== f.workload_eq) return false;
  if (f.verifiedPaymentOnly_eq === true && j.client.verificationStatus !== 'VERIFIED') return false;
  if (f.clientHiresRange_eq && !inR(j.client.totalHires, f.clientHiresRange_eq)) return false;
  if (f.proposalRange_eq && !inR(j.totalApplicants, f.proposalRange_eq)) return false;
  if (f.budgetRange_eq || f.hourlyRate_eq) {
    const fixedOk = f.budgetRange_eq && j.jobType === 'FIXED' && inR(j.amount, f.budgetRange_eq);
    const r = f.hourlyRate_eq;
    const hourlyOk = r && j.jobType === 'HOURLY' && j.hourlyBudgetMin !== null &&
      (r.rangeEnd == null || j.hourlyBudgetMin <= r.rangeEnd) && (r.rangeStart == null || j.hourlyBudgetMax >= r.rangeStart);
    if (!fixedOk && !hourlyOk) return false;
  }
  if (f.daysPosted_eq > 0 && j.postedSecondsAgo > f.daysPosted_eq * DAY_S) return false;
  if (f.locations_any && f.locations_any.length) {
    const want = f.locations_any.map((s) => s.toLowerCase());
    const code = Object.entries(COUNTRY_CODES).find(([, name]) => name === j.client.country);
    if (!want.includes(j.client.country.toLowerCase()) && !(code && want.includes(code[0].toLowerCase()))) return false;
  }
  return true;
}
const COUNTRY_CODES = { US: 'United States', GB: 'United Kingdom', DE: 'Germany', IN: 'India', CA: 'Canada', AU: 'Australia', FR: 'France' };

function count(hay, needle) {
  let n = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) n++;
  return n;
}

function expected(f = {}, sort) {
  const field = sort && sort[0] ? sort[0].field : 'RECENCY';
  const dir = sort && sort[0] && sort[0].sortOrder === 'ASC' ? 1 : -1;
  const terms = [...tokens(f.searchExpression_eq).inc, ...tokens(f.titleExpression_eq).inc];
  const key = (j) => {
    if (field === 'CLIENT_TOTAL_CHARGE') return [j.client.totalSpent];
    if (field === 'CLIENT_RATING') return [j.client.totalFeedback];
    if (field === 'RELEVANCE') {
      const t = j.title.toLowerCase();
      const d = j.description.toLowerCase();
      return [terms.reduce((s, w) => s + 2 * count(t, w) + count(d, w), 0), -j.postedSecondsAgo];
    }
    return [-j.postedSecondsAgo];
  };
  return DATA.jobs.filter((j) => matches(j, f))
    .map((j) => ({ j, k: [...key(j), BigInt(j.id)] }))
    .sort((a, b) => {
      for (let i = 0; i < a.k.length; i++) if (a.k[i] !== b.k[i]) return a.k[i] < b.k[i] ? -dir : dir;
      return 0;
    })
    .map((x) => x.j.id);
}

async function checkFilter(filter, { min = 1, sort, all = false } = {}) {
  const want = expected(filter, sort);
  assert.ok(want.length >= min, `${JSON.stringify(filter)} should match at least ${min} postings (matches ${want.length}); pick another value`);
  if (!all) assert.ok(want.length < DATA.jobs.length, `${JSON.stringify(filter)} filters nothing out`);
  const got = await searchAll(filter, sort);
  assert.deepEqual(got, want, `results of ${JSON.stringify(filter)} ${JSON.stringify(sort || [])}`);
  return got;
}

// ---- tests: data set -----------------------------------------------------------------

test('data set: 500+ varied postings, deterministic', async () => {
  const jobs = DATA.jobs;
  assert.ok(jobs.length >= 500, `${jobs.length} postings`);
  assert.equal(DATA.count, jobs.length);
  assert.equal(new Set(jobs.map((j) => j.id)).size, jobs.length, 'ids unique');
  assert.equal(new Set(jobs.map((j) => j.ciphertext)).size, jobs.length, 'ciphertexts unique');
  for (const j of jobs) {
    assert.match(j.id, /^[1-9]\d{18}$/);
    assert.match(j.ciphertext, /^~02[0-9a-f]{18}$/);
    assert.ok(j.skills.length >= 3 && j.skills.length <= 8, `skills of ${j.id}: ${j.skills.length}`);
    assert.ok(j.postedSecondsAgo > 0 && j.postedSecondsAgo < 30 * DAY_S);
    assert.ok(j.totalApplicants >= 0 && j.totalApplicants <= 100);
    assert.ok(j.client.totalSpent >= 0 && j.client.totalSpent <= 500000);
    assert.ok(j.client.totalHires >= 0 && j.client.totalHires <= 300);
    assert.ok(j.client.totalFeedback >= 0 && j.client.totalFeedback <= 5);
    if (j.jobType === 'FIXED') assert.ok(j.amount > 0 && j.hourlyBudgetMin === null && j.workload === null);
    else assert.ok(j.amount === 0 && j.workload !== null);
  }
  const distinct = (f) => new Set(jobs.map(f));
  assert.deepEqual([...distinct((j) => j.jobType)].sort(), ['FIXED', 'HOURLY']);
  assert.deepEqual([...distinct((j) => j.experienceLevel)].sort(), ['ENTRY_LEVEL', 'EXPERT', 'INTERMEDIATE']);
  assert.deepEqual([...distinct((j) => j.client.verificationStatus)].sort(), ['NOT_VERIFIED', 'VERIFIED']);
  assert.deepEqual([...distinct((j) => j.workload)].sort(), ['AS_NEEDED', 'FULL_TIME', 'NOT_SURE', 'PART_TIME', null]);
  const cats = distinct((j) => j.category.id);
  assert.ok(cats.size >= 8 && cats.size <= 12, `${cats.size} categories`);
  const pool = new Set(jobs.flatMap((j) => j.skills.map((s) => s.id)));
  assert.ok(pool.size >= 50 && pool.size <= 75, `skill pool ${pool.size}`);
  const spent = jobs.map((j) => j.client.totalSpent);
  assert.equal(Math.min(...spent), 0);
  assert.equal(Math.max(...spent), 500000);
  assert.equal(Math.max(...jobs.map((j) => j.client.totalHires)), 300);
  assert.equal(Math.max(...jobs.map((j) => j.client.totalFeedback)), 5);
  const fixed = jobs.filter((j) => j.jobType === 'FIXED').map((j) => j.amount);
  assert.ok(Math.min(...fixed) <= 50 && Math.max(...fixed) >= 20000, 'fixed budgets spread widely');
  const rates = jobs.filter((j) => j.hourlyBudgetMin !== null);
  assert.ok(Math.min(...rates.map((j) => j.hourlyBudgetMin)) <= 10 && Math.max(...rates.map((j) => j.hourlyBudgetMax)) >= 100, 'hourly ranges spread widely');
  assert.ok(jobs.some((j) => j.jobType === 'HOURLY' && j.hourlyBudgetType === 'NOT_PROVIDED' && j.hourlyBudgetMin === null));
  assert.ok(jobs.filter((j) => j.description.includes('\n\n')).length > 100, 'paragraphs');
  assert.ok(jobs.some((j) => j.description.length > 3000) && jobs.some((j) => j.description.length < 120), 'long and short descriptions');
  assert.ok(jobs.filter((j) => j.screeningQuestions.length > 0).length > 50, 'screening questions on some');
  assert.ok(jobs.some((j) => j.screeningQuestions.length === 0));
  assert.ok(distinct((j) => Math.floor(j.postedSecondsAgo / DAY_S)).size >= 28, 'posted over the whole last 30 days');
  // Same data on a second read, and timestamps follow the sandbox clock.
  const again = await ctl('GET', 'jobs');
  assert.deepEqual(again.jobs.map((j) => [j.id, j.title, j.postedSecondsAgo]), jobs.map((j) => [j.id, j.title, j.postedSecondsAgo]));
  const now = Date.parse(again.now);
  for (const j of again.jobs.slice(0, 20)) assert.equal(Date.parse(j.createdDateTime), now - j.postedSecondsAgo * 1000);
});

test('data set: at least 20 hostile postings with every kind of attack', async () => {
  const hostile = DATA.jobs.filter((j) => j.hostile);
  assert.ok(hostile.length >= 20, `${hostile.length} hostile postings`);
  const text = (j) => `${j.title}\n${j.description}`;
  const some = (re, what) => assert.ok(hostile.some((j) => re.test(text(j))), what);
  some(/<script>alert\(1\)<\/script>/, 'script in title/description');
  assert.ok(hostile.some((j) => j.title.includes('<script>alert(1)</script>')), 'script in a title');
  some(/"><img src=x onerror=alert\(1\)>/, 'attribute breakout');
  assert.ok(hostile.some((j) => j.client.companyName === '"><img src=x onerror=alert(1)>'), 'breakout in a company name');
  assert.ok(hostile.some((j) => j.skills.some((s) => s.prettyName === '"><img src=x onerror=alert(1)>')), 'breakout in a skill');
  some(/"/, 'double quotes');
  some(/\\/, 'backslashes');
  some(/\S{300,}/, 'a word of 300+ characters');
  some(/[\u0600-\u06FF]/, 'Arabic');
  some(/[\u0590-\u05FF]/, 'Hebrew');
  some(/\u202E/, 'RIGHT-TO-LEFT OVERRIDE');
  some(/\p{Extended_Pictographic}/u, 'emoji');
  some(/\r\n/, 'CR LF');
  assert.ok(hostile.every((j) => j.client.companyName !== null), 'hostile clients have hostile names');
});

// ---- tests: search ---------------------------------------------------------------------

test('search without arguments: newest 10 of all, hasNextPage, endCursor "10"', async () => {
  const r = await gql('{ marketplaceJobPostingsSearch { totalCount edges { cursor node { id } } pageInfo { endCursor hasNextPage } } }');
  const s = r.json.data.marketplaceJobPostingsSearch;
  assert.equal(s.totalCount, DATA.jobs.length);
  assert.deepEqual(s.edges.map((e) => e.node.id), expected({}).slice(0, 10));
  assert.deepEqual(s.edges.map((e) => e.cursor), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  assert.deepEqual(s.pageInfo, { endCursor: '10', hasNextPage: true });
});

test('searchExpression_eq: all terms, case-insensitive, "phrases", -exclusions', async () => {
  await checkFilter({ searchExpression_eq: 'PYTHON' });
  await checkFilter({ searchExpression_eq: 'python   sql' });
  await checkFilter({ searchExpression_eq: '"long-term partnership" nda' });
  await checkFilter({ searchExpression_eq: 'react -wordpress' });
  await checkFilter({ searchExpression_eq: 'react -"fixed deadline"' });
  await checkFilter({ searchExpression_eq: 'script' });
  await checkFilter({ searchExpression_eq: 'مطور' });
  await checkFilter({ searchExpression_eq: 'zzzznomatch' }, { min: 0 });
  // A term can be in the title and another in the description.
  const got = await checkFilter({ searchExpression_eq: 'banana figma' }, { min: 1 });
  assert.ok(got.every((id) => BY_ID.get(id).description.toLowerCase().includes('banana')));
});

test('titleExpression_eq: the title only', async () => {
  const got = await checkFilter({ titleExpression_eq: 'quick fix' });
  assert.ok(got.every((id) => /quick/i.test(BY_ID.get(id).title) && /fix/i.test(BY_ID.get(id).title)));
  const inDescOnly = DATA.jobs.filter((j) => j.description.toLowerCase().includes('banana') && !j.title.toLowerCase().includes('banana'));
  assert.ok(inDescOnly.length > 0);
  assert.deepEqual(await searchAll({ titleExpression_eq: 'banana' }), []);
  await checkFilter({ titleExpression_eq: '"needed for" -senior' });
});

test('skillExpression_eq: comma-separated, any, name or prettyName; highlighted', async () => {
  await checkFilter({ skillExpression_eq: 'Rust' });
  await checkFilter({ skillExpression_eq: 'rust, FIGMA ,node-js' });
  await checkFilter({ skillExpression_eq: 'microsoft-excel' });
  await checkFilter({ skillExpression_eq: '"><img src=x onerror=alert(1)>' });
  const r = await gql(`{ marketplaceJobPostingsSearch(marketPlaceJobFilter: {skillExpression_eq: "figma"}) {
    edges { node { skills { name prettyName highlighted } } } } }`);
  for (const e of r.json.data.marketplaceJobPostingsSearch.edges) {
    for (const s of e.node.skills) assert.equal(s.highlighted, s.name === 'figma', JSON.stringify(s));
  }
});

test('categoryIds_any, subcategoryIds_any: any of the ids', async () => {
  const cats = DATA.categories;
  await checkFilter({ categoryIds_any: [cats[0].id] });
  await checkFilter({ categoryIds_any: [cats[3].id, cats[10].id, '999'] });
  await checkFilter({ subcategoryIds_any: [cats[10].subcategories[0].id, cats[4].subcategories[1].id] });
  await checkFilter({ categoryIds_any: [cats[10].id], subcategoryIds_any: [cats[10].subcategories[1].id] });
});

test('jobType_eq, experienceLevel_eq, workload_eq: exact', async () => {
  await checkFilter({ jobType_eq: 'HOURLY' });
  await checkFilter({ jobType_eq: 'FIXED' });
  for (const level of ['ENTRY_LEVEL', 'INTERMEDIATE', 'EXPERT']) await checkFilter({ experienceLevel_eq: level });
  for (const w of ['FULL_TIME', 'PART_TIME', 'AS_NEEDED', 'NOT_SURE']) await checkFilter({ workload_eq: w });
  await checkFilter({ workload_eq: 'FULL_TIME', experienceLevel_eq: 'EXPERT' });
});

test('verifiedPaymentOnly_eq, clientHiresRange_eq, proposalRange_eq', async () => {
  await checkFilter({ verifiedPaymentOnly_eq: true });
  assert.equal((await searchPage({ verifiedPaymentOnly_eq: false })).totalCount, DATA.jobs.length);
  await checkFilter({ clientHiresRange_eq: { rangeStart: 10, rangeEnd: 50 } });
  await checkFilter({ clientHiresRange_eq: { rangeStart: 100 } });
  await checkFilter({ clientHiresRange_eq: { rangeStart: 0, rangeEnd: 0 } });
  await checkFilter({ proposalRange_eq: { rangeStart: 0, rangeEnd: 4 } });
  await checkFilter({ proposalRange_eq: { rangeStart: 50 } });
  await checkFilter({ proposalRange_eq: { rangeEnd: 0 } });
  await checkFilter({ proposalRange_eq: { rangeStart: 20, rangeEnd: 10 } }, { min: 0 });
});

test('budgetRange_eq (fixed), hourlyRate_eq (hourly overlap), both = union', async () => {
  await checkFilter({ budgetRange_eq: { rangeStart: 500, rangeEnd: 5000 } });
  await checkFilter({ budgetRange_eq: { rangeStart: 10000 } });
  await checkFilter({ hourlyRate_eq: { rangeStart: 30, rangeEnd: 40 } });
  await checkFilter({ hourlyRate_eq: { rangeStart: 100 } });
  const both = await checkFilter({ budgetRange_eq: { rangeEnd: 100 }, hourlyRate_eq: { rangeEnd: 10 } });
  const types = new Set(both.map((id) => BY_ID.get(id).jobType));
  assert.deepEqual([...types].sort(), ['FIXED', 'HOURLY']);
  await checkFilter({ hourlyRate_eq: { rangeStart: 30 }, jobType_eq: 'FIXED' }, { min: 0 });
});

test('daysPosted_eq: created within the last N days', async () => {
  for (const n of [1, 3, 7, 29]) await checkFilter({ daysPosted_eq: n });
  await checkFilter({ daysPosted_eq: 30 }, { all: true });
  assert.equal((await searchPage({ daysPosted_eq: 0 })).totalCount, DATA.jobs.length, '0 is no constraint');
});

test('locations_any: client country, by name or two-letter code', async () => {
  await checkFilter({ locations_any: ['Germany'] });
  await checkFilter({ locations_any: ['united kingdom', 'IN'] });
});

test('every filter at once', async () => {
  await checkFilter({
    searchExpression_eq: 'a', jobType_eq: 'HOURLY', verifiedPaymentOnly_eq: true, daysPosted_eq: 20,
    clientHiresRange_eq: { rangeStart: 1 }, proposalRange_eq: { rangeEnd: 60 }, hourlyRate_eq: { rangeStart: 10, rangeEnd: 80 },
  }, { sort: [{ field: 'CLIENT_TOTAL_CHARGE', sortOrder: 'ASC' }] });
});

// ---- tests: sort --------------------------------------------------------------------------

test('sort: RECENCY, CLIENT_TOTAL_CHARGE, CLIENT_RATING, RELEVANCE; DESC default; ASC is the reverse', async () => {
  for (const field of ['RECENCY', 'CLIENT_TOTAL_CHARGE', 'CLIENT_RATING', 'RELEVANCE']) {
    const filter = field === 'RELEVANCE' ? { searchExpression_eq: 'python' } : { jobType_eq: 'FIXED' };
    const dflt = await checkFilter(filter, { sort: [{ field }] });
    const desc = await checkFilter(filter, { sort: [{ field, sortOrder: 'DESC' }] });
    const asc = await checkFilter(filter, { sort: [{ field, sortOrder: 'ASC' }] });
    assert.deepEqual(dflt, desc, `${field}: default is DESC`);
    assert.deepEqual(asc, [...desc].reverse(), `${field}: ASC reverses DESC`);
  }
  // Ties in the client's spend are broken by id, so the order is total.
  const spend = await searchAll({}, [{ field: 'CLIENT_TOTAL_CHARGE' }]);
  const zero = spend.filter((id) => BY_ID.get(id).client.totalSpent === 0);
  assert.ok(zero.length > 2);
  assert.deepEqual(zero, [...zero].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1)));
  // RELEVANCE: the first result has the most hits.
  const rel = await searchAll({ searchExpression_eq: 'react' }, [{ field: 'RELEVANCE' }]);
  const score = (id) => { const j = BY_ID.get(id); return 2 * count(j.title.toLowerCase(), 'react') + count(j.description.toLowerCase(), 'react'); };
  assert.ok(score(rel[0]) >= score(rel[rel.length - 1]));
  // Only the first attribute counts.
  assert.deepEqual(await searchAll({ jobType_eq: 'FIXED' }, [{ field: 'CLIENT_RATING' }, { field: 'RECENCY' }]), expected({ jobType_eq: 'FIXED' }, [{ field: 'CLIENT_RATING' }]));
});

// ---- tests: pagination ---------------------------------------------------------------------

test('pagination "offset": first capped at 50, after = offset, cursors, errors', async () => {
  const all = expected({});
  const p = await searchPage({ pagination_eq: { first: 500 } });
  assert.equal(p.edges.length, 50, 'first capped at 50');
  assert.deepEqual(p.edges.map((e) => e.node.id), all.slice(0, 50));
  const q = await searchPage({ pagination_eq: { first: 5, after: '0' } });
  assert.deepEqual(q.edges.map((e) => e.node.id), all.slice(0, 5));
  assert.deepEqual(q.pageInfo, { endCursor: '5', hasNextPage: true });
  const r = await searchPage({ pagination_eq: { first: 7, after: '123' } });
  assert.deepEqual(r.edges.map((e) => e.node.id), all.slice(123, 130));
  assert.deepEqual(r.edges.map((e) => e.cursor), ['124', '125', '126', '127', '128', '129', '130']);
  assert.equal(r.pageInfo.endCursor, '130');
  const last = await searchPage({ pagination_eq: { first: 50, after: String(all.length - 3) } });
  assert.equal(last.edges.length, 3);
  assert.deepEqual(last.pageInfo, { endCursor: String(all.length), hasNextPage: false });
  const beyond = await searchPage({ pagination_eq: { first: 10, after: '100000' } });
  assert.equal(beyond.edges.length, 0);
  assert.equal(beyond.pageInfo.hasNextPage, false);
  assert.equal(beyond.totalCount, all.length);
  const zero = await searchPage({ pagination_eq: { first: 0 } });
  assert.equal(zero.edges.length, 0);
  assert.equal(zero.pageInfo.hasNextPage, true);
  for (const bad of [{ first: 5, after: 'abc' }, { first: 5, after: '' }, { first: 5, after: '-1' }, { first: -1 }]) {
    const e = await gql(SEARCH, { filter: { pagination_eq: bad } });
    assert.equal(e.status, 200);
    assert.equal(e.json.data.marketplaceJobPostingsSearch, null, JSON.stringify(bad));
    assert.equal(e.json.errors[0].message, 'Exception while fetching data (/marketplaceJobPostingsSearch) : Exception occurred');
    assert.equal(e.json.errors[0].extensions.classification, 'DataFetchingException');
  }
});

test('pagination "cursor": opaque base64 cursors; a numeric after is an error', async () => {
  await ctl('POST', 'config', { jobs_pagination: 'cursor' });
  const all = expected({ jobType_eq: 'HOURLY' });
  const first = await searchPage({ jobType_eq: 'HOURLY', pagination_eq: { first: 50 } });
  assert.notEqual(first.pageInfo.endCursor, '50');
  assert.doesNotMatch(first.pageInfo.endCursor, /^\d+$/);
  assert.match(first.pageInfo.endCursor, /^[A-Za-z0-9+/]+=*$/);
  assert.equal(first.edges[49].cursor, first.pageInfo.endCursor);
  // Walk it all.
  const ids = first.edges.map((e) => e.node.id);
  let info = first.pageInfo;
  while (info.hasNextPage) {
    const p = await searchPage({ jobType_eq: 'HOURLY', pagination_eq: { first: 50, after: info.endCursor } });
    ids.push(...p.edges.map((e) => e.node.id));
    info = p.pageInfo;
  }
  assert.deepEqual(ids, all);
  // No pagination_eq: a page of 10.
  assert.equal((await searchPage({ jobType_eq: 'HOURLY' })).edges.length, 10);
  for (const after of ['0', '50', 'not-a-cursor']) {
    const e = await gql(SEARCH, { filter: { pagination_eq: { first: 5, after } } });
    assert.equal(e.status, 200);
    assert.equal(e.json.data.marketplaceJobPostingsSearch, null);
    assert.match(e.json.errors[0].message, /Exception occurred$/);
    assert.equal(e.json.errors[0].extensions.classification, 'DataFetchingException');
  }
});

test('pagination "broken": any pagination_eq is HTTP 500 Exception occurred', async () => {
  await ctl('POST', 'config', { jobs_pagination: 'broken' });
  await ctl('DELETE', 'log');
  const r = await gql(SEARCH, { filter: { pagination_eq: { first: 5, after: '0' } } });
  assert.equal(r.status, 500);
  assert.deepEqual(r.json, { message: 'Exception occurred' });
  const ok = await searchPage({ jobType_eq: 'FIXED' });
  assert.equal(ok.edges.length, 10);
  assert.deepEqual(ok.edges.map((e) => e.node.id), expected({ jobType_eq: 'FIXED' }).slice(0, 10));
  const log = await ctl('GET', 'log');
  assert.equal(log[0].status, 500);
  assert.equal(log[0].error, 'http:500');
  assert.equal(log[1].status, 200);
});

test('pagination "fixed10": pagination_eq ignored, always the first 10, hasNextPage false', async () => {
  await ctl('POST', 'config', { jobs_pagination: 'fixed10' });
  const all = expected({});
  for (const pg of [undefined, { first: 50, after: '0' }, { first: 5, after: '20' }]) {
    const p = await searchPage(pg ? { pagination_eq: pg } : {});
    assert.deepEqual(p.edges.map((e) => e.node.id), all.slice(0, 10));
    assert.equal(p.pageInfo.hasNextPage, false);
    assert.equal(p.totalCount, all.length);
  }
});

test('jobs_pagination switch: validated, reset to offset', async () => {
  assert.equal((await ctl('GET', 'config')).jobs_pagination, 'offset');
  await ctl('POST', 'config', { jobs_pagination: 'nope' }, { status: 400 });
  await ctl('POST', 'config', { jobs_pagination: 'cursor' });
  assert.equal((await ctl('POST', 'config', { jobs_pagination: null })).jobs_pagination, 'offset');
  await ctl('POST', 'config', { jobs_pagination: 'broken' });
  assert.equal((await ctl('POST', 'reset')).jobs_pagination, 'offset');
  accessToken = await login(); // reset revoked every token
});

// ---- tests: node fields and details ---------------------------------------------------------

const NODE = `query N($filter: MarketplaceJobPostingsSearchFilter) {
  marketplaceJobPostingsSearch(marketPlaceJobFilter: $filter) {
    edges { node {
      id ciphertext title description recordNumber
      amount { rawValue currency displayValue }
      hourlyBudgetType hourlyBudgetMin { rawValue currency displayValue } hourlyBudgetMax { rawValue }
      duration durationLabel engagement engagementDuration { id label weeks }
      experienceLevel category subcategory
      occupations { category { id prefLabel } subCategories { id prefLabel } }
      skills { id name prettyName highlighted }
      totalApplicants applied premium enterprise freelancersToHire
      createdDateTime publishedDateTime renewedDateTime
      client {
        totalHires totalPostedJobs totalReviews totalFeedback verificationStatus companyName companyOrgUid
        totalSpent { rawValue currency displayValue }
        location { city country state timezone offsetToUTC }
      }
      job { id contractorSelection { proposalRequirement { coverLetterRequired screeningQuestions { question sequenceNumber } } } }
    } }
  }
}`;

const money = (n) => ({ rawValue: String(n), currency: 'USD', displayValue: `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` });

test('search node: every field agrees with the data set; Money is a string', async () => {
  const r = await gql(NODE, { filter: { pagination_eq: { first: 50, after: '0' } } });
  assert.equal(r.json.errors, undefined, r.text);
  const now = Date.parse((await ctl('GET', 'jobs')).now);
  for (const { node } of r.json.data.marketplaceJobPostingsSearch.edges) {
    const j = BY_ID.get(node.id);
    assert.equal(node.ciphertext, j.ciphertext);
    assert.equal(node.title, j.title);
    assert.equal(node.description, j.description);
    assert.deepEqual(node.amount, money(j.amount));
    if (j.jobType === 'HOURLY' && j.hourlyBudgetMin !== null) {
      assert.deepEqual(node.hourlyBudgetMin, money(j.hourlyBudgetMin));
      assert.equal(node.hourlyBudgetMax.rawValue, String(j.hourlyBudgetMax));
    } else {
      assert.equal(node.hourlyBudgetMin, null);
    }
    assert.equal(node.hourlyBudgetType, j.hourlyBudgetType);
    assert.equal(node.experienceLevel, j.experienceLevel);
    assert.equal(node.category, j.category.slug);
    assert.equal(node.subcategory, j.subcategory.slug);
    assert.deepEqual(node.occupations.category, { id: j.category.id, prefLabel: j.category.preferredLabel });
    assert.deepEqual(node.skills.map((s) => s.name), j.skills.map((s) => s.name));
    assert.equal(node.totalApplicants, j.totalApplicants);
    assert.equal(node.client.totalHires, j.client.totalHires);
    assert.equal(node.client.totalFeedback, j.client.totalFeedback);
    assert.deepEqual(node.client.totalSpent, money(j.client.totalSpent));
    assert.equal(node.client.verificationStatus, j.client.verificationStatus);
    assert.equal(node.client.companyName, j.client.companyName);
    assert.equal(node.client.location.country, j.client.country);
    assert.equal(node.job.id, j.id);
    assert.deepEqual(node.job.contractorSelection.proposalRequirement.screeningQuestions, j.screeningQuestions.map((question, k) => ({ question, sequenceNumber: k + 1 })));
    // Timestamps: now - postedSecondsAgo on the sandbox clock (whole seconds).
    const created = Date.parse(node.createdDateTime);
    assert.ok(Math.abs(created - (now - j.postedSecondsAgo * 1000)) < 60000, node.createdDateTime);
    assert.ok(Date.parse(node.publishedDateTime) >= created);
  }
  const big = DATA.jobs.find((j) => j.client.totalSpent === 500000);
  assert.equal(money(big.client.totalSpent).displayValue, '$500,000.00');
});

test('clock_offset_s moves every timestamp, not the order', async () => {
  const before = await gql('{ marketplaceJobPostingsSearch { edges { node { id createdDateTime } } } }');
  // Six hours: the access token (24 h) stays valid.
  await ctl('POST', 'config', { clock_offset_s: 6 * 3600 });
  const after = await gql('{ marketplaceJobPostingsSearch { edges { node { id createdDateTime } } } }');
  const b = before.json.data.marketplaceJobPostingsSearch.edges;
  const a = after.json.data.marketplaceJobPostingsSearch.edges;
  assert.deepEqual(a.map((e) => e.node.id), b.map((e) => e.node.id));
  const shift = Date.parse(a[0].node.createdDateTime) - Date.parse(b[0].node.createdDateTime);
  assert.ok(Math.abs(shift - 6 * 3600 * 1000) < 60000, `shift ${shift}`);
  assert.equal((await searchPage({ daysPosted_eq: 7 })).totalCount, expected({ daysPosted_eq: 7 }).length);
});

const DETAIL = `query D($id: ID!) {
  marketplaceJobPosting(id: $id) {
    id
    content { title description }
    attachments { id sequenceNumber fileName fileSize }
    classification { category { id preferredLabel } subCategory { id preferredLabel } skills { id preferredLabel prettyName legacySkillNid } additionalSkills { id } }
    contractTerms {
      contractType personsToHire experienceLevel
      fixedPriceContractTerms { amount { rawValue currency displayValue } maxAmount { rawValue } engagementDuration { label weeks } }
      hourlyContractTerms { engagementType hourlyBudgetType hourlyBudgetMin hourlyBudgetMax engagementDuration { label } }
    }
    contractorSelection {
      proposalRequirement { coverLetterRequired freelancerMilestonesAllowed screeningQuestions { question sequenceNumber } }
      qualification { englishProficiency hasPortfolio hoursWorked risingTalent jobSuccessScore preferredGroups { id } }
      location { countries }
    }
    activityStat {
      applicationsBidStats { avgRateBid { rawValue } minRateBid { rawValue } maxRateBid { rawValue } avgInterviewedRateBid { rawValue } }
      jobActivity { lastClientActivity invitesSent totalInvitedToInterview totalHired totalUnansweredInvites totalOffered totalRecommended }
    }
    clientCompanyPublic { id legacyType city state timezone country { name twoLetterAbbreviation } paymentVerification { status paymentVerified } }
  }
}`;

test('marketplaceJobPosting(id): the posting, fixed and hourly', async () => {
  const fixed = DATA.jobs.find((j) => j.jobType === 'FIXED' && j.screeningQuestions.length >= 2 && !j.hostile);
  const hourly = DATA.jobs.find((j) => j.jobType === 'HOURLY' && j.hourlyBudgetMin !== null && !j.hostile);
  for (const j of [fixed, hourly]) {
    const r = await gql(DETAIL, { id: j.id });
    assert.equal(r.json.errors, undefined, r.text);
    const d = r.json.data.marketplaceJobPosting;
    assert.equal(d.id, j.id);
    assert.deepEqual(d.content, { title: j.title, description: j.description });
    assert.equal(d.contractTerms.contractType, j.jobType);
    assert.equal(d.contractTerms.experienceLevel, j.experienceLevel);
    assert.deepEqual(d.classification.category, { id: j.category.id, preferredLabel: j.category.preferredLabel });
    assert.deepEqual(d.classification.subCategory, { id: j.subcategory.id, preferredLabel: j.subcategory.preferredLabel });
    assert.deepEqual(d.classification.skills.map((s) => [s.id, s.prettyName, s.legacySkillNid]), j.skills.map((s) => [s.id, s.prettyName, s.name]));
    assert.deepEqual(d.contractorSelection.proposalRequirement.screeningQuestions, j.screeningQuestions.map((question, k) => ({ question, sequenceNumber: k + 1 })));
    assert.equal(d.contractorSelection.proposalRequirement.coverLetterRequired, j.coverLetterRequired);
    assert.equal(d.clientCompanyPublic.paymentVerification.paymentVerified, j.client.verificationStatus === 'VERIFIED');
    assert.equal(d.clientCompanyPublic.country.name, j.client.country);
    assert.equal(d.activityStat.jobActivity.invitesSent, j.activity.invitesSent);
    if (j.jobType === 'FIXED') {
      assert.deepEqual(d.contractTerms.fixedPriceContractTerms.amount, money(j.amount));
      assert.equal(d.contractTerms.hourlyContractTerms, null);
    } else {
      assert.equal(d.contractTerms.fixedPriceContractTerms, null);
      assert.deepEqual(d.contractTerms.hourlyContractTerms, {
        engagementType: j.workload, hourlyBudgetType: j.hourlyBudgetType, hourlyBudgetMin: j.hourlyBudgetMin,
        hourlyBudgetMax: j.hourlyBudgetMax, engagementDuration: { label: j.durationLabel },
      });
    }
  }
  // A posting without applicants has no bid statistics.
  const lonely = DATA.jobs.find((j) => j.totalApplicants === 0);
  const r = await gql(DETAIL, { id: lonely.id });
  assert.deepEqual(r.json.data.marketplaceJobPosting.activityStat.applicationsBidStats, { avgRateBid: null, minRateBid: null, maxRateBid: null, avgInterviewedRateBid: null });
});

test('marketplaceJobPosting: unknown id or a ciphertext is "Opening not found"', async () => {
  const j = DATA.jobs[0];
  for (const id of ['1', '9999999999999999999', j.ciphertext, j.ciphertext.slice(1)]) {
    const r = await gql('query D($id: ID!) { marketplaceJobPosting(id: $id) { id content { title } } }', { id });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.data, { marketplaceJobPosting: null });
    assert.equal(r.json.errors.length, 1);
    assert.equal(r.json.errors[0].message, `Exception while fetching data (/marketplaceJobPosting) : Opening not found for uid=${id}`);
    assert.equal(r.json.errors[0].extensions.classification, 'DataFetchingException');
    assert.deepEqual(r.json.errors[0].path, ['marketplaceJobPosting']);
  }
  // An integer literal is an ID too.
  const lit = await gql(`{ marketplaceJobPosting(id: ${j.id}) { id } }`);
  assert.deepEqual(lit.json.data, { marketplaceJobPosting: { id: j.id } });
});

test('hostile postings come back byte for byte', async () => {
  const hostile = DATA.jobs.filter((j) => j.hostile);
  for (const j of hostile) {
    const r = await gql('query D($id: ID!) { marketplaceJobPosting(id: $id) { content { title description } classification { skills { prettyName } } } }', { id: j.id });
    assert.equal(r.json.errors, undefined, r.text);
    assert.deepEqual(r.json.data.marketplaceJobPosting.content, { title: j.title, description: j.description });
    assert.deepEqual(r.json.data.marketplaceJobPosting.classification.skills.map((s) => s.prettyName), j.skills.map((s) => s.prettyName));
  }
  const r = await gql(`{ marketplaceJobPostingsSearch(marketPlaceJobFilter: {skillExpression_eq: "<script>alert(1)</script>", pagination_eq: {first: 50}}) {
    totalCount edges { node { id title client { companyName } skills { prettyName highlighted } } } } }`);
  const edges = r.json.data.marketplaceJobPostingsSearch.edges;
  assert.ok(edges.length > 0);
  for (const { node } of edges) {
    assert.ok(BY_ID.get(node.id).hostile);
    assert.equal(node.client.companyName, BY_ID.get(node.id).client.companyName);
    assert.ok(node.skills.some((s) => s.prettyName === '<script>alert(1)</script>' && s.highlighted));
  }
});

// ---- tests: categories --------------------------------------------------------------------

test('ontologyCategories: 8-12 categories with subcategories; ids match postings', async () => {
  const r = await gql('{ ontologyCategories { id preferredLabel slug subcategories { id preferredLabel slug } services { id } } }');
  assert.equal(r.json.errors, undefined, r.text);
  const cats = r.json.data.ontologyCategories;
  assert.ok(cats.length >= 8 && cats.length <= 12, `${cats.length}`);
  assert.deepEqual(cats.map((c) => [c.id, c.preferredLabel, c.subcategories.map((s) => s.id)]), DATA.categories.map((c) => [c.id, c.preferredLabel, c.subcategories.map((s) => s.id)]));
  for (const c of cats) {
    assert.match(c.id, /^\d{18}$/);
    assert.ok(c.subcategories.length >= 2);
    for (const s of c.subcategories) assert.match(s.id, /^\d{18}$/);
  }
  const subIds = new Set(cats.flatMap((c) => c.subcategories.map((s) => s.id)));
  for (const j of DATA.jobs) {
    const cat = cats.find((c) => c.id === j.category.id);
    assert.ok(cat, `category of ${j.id}`);
    assert.ok(cat.subcategories.some((s) => s.id === j.subcategory.id), `subcategory of ${j.id} belongs to its category`);
    assert.ok(subIds.has(j.subcategory.id));
  }
  assert.ok(cats.every((c) => DATA.jobs.some((j) => j.category.id === c.id)), 'every category has postings');
});

test('schema drift and missing scopes work on job fields too', async () => {
  await ctl('POST', 'config', { remove_permissions: ['MarketplacePostingActivityStat.applicationsBidStats'] });
  const r = await gql(DETAIL, { id: DATA.jobs[0].id });
  assert.equal(r.json.data, undefined);
  assert.match(r.json.errors[0].message, /\[MarketplacePostingActivityStat\.applicationsBidStats\]/);
  await ctl('POST', 'config', { remove_permissions: [], drop_fields: ['MarketplaceJobPostingSearchResult.totalApplicants'] });
  const d = await gql('{ marketplaceJobPostingsSearch { edges { node { totalApplicants } } } }');
  assert.equal(d.json.errors[0].extensions.classification, 'ValidationError');
});

// ---- tests: mark_fields ----------------------------------------------------------------------

const MARKED = `query M($filter: MarketplaceJobPostingsSearchFilter) {
  marketplaceJobPostingsSearch(marketPlaceJobFilter: $filter) {
    totalCount
    edges { node {
      id title durationLabel totalApplicants applied experienceLevel
      amount { rawValue currency } hourlyBudgetMin { rawValue }
      skills { prettyName highlighted }
      client { totalReviews totalFeedback verificationStatus }
    } }
    pageInfo { hasNextPage }
  }
}`;

test('mark_fields: strings, numbers, booleans, enums and lists change as documented; validated; reset', async () => {
  const filter = { pagination_eq: { first: 50, after: '0' } };
  const base = (await gql(MARKED, { filter })).json.data.marketplaceJobPostingsSearch;
  const marks = [
    'MarketplaceJobPostingSearchResult.title', 'MarketplaceJobPostingSearchResult.totalApplicants',
    'MarketplaceJobPostingSearchResult.applied', 'MarketplaceJobPostingSearchResult.experienceLevel',
    'Money.rawValue', 'MarketplaceJobPostingSearchSkill.prettyName',
    'MarketplaceJobPostingSearchClientInfo.totalFeedback', 'MarketplaceJobPostingSearchClientInfo.verificationStatus',
    'MarketplaceJobPostingSearchConnection.totalCount', 'PageInfo.hasNextPage',
    'MarketplaceJobPosting.id', // not selected here: changes nothing
  ];
  const cfg = await ctl('POST', 'config', { mark_fields: [...marks, 'Money.rawValue'] });
  assert.deepEqual(cfg.mark_fields, marks, 'a repeated name is kept once');
  const r = await gql(MARKED, { filter });
  assert.equal(r.json.errors, undefined, r.text);
  const got = r.json.data.marketplaceJobPostingsSearch;
  assert.equal(got.totalCount, base.totalCount + 7777);
  assert.equal(got.pageInfo.hasNextPage, !base.pageInfo.hasNextPage);
  assert.equal(got.edges.length, base.edges.length);
  const rotate = { ENTRY_LEVEL: 'INTERMEDIATE', INTERMEDIATE: 'EXPERT', EXPERT: 'ENTRY_LEVEL' };
  let up = 0, down = 0;
  got.edges.forEach(({ node }, k) => {
    const b = base.edges[k].node;
    assert.equal(node.id, b.id, 'unmarked fields stay');
    assert.equal(node.durationLabel, b.durationLabel);
    assert.equal(node.client.totalReviews, b.client.totalReviews);
    assert.equal(node.amount.currency, 'USD');
    assert.equal(node.title, `${b.title}MARK·MarketplaceJobPostingSearchResult.title`);
    assert.equal(node.totalApplicants, b.totalApplicants + 7777);
    assert.equal(node.applied, !b.applied);
    assert.equal(node.experienceLevel, rotate[b.experienceLevel]);
    assert.equal(node.client.verificationStatus, b.client.verificationStatus === 'VERIFIED' ? 'NOT_VERIFIED' : 'VERIFIED');
    assert.equal(node.amount.rawValue, `${b.amount.rawValue}MARK·Money.rawValue`);
    if (b.hourlyBudgetMin === null) assert.equal(node.hourlyBudgetMin, null, 'null stays null');
    else assert.equal(node.hourlyBudgetMin.rawValue, `${b.hourlyBudgetMin.rawValue}MARK·Money.rawValue`);
    assert.deepEqual(node.skills, b.skills.map((s) => ({ prettyName: `${s.prettyName}MARK·MarketplaceJobPostingSearchSkill.prettyName`, highlighted: s.highlighted })), 'a list keeps its length');
    const f = node.client.totalFeedback;
    assert.ok(f >= 0 && f <= 5, `a rating stays from 0 to 5 (${f})`);
    assert.ok(Math.abs(Math.abs(f - b.client.totalFeedback) - 0.7) < 1e-9, `rating ${b.client.totalFeedback} -> ${f}`);
    if (f > b.client.totalFeedback) up++;
    else down++;
  });
  assert.ok(up > 0 && down > 0, `ratings moved up (${up}) and, near 5, down (${down})`);

  // Details: a list of objects keeps its length, a list of scalars has each
  // element marked, a Float outside 0..5 moves up, a Boolean flips.
  const j = DATA.jobs.find((x) => x.jobType === 'HOURLY' && x.hourlyBudgetMin > 5 && x.screeningQuestions.length >= 2 &&
    x.preferredCountries.length > 0 && !x.hostile);
  assert.ok(j, 'an hourly posting with rates, questions and preferred countries');
  const q = 'query D($id: ID!) { marketplaceJobPosting(id: $id) { content { title } contractTerms { hourlyContractTerms { hourlyBudgetMin hourlyBudgetType } } contractorSelection { proposalRequirement { coverLetterRequired screeningQuestions { question sequenceNumber } } location { countries } } } }';
  await ctl('POST', 'config', { mark_fields: ['MarketplaceQuestion.question', 'HourlyContractTerms.hourlyBudgetMin', 'HourlyContractTerms.hourlyBudgetType', 'MarketplaceLocation.countries', 'MarketplaceProposalRequirements.coverLetterRequired'] });
  const d = (await gql(q, { id: j.id })).json.data.marketplaceJobPosting;
  assert.equal(d.content.title, j.title);
  assert.equal(d.contractTerms.hourlyContractTerms.hourlyBudgetMin, Math.round((j.hourlyBudgetMin + 0.7) * 1e6) / 1e6);
  const types = ['DEFAULT', 'MANUAL', 'NOT_PROVIDED'];
  assert.equal(d.contractTerms.hourlyContractTerms.hourlyBudgetType, types[(types.indexOf(j.hourlyBudgetType) + 1) % 3]);
  assert.equal(d.contractorSelection.proposalRequirement.coverLetterRequired, !j.coverLetterRequired);
  assert.deepEqual(d.contractorSelection.proposalRequirement.screeningQuestions,
    j.screeningQuestions.map((question, k) => ({ question: `${question}MARK·MarketplaceQuestion.question`, sequenceNumber: k + 1 })));
  assert.deepEqual(d.contractorSelection.location.countries, j.preferredCountries.map((c) => `${c}MARK·MarketplaceLocation.countries`));

  // Validated strictly; null and reset return to [].
  for (const bad of ['Money.rawValue', ['Money'], ['Money.raw-value'], [1], {}]) {
    await ctl('POST', 'config', { mark_fields: bad }, { status: 400 });
  }
  assert.equal((await ctl('GET', 'config')).mark_fields.length, 5, 'a rejected value changes nothing');
  assert.deepEqual((await ctl('POST', 'config', { mark_fields: null })).mark_fields, []);
  const plain = (await gql(MARKED, { filter })).json.data.marketplaceJobPostingsSearch;
  assert.deepEqual(plain, base, 'without marks the answer is as before');
  await ctl('POST', 'config', { mark_fields: ['Money.rawValue'] });
  assert.deepEqual((await ctl('POST', 'reset')).mark_fields, []);
  accessToken = await login(); // reset revoked every token
});

// ---- tests: replace_text ---------------------------------------------------------------------

test('replace_text: exact String values answer their replacement everywhere; search sees the original; validated; reset', async () => {
  const once = (key) => {
    const n = new Map();
    for (const j of DATA.jobs) n.set(j[key], (n.get(j[key]) || 0) + 1);
    return (j) => n.get(j[key]) === 1;
  };
  const [a, b] = DATA.jobs.filter((j) => !j.hostile && once('title')(j) && once('description')(j));
  const listed = DATA.jobs.find((j) => j.preferredCountries.includes('United States') && !j.hostile);
  const HOSTILE = '"><img src=x onerror=alert(1)> <script>alert(1)</script> zq7replaced';
  const table = {
    [a.title]: HOSTILE,
    [b.description]: 'line one\n\nline two',
    'United States': 'U.S.',
    [a.id]: 'an ID stays as it is',
    'never answered by any field': 'x',
  };
  const cfg = await ctl('POST', 'config', { replace_text: table });
  assert.deepEqual(cfg.replace_text, table);
  const q = 'query T($filter: MarketplaceJobPostingsSearchFilter) { marketplaceJobPostingsSearch(marketPlaceJobFilter: $filter) { edges { node { id title description } } } }';
  const found = async (text) => (await gql(q, { filter: { titleExpression_eq: `"${text}"`, pagination_eq: { first: 50, after: '0' } } })).json.data.marketplaceJobPostingsSearch.edges.map((e) => e.node);
  const hit = (await found(a.title)).find((n) => n.id === a.id);
  assert.ok(hit, 'the search matches the original title');
  assert.equal(hit.title, HOSTILE, 'and answers the replacement');
  assert.equal(hit.description, a.description);
  assert.deepEqual(await found('zq7replaced'), [], 'the replacement is not searched');
  const da = (await gql(DETAIL, { id: a.id })).json.data.marketplaceJobPosting;
  assert.equal(da.id, a.id, 'ID fields are never replaced');
  assert.deepEqual(da.content, { title: HOSTILE, description: a.description }, 'the same text in another type is replaced too');
  const db = (await gql(DETAIL, { id: b.id })).json.data.marketplaceJobPosting;
  assert.deepEqual(db.content, { title: b.title, description: 'line one\n\nline two' });
  const dl = (await gql(DETAIL, { id: listed.id })).json.data.marketplaceJobPosting;
  assert.deepEqual(dl.contractorSelection.location.countries, listed.preferredCountries.map((c) => (c === 'United States' ? 'U.S.' : c)),
    'each element of a list of String');
  // With mark_fields: replaced first, then marked.
  await ctl('POST', 'config', { mark_fields: ['MarketplaceJobPostingContent.title'] });
  assert.equal((await gql(DETAIL, { id: a.id })).json.data.marketplaceJobPosting.content.title, `${HOSTILE}MARK·MarketplaceJobPostingContent.title`);
  await ctl('POST', 'config', { mark_fields: null });

  // Validated strictly; a rejected value changes nothing.
  for (const bad of [[], 'x', 1, { '': 'x' }, { x: 1 }, { x: null }, { ['k'.repeat(20001)]: 'x' }, { x: 'v'.repeat(20001) }]) {
    await ctl('POST', 'config', { replace_text: bad }, { status: 400 });
  }
  assert.deepEqual((await ctl('GET', 'config')).replace_text, table);
  // A table bigger than 64 KiB is accepted (the config body may be 1 MiB).
  const big = Object.fromEntries(Array.from({ length: 300 }, (_, k) => [`key ${k} ${'k'.repeat(200)}`, `value ${k} ${'v'.repeat(200)}`]));
  assert.equal(Object.keys((await ctl('POST', 'config', { replace_text: big })).replace_text).length, 300);
  assert.deepEqual((await ctl('POST', 'config', { replace_text: null })).replace_text, {});
  assert.equal((await gql(DETAIL, { id: a.id })).json.data.marketplaceJobPosting.content.title, a.title, 'null: nothing replaced');
  await ctl('POST', 'config', { replace_text: table });
  assert.deepEqual((await ctl('POST', 'reset')).replace_text, {});
  accessToken = await login(); // reset revoked every token
});

// ---- runner ------------------------------------------------------------------------------

run({
  name: 'test-jobs',
  setup: async () => {
    accessToken = await login();
    DATA = await ctl('GET', 'jobs');
    DATA.categories = await ctl('GET', 'jobs/categories');
    BY_ID = new Map(DATA.jobs.map((j) => [j.id, j]));
  },
  // Reset switches only: tokens must survive between tests.
  beforeEach: () => ctl('POST', 'config', { jobs_pagination: null, clock_offset_s: null, remove_permissions: null, drop_fields: null, graphql_fault: null, mark_fields: null, replace_text: null }),
});
