'use strict';
// The semantics of marketplaceJobPostingsSearch: filter, sort, paginate.
// Pure functions over the records of data-jobs.js; README.md ("Jobs")
// states the same rules in prose, and tests predict results from there.
//
// Errors thrown here are resolver errors (graphql.js words them as
// "Exception while fetching data (/marketplaceJobPostingsSearch) : …"),
// except those with httpStatus, which graphql.js turns into that HTTP
// status with {"message": …}.

const data = require('./data-jobs');
const { httpError } = require('./graphql');

const PAGE_DEFAULT = 10;
const PAGE_MAX = 50;
const CURSOR_PREFIX = 'jobs:';

function searchError(message = 'Exception occurred') {
  return new Error(message);
}


// ---- text expressions ----------------------------------------------------------

// "a b" -> all of a, b; "\"a b\"" -> the phrase; "-a" / "-\"a b\"" -> must
// not appear. Whitespace is JavaScript's \s. An unterminated quote runs to
// the end. Empty terms and a lone "-" are ignored. Everything else,
// including AND/OR and other Lucene syntax, is a literal term.
function parseExpression(expr) {
  const include = [];
  const exclude = [];
  if (typeof expr !== 'string') return { include, exclude };
  let i = 0;
  const n = expr.length;
  while (i < n) {
    while (i < n && /\s/.test(expr[i])) i++;
    if (i >= n) break;
    let negate = false;
    if (expr[i] === '-' && i + 1 < n && !/\s/.test(expr[i + 1])) {
      negate = true;
      i++;
    }
    let term;
    if (expr[i] === '"') {
      const end = expr.indexOf('"', i + 1);
      term = end < 0 ? expr.slice(i + 1) : expr.slice(i + 1, end);
      i = end < 0 ? n : end + 1;
    } else {
      const start = i;
      while (i < n && !/\s/.test(expr[i])) i++;
      term = expr.slice(start, i);
    }
    if (term === '' || term === '-') continue;
    (negate ? exclude : include).push(term.toLowerCase());
  }
  return { include, exclude };
}

// Non-overlapping occurrences of needle (lower case) in hay (lower case).
function occurrences(hay, needle) {
  if (!needle) return 0;
  let count = 0;
  let at = hay.indexOf(needle);
  while (at >= 0) {
    count++;
    at = hay.indexOf(needle, at + needle.length);
  }
  return count;
}

function lower(job) {
  return { title: job.title.toLowerCase(), description: job.description.toLowerCase() };
}

// ---- filter -------------------------------------------------------------------------

function inRange(value, range) {
  if (value === null || value === undefined) return false;
  if (range.rangeStart !== null && range.rangeStart !== undefined && value < range.rangeStart) return false;
  if (range.rangeEnd !== null && range.rangeEnd !== undefined && value > range.rangeEnd) return false;
  return true;
}

function overlaps(min, max, range) {
  if (min === null || max === null) return false;
  if (range.rangeEnd !== null && range.rangeEnd !== undefined && min > range.rangeEnd) return false;
  if (range.rangeStart !== null && range.rangeStart !== undefined && max < range.rangeStart) return false;
  return true;
}

const nonEmpty = (list) => Array.isArray(list) && list.some((v) => v !== null && v !== undefined);
const present = (v) => v !== null && v !== undefined;

// Compiles the filter once; returns { test(job) -> bool, terms, skillNames }.
function compileFilter(f) {
  f = f || {};
  const checks = [];
  const scoreTerms = [];

  const search = typeof f.searchExpression_eq === 'string' && f.searchExpression_eq.trim() !== '' ? parseExpression(f.searchExpression_eq) : null;
  if (search) {
    scoreTerms.push(...search.include);
    checks.push((j, t) => search.include.every((w) => t.title.includes(w) || t.description.includes(w)) &&
      !search.exclude.some((w) => t.title.includes(w) || t.description.includes(w)));
  } else if (f.searchTerm_eq) {
    const st = f.searchTerm_eq;
    const low = (l) => (Array.isArray(l) ? l.filter((w) => typeof w === 'string' && w !== '').map((w) => w.toLowerCase()) : []);
    const all = low(st.andTerms_all);
    const any = low(st.orTerms_any);
    const exact = low(st.exactTerms_any);
    const none = low(st.excludeTerms_any);
    scoreTerms.push(...all, ...any, ...exact);
    const has = (t, w) => t.title.includes(w) || t.description.includes(w);
    checks.push((j, t) => all.every((w) => has(t, w)) &&
      (any.length === 0 || any.some((w) => has(t, w))) &&
      (exact.length === 0 || exact.some((w) => has(t, w))) &&
      !none.some((w) => has(t, w)));
  }

  const titleExpr = typeof f.titleExpression_eq === 'string' && f.titleExpression_eq.trim() !== '' ? parseExpression(f.titleExpression_eq) : null;
  if (titleExpr) {
    scoreTerms.push(...titleExpr.include);
    checks.push((j, t) => titleExpr.include.every((w) => t.title.includes(w)) && !titleExpr.exclude.some((w) => t.title.includes(w)));
  }

  let skillNames = [];
  if (typeof f.skillExpression_eq === 'string') {
    skillNames = f.skillExpression_eq.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (skillNames.length) {
      checks.push((j) => data.skillsOf(j).some((s) => skillNames.includes(s.name.toLowerCase()) || skillNames.includes(s.prettyName.toLowerCase())));
    }
  }

  if (nonEmpty(f.categoryIds_any)) {
    const ids = new Set(f.categoryIds_any.map(String));
    checks.push((j) => ids.has(j.categoryId));
  }
  if (nonEmpty(f.subcategoryIds_any)) {
    const ids = new Set(f.subcategoryIds_any.map(String));
    checks.push((j) => ids.has(j.subcategoryId));
  }
  if (nonEmpty(f.ontologySkillIds_all)) {
    const ids = f.ontologySkillIds_all.filter(present).map(String);
    checks.push((j) => ids.every((id) => j.skillIds.includes(id)));
  }
  if (present(f.jobType_eq)) checks.push((j) => j.jobType === f.jobType_eq);
  if (present(f.experienceLevel_eq)) checks.push((j) => j.experienceLevel === f.experienceLevel_eq);
  if (present(f.workload_eq)) checks.push((j) => j.workload === f.workload_eq);
  if (f.verifiedPaymentOnly_eq === true) checks.push((j) => data.clientOf(j).verificationStatus === 'VERIFIED');
  if (f.enterpriseOnly_eq === true) checks.push((j) => j.enterprise);
  if (present(f.clientHiresRange_eq)) checks.push((j) => inRange(data.clientOf(j).totalHires, f.clientHiresRange_eq));
  if (present(f.proposalRange_eq)) checks.push((j) => inRange(j.totalApplicants, f.proposalRange_eq));

  // Budget and hourly rate each select their own job type; both together
  // are a union (fixed within the budget OR hourly within the rate).
  const budget = present(f.budgetRange_eq) ? f.budgetRange_eq : null;
  const rate = present(f.hourlyRate_eq) ? f.hourlyRate_eq : null;
  if (budget || rate) {
    checks.push((j) => (budget !== null && j.jobType === 'FIXED' && inRange(j.amount, budget)) ||
      (rate !== null && j.jobType === 'HOURLY' && overlaps(j.hourlyBudgetMin, j.hourlyBudgetMax, rate)));
  }

  if (present(f.daysPosted_eq) && f.daysPosted_eq > 0) {
    const limit = f.daysPosted_eq * data.DAY_S;
    checks.push((j) => j.postedSecondsAgo <= limit);
  }

  if (nonEmpty(f.locations_any)) {
    const wanted = new Set(f.locations_any.filter(present).map((s) => s.toLowerCase()));
    checks.push((j) => {
      const country = data.countryOf(data.clientOf(j));
      return wanted.has(country.name.toLowerCase()) || wanted.has(country.twoLetterAbbreviation.toLowerCase());
    });
  }

  return {
    test(job) {
      const t = lower(job);
      return checks.every((c) => c(job, t));
    },
    scoreTerms,
    skillNames,
  };
}

// RELEVANCE: for each positive term of searchExpression_eq (or searchTerm_eq)
// and titleExpression_eq, 2 × its occurrences in the title + its
// occurrences in the description.
function relevance(job, terms) {
  if (!terms.length) return 0;
  const t = lower(job);
  let score = 0;
  for (const w of terms) score += 2 * occurrences(t.title, w) + occurrences(t.description, w);
  return score;
}

// ---- sort -----------------------------------------------------------------------------

const cmpNum = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
// Ids are all 19 digits, so string order is numeric order.
const cmpId = (a, b) => cmpNum(a.id, b.id);

function sortKey(field, job, terms) {
  switch (field) {
    case 'CLIENT_TOTAL_CHARGE':
      return [data.clientOf(job).totalSpent];
    case 'CLIENT_RATING':
      return [data.clientOf(job).totalFeedback];
    case 'RELEVANCE':
      return [relevance(job, terms), -job.postedSecondsAgo];
    case 'RECENCY':
    default:
      return [-job.postedSecondsAgo];
  }
}

// Only the first sort attribute counts. The whole key (value, then recency
// for RELEVANCE, then id) is compared in sortOrder's direction, so ASC is
// exactly the reverse of DESC.
function sortJobs(jobs, sortAttributes, terms) {
  const first = Array.isArray(sortAttributes) ? sortAttributes.find(present) : null;
  const field = first ? first.field : 'RECENCY';
  const dir = first && first.sortOrder === 'ASC' ? 1 : -1;
  const keyed = jobs.map((job) => ({ job, key: sortKey(field, job, terms) }));
  keyed.sort((a, b) => {
    for (let k = 0; k < a.key.length; k++) {
      const c = cmpNum(a.key[k], b.key[k]);
      if (c) return dir * c;
    }
    return dir * cmpId(a.job, b.job);
  });
  return keyed.map((k) => k.job);
}

// ---- pagination --------------------------------------------------------------------------

function encodeCursor(mode, offset) {
  return mode === 'cursor' ? Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64') : String(offset);
}

function decodeAfter(mode, after) {
  if (after === null || after === undefined) return 0;
  if (mode === 'cursor') {
    const text = Buffer.from(after, 'base64').toString('utf8');
    const m = /^jobs:(\d{1,9})$/.exec(text);
    if (!m || Buffer.from(text, 'utf8').toString('base64') !== after) throw searchError();
    return Number(m[1]);
  }
  if (!/^\d{1,9}$/.test(after)) throw searchError();
  return Number(after);
}

// mode: config switch jobs_pagination (offset | cursor | broken | fixed10).
function page(sorted, pagination, mode) {
  const total = sorted.length;
  let start = 0;
  let size = PAGE_DEFAULT;
  let fixed = false;
  if (mode === 'fixed10') {
    fixed = true;
  } else if (pagination) {
    if (mode === 'broken') throw httpError(500, 'Exception occurred');
    if (!Number.isInteger(pagination.first) || pagination.first < 0) throw searchError();
    size = Math.min(pagination.first, PAGE_MAX);
    start = decodeAfter(mode, pagination.after);
  }
  const slice = sorted.slice(start, start + size);
  const cursorMode = mode === 'cursor' ? 'cursor' : 'offset';
  return {
    totalCount: total,
    edges: slice.map((job, k) => ({ job, cursor: encodeCursor(cursorMode, start + k + 1) })),
    pageInfo: {
      endCursor: encodeCursor(cursorMode, start + slice.length),
      hasNextPage: fixed ? false : start + slice.length < total,
    },
  };
}

// The whole search: returns {totalCount, edges: [{job, cursor}], pageInfo, skillNames}.
function search(args, mode) {
  const filter = args.marketPlaceJobFilter || {};
  const compiled = compileFilter(filter);
  const matches = data.JOBS.filter((j) => compiled.test(j));
  const sorted = sortJobs(matches, args.sortAttributes, compiled.scoreTerms);
  return { ...page(sorted, present(filter.pagination_eq) ? filter.pagination_eq : null, mode), skillNames: compiled.skillNames };
}

module.exports = { search, parseExpression, relevance, compileFilter, sortJobs, PAGE_DEFAULT, PAGE_MAX };
