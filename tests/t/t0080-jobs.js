'use strict';
// t0080-jobs.js: the job search (/jobs) and the job page (/jobs/ID) against
// the sandbox's data set: issue "Done when" 1, "each filter and sort has a
// test that checks the rendered results against what the sandbox data says".
//
// The expected results are computed here, from GET /__sandbox/jobs and the
// rules of tests/sandbox/README.md ("Jobs": search rules, sort, pagination),
// independently of the sandbox's own code (jobs-search.js), through the
// mapping of /jobs parameters that app/search.c documents (q ->
// searchExpression_eq, skills -> skillExpression_eq, category ->
// categoryIds_any, type/level -> jobType_eq/experienceLevel_eq,
// hourly_min/max -> hourlyRate_eq, budget_min/max -> budgetRange_eq,
// verified -> verifiedPaymentOnly_eq, hires_min -> clientHiresRange_eq
// {rangeStart}, proposals_max -> proposalRange_eq {0..N}, posted ->
// daysPosted_eq, sort; pages of 20). Each page is rendered through FastCGI
// as a signed-in user; the test parses the cards (ids in order, every
// field) and the count line, and compares:
//
//   filters   q (two terms, a "quoted phrase", a -excluded term), skills
//             (any of a list), category, type hourly / fixed, each level,
//             hourly range, budget range, verified, hires_min,
//             proposals_max, each posted choice; combinations of 3-4
//             filters; hourly + budget together (a union); an empty result
//   sorts     recency, relevance (with keywords), spent, rating
//   invalid   each bad parameter: 400, id="search-error" naming the field,
//             no search sent to Upwork
//   paging    jobs_pagination offset and cursor: the next-page links
//             through every page add up to the expected order; fixed10:
//             the first 10, no next link, the notice; broken: Upwork's
//             default page with the notice after exactly 2 calls
//   cards     every card rendered in this suite against the data: title and
//             its link, budget text, type, level, proposals, posted ago,
//             skills, payment verified, client spend/hires/rating, the
//             Upwork link
//   form      the category select lists every sandbox category; the form
//             has job-level fields only
//   rule 9    /jobs?location=US and other person-related parameters change
//             nothing (DESIGN.md rule 9: no filter on people)
//   detail    /jobs/ID: title, the description's paragraphs, screening
//             questions in order, budget, level, skills, the cover-letter
//             note, the Upwork link; unknown id 404; a ciphertext 404
//
// One stack, cache off (cache_ttl_s = 0) so every page asks the sandbox,
// the limiter off (sandbox only).
//
//   node tests/t/t0080-jobs.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const path = require('node:path');
const { ok, done, diag, suite, startStack } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const PAGE = 20;
const DAY_S = 86400;
const CONF = 'cache_ttl_s = 0\nupstream_rate_per_s = 0\nupstream_daily_cap = 0';

let st = null;
let sid = null;
let DATA = null; // GET /__sandbox/jobs
let CATS = null; // GET /__sandbox/jobs/categories
let BY_ID = null;
const seenCards = new Map(); // id -> {card, t0, t1}: every card rendered
let cases = 0;

// ---- expectations from the README's rules ----------------------------------------------

// Whitespace-separated terms; "a phrase" (an unterminated quote runs to the
// end); a leading - excludes; a lone - is nothing; the rest is literal.
function terms(expr) {
  const inc = [];
  const exc = [];
  for (const m of (expr || '').matchAll(/(-?)(?:"([^"]*)"?|(\S+))/g)) {
    const neg = m[1] === '-';
    const t = m[2] !== undefined ? m[2] : m[3];
    if (t === '' || t === '-') continue;
    (neg ? exc : inc).push(t.toLowerCase());
  }
  return { inc, exc };
}

function occurrences(hay, needle) {
  let n = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) n++;
  return n;
}

const LEVELS = { entry: 'ENTRY_LEVEL', intermediate: 'INTERMEDIATE', expert: 'EXPERT' };
const num = (v) => (v === undefined || v === '' ? null : Number(v));

// Does job j match the /jobs parameters p?
function matches(j, p) {
  const title = j.title.toLowerCase();
  const desc = j.description.toLowerCase();
  const either = (w) => title.includes(w) || desc.includes(w);
  if (p.q && p.q.trim()) {
    const t = terms(p.q);
    if (!t.inc.every(either) || t.exc.some(either)) return false;
  }
  if (p.skills) {
    const names = p.skills.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (names.length && !j.skills.some((s) => names.includes(s.name.toLowerCase()) || names.includes(s.prettyName.toLowerCase()))) return false;
  }
  if (p.category && j.categoryId !== p.category) return false;
  if (p.type && j.jobType !== { hourly: 'HOURLY', fixed: 'FIXED' }[p.type]) return false;
  if (p.level && j.experienceLevel !== LEVELS[p.level]) return false;
  const hmin = num(p.hourly_min), hmax = num(p.hourly_max), bmin = num(p.budget_min), bmax = num(p.budget_max);
  const rate = hmin !== null || hmax !== null;
  const budget = bmin !== null || bmax !== null;
  if (rate || budget) {
    // hourlyRate_eq {rangeStart: min or 0, rangeEnd: max}: an hourly posting
    // with rates overlapping it; budgetRange_eq: a fixed posting's amount in
    // it; both: either (a union).
    const lo = (v) => (v === null ? 0 : v);
    const fixedOk = budget && j.jobType === 'FIXED' && j.amount >= lo(bmin) && (bmax === null || j.amount <= bmax);
    const hourlyOk = rate && j.jobType === 'HOURLY' && j.hourlyBudgetMin !== null && j.hourlyBudgetMax !== null &&
      (hmax === null || j.hourlyBudgetMin <= hmax) && j.hourlyBudgetMax >= lo(hmin);
    if (!fixedOk && !hourlyOk) return false;
  }
  if (p.verified === '1' && j.client.verificationStatus !== 'VERIFIED') return false;
  if (num(p.hires_min) !== null && !(j.client.totalHires >= num(p.hires_min))) return false;
  if (num(p.proposals_max) !== null && !(j.totalApplicants >= 0 && j.totalApplicants <= num(p.proposals_max))) return false;
  if (num(p.posted) && j.postedSecondsAgo > num(p.posted) * DAY_S) return false;
  return true;
}

// All matches of p in the order the README gives for its sort (DESC: the
// key, then for relevance recency, then the id; newest = fewest seconds ago).
function expected(p) {
  const inc = terms(p.q).inc;
  const key = (j) => {
    switch (p.sort || 'recency') {
      case 'spent': return [j.client.totalSpent];
      case 'rating': return [j.client.totalFeedback];
      case 'relevance': {
        const t = j.title.toLowerCase(), d = j.description.toLowerCase();
        return [inc.reduce((s, w) => s + 2 * occurrences(t, w) + occurrences(d, w), 0), -j.postedSecondsAgo];
      }
      default: return [-j.postedSecondsAgo];
    }
  };
  return DATA.jobs.filter((j) => matches(j, p))
    .map((j) => ({ id: j.id, k: [...key(j), BigInt(j.id)] }))
    .sort((a, b) => {
      for (let i = 0; i < a.k.length; i++) if (a.k[i] !== b.k[i]) return a.k[i] > b.k[i] ? -1 : 1;
      return 0;
    })
    .map((x) => x.id);
}

// ---- pages ------------------------------------------------------------------------------

const un = (s) => (s === null || s === undefined ? s : fcgi.htmlUnescape(s));
// The template engine turns CR, LF, TAB, VT, FF into spaces; in HTML text
// (outside pre-line) every run of them is one space anyway.
const ws = (s) => (s === null || s === undefined ? s : s.replace(/[ \t\n\v\f\r]+/g, ' ').trim());

function parseCard(id, html) {
  const g = (re) => {
    const m = re.exec(html);
    return m ? m.slice(1) : null;
  };
  const h2 = g(/<h2 id="job-title-\d+"><a href="([^"]*)" dir="auto">([\s\S]*?)<\/a>/) || [];
  const meta = g(/<p class="job-meta"><strong class="budget">([^<]*)<\/strong> · ([^<]*?) · ([^<]*?) · (\d+) proposals? · <time datetime="([^"]*)">([^<]*)<\/time><\/p>/) || [];
  const skills = (g(/<ul class="skills"[^>]*>([\s\S]*?)<\/ul>/) || [''])[0];
  const client = g(/<p class="client">(<span class="tag ok">Payment verified<\/span>|<span class="tag">Payment not verified<\/span>) ([^<]*)<\/p>/) || [];
  return {
    id,
    href: un(h2[0]),
    title: un(h2[1]),
    budget: un(meta[0]),
    type: un(meta[1]),
    level: un(meta[2]),
    proposals: meta[3] !== undefined ? Number(meta[3]) : null,
    datetime: meta[4],
    ago: meta[5],
    excerpt: un((g(/<p class="excerpt" dir="auto">([\s\S]*?)<\/p>/) || [null])[0]),
    skills: [...skills.matchAll(/<li dir="auto">([\s\S]*?)<\/li>/g)].map((m) => un(m[1])),
    verified: client[0] === undefined ? null : /tag ok/.test(client[0]),
    signals: un(client[1]),
    upwork: un((g(/<p class="upwork"><a href="([^"]*)">View this job on Upwork<\/a><\/p>/) || [null])[0]),
  };
}

function parsePage(r) {
  const body = r.body.toString('utf8');
  const g = (re) => {
    const m = re.exec(body);
    return m ? m.slice(1) : null;
  };
  const cards = [...body.matchAll(/<article class="card job" id="job-(\d+)"[^>]*>([\s\S]*?)<\/article>/g)]
    .map((m) => parseCard(m[1], m[2]));
  const count = g(/<p class="result-count" id="result-count" role="status">(\d+) jobs(?:, showing (\d+)–(\d+))?<\/p>/);
  const next = g(/<a class="button" href="([^"]*)" rel="next" id="next-page">/);
  const err = g(/<p class="notice warn" role="alert" id="search-error">([^<]*)<\/p>/);
  const notice = g(/<p class="notice info" role="status" id="search-notice">([^<]*)<\/p>/);
  return {
    status: r.status,
    body,
    cards,
    ids: cards.map((c) => c.id),
    total: count ? Number(count[0]) : null,
    from: count && count[1] ? Number(count[1]) : null,
    to: count && count[2] ? Number(count[2]) : null,
    next: next ? un(next[0]) : null,
    error: err ? un(err[0]) : null,
    notice: notice ? un(notice[0]) : null,
    noResults: /id="no-results"/.test(body),
  };
}

async function get(p) {
  return fcgi.request(st.sock, { path: p, headers: { Cookie: `__Host-sid=${sid}` } }, st);
}

// Render a /jobs URL; remember its cards (with the time window) for the
// field checks.
async function render(url) {
  const t0 = Date.now();
  const r = await get(url);
  const t1 = Date.now();
  const pg = parsePage(r);
  pg.url = url;
  for (const c of pg.cards) if (!seenCards.has(c.id)) seenCards.set(c.id, { card: c, t0, t1 });
  return pg;
}

const qs = (p) => new URLSearchParams(Object.entries(p).filter(([, v]) => v !== undefined)).toString();
const jobsUrl = (p) => `/jobs${Object.keys(p).length ? `?${qs(p)}` : ''}`;

// The first page of /jobs?p against the expected order and total.
async function searchCase(label, p, { min = 1, max = DATA.jobs.length - 1 } = {}) {
  cases++;
  const want = expected(p);
  if (!ok(want.length >= min && want.length <= max, `${label}: the case is meaningful (${want.length} matches, wanted ${min}..${max})`)) return null;
  const pg = await render(jobsUrl(p));
  const first = want.slice(0, PAGE);
  ok(pg.status === 200, `${label}: 200`, pg.status);
  ok(JSON.stringify(pg.ids) === JSON.stringify(first), `${label}: the first page is the expected ${first.length} jobs in order`,
    { got: pg.ids.slice(0, 6), want: first.slice(0, 6), gotN: pg.ids.length });
  ok(pg.total === want.length && pg.from === 1 && pg.to === first.length,
    `${label}: count line "${want.length} jobs, showing 1–${first.length}"`, { total: pg.total, from: pg.from, to: pg.to });
  ok((pg.next !== null) === (want.length > PAGE), `${label}: a next-page link exactly when there are more than ${PAGE}`, pg.next);
  return { pg, want };
}

async function sbGet(p) {
  const r = await fcgi.httpRequest(st.sandboxUrl + p);
  if (r.status !== 200) throw new Error(`sandbox GET ${p}: ${r.status}`);
  return JSON.parse(r.body);
}

async function searchCalls() {
  return (await st.sb.log()).filter((e) => e.endpoint === 'graphql' && e.operationName === 'JobsSearch');
}

// ---- expected card text -----------------------------------------------------------------------

// "$1,234" or "$12.50": thousands grouped, cents when there are any.
function usd(n) {
  const cents = Math.round(n * 100) % 100 !== 0;
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: cents ? 2 : 0, maximumFractionDigits: 2 })}`;
}

function agoText(d) {
  if (d < 60) return 'just now';
  if (d < 3600) return `${Math.floor(d / 60)} min ago`;
  if (d < DAY_S) return `${Math.floor(d / 3600)} h ago`;
  if (d < 2 * DAY_S) return 'yesterday';
  return `${Math.floor(d / DAY_S)} days ago`;
}

// One decimal as C's printf rounds: the exact binary value (as toFixed),
// but an exact tie (x.x5 held exactly: x.25, x.75) to even.
function oneDecimal(x) {
  if (Number.isInteger(x * 4) && !Number.isInteger(x * 2)) {
    const f = Math.floor(x * 10);
    return ((f % 2 === 0 ? f : f + 1) / 10).toFixed(1);
  }
  return x.toFixed(1);
}

const LEVEL_LABEL = { ENTRY_LEVEL: 'Entry level', INTERMEDIATE: 'Intermediate', EXPERT: 'Expert' };

// One amount when both bounds are equal: "$5 an hour", not "$5–$5".
function hourlyBudget(j) {
  if (j.hourlyBudgetMin === j.hourlyBudgetMax) return `${usd(j.hourlyBudgetMin)} an hour`;
  return `${usd(j.hourlyBudgetMin)}–${usd(j.hourlyBudgetMax)} an hour`;
}

// "1 hire", "2 hires".
function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// Field by field: what a card for job j must say. Returns mismatches.
function cardMismatches(seen) {
  const { card: c, t0, t1 } = seen;
  const j = BY_ID.get(c.id);
  const bad = [];
  const want = (field, got, exp) => {
    if (got !== exp) bad.push({ field, got, want: exp });
  };
  if (!j) return [{ field: 'id', got: c.id, want: 'a job of the data set' }];
  want('title', ws(c.title), ws(j.title));
  want('href', c.href, `/jobs/${j.id}?k=${j.ciphertext}`);
  if (j.jobType === 'HOURLY') {
    want('type', c.type, 'Hourly');
    if (j.hourlyBudgetMin !== null) want('budget', c.budget, hourlyBudget(j));
    else if (!c.budget || /^\$/.test(c.budget)) bad.push({ field: 'budget', got: c.budget, want: 'no dollar amount (hourly, rate not provided)' });
  } else {
    want('type', c.type, 'Fixed price');
    want('budget', c.budget, usd(j.amount));
  }
  want('level', c.level, LEVEL_LABEL[j.experienceLevel]);
  want('proposals', c.proposals, j.totalApplicants);
  want('skills', JSON.stringify(c.skills.map(ws)), JSON.stringify(j.skills.map((s) => ws(s.prettyName))));
  want('verified', c.verified, j.client.verificationStatus === 'VERIFIED');
  const rating = j.client.totalReviews > 0 ? `rated ${oneDecimal(j.client.totalFeedback)} of 5 (${plural(j.client.totalReviews, 'review', 'reviews')})` : 'no reviews yet';
  want('client', c.signals, `${usd(j.client.totalSpent)} spent · ${plural(j.client.totalHires, 'hire', 'hires')} · ${rating}`);
  want('upwork', c.upwork, `https://www.upwork.com/jobs/${j.ciphertext}`);
  // Posted: the sandbox's clock and the app's are the same wall clock, read
  // once each during the request (t0..t1).
  const s0 = Math.floor(t0 / 1000), s1 = Math.floor(t1 / 1000);
  const isos = [];
  for (let s = s0; s <= s1; s++) isos.push(new Date((s - j.postedSecondsAgo) * 1000).toISOString());
  if (!isos.includes(c.datetime)) bad.push({ field: 'datetime', got: c.datetime, want: isos });
  const agos = new Set();
  for (let d = -2 - (s1 - s0); d <= 2 + (s1 - s0); d++) agos.add(agoText(j.postedSecondsAgo + d));
  if (!agos.has(c.ago)) bad.push({ field: 'posted ago', got: c.ago, want: [...agos] });
  if (!j.hostile && c.excerpt !== null) {
    const e = c.excerpt.replace(/…$/, '');
    if (!ws(j.description).startsWith(e)) bad.push({ field: 'excerpt', got: c.excerpt.slice(0, 60), want: 'a prefix of the description' });
  }
  return bad;
}

// ---- the job page ------------------------------------------------------------------------------

function parseJob(r) {
  const body = r.body.toString('utf8');
  const g = (re) => {
    const m = re.exec(body);
    return m ? m.slice(1) : null;
  };
  const meta = g(/<p class="job-meta"><strong class="budget" id="job-budget">([^<]*)<\/strong> · ([^<]*?) · ([^<]*?)(?: · ([^<]*))?<\/p>/) || [];
  const skills = (g(/<ul class="skills"[^>]*>([\s\S]*?)<\/ul>/) || [''])[0];
  const qs2 = (g(/<ol class="questions">([\s\S]*?)<\/ol>/) || [''])[0];
  return {
    status: r.status,
    body,
    title: un((g(/<h1 id="job-title" dir="auto">([\s\S]*?)<\/h1>/) || [null])[0]),
    budget: un(meta[0]),
    type: un(meta[1]),
    level: un(meta[2]),
    category: un(meta[3]),
    verified: /<p class="client"><span class="tag ok">Payment verified<\/span>/.test(body),
    skills: [...skills.matchAll(/<li dir="auto">([\s\S]*?)<\/li>/g)].map((m) => un(m[1])),
    paras: [...body.matchAll(/<p class="para" dir="auto">([\s\S]*?)<\/p>/g)].map((m) => un(m[1])),
    questions: [...qs2.matchAll(/<li value="\d+" dir="auto">([\s\S]*?)<\/li>/g)].map((m) => un(m[1])),
    coverLetter: /The client asks for a cover letter\./.test(body),
    upwork: un((g(/<a class="button" id="apply-upwork" href="([^"]*)">/) || [null])[0]),
    heading: un((g(/<h1 id="error-heading">([^<]*)<\/h1>/) || [null])[0]),
  };
}

// The description's paragraphs: split at blank lines.
const paragraphs = (d) => d.split(/\n[ \t]*\n/).map((p) => p.replace(/^\n+|\n+$/g, '')).filter((p) => p.trim() !== '');

async function jobPage(j, label) {
  cases++;
  const r = parseJob(await get(`/jobs/${j.id}?k=${encodeURIComponent(j.ciphertext)}`));
  ok(r.status === 200, `${label}: /jobs/${j.id} answers 200`, r.status);
  ok(r.title === j.title, `${label}: title`, { got: r.title, want: j.title });
  const want = paragraphs(j.description);
  ok(JSON.stringify(r.paras.map(ws)) === JSON.stringify(want.map(ws)),
    `${label}: every paragraph of the description, in order, as text (${want.length})`, { got: r.paras.map((p) => p.slice(0, 40)), want: want.map((p) => p.slice(0, 40)) });
  const multi = want.filter((p) => p.includes('\n'));
  if (multi.length) {
    ok(JSON.stringify(r.paras) === JSON.stringify(want),
      `${label}: line breaks inside a paragraph are kept (${multi.length} paragraph(s) with lines, e.g. "- " bullet lists; .para is white-space: pre-line)`,
      { got: r.paras.find((p) => /- /.test(p)) || r.paras[r.paras.length - 1], want: multi[0] });
  }
  ok(JSON.stringify(r.questions) === JSON.stringify(j.screeningQuestions),
    `${label}: ${j.screeningQuestions.length} screening question(s) in sequence order`, { got: r.questions, want: j.screeningQuestions });
  let budget;
  if (j.jobType === 'FIXED') budget = usd(j.amount);
  else if (j.hourlyBudgetMin !== null) budget = hourlyBudget(j);
  else budget = 'Hourly rate not given';
  ok(r.budget === budget, `${label}: budget "${budget}"`, r.budget);
  ok(r.type === (j.jobType === 'FIXED' ? 'Fixed price' : 'Hourly'), `${label}: type`, r.type);
  ok(r.level === LEVEL_LABEL[j.experienceLevel], `${label}: level "${LEVEL_LABEL[j.experienceLevel]}"`, r.level);
  ok(r.category === j.category.preferredLabel, `${label}: category "${j.category.preferredLabel}"`, r.category);
  ok(JSON.stringify(r.skills) === JSON.stringify(j.skills.map((s) => s.prettyName)), `${label}: skills`, { got: r.skills, want: j.skills.map((s) => s.prettyName) });
  ok(r.verified === (j.client.verificationStatus === 'VERIFIED'), `${label}: payment verified tag`, r.verified);
  ok(r.coverLetter === j.coverLetterRequired, `${label}: cover-letter note ${j.coverLetterRequired ? 'shown' : 'absent'}`);
  ok(r.upwork === `https://www.upwork.com/jobs/${j.ciphertext}`, `${label}: links to the job on upwork.com`, r.upwork);
  return r;
}

// ---- the suite -----------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  st = await startStack({ confExtra: CONF });
  try {
    const s = await fcgi.signin(st, 'ada', 'allow');
    if (s.status !== 303 || !s.sid) throw new Error(`sign-in failed: ${s.status}`);
    sid = s.sid;
    DATA = await sbGet('/__sandbox/jobs');
    CATS = await sbGet('/__sandbox/jobs/categories');
    BY_ID = new Map(DATA.jobs.map((j) => [j.id, j]));
    diag(`data set: ${DATA.jobs.length} jobs, ${CATS.length} categories`);

    await filters();
    await sorts();
    await combinations();
    await invalid();
    await ruleNine();
    await form();
    await paging();
    await cards();
    await detail();
  } finally {
    await st.sb.reset().catch(() => null);
    st.finish();
  }
  diag(`${cases} cases, ${seenCards.size} distinct cards checked, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return done(NAME);
}

async function filters() {
  const all = await searchCase('no filter', {}, { max: DATA.jobs.length });
  ok(all && all.want.length === DATA.jobs.length, 'no filter: all postings');

  // Keywords.
  const two = await searchCase('q: two terms (each in the title or the description)', { q: 'python api' });
  const python = expected({ q: 'python' }).length, api = expected({ q: 'api' }).length;
  ok(two && two.want.length < Math.min(python, api), `q: two terms narrow both (${two && two.want.length} < ${python}, ${api})`);
  const phrase = await searchCase('q: a "quoted phrase"', { q: '"data analysis"' });
  const loose = expected({ q: 'data analysis' }).length;
  ok(phrase && phrase.want.length < loose, `q: the phrase matches fewer than its words (${phrase && phrase.want.length} < ${loose})`);
  const notPhrase = await searchCase('q: a term and an excluded -"phrase"', { q: 'data -"data analysis"' });
  ok(notPhrase && notPhrase.want.length === expected({ q: 'data' }).length - phrase.want.length, 'q: -"phrase" removes exactly the phrase\'s matches');
  await searchCase('q: an unterminated "quote runs to the end', { q: 'review "data analysis' });
  const minus = await searchCase('q: an excluded -term', { q: 'python -django' });
  ok(minus && minus.want.length < python, `q: -django leaves fewer than python alone (${minus && minus.want.length} < ${python})`);
  ok(minus && minus.pg.ids.every((id) => !/django/i.test(BY_ID.get(id).title + BY_ID.get(id).description)), 'q: no result mentions the excluded term');
  await searchCase('q: case-insensitive substring', { q: 'PYTH' });

  // Skills: any of a comma-separated list, by name or pretty name.
  const sk = await searchCase('skills: any of "Copywriting, node-js, Rust"', { skills: 'Copywriting, node-js, Rust' });
  ok(sk && sk.want.length > expected({ skills: 'Copywriting' }).length, 'skills: a list matches more than its first name (OR)');

  const cat = CATS[2];
  await searchCase(`category: ${cat.preferredLabel}`, { category: cat.id });

  const hourly = await searchCase('type hourly', { type: 'hourly' });
  if (hourly) {
    const labels = hourly.pg.cards.filter((c) => c.type !== 'Hourly').map((c) => `${c.id}: ${c.type} ${c.budget}`);
    ok(labels.length === 0, 'type hourly: every card says Hourly', labels);
  }
  const fixed = await searchCase('type fixed', { type: 'fixed' });
  if (fixed) ok(fixed.pg.cards.every((c) => c.type === 'Fixed price'), 'type fixed: every card says Fixed price');
  for (const level of ['entry', 'intermediate', 'expert']) {
    const r = await searchCase(`level ${level}`, { level });
    if (r) ok(r.pg.cards.every((c) => c.level === LEVEL_LABEL[LEVELS[level]]), `level ${level}: every card says ${LEVEL_LABEL[LEVELS[level]]}`);
  }
  await searchCase('hourly range 30..60 (overlap)', { hourly_min: '30', hourly_max: '60' });
  await searchCase('hourly from 100', { hourly_min: '100' });
  await searchCase('hourly up to 15', { hourly_max: '15' });
  await searchCase('budget range 1000..5000', { budget_min: '1000', budget_max: '5000' });
  await searchCase('budget up to 100', { budget_max: '100' });
  await searchCase('verified=1', { verified: '1' });
  await searchCase('hires_min=50', { hires_min: '50' });
  await searchCase('hires_min=0 (every client)', { hires_min: '0' }, { max: DATA.jobs.length });
  await searchCase('proposals_max=5', { proposals_max: '5' });
  await searchCase('proposals_max=0', { proposals_max: '0' });
  for (const posted of ['1', '3', '7', '14', '30']) {
    await searchCase(`posted within ${posted} day(s)`, { posted }, { max: DATA.jobs.length });
  }
  ok(expected({ posted: '1' }).length < expected({ posted: '30' }).length, 'posted: 1 day is fewer than 30');
}

async function sorts() {
  await searchCase('sort recency (explicit)', { sort: 'recency' }, { max: DATA.jobs.length });
  const rel = await searchCase('sort relevance, q=data', { q: 'data', sort: 'relevance' });
  const rec = expected({ q: 'data' });
  ok(rel && JSON.stringify(rel.want.slice(0, PAGE)) !== JSON.stringify(rec.slice(0, PAGE)), 'relevance orders differently from recency here');
  await searchCase('sort relevance, q="python api" (two terms)', { q: 'python api', sort: 'relevance' });
  await searchCase('sort relevance without keywords = recency', { sort: 'relevance' }, { max: DATA.jobs.length });
  ok(JSON.stringify(expected({ sort: 'relevance' })) === JSON.stringify(expected({})), 'relevance without keywords is recency (README)');
  await searchCase('sort spent (client total spend)', { sort: 'spent' }, { max: DATA.jobs.length });
  await searchCase('sort rating (client rating)', { sort: 'rating' }, { max: DATA.jobs.length });
  await searchCase('sort spent with a filter', { type: 'fixed', sort: 'spent' });
}

async function combinations() {
  await searchCase('fixed + expert + verified + posted 14', { type: 'fixed', level: 'expert', verified: '1', posted: '14' });
  await searchCase('q + hourly range + hires_min, sort rating', { q: 'data', hourly_min: '20', hourly_max: '80', hires_min: '5', sort: 'rating' });
  await searchCase('skills + level + proposals_max + budget', { skills: 'Python, SQL, Tableau', level: 'intermediate', proposals_max: '30', budget_min: '500' });
  await searchCase('category + type + verified + sort spent', { category: CATS[0].id, type: 'hourly', verified: '1', sort: 'spent' });
  const union = await searchCase('hourly and budget ranges together: a union', { hourly_min: '50', budget_min: '10000' });
  const h = expected({ hourly_min: '50' }).length, b = expected({ budget_min: '10000' }).length;
  ok(union && union.want.length === h + b, `union: ${h} hourly + ${b} fixed = ${union && union.want.length}`);

  cases++;
  const none = await render(jobsUrl({ q: 'zzqx-no-such-word' }));
  ok(expected({ q: 'zzqx-no-such-word' }).length === 0, 'empty: the data has no match');
  ok(none.status === 200 && none.noResults && none.cards.length === 0 && none.total === null,
    'empty: 200, id="no-results", no cards, no count line', { status: none.status, noResults: none.noResults, cards: none.cards.length });
  const none2 = await render(jobsUrl({ type: 'fixed', hourly_min: '10' }));
  ok(none2.noResults && none2.cards.length === 0, 'empty: fixed jobs with an hourly range match nothing (hourlyRate_eq selects hourly jobs)');
}

async function invalid() {
  const long = 'x'.repeat(201);
  const bad = [
    ['q', { q: long }, /Keywords/],
    ['skills', { skills: long }, /Skills/],
    ['category', { category: 'web' }, /category/],
    ['category', { category: '12a' }, /category/],
    ['type', { type: 'daily' }, /Job type/],
    ['level', { level: 'guru' }, /Experience level/],
    ['hourly_min', { hourly_min: 'abc' }, /Hourly rate/],
    ['hourly_min', { hourly_min: '-5' }, /Hourly rate/],
    ['hourly_max', { hourly_max: '1.5' }, /Hourly rate/],
    ['hourly_max', { hourly_max: '10001' }, /Hourly rate/],
    ['hourly_min > hourly_max', { hourly_min: '50', hourly_max: '10' }, /hourly rate/i],
    ['budget_min', { budget_min: '1e3' }, /Budget/],
    ['budget_max', { budget_max: '-1' }, /Budget/],
    ['budget_min > budget_max', { budget_min: '500', budget_max: '100' }, /budget/i],
    ['verified', { verified: 'yes' }, /Payment verified/],
    ['hires_min', { hires_min: 'many' }, /Client hires/],
    ['proposals_max', { proposals_max: '-3' }, /Proposals/],
    ['posted', { posted: '2' }, /Posted within/],
    ['posted', { posted: '31' }, /Posted within/],
    ['sort', { sort: 'price' }, /Sort/],
    ['after', { after: '<script>' }, /page link/],
  ];
  let categoriesCalls = 0;
  for (const [field, p, re] of bad) {
    cases++;
    await st.sb.clearLog();
    const pg = await render(jobsUrl(p));
    const calls = await searchCalls();
    categoriesCalls += (await st.sb.log()).filter((e) => e.operationName === 'JobCategories').length;
    ok(pg.status === 400 && pg.error !== null && re.test(pg.error) && pg.cards.length === 0,
      `invalid ${field} (${JSON.stringify(p).slice(0, 60)}): 400, id="search-error" names it`, { status: pg.status, error: pg.error });
    ok(calls.length === 0, `invalid ${field}: no search sent to Upwork`, calls.length);
  }
  diag(`the ${bad.length} error pages fetched the category list ${categoriesCalls} time(s) for their form (cache off in this suite)`);
}

async function ruleNine() {
  // DESIGN.md rule 9: no filter on people. Person-related parameters are
  // not read: the results are those of the same search without them (a
  // locations_any filter would have narrowed them to one country).
  const base = await render('/jobs');
  const baseQ = await render(jobsUrl({ q: 'data' }));
  const us = DATA.jobs.filter((j) => j.client.countryCode === 'US').length;
  diag(`clients in the US post ${us} of ${DATA.jobs.length} jobs`);
  const extras = [
    { location: 'US' }, { location: 'United States' }, { country: 'US' }, { locations_any: 'US' },
    { client_country: 'India' }, { nationality: 'US' }, { timezone: 'America/New_York' },
    { gender: 'female' }, { age: '30' }, { visitorCountry_eq: 'US' }, { userLocationMatch_eq: 'true' },
  ];
  for (const extra of extras) {
    cases++;
    await st.sb.clearLog();
    const pg = await render(jobsUrl(extra));
    const calls = await searchCalls();
    ok(pg.status === 200 && JSON.stringify(pg.ids) === JSON.stringify(base.ids) && pg.total === base.total,
      `rule 9: /jobs?${qs(extra)} shows the unfiltered results (${base.total})`, { status: pg.status, total: pg.total });
    ok(calls.length === 1, `rule 9: /jobs?${qs(extra)}: one search call, as without it`, calls.length);
  }
  cases++;
  const withQ = await render(jobsUrl({ q: 'data', location: 'US', country: 'United States' }));
  ok(JSON.stringify(withQ.ids) === JSON.stringify(baseQ.ids) && withQ.total === baseQ.total,
    'rule 9: q=data&location=US&country=… equals q=data');
  // The form offers job-level filters only.
  const form = /<form class="card search-form"[\s\S]*?<\/form>/.exec(base.body);
  const names = form ? [...new Set([...form[0].matchAll(/name="([^"]+)"/g)].map((m) => m[1]))].sort() : [];
  const JOB_LEVEL = ['budget_max', 'budget_min', 'category', 'hires_min', 'hourly_max', 'hourly_min', 'level', 'posted', 'proposals_max', 'q', 'skills', 'sort', 'type', 'verified'];
  ok(JSON.stringify(names) === JSON.stringify(JOB_LEVEL), 'rule 9: the search form has job-level fields only (no location, country, nationality…)', names);
}

async function form() {
  cases++;
  const pg = await render('/jobs');
  const sel = /<select id="category" name="category">([\s\S]*?)<\/select>/.exec(pg.body);
  const opts = sel ? [...sel[1].matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].map((m) => [m[1], un(m[3])]) : [];
  const want = [['', 'Any category'], ...CATS.map((c) => [c.id, c.preferredLabel])];
  ok(JSON.stringify(opts) === JSON.stringify(want), `the category select lists every sandbox category, in order (${CATS.length})`, opts.slice(0, 3));
  const c = CATS[CATS.length - 1];
  const chosen = await render(jobsUrl({ category: c.id }));
  ok(new RegExp(`<option value="${c.id}" selected>`).test(chosen.body), 'the chosen category is selected in the form');
  const again = await render(jobsUrl({ q: '"product catalog"', type: 'hourly', level: 'expert', hourly_min: '20', verified: '1', posted: '7', sort: 'spent' }));
  ok(/id="q" name="q" value="&quot;product catalog&quot;"/.test(again.body) && /<option value="hourly" selected>/.test(again.body) &&
    /<option value="expert" selected>/.test(again.body) && /id="hourly_min"[^>]*value="20"/.test(again.body) &&
    /id="verified" name="verified" value="1" checked/.test(again.body) && /<option value="7" selected>/.test(again.body) &&
    /<option value="spent" selected>/.test(again.body), 'the form shows the search that was asked for');
}

// Follow the next-page links from /jobs?p to the end.
async function walk(p, label) {
  const want = expected(p);
  const got = [];
  const pages = [];
  let url = jobsUrl(p);
  for (let guard = 0; url && guard < 40; guard++) {
    const pg = await render(url);
    pages.push(pg);
    got.push(...pg.ids);
    url = pg.next;
  }
  cases++;
  ok(pages.length >= 3, `${label}: at least 3 pages (${pages.length})`);
  ok(JSON.stringify(got) === JSON.stringify(want), `${label}: the pages add up to the expected ${want.length} jobs in order`,
    { got: got.length, want: want.length, firstDiff: got.findIndex((id, i) => id !== want[i]) });
  const lines = pages.map((pg) => `${pg.total}:${pg.from}-${pg.to}`);
  const wantLines = pages.map((_, i) => `${want.length}:${i * PAGE + 1}-${Math.min((i + 1) * PAGE, want.length)}`);
  ok(JSON.stringify(lines) === JSON.stringify(wantLines), `${label}: each page's count line says which results it shows`, { got: lines, want: wantLines });
  ok(pages.slice(1).every((pg) => /id="first-page"/.test(pg.body)) && !/id="first-page"/.test(pages[0].body),
    `${label}: pages after the first link back to it`);
  ok(pages.every((pg) => pg.notice === null), `${label}: no notice`);
  return pages;
}

async function paging() {
  const p = { q: 'data' };
  const offset = await walk(p, 'paging offset');
  diag(`offset next links: ${offset.map((pg) => pg.next).join(' ')}`);
  // The links keep every parameter: a list of skills (spaces, commas), a
  // quoted phrase, a sort.
  await walk({ skills: 'Python, SQL', q: '-"zz top" -nothing', sort: 'spent' }, 'paging offset, skills + q + sort spent');
  await st.sb.config({ jobs_pagination: 'cursor' });
  const cursor = await walk(p, 'paging cursor');
  diag(`cursor next links: ${cursor.map((pg) => pg.next).join(' ')}`);
  ok(cursor[0].next && /after=[A-Za-z0-9%]+/.test(cursor[0].next) && !/after=20(&|$)/.test(cursor[0].next), 'paging cursor: the next link carries the opaque cursor');

  // fixed10: Upwork ignores the page request and gives the first 10.
  cases++;
  await st.sb.config({ jobs_pagination: 'fixed10' });
  const want = expected({});
  const f10 = await render('/jobs');
  ok(JSON.stringify(f10.ids) === JSON.stringify(want.slice(0, 10)), 'fixed10: the first 10 jobs in order', f10.ids.length);
  ok(f10.next === null, 'fixed10: no next-page link');
  ok(f10.notice !== null && /Upwork returned only this page/.test(f10.notice), 'fixed10: the notice says Upwork returned only this page', f10.notice);
  ok(f10.total === want.length && f10.from === 1 && f10.to === 10, `fixed10: count line "${want.length} jobs, showing 1–10"`, [f10.total, f10.from, f10.to]);

  // broken: any page request is HTTP 500; the app asks again without one.
  cases++;
  await st.sb.config({ jobs_pagination: 'broken' });
  await st.sb.clearLog();
  const br = await render(jobsUrl({ type: 'fixed' }));
  const calls = await searchCalls();
  const wantB = expected({ type: 'fixed' });
  ok(br.status === 200 && JSON.stringify(br.ids) === JSON.stringify(wantB.slice(0, 10)), "broken: the page shows Upwork's default page (the first 10)", { status: br.status, n: br.ids.length });
  ok(br.notice !== null && /Upwork returned only this page/.test(br.notice), 'broken: with the notice', br.notice);
  ok(br.next === null, 'broken: no next-page link');
  ok(br.total === wantB.length && br.to === 10, 'broken: the count line gives the total', [br.total, br.from, br.to]);
  ok(calls.length === 2 && calls[0].status === 500 && calls[0].error === 'http:500' && calls[1].status === 200 && calls[1].error === null,
    'broken: exactly 2 calls: the paged one (HTTP 500) and the unpaged one', calls.map((c) => `${c.status} ${c.error}`));
  await st.sb.config({ jobs_pagination: null });
}

async function cards() {
  // Make sure the checked cards include every kind of budget and client.
  const kinds = {
    'hourly, min < max': (j) => j.jobType === 'HOURLY' && j.hourlyBudgetMin !== null && j.hourlyBudgetMin < j.hourlyBudgetMax,
    'hourly with cents': (j) => j.jobType === 'HOURLY' && j.hourlyBudgetMin !== null && (j.hourlyBudgetMin % 1 || j.hourlyBudgetMax % 1),
    'hourly, min = max': (j) => j.jobType === 'HOURLY' && j.hourlyBudgetMin !== null && j.hourlyBudgetMin === j.hourlyBudgetMax,
    'hourly, rate not provided': (j) => j.jobType === 'HOURLY' && j.hourlyBudgetMin === null,
    'fixed, $1,000 or more': (j) => j.jobType === 'FIXED' && j.amount >= 1000,
    'fixed, under $1,000': (j) => j.jobType === 'FIXED' && j.amount < 1000,
    'payment not verified': (j) => j.client.verificationStatus !== 'VERIFIED',
    'client without reviews': (j) => j.client.totalReviews === 0,
    'client spend with cents, $1,000 or more': (j) => j.client.totalSpent >= 1000 && j.client.totalSpent % 1 !== 0,
    'client spend 0': (j) => j.client.totalSpent === 0,
    hostile: (j) => j.hostile,
  };
  for (const [kind, test] of Object.entries(kinds)) {
    if ([...seenCards.keys()].some((id) => test(BY_ID.get(id)))) continue;
    const j = DATA.jobs.find((x) => test(x) && !x.hostile && !x.title.includes('"'));
    if (j) await render(jobsUrl({ q: `"${j.title}"` }));
  }
  const counts = Object.entries(kinds).map(([kind, test]) => [kind, [...seenCards.keys()].filter((id) => test(BY_ID.get(id))).length]);
  diag(`cards checked by kind: ${counts.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  ok(counts.every(([, n]) => n > 0), 'the checked cards include every kind of budget and client', counts);

  // Every field of every card, aggregated by field.
  const byField = new Map();
  for (const seen of seenCards.values()) {
    for (const m of cardMismatches(seen)) {
      if (!byField.has(m.field)) byField.set(m.field, []);
      byField.get(m.field).push({ id: seen.card.id, ...m });
    }
  }
  const FIELDS = ['title', 'href', 'budget', 'type', 'level', 'proposals', 'skills', 'verified', 'client', 'upwork', 'datetime', 'posted ago', 'excerpt'];
  for (const f of FIELDS) {
    const bad = byField.get(f) || [];
    ok(bad.length === 0, `cards: ${f} agrees with the data on all ${seenCards.size} cards`, bad.length ? `${bad.length} wrong, e.g. ${JSON.stringify(bad.slice(0, 3))}` : undefined);
  }
  // Spot checks, written out, for the report.
  for (const [kind, test] of Object.entries(kinds)) {
    const id = [...seenCards.keys()].find((x) => test(BY_ID.get(x)));
    if (!id || kind === 'hostile') continue;
    const c = seenCards.get(id).card;
    diag(`${kind}: job ${id}: "${c.budget} · ${c.type} · ${c.level} · ${c.proposals} proposals · ${c.ago}" | ${c.verified ? 'Payment verified' : 'Payment not verified'} ${c.signals}`);
  }
}

async function detail() {
  const plain = (j) => !j.hostile && !/\r|\n\n\n/.test(j.description);
  const fixed = DATA.jobs.find((j) => plain(j) && j.jobType === 'FIXED' && j.screeningQuestions.length >= 3 && j.coverLetterRequired && j.amount >= 1000);
  const hourly = DATA.jobs.find((j) => plain(j) && j.jobType === 'HOURLY' && j.hourlyBudgetMin !== null && (j.hourlyBudgetMin % 1 || j.hourlyBudgetMax % 1) &&
    !j.coverLetterRequired && j.screeningQuestions.length === 0 && paragraphs(j.description).length >= 2);
  const noRate = DATA.jobs.find((j) => plain(j) && j.jobType === 'HOURLY' && j.hourlyBudgetMin === null && j.screeningQuestions.length >= 1);
  const oneLine = DATA.jobs.find((j) => plain(j) && !j.description.includes('\n'));
  for (const [j, label] of [[fixed, 'detail fixed'], [hourly, 'detail hourly'], [noRate, 'detail hourly, no rate'], [oneLine, 'detail one paragraph']]) {
    if (!ok(j, `${label}: the data has such a job`)) continue;
    await jobPage(j, label);
  }
  // Screening questions come in sequenceNumber order, and a job of many.
  const many = DATA.jobs.filter((j) => plain(j)).sort((a, b) => b.screeningQuestions.length - a.screeningQuestions.length)[0];
  if (many) await jobPage(many, `detail with ${many.screeningQuestions.length} questions`);

  // Without ?k= there is no ciphertext, so no Upwork link (and no guess).
  cases++;
  const nok = parseJob(await get(`/jobs/${fixed.id}`));
  ok(nok.status === 200 && nok.upwork === null && /Open this job from the search results/.test(nok.body), 'detail without ?k=: no Upwork link, the hint instead');

  // Unknown id: 404 "No such job". A ciphertext in place of the id: the
  // route takes digits only, 404 without asking Upwork.
  cases++;
  await st.sb.clearLog();
  const unknown = parseJob(await get('/jobs/1000000000000000001'));
  ok(unknown.status === 404 && unknown.heading === 'No such job', 'unknown id: 404 "No such job"', { status: unknown.status, heading: unknown.heading });
  const jobCalls = () => st.sb.log().then((l) => l.filter((e) => e.operationName === 'Job').length);
  ok(await jobCalls() === 1, 'unknown id: Upwork was asked once');
  cases++;
  await st.sb.clearLog();
  for (const p of [`/jobs/${fixed.ciphertext}`, `/jobs/${fixed.ciphertext.slice(1)}`, `/jobs/${encodeURIComponent(fixed.ciphertext)}`, `/jobs/${fixed.id}x`]) {
    const r = parseJob(await get(p));
    ok(r.status === 404 && r.title === null, `${p}: 404 (the route takes digits only)`, { status: r.status, heading: r.heading });
  }
  ok(await jobCalls() === 0, 'a ciphertext path never reaches Upwork');
}

suite(NAME, main);
