'use strict';
// Proposals, Connects and job applications (schema/proposals.graphql):
// seeded demo proposals, each organization's Connects balance, each job's
// Connects cost, and the state that createJobProposal changes.
//
// The seeded proposals are generated once from SEED by a seeded PRNG
// (mulberry32, as in data-jobs.js) and refer to seeded job postings. Their
// times are stored as seconds before "now" (the sandbox clock), so they
// stay recent; proposals made by createJobProposal store the absolute time
// of their creation. reset() drops created proposals and spent Connects.
//
// Rules (filter, sort, pagination, the checks of createJobProposal) live in
// proposals-rules.js; README.md ("Proposals") states them in prose.

const config = require('./config');
const jobsData = require('./data-jobs');
const { mulberry32, deepFreeze } = require('./seeded');

const SEED = 20260915;
const ADA = { user: '1390042875001225216', org: '1390042875009613825' };
const GRACE = { user: '1417508230163849216', agency: '1417508230176432129', personal: '1417508230172237824' };

// First ids: seeded proposals of ada 1920000000000000101.., grace's agency
// ..201.., grace's personal organization ..301..; created ones ..1001.. in
// order of creation (reset restarts the count). All 19 digits.
const ID_BASE = 1920000000000000000n;
const FIRST_CREATED_ID = 1001n;

// Seeded balances per organization (README.md: "Connects").
const SEEDED_BALANCES = Object.freeze({
  [ADA.org]: 80,
  [GRACE.agency]: 200,
  [GRACE.personal]: 2,
});

// Choices for estimatedDuration (proposalMetadata.engagementDurationValues):
// the same ids and labels as the jobs area's engagement durations.
const DURATIONS = Object.freeze([
  Object.freeze({ id: 'WEEK', label: 'Less than 1 month' }),
  Object.freeze({ id: 'MONTH', label: '1 to 3 months' }),
  Object.freeze({ id: 'QUARTER', label: '3 to 6 months' }),
  Object.freeze({ id: 'SEMESTER', label: 'More than 6 months' }),
]);

// Why a proposal left the SUBMITTED/ACTIVE buckets (ProposalReason and
// proposalMetadata.reasons). Ids are the sandbox's choice.
const REASONS = Object.freeze({
  DECLINED: Object.freeze({ id: '11', reason: 'Client declined', description: 'The client chose another freelancer.', alias: 'CLIENT_DECLINED' }),
  WITHDRAWN: Object.freeze({ id: '21', reason: 'Applied by mistake', description: 'Withdrawn by the freelancer.', alias: 'APPLIED_BY_MISTAKE' }),
  JOB_CLOSED: Object.freeze({ id: '31', reason: 'Job closed', description: 'The client closed the job posting.', alias: 'JOB_CLOSED' }),
  HIRED: Object.freeze({ id: '41', reason: 'Hired', description: 'The client hired you for this job.', alias: 'HIRED' }),
});

// Status names (VendorProposalStatusName) and the buckets of the
// `status_eq` filter (VendorProposalStatusFilterInput).
const BUCKETS = Object.freeze({
  SUBMITTED: Object.freeze(['SUBMITTED']),
  ACTIVE: Object.freeze(['ACTIVE']),
  ARCHIVED: Object.freeze(['HIRED', 'DECLINED', 'WITHDRAWN', 'JOB_CLOSED']),
});

const HOSTILE_LETTERS = [
  'Hello! <script>alert("cover")</script> I can start today.',
  'I fixed this before: "><img src=x onerror=alert(1)> — and \'quotes\' \\ backslashes \\',
  `Long word: ${'Supercalifragilistic'.repeat(16)} end.`,
  'مرحبا، أنا مهتم بهذا المشروع. Invoice \u202Efdp.exe\u202C attached \u2067שלום\u2069.',
  'Line one\r\nSet-Cookie: x=1\n\n{{7*7}} ${7*7} &lt;b&gt;not bold&lt;/b&gt; 👩‍💻🇬🇧',
];

// A job's Connects cost: 2 + 2 × (id mod 8), so 2..16 and even.
// Upwork's API documents no field for it; see GET /__sandbox/proposals.
function connectsCost(job) {
  return 2 + 2 * Number(BigInt(job.id) % 8n);
}

// ---- seeded proposals ------------------------------------------------------

// [user, organization, status, count]; ada's statuses cover every bucket.
const SEED_PLAN = [
  [ADA.user, ADA.org, 101, ['SUBMITTED', 8], ['ACTIVE', 5], ['HIRED', 3], ['DECLINED', 4], ['WITHDRAWN', 3], ['JOB_CLOSED', 2]],
  [GRACE.user, GRACE.agency, 201, ['SUBMITTED', 2], ['ACTIVE', 1], ['DECLINED', 1]],
  [GRACE.user, GRACE.personal, 301, ['SUBMITTED', 1], ['HIRED', 1], ['WITHDRAWN', 1]],
];

function generateSeeded() {
  const rnd = mulberry32(SEED);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  // Jobs posted more than 2 days ago, so a proposal fits after the posting.
  const pool = jobsData.JOBS.filter((j) => j.postedSecondsAgo > 2 * 86400);
  const usedCreated = new Set();
  const usedModified = new Set();
  const distinct = (used, lo, hi) => {
    for (;;) {
      const s = int(lo, hi);
      if (!used.has(s)) {
        used.add(s);
        return s;
      }
    }
  };
  const out = [];
  let hostile = 0;
  const jobsOf = new Map(); // org -> Set of job ids
  for (const [userId, orgId, firstId, ...groups] of SEED_PLAN) {
    const taken = new Set();
    jobsOf.set(orgId, taken);
    let n = 0;
    for (const [status, count] of groups) {
      for (let k = 0; k < count; k++, n++) {
        // Grace's personal organization applies to the same job as her
        // agency's first proposal: duplicates are per organization.
        let job;
        if (orgId === GRACE.personal && n === 0) job = jobsData.jobById(out.find((p) => p.organizationId === GRACE.agency).jobId);
        else do job = pool[int(0, pool.length - 1)]; while (taken.has(job.id));
        taken.add(job.id);
        const createdSecondsAgo = distinct(usedCreated, 3600, job.postedSecondsAgo - 600);
        const modifiedSecondsAgo = distinct(usedModified, 60, createdSecondsAgo - 30);
        const hourly = job.jobType === 'HOURLY';
        const base = hourly ? (job.hourlyBudgetMin ?? 30) : job.amount;
        const chargeCents = Math.max(300, Math.round(base * (0.8 + rnd() * 0.4) * 100) - (rnd() < 0.5 ? 0 : 50));
        const letter = userId === ADA.user && n % 5 === 2 && hostile < HOSTILE_LETTERS.length
          ? HOSTILE_LETTERS[hostile++]
          : `Dear client,\n\nI have delivered similar work before and can start this week. Proposal ${n + 1}.\n\nBest regards`;
        const annotations = [];
        if (n % 4 === 1) annotations.push('INVITED');
        if (n % 6 === 3) annotations.push('BOOSTED');
        if (status !== 'SUBMITTED' || n % 3 === 0) annotations.push('VIEWED');
        out.push({
          id: String(ID_BASE + BigInt(firstId + n)),
          userId,
          organizationId: orgId,
          jobId: job.id,
          status,
          reasonId: REASONS[status] ? REASONS[status].id : null,
          annotations,
          createdSecondsAgo,
          modifiedSecondsAgo,
          createdEpochS: null,
          modifiedEpochS: null,
          chargeCents,
          durationId: hourly ? null : DURATIONS[int(0, DURATIONS.length - 1)].id,
          upfrontPaymentPercent: hourly ? null : 0,
          coverLetter: letter,
          answers: job.screeningQuestions.map((question, q) => ({ question, answer: `Answer ${q + 1}: yes, see my portfolio.` })),
          milestones: [],
          boostBidAmount: annotations.includes('BOOSTED') ? 4 : null,
          connectsSpent: connectsCost(job),
          created: false,
        });
      }
    }
  }
  return deepFreeze(out);
}

const SEEDED = generateSeeded();

// ---- mutable state -------------------------------------------------------------

let created = [];
let spent = {};
let nextId = FIRST_CREATED_ID;
// Every execution of createJobProposal, failed or not, in order:
// {t, userId, organizationId, jobReference, status, error, newProposalId}.
let attempts = [];

function reset() {
  created = [];
  spent = {};
  nextId = FIRST_CREATED_ID;
  attempts = [];
}

function recordAttempt(attempt) {
  attempts.push(attempt);
}

function all() {
  return [...SEEDED, ...created];
}

function byId(id) {
  return all().find((p) => p.id === id) || null;
}

// Balance = the seeded one (or the switch connects_balance's) minus what
// createJobProposal spent since the last reset, never below 0.
function balance(orgId) {
  const override = config.get().connects_balance;
  const start = Object.hasOwn(override, orgId) ? override[orgId] : SEEDED_BALANCES[orgId] ?? 0;
  return Math.max(0, start - (spent[orgId] || 0));
}

function isClosed(jobId) {
  return config.get().closed_jobs.includes(jobId);
}

function appliedFrom(orgId, jobId) {
  return all().some((p) => p.organizationId === orgId && p.jobId === jobId);
}

// Records a new proposal (already checked) and spends its Connects.
function add(fields, nowMs) {
  const epochS = jobsData.epochSeconds(nowMs);
  const id = String(ID_BASE + nextId);
  nextId += 1n;
  const record = {
    id,
    status: 'SUBMITTED',
    reasonId: null,
    createdSecondsAgo: null,
    modifiedSecondsAgo: null,
    createdEpochS: epochS,
    modifiedEpochS: epochS,
    created: true,
    ...fields,
  };
  created.push(record);
  spent[record.organizationId] = (spent[record.organizationId] || 0) + record.connectsSpent;
  return record;
}

function createdEpochS(p, nowMs) {
  return p.createdEpochS ?? jobsData.epochSeconds(nowMs) - p.createdSecondsAgo;
}

function modifiedEpochS(p, nowMs) {
  return p.modifiedEpochS ?? jobsData.epochSeconds(nowMs) - p.modifiedSecondsAgo;
}

function iso(epochS) {
  return new Date(epochS * 1000).toISOString();
}

// "1500", "12.5", "123456.78" from integer cents.
function centsToDecimal(cents) {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

// GET /__sandbox/proposals: everything a test needs to predict answers.
function dump(nowMs) {
  const orgs = Object.keys(SEEDED_BALANCES);
  return {
    now: iso(jobsData.epochSeconds(nowMs)),
    proposals: all().map((p) => ({
      id: p.id,
      organizationId: p.organizationId,
      userId: p.userId,
      jobId: p.jobId,
      status: p.status,
      bucket: Object.keys(BUCKETS).find((b) => BUCKETS[b].includes(p.status)),
      reason: p.reasonId ? Object.values(REASONS).find((r) => r.id === p.reasonId) : null,
      annotations: p.annotations,
      createdDateTime: iso(createdEpochS(p, nowMs)),
      modifiedDateTime: iso(modifiedEpochS(p, nowMs)),
      terms: { chargeRate: centsToDecimal(p.chargeCents), estimatedDuration: p.durationId, upfrontPaymentPercent: p.upfrontPaymentPercent },
      coverLetter: p.coverLetter,
      answers: p.answers,
      milestones: p.milestones,
      boostBidAmount: p.boostBidAmount,
      connectsSpent: p.connectsSpent,
      created: p.created,
    })),
    attempts: attempts.map((a) => ({ ...a })),
    connects: connectsDump(orgs),
  };
}

// GET /__sandbox/connects: balances and every job's cost.
function connectsDump(orgs = Object.keys(SEEDED_BALANCES)) {
  return {
    balances: Object.fromEntries(orgs.map((o) => [o, balance(o)])),
    seededBalances: SEEDED_BALANCES,
    spent: { ...spent },
    closedJobs: [...config.get().closed_jobs],
    jobCosts: Object.fromEntries(jobsData.JOBS.map((j) => [j.id, connectsCost(j)])),
  };
}

module.exports = {
  BUCKETS, DURATIONS, REASONS, SEEDED_BALANCES, ADA, GRACE,
  connectsCost, reset, recordAttempt, all, byId, balance, isClosed, appliedFrom, add,
  createdEpochS, modifiedEpochS, iso, centsToDecimal, dump, connectsDump,
};
