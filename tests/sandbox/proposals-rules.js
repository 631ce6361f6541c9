'use strict';
// The rules of the Proposals area: which proposals vendorProposals lists,
// in which order and page, and the checks createJobProposal makes before
// it records a proposal. Pure functions over data-proposals.js records;
// README.md ("Proposals") states the same rules in prose.
//
// Errors thrown here are resolver errors (graphql.js words them as
// "Exception while fetching data (/vendorProposals) : …").

const proposals = require('./data-proposals');
const jobsData = require('./data-jobs');

const PAGE_MAX = 40;
const COVER_LETTER_MAX = 5000;
const ANSWER_MAX = 2000;
const MIN_CENTS = 300;
const MAX_CENTS = 99999900;

// ---- vendorProposals ------------------------------------------------------------

function matches(p, filter, ctx) {
  if (p.userId !== ctx.user.id || p.organizationId !== ctx.organization.id) return false;
  if (!proposals.BUCKETS[filter.status_eq].includes(p.status)) return false;
  if (filter.annotations_eq && !p.annotations.includes(filter.annotations_eq)) return false;
  if (filter.freelancerId_eq != null && filter.freelancerId_eq !== p.userId) return false;
  if (filter.organizationId_eq != null && filter.organizationId_eq !== p.organizationId) return false;
  const jobIds = filter.jobPostingIds_any.filter((id) => id !== null);
  if (jobIds.length && !jobIds.includes(p.jobId)) return false;
  return true;
}

// Key (time, id) compared in sortOrder's direction: ASC is the exact
// reverse of DESC and the order is total.
function sortProposals(list, sortAttribute, nowMs) {
  const time = sortAttribute.field === 'MODIFIEDDATETIME' ? proposals.modifiedEpochS : proposals.createdEpochS;
  const dir = sortAttribute.sortOrder === 'ASC' ? 1 : -1;
  return list
    .map((p) => ({ p, t: time(p, nowMs) }))
    .sort((a, b) => dir * (a.t - b.t || (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0)))
    .map((x) => x.p);
}

// `after` is a decimal offset as a string ("0" or null: from the start).
function page(list, pagination) {
  const { first, after } = pagination;
  if (first > PAGE_MAX) throw new Error('VJCA-6');
  if (first < 0) throw new Error('Exception occurred');
  if (after != null && !/^\d{1,9}$/.test(after)) throw new Error('Exception occurred');
  const offset = after == null ? 0 : Number(after);
  const slice = list.slice(offset, offset + first);
  return {
    totalCount: list.length,
    edges: slice.map((p, k) => ({ cursor: String(offset + k + 1), p })),
    pageInfo: { endCursor: String(offset + slice.length), hasNextPage: offset + slice.length < list.length },
  };
}

function list(args, ctx, nowMs) {
  const found = proposals.all().filter((p) => matches(p, args.filter, ctx));
  return page(sortProposals(found, args.sortAttribute, nowMs), args.pagination);
}

// The signed-in user's proposal in the request's organization, or null.
function visible(id, ctx) {
  const p = proposals.byId(String(id));
  return p && p.userId === ctx.user.id && p.organizationId === ctx.organization.id ? p : null;
}

// ---- createJobProposal --------------------------------------------------------------

class ProposalError extends Error {}
function fail(code, text) {
  throw new ProposalError(`VJCA-${code}: ${text}`);
}

// Integer cents of a positive amount with at most 2 decimals, else null.
function toCents(amount) {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) return null;
  const cents = Math.round(amount * 100);
  return Math.abs(amount * 100 - cents) < 1e-6 ? cents : null;
}

function checkJob(input, ctx) {
  const job = jobsData.jobById(String(input.jobReference));
  if (!job) fail(1, `Opening not found for uid=${String(input.jobReference).slice(0, 100)}`);
  if (proposals.isClosed(job.id)) fail(2, 'This job is no longer accepting proposals');
  if (input.teamOrgId !== ctx.organization.id || (input.agencyOrgId != null && input.agencyOrgId !== ctx.organization.id)) {
    fail(3, 'teamOrgId is not the organization you work in');
  }
  const who = input.selectedContractor;
  if (who.id !== ctx.user.id || who.oDeskUserID !== ctx.user.nid) fail(4, 'selectedContractor is not the signed-in user');
  if (proposals.appliedFrom(ctx.organization.id, job.id)) fail(5, 'You have already submitted a proposal to this job');
  return job;
}

function checkTerms(input) {
  const letter = input.coverLetter;
  if (letter.trim() === '') fail(7, 'Cover letter is required');
  if ([...letter].length > COVER_LETTER_MAX) fail(8, `Cover letter must be at most ${COVER_LETTER_MAX} characters`);
  const cents = toCents(input.chargedAmount);
  if (cents === null) fail(9, 'chargedAmount must be a positive amount with at most 2 decimals');
  if (cents < MIN_CENTS) fail(10, 'chargedAmount must be at least 3.00');
  if (cents > MAX_CENTS) fail(11, 'chargedAmount must be at most 999999');
  if (input.estimatedDuration != null && !proposals.DURATIONS.some((d) => d.id === input.estimatedDuration)) {
    fail(12, 'Unknown estimatedDuration');
  }
  return cents;
}

// Every screening question of the job is required; answers are matched to
// questions by the exact question text. Answers to other text are ignored.
function checkAnswers(input, job) {
  const given = (input.questions || []).filter(Boolean);
  return job.screeningQuestions.map((question, k) => {
    const hit = given.find((q) => q.question === question);
    if (!hit || hit.answer.trim() === '') fail(13, `Screening question ${k + 1} is not answered`);
    if ([...hit.answer].length > ANSWER_MAX) fail(14, `The answer to screening question ${k + 1} is over ${ANSWER_MAX} characters`);
    return { question, answer: hit.answer };
  });
}

function checkMilestones(input) {
  return (input.milestones || []).filter(Boolean).map((m, k) => {
    const cents = toCents(m.amount);
    if (m.description.trim() === '' || m.dueDate.trim() === '' || cents === null) fail(15, `Milestone ${k + 1} needs a description, a due date and a positive amount`);
    return { description: m.description, dueDate: m.dueDate, amount: proposals.centsToDecimal(cents) };
  });
}

// Runs every check in the documented order; the first failure is the
// answer. On success records the proposal and spends the Connects.
function create(input, ctx, nowMs) {
  const job = checkJob(input, ctx);
  const cents = checkTerms(input);
  const answers = checkAnswers(input, job);
  const milestones = checkMilestones(input);
  const boost = input.boostBidAmount ?? null;
  if (boost !== null && boost < 0) fail(16, 'boostBidAmount must not be negative');
  const cost = proposals.connectsCost(job) + (boost || 0);
  const balance = proposals.balance(ctx.organization.id);
  if (balance < cost) fail(17, `Not enough Connects: this proposal needs ${cost}, the balance is ${balance}`);
  return proposals.add({
    userId: ctx.user.id,
    organizationId: ctx.organization.id,
    jobId: job.id,
    annotations: boost ? ['BOOSTED'] : [],
    chargeCents: cents,
    durationId: input.estimatedDuration ?? null,
    upfrontPaymentPercent: job.jobType === 'FIXED' ? 0 : null,
    coverLetter: input.coverLetter,
    answers,
    milestones,
    boostBidAmount: boost,
    connectsSpent: cost,
  }, nowMs);
}

module.exports = { PAGE_MAX, list, visible, create, ProposalError };
