#!/usr/bin/env node
'use strict';
// Self-test of the sandbox's Proposals area (schema/proposals.graphql):
// vendorProposals, vendorProposal, proposalMetadata, connectsSummary,
// createJobProposal, the control endpoints /__sandbox/proposals and
// /__sandbox/connects, the switches closed_jobs and connects_balance, and
// graphql_fault's "operation"/"after_execute", permissions, drift and the
// good-faith introspection rule on the new operations. Expectations are
// computed here from the dumps and the rules in README.md ("Proposals").
// Node built-ins only. Ends with "N passed, N failed".
//
//   node tests/sandbox/test-proposals.js

const assert = require('node:assert/strict');
const { ADA, GRACE, test, run, url, ctl, login, loginAll, gql: request } = require('./test-lib');

const ARCHIVED = ['HIRED', 'DECLINED', 'WITHDRAWN', 'JOB_CLOSED'];

let base = null;
const tokens = {};
let JOBS = null; // GET /__sandbox/jobs, by id

// opts: { user: 'ada' | 'grace', tenant, operationName }
const gql = (query, variables, opts = {}) => request(tokens[opts.user || 'ada'], query, variables, opts);

const LIST = `query VendorProposals($filter: VendorProposalFilter!, $sort: VendorProposalSortAttribute!, $page: Pagination!) {
  vendorProposals(filter: $filter, sortAttribute: $sort, pagination: $page) {
    totalCount
    edges { cursor node { id status { status reason { id reason } } annotations auditDetails { createdDateTime modifiedDateTime } } }
    pageInfo { endCursor hasNextPage }
  }
}`;

const DETAIL = `query VendorProposal($id: ID!) {
  vendorProposal(id: $id) {
    id coverLetter proposalCoverLetter annotations
    user { id nid name publicUrl }
    organization { id name type photoUrl company { name } }
    marketplaceJobPosting { id content { title } contractorSelection { proposalRequirement { screeningQuestions { question sequenceNumber } } } }
    terms { chargeRate { rawValue currency displayValue } estimatedDuration { id label } upfrontPaymentPercent }
    projectPlan { id milestones { description dueDate amount } }
    auditDetails { createdByUser { id } modifiedByUser { id } createdDateTime modifiedDateTime }
    status { status reason { id reason description } }
  }
}`;

const APPLY = `mutation CreateJobProposal($input: CreateJobProposalInput!) {
  createJobProposal(input: $input) { newProposalId status error }
}`;

function listVars(status, { field = 'CREATEDDATETIME', order = 'DESC', first = 40, after = null, extra = {} } = {}) {
  return { filter: { status_eq: status, jobPostingIds_any: [], ...extra }, sort: { field, sortOrder: order }, page: { first, after } };
}

async function dump() {
  return ctl('GET', 'proposals');
}

// Expected ids of a user's proposals in an organization, from the dump.
function expectedIds(d, { user, org, buckets, field = 'createdDateTime', order = 'DESC' }) {
  const dir = order === 'ASC' ? 1 : -1;
  return d.proposals
    .filter((p) => p.userId === user && p.organizationId === org && buckets.includes(p.status))
    .sort((a, b) => dir * (Date.parse(a[field]) - Date.parse(b[field]) || (a.id < b.id ? -1 : 1)))
    .map((p) => p.id);
}

// A job nobody in `org` has applied to, not closed, with `questions` screening questions (or any).
function freshJob(d, org, { questions = null, type = null, maxCost = 16, skip = 0 } = {}) {
  const applied = new Set(d.proposals.filter((p) => p.organizationId === org).map((p) => p.jobId));
  const found = Object.values(JOBS).filter((j) => !applied.has(j.id) && !d.connects.closedJobs.includes(j.id) &&
    (questions === null || j.screeningQuestions.length === questions) && (type === null || j.jobType === type) &&
    d.connects.jobCosts[j.id] <= maxCost);
  assert.ok(found.length > skip, 'no fresh job found');
  return found[skip];
}

function applyInput(job, over = {}) {
  return {
    jobReference: job.id,
    chargedAmount: 45.5,
    coverLetter: 'I can do this.',
    teamOrgId: ADA.org,
    selectedContractor: { id: ADA.id, oDeskUserID: ADA.nid },
    questions: job.screeningQuestions.map((question) => ({ question, answer: 'Yes.' })),
    ...over,
  };
}

async function apply(input, opts) {
  const r = await gql(APPLY, { input }, opts);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.errors, undefined, r.text);
  return r.json.data.createJobProposal;
}

// ---- tests: vendorProposals -------------------------------------------------------------

test('seeded data: ada ~25 over every status with distinct times, hostile letters; grace in both orgs', async () => {
  const d = await dump();
  const ada = d.proposals.filter((p) => p.userId === ADA.id);
  assert.equal(ada.length, 25);
  assert.ok(ada.every((p) => p.organizationId === ADA.org && !p.created && /^\d{19}$/.test(p.id)));
  for (const s of ['SUBMITTED', 'ACTIVE', ...ARCHIVED]) assert.ok(ada.some((p) => p.status === s), s);
  assert.equal(new Set(ada.map((p) => p.createdDateTime)).size, 25);
  assert.equal(new Set(ada.map((p) => p.modifiedDateTime)).size, 25);
  assert.ok(ada.every((p) => Date.parse(p.modifiedDateTime) > Date.parse(p.createdDateTime)));
  assert.ok(ada.filter((p) => /<script>|onerror|\u202E/.test(p.coverLetter)).length >= 3);
  assert.equal(ada[0].id, '1920000000000000101');
  const agency = d.proposals.filter((p) => p.organizationId === GRACE.agency);
  const personal = d.proposals.filter((p) => p.organizationId === GRACE.personal);
  assert.equal(agency.length, 4);
  assert.equal(personal.length, 3);
  assert.equal(personal[0].jobId, agency[0].jobId, 'same job from both of grace\'s orgs');
  assert.deepEqual(d.attempts, []);
  assert.deepEqual(d.connects.balances, { [ADA.org]: 80, [GRACE.agency]: 200, [GRACE.personal]: 2 });
  for (const [id, cost] of Object.entries(d.connects.jobCosts)) {
    assert.equal(cost, 2 + 2 * Number(BigInt(id) % 8n));
  }
  assert.equal(Object.keys(d.connects.jobCosts).length, Object.keys(JOBS).length);
  assert.deepEqual(await ctl('GET', 'connects'), d.connects);
});

test('vendorProposals: buckets, both sort fields and orders, totalCount', async () => {
  const d = await dump();
  const buckets = { SUBMITTED: ['SUBMITTED'], ACTIVE: ['ACTIVE'], ARCHIVED };
  for (const [bucket, statuses] of Object.entries(buckets)) {
    for (const [field, key] of [['CREATEDDATETIME', 'createdDateTime'], ['MODIFIEDDATETIME', 'modifiedDateTime']]) {
      for (const order of ['ASC', 'DESC']) {
        const r = await gql(LIST, listVars(bucket, { field, order }));
        assert.equal(r.json.errors, undefined, r.text);
        const c = r.json.data.vendorProposals;
        const want = expectedIds(d, { user: ADA.id, org: ADA.org, buckets: statuses, field: key, order });
        assert.deepEqual(c.edges.map((e) => e.node.id), want, `${bucket} ${field} ${order}`);
        assert.equal(c.totalCount, want.length);
        assert.ok(c.edges.every((e) => statuses.includes(e.node.status.status)));
      }
    }
  }
  const created = expectedIds(d, { user: ADA.id, org: ADA.org, buckets: ARCHIVED });
  const modified = expectedIds(d, { user: ADA.id, org: ADA.org, buckets: ARCHIVED, field: 'modifiedDateTime' });
  assert.notDeepEqual(created, modified, 'the two sort fields give different orders');
  const archived = (await gql(LIST, listVars('ARCHIVED'))).json.data.vendorProposals.edges;
  assert.ok(archived.every((e) => e.node.status.reason && e.node.status.reason.reason));
  const submitted = (await gql(LIST, listVars('SUBMITTED'))).json.data.vendorProposals.edges;
  assert.ok(submitted.every((e) => e.node.status.reason === null));
});

test('vendorProposals: pagination by numeric offset, VJCA-6 above 40, bad after', async () => {
  const d = await dump();
  const want = expectedIds(d, { user: ADA.id, org: ADA.org, buckets: ARCHIVED });
  const p1 = (await gql(LIST, listVars('ARCHIVED', { first: 5 }))).json.data.vendorProposals;
  assert.deepEqual(p1.edges.map((e) => e.node.id), want.slice(0, 5));
  assert.deepEqual(p1.edges.map((e) => e.cursor), ['1', '2', '3', '4', '5']);
  assert.deepEqual(p1.pageInfo, { endCursor: '5', hasNextPage: true });
  const p2 = (await gql(LIST, listVars('ARCHIVED', { first: 5, after: p1.pageInfo.endCursor }))).json.data.vendorProposals;
  assert.deepEqual(p2.edges.map((e) => e.node.id), want.slice(5, 10));
  assert.equal(p2.edges[0].cursor, '6');
  assert.deepEqual(p2.pageInfo, { endCursor: '10', hasNextPage: true });
  assert.equal(p2.totalCount, 12);
  const p3 = (await gql(LIST, listVars('ARCHIVED', { first: 5, after: '10' }))).json.data.vendorProposals;
  assert.deepEqual(p3.edges.map((e) => e.node.id), want.slice(10));
  assert.deepEqual(p3.pageInfo, { endCursor: '12', hasNextPage: false });
  const zero = (await gql(LIST, listVars('ARCHIVED', { first: 0 }))).json.data.vendorProposals;
  assert.deepEqual([zero.edges.length, zero.pageInfo.hasNextPage, zero.totalCount], [0, true, 12]);
  const past = (await gql(LIST, listVars('ARCHIVED', { first: 5, after: '99' }))).json.data.vendorProposals;
  assert.deepEqual([past.edges.length, past.pageInfo.hasNextPage], [0, false]);
  const ok40 = await gql(LIST, listVars('ARCHIVED', { first: 40 }));
  assert.equal(ok40.json.errors, undefined);
  const big = await gql(LIST, listVars('ARCHIVED', { first: 41 }));
  assert.equal(big.status, 200);
  assert.equal(big.json.data, null);
  assert.equal(big.json.errors[0].message, 'Exception while fetching data (/vendorProposals) : VJCA-6');
  assert.equal(big.json.errors[0].extensions.classification, 'DataFetchingException');
  for (const after of ['abc', '', '-1']) {
    const r = await gql(LIST, listVars('ARCHIVED', { first: 5, after }));
    assert.equal(r.json.errors[0].message, 'Exception while fetching data (/vendorProposals) : Exception occurred', after);
  }
  assert.equal((await gql(LIST, listVars('ARCHIVED', { first: -1 }))).json.errors.length, 1);
});

test('vendorProposals: annotations_eq, freelancerId_eq, organizationId_eq, jobPostingIds_any', async () => {
  const d = await dump();
  const ada = d.proposals.filter((p) => p.userId === ADA.id);
  const ids = async (bucket, extra) => (await gql(LIST, listVars(bucket, { order: 'ASC', extra }))).json.data.vendorProposals.edges.map((e) => e.node.id).sort();
  const inBucket = (bucket) => ada.filter((p) => p.bucket === bucket);
  for (const a of ['INVITED', 'BOOSTED', 'VIEWED']) {
    assert.deepEqual(await ids('ARCHIVED', { annotations_eq: a }), inBucket('ARCHIVED').filter((p) => p.annotations.includes(a)).map((p) => p.id).sort(), a);
  }
  assert.equal((await ids('SUBMITTED', { freelancerId_eq: ADA.id })).length, 8);
  assert.deepEqual(await ids('SUBMITTED', { freelancerId_eq: GRACE.id }), []);
  assert.equal((await ids('SUBMITTED', { organizationId_eq: ADA.org })).length, 8);
  assert.deepEqual(await ids('SUBMITTED', { organizationId_eq: GRACE.agency }), []);
  const two = inBucket('ACTIVE').slice(0, 2);
  assert.deepEqual(await ids('ACTIVE', { jobPostingIds_any: [two[0].jobId, null, two[1].jobId, '1'] }), two.map((p) => p.id).sort());
  assert.deepEqual(await ids('SUBMITTED', { jobPostingIds_any: [two[0].jobId] }), []);
});

test('vendorProposals: organization separation for grace', async () => {
  const d = await dump();
  const all = async (tenant) => {
    const out = [];
    for (const b of ['SUBMITTED', 'ACTIVE', 'ARCHIVED']) {
      const r = await gql(LIST, listVars(b), { user: 'grace', tenant });
      assert.equal(r.json.errors, undefined, r.text);
      out.push(...r.json.data.vendorProposals.edges.map((e) => e.node.id));
    }
    return out.sort();
  };
  const inOrg = (org) => d.proposals.filter((p) => p.organizationId === org).map((p) => p.id).sort();
  assert.deepEqual(await all(undefined), inOrg(GRACE.agency), 'default organization: the agency');
  assert.deepEqual(await all(GRACE.agency), inOrg(GRACE.agency));
  assert.deepEqual(await all(GRACE.personal), inOrg(GRACE.personal));
  const r = await gql(LIST, listVars('SUBMITTED'), { user: 'grace', tenant: ADA.org });
  assert.equal(r.json.errors[0].extensions.classification, 'ExecutionAborted');
});

// ---- tests: vendorProposal, metadata, Connects -------------------------------------------

test('vendorProposal: every field; the job is the jobs area\'s posting', async () => {
  const d = await dump();
  const p = d.proposals.find((x) => x.userId === ADA.id && x.status === 'DECLINED');
  const r = await gql(DETAIL, { id: p.id });
  assert.equal(r.json.errors, undefined, r.text);
  const v = r.json.data.vendorProposal;
  const job = JOBS[p.jobId];
  assert.equal(v.id, p.id);
  assert.equal(v.coverLetter, p.coverLetter);
  assert.equal(v.proposalCoverLetter, p.coverLetter);
  assert.deepEqual(v.annotations, p.annotations);
  assert.deepEqual(v.user, { id: ADA.id, nid: ADA.nid, name: 'Ada Lovelace', publicUrl: 'https://www.upwork.com/freelancers/~01a7c3e5f9b2d4e6f8' });
  assert.equal(v.organization.id, ADA.org);
  assert.equal(v.organization.type, 'INDIVIDUAL');
  assert.match(v.organization.photoUrl, /\/portraits\/ada\.svg$/);
  assert.equal(v.marketplaceJobPosting.id, p.jobId);
  assert.equal(v.marketplaceJobPosting.content.title, job.title);
  assert.deepEqual(v.marketplaceJobPosting.contractorSelection.proposalRequirement.screeningQuestions.map((q) => q.question), job.screeningQuestions);
  assert.equal(v.terms.chargeRate.rawValue, p.terms.chargeRate);
  assert.equal(v.terms.chargeRate.currency, 'USD');
  assert.match(v.terms.chargeRate.displayValue, /^\$[\d,]+\.\d\d$/);
  assert.equal(v.terms.estimatedDuration && v.terms.estimatedDuration.id, p.terms.estimatedDuration);
  assert.equal(v.terms.upfrontPaymentPercent, p.terms.upfrontPaymentPercent);
  assert.equal(v.projectPlan, null);
  assert.deepEqual(v.auditDetails, { createdByUser: { id: ADA.id }, modifiedByUser: { id: ADA.id }, createdDateTime: p.createdDateTime, modifiedDateTime: p.modifiedDateTime });
  assert.deepEqual(v.status, { status: 'DECLINED', reason: { id: '11', reason: 'Client declined', description: 'The client chose another freelancer.' } });
});

test('vendorProposal: unknown, another user\'s and another organization\'s id are null with an error', async () => {
  const d = await dump();
  const graceAgency = d.proposals.find((p) => p.organizationId === GRACE.agency).id;
  const gracePersonal = d.proposals.find((p) => p.organizationId === GRACE.personal).id;
  const cases = [
    ['ada', undefined, '1'],
    ['ada', undefined, graceAgency],
    ['grace', undefined, gracePersonal],
    ['grace', GRACE.personal, graceAgency],
  ];
  for (const [user, tenant, id] of cases) {
    const r = await gql(DETAIL, { id }, { user, tenant });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.data, { vendorProposal: null }, `${user} ${id}`);
    assert.equal(r.json.errors[0].message, `Exception while fetching data (/vendorProposal) : Proposal not found for id=${id}`);
    assert.equal(r.json.errors[0].extensions.classification, 'DataFetchingException');
  }
  const own = await gql(DETAIL, { id: gracePersonal }, { user: 'grace', tenant: GRACE.personal });
  assert.equal(own.json.data.vendorProposal.organization.id, GRACE.personal);
});

test('proposalMetadata and connectsSummary per organization; connects_balance overrides', async () => {
  const m = await gql('{ proposalMetadata { engagementDurationValues { id label } reasons { id reason alias } } }');
  assert.deepEqual(m.json.data.proposalMetadata.engagementDurationValues, [
    { id: 'WEEK', label: 'Less than 1 month' }, { id: 'MONTH', label: '1 to 3 months' },
    { id: 'QUARTER', label: '3 to 6 months' }, { id: 'SEMESTER', label: 'More than 6 months' },
  ]);
  assert.equal(m.json.data.proposalMetadata.reasons.length, 4);
  const bal = async (user, tenant) => (await gql('{ connectsSummary { connectsBalance } }', undefined, { user, tenant })).json.data.connectsSummary.connectsBalance;
  assert.equal(await bal('ada'), 80);
  assert.equal(await bal('grace'), 200);
  assert.equal(await bal('grace', GRACE.personal), 2);
  await ctl('POST', 'config', { connects_balance: { [GRACE.personal]: 50 } });
  assert.equal(await bal('grace', GRACE.personal), 50);
  assert.equal(await bal('grace', GRACE.agency), 200);
  assert.equal((await ctl('GET', 'connects')).balances[GRACE.personal], 50);
  for (const bad of [{ connects_balance: { '123': 5 } }, { connects_balance: { [ADA.org]: -1 } }, { connects_balance: { [ADA.org]: 1.5 } }, { connects_balance: [] },
    { closed_jobs: ['1'] }, { closed_jobs: 'x' }, { closed_jobs: [5] }]) {
    const res = await fetch(`${base}/__sandbox/config`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(bad) });
    assert.equal(res.status, 400, JSON.stringify(bad));
    await res.text();
  }
});

// ---- tests: createJobProposal ---------------------------------------------------------------

test('createJobProposal: success is listed, shown, dumped and spends Connects', async () => {
  const before = await dump();
  const job = freshJob(before, ADA.org, { questions: 2, type: 'FIXED' });
  const cost = before.connects.jobCosts[job.id];
  const input = applyInput(job, {
    chargedAmount: 1234.5, estimatedDuration: 'MONTH', coverLetter: 'Hi <b>there</b>',
    milestones: [{ description: 'Design', dueDate: '2026-12-01', amount: 600.25 }],
  });
  const res = await apply(input);
  assert.deepEqual(res, { newProposalId: '1920000000000001001', status: 'SUBMITTED', error: null });
  const after = await dump();
  const p = after.proposals.find((x) => x.id === res.newProposalId);
  assert.equal(p.created, true);
  assert.equal(p.status, 'SUBMITTED');
  assert.equal(p.jobId, job.id);
  assert.equal(p.organizationId, ADA.org);
  assert.equal(p.userId, ADA.id);
  assert.deepEqual(p.terms, { chargeRate: '1234.5', estimatedDuration: 'MONTH', upfrontPaymentPercent: 0 });
  assert.deepEqual(p.answers, job.screeningQuestions.map((question) => ({ question, answer: 'Yes.' })));
  assert.deepEqual(p.milestones, [{ description: 'Design', dueDate: '2026-12-01', amount: '600.25' }]);
  assert.equal(p.connectsSpent, cost);
  assert.equal(after.connects.balances[ADA.org], 80 - cost);
  assert.equal(after.attempts.length, 1);
  assert.equal(after.attempts[0].newProposalId, res.newProposalId);
  const bal = (await gql('{ connectsSummary { connectsBalance } }')).json.data.connectsSummary.connectsBalance;
  assert.equal(bal, 80 - cost);
  const list = (await gql(LIST, listVars('SUBMITTED'))).json.data.vendorProposals;
  assert.equal(list.totalCount, 9);
  assert.equal(list.edges[0].node.id, res.newProposalId, 'newest first');
  const v = (await gql(DETAIL, { id: res.newProposalId })).json.data.vendorProposal;
  assert.equal(v.coverLetter, 'Hi <b>there</b>');
  assert.equal(v.terms.chargeRate.displayValue, '$1,234.50');
  assert.deepEqual(v.terms.estimatedDuration, { id: 'MONTH', label: '1 to 3 months' });
  assert.deepEqual(v.projectPlan.milestones, [{ description: 'Design', dueDate: '2026-12-01', amount: '600.25' }]);
  assert.equal(v.auditDetails.createdDateTime, v.auditDetails.modifiedDateTime);
  // A second proposal to the same job from the same organization fails.
  assert.equal((await apply(input)).error, 'VJCA-5: You have already submitted a proposal to this job');
  // Reset restores seeded proposals and balances.
  await ctl('POST', 'reset');
  tokens.ada = await login('ada');
  tokens.grace = await login('grace');
  const reset = await dump();
  assert.equal(reset.proposals.length, before.proposals.length);
  assert.deepEqual(reset.attempts, []);
  assert.equal(reset.connects.balances[ADA.org], 80);
});

test('createJobProposal: every business error, in-band with its code; nothing is created', async () => {
  const d = await dump();
  const withQ = freshJob(d, ADA.org, { questions: 2 });
  const applied = d.proposals.find((p) => p.userId === ADA.id).jobId;
  const q = withQ.screeningQuestions;
  const cases = [
    [{ jobReference: '42' }, 'VJCA-1: Opening not found for uid=42'],
    [{ teamOrgId: GRACE.agency }, 'VJCA-3: teamOrgId is not the organization you work in'],
    [{ agencyOrgId: GRACE.agency }, 'VJCA-3: teamOrgId is not the organization you work in'],
    [{ selectedContractor: { id: GRACE.id, oDeskUserID: GRACE.nid } }, 'VJCA-4: selectedContractor is not the signed-in user'],
    [{ selectedContractor: { id: ADA.id, oDeskUserID: 'someoneelse' } }, 'VJCA-4: selectedContractor is not the signed-in user'],
    [{ jobReference: applied }, 'VJCA-5: You have already submitted a proposal to this job'],
    [{ coverLetter: '  \n ' }, 'VJCA-7: Cover letter is required'],
    [{ coverLetter: 'x'.repeat(5001) }, 'VJCA-8: Cover letter must be at most 5000 characters'],
    [{ chargedAmount: 0 }, 'VJCA-9: chargedAmount must be a positive amount with at most 2 decimals'],
    [{ chargedAmount: -5 }, 'VJCA-9: chargedAmount must be a positive amount with at most 2 decimals'],
    [{ chargedAmount: 10.005 }, 'VJCA-9: chargedAmount must be a positive amount with at most 2 decimals'],
    [{ chargedAmount: 2.99 }, 'VJCA-10: chargedAmount must be at least 3.00'],
    [{ chargedAmount: 999999.01 }, 'VJCA-11: chargedAmount must be at most 999999'],
    [{ estimatedDuration: 'YEAR' }, 'VJCA-12: Unknown estimatedDuration'],
    [{ questions: [{ question: q[0], answer: 'Yes' }] }, 'VJCA-13: Screening question 2 is not answered'],
    [{ questions: null }, 'VJCA-13: Screening question 1 is not answered'],
    [{ questions: [{ question: q[0], answer: 'Yes' }, { question: q[1], answer: ' ' }] }, 'VJCA-13: Screening question 2 is not answered'],
    [{ questions: [{ question: q[0], answer: 'y'.repeat(2001) }, { question: q[1], answer: 'Yes' }] }, 'VJCA-14: The answer to screening question 1 is over 2000 characters'],
    [{ milestones: [{ description: '', dueDate: '2026-12-01', amount: 5 }] }, 'VJCA-15: Milestone 1 needs a description, a due date and a positive amount'],
    [{ boostBidAmount: -1 }, 'VJCA-16: boostBidAmount must not be negative'],
    [{ boostBidAmount: 1000 }, `VJCA-17: Not enough Connects: this proposal needs ${d.connects.jobCosts[withQ.id] + 1000}, the balance is 80`],
  ];
  for (const [over, error] of cases) {
    const r = await apply(applyInput(withQ, over));
    assert.deepEqual(r, { newProposalId: null, status: 'FAILED', error }, JSON.stringify(over).slice(0, 80));
  }
  // Exact limits pass the checks they test.
  const ok = await apply(applyInput(withQ, { chargedAmount: 3, coverLetter: 'é'.repeat(5000), questions: [{ question: q[1], answer: 'z'.repeat(2000) }, { question: 'not asked', answer: '' }, { question: q[0], answer: 'a' }] }));
  assert.equal(ok.status, 'SUBMITTED', ok.error);
  const big = await apply(applyInput(freshJob(d, ADA.org, { questions: 0 }), { chargedAmount: 999999 }));
  assert.equal(big.status, 'SUBMITTED', big.error);
  const after = await dump();
  assert.equal(after.attempts.length, cases.length + 2);
  assert.equal(after.attempts.filter((a) => a.status === 'FAILED').length, cases.length);
  assert.equal(after.proposals.filter((p) => p.created).length, 2);
  await ctl('POST', 'reset');
  tokens.ada = await login('ada');
  tokens.grace = await login('grace');
});

test('createJobProposal: closed_jobs, not enough Connects (grace personal), per-organization duplicates', async () => {
  const d = await dump();
  const job = freshJob(d, ADA.org, { questions: 0 });
  await ctl('POST', 'config', { closed_jobs: [job.id] });
  assert.equal((await apply(applyInput(job))).error, 'VJCA-2: This job is no longer accepting proposals');
  assert.deepEqual((await ctl('GET', 'connects')).closedJobs, [job.id]);
  await ctl('POST', 'config', { closed_jobs: null });
  // Grace's personal organization has 2 Connects: a job costing more fails.
  const costly = Object.values(JOBS).find((j) => j.screeningQuestions.length === 0 && d.connects.jobCosts[j.id] > 2 &&
    !d.proposals.some((p) => p.jobId === j.id));
  const graceInput = (org) => applyInput(costly, { teamOrgId: org, selectedContractor: { id: GRACE.id, oDeskUserID: GRACE.nid } });
  const r = await apply(graceInput(GRACE.personal), { user: 'grace', tenant: GRACE.personal });
  assert.equal(r.error, `VJCA-17: Not enough Connects: this proposal needs ${d.connects.jobCosts[costly.id]}, the balance is 2`);
  // The agency's shared pool pays; then the personal org may still apply (with Connects).
  const a = await apply(graceInput(GRACE.agency), { user: 'grace' });
  assert.equal(a.status, 'SUBMITTED');
  await ctl('POST', 'config', { connects_balance: { [GRACE.personal]: 16 } });
  const b = await apply(graceInput(GRACE.personal), { user: 'grace', tenant: GRACE.personal });
  assert.equal(b.status, 'SUBMITTED', b.error);
  const after = await ctl('GET', 'connects');
  assert.equal(after.balances[GRACE.agency], 200 - d.connects.jobCosts[costly.id]);
  assert.equal(after.balances[GRACE.personal], 16 - d.connects.jobCosts[costly.id]);
  // The seeded job grace's personal org applied to: the agency already applied too.
  const shared = d.proposals.find((p) => p.organizationId === GRACE.personal).jobId;
  assert.equal((await apply({ ...graceInput(GRACE.agency), jobReference: shared, questions: JOBS[shared].screeningQuestions.map((question) => ({ question, answer: 'a' })) }, { user: 'grace' })).error,
    'VJCA-5: You have already submitted a proposal to this job');
  await ctl('POST', 'reset');
  tokens.ada = await login('ada');
  tokens.grace = await login('grace');
});

// ---- tests: faults, permissions, drift, introspection -----------------------------------------

test('graphql_fault with operation: only that operation is hit, others pass and do not count', async () => {
  await ctl('POST', 'config', { graphql_fault: { status: 503, operation: 'CreateJobProposal', count: 1 } });
  const other = await gql('query Other { connectsSummary { connectsBalance } }');
  assert.equal(other.status, 200);
  assert.equal((await ctl('GET', 'config')).graphql_fault.count, 1, 'not counted down');
  const d = await dump();
  const job = freshJob(d, ADA.org, { questions: 0 });
  const hit = await gql(APPLY, { input: applyInput(job) });
  assert.equal(hit.status, 503);
  assert.equal((await ctl('GET', 'config')).graphql_fault, null);
  assert.equal((await dump()).attempts.length, 0, 'not executed');
  // Without after_execute the fault answers before execution; operationName in the body counts too.
  await ctl('POST', 'config', { graphql_fault: { errors: [{ message: 'Authorization failed', extensions: { classification: 'ExecutionAborted' } }], operation: 'B' } });
  const two = 'query A { connectsSummary { connectsBalance } } query B { proposalMetadata { engagementDurationValues { id } } }';
  assert.equal((await gql(two, undefined, { operationName: 'A' })).json.errors, undefined);
  assert.deepEqual((await gql(two, undefined, { operationName: 'B' })).json, { errors: [{ message: 'Authorization failed', extensions: { classification: 'ExecutionAborted' } }], data: null });
  // Old behaviour without the keys: every request, before anything.
  await ctl('POST', 'config', { graphql_fault: { status: 500, count: 1 } });
  assert.equal((await gql('query Other { connectsSummary { connectsBalance } }')).status, 500);
  for (const bad of [{ graphql_fault: { operation: 'X' } }, { graphql_fault: { status: 500, operation: 'a b' } }, { graphql_fault: { status: 500, after_execute: false } },
    { token_fault: { status: 500, operation: 'X' } }, { token_fault: { status: 500, after_execute: true } }]) {
    const res = await fetch(`${base}/__sandbox/config`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(bad) });
    assert.equal(res.status, 400, JSON.stringify(bad));
    await res.text();
  }
});

test('graphql_fault after_execute: the mutation happens, the answer is lost (drop, status, delay)', async () => {
  const d = await dump();
  const jobs = [0, 1, 2].map((skip) => freshJob(d, ADA.org, { questions: 0, maxCost: 8, skip }));
  await ctl('POST', 'config', { graphql_fault: { drop: true, operation: 'CreateJobProposal', after_execute: true, count: 1 } });
  await assert.rejects(gql(APPLY, { input: applyInput(jobs[0]) }), 'the connection is dropped');
  let after = await dump();
  assert.equal(after.attempts.length, 1);
  assert.equal(after.proposals.filter((p) => p.created && p.jobId === jobs[0].id).length, 1, 'the proposal exists');
  const log = await ctl('GET', 'log');
  const last = log[log.length - 1];
  assert.equal(last.fault, 'drop');
  assert.equal(last.after_execute, true);
  assert.equal(last.operationName, 'CreateJobProposal');
  await ctl('POST', 'config', { graphql_fault: { status: 504, after_execute: true, count: 1 } });
  assert.equal((await gql(APPLY, { input: applyInput(jobs[1]) })).status, 504);
  after = await dump();
  assert.equal(after.proposals.filter((p) => p.created).length, 2);
  await ctl('POST', 'config', { graphql_fault: { delay_ms: 300, after_execute: true, operation: 'CreateJobProposal', count: 1 } });
  const t0 = Date.now();
  const slow = await gql(APPLY, { input: applyInput(jobs[2]) });
  assert.ok(Date.now() - t0 >= 280);
  assert.equal(slow.json.data.createJobProposal.status, 'SUBMITTED');
  await ctl('POST', 'reset');
  tokens.ada = await login('ada');
  tokens.grace = await login('grace');
});

test('remove_permissions and drop_fields on createJobProposal; introspection shows the drift', async () => {
  const d = await dump();
  const job = freshJob(d, ADA.org, { questions: 0 });
  const introspect = '{ __type(name: "Mutation") { fields { name } } }';
  const names = (await gql(introspect)).json.data.__type.fields.map((f) => f.name);
  assert.ok(names.includes('createJobProposal'));
  await ctl('POST', 'config', { remove_permissions: ['Mutation.createJobProposal'] });
  const denied = await gql(APPLY, { input: applyInput(job) });
  assert.deepEqual(denied.json, { errors: [{ message: "The client or authentication token doesn't have enough oauth2 permissions/scopes to access: [Mutation.createJobProposal].", extensions: { classification: 'ExecutionAborted' } }] });
  assert.equal((await dump()).attempts.length, 0);
  await ctl('POST', 'config', { remove_permissions: null, drop_fields: ['Mutation.createJobProposal'] });
  const dropped = await gql(APPLY, { input: applyInput(job) });
  assert.equal(dropped.status, 200);
  assert.equal(dropped.json.data, undefined);
  assert.match(dropped.json.errors[0].message, /^Validation error \(FieldUndefined@\[createJobProposal\]\) : Field 'createJobProposal' in type 'Mutation' is undefined$/);
  assert.equal(dropped.json.errors[0].extensions.classification, 'ValidationError');
  assert.equal((await dump()).attempts.length, 0);
  const after = (await gql(introspect)).json.data.__type;
  if (after !== null) assert.ok(!after.fields.map((f) => f.name).includes('createJobProposal'));
  assert.equal((await gql('{ __schema { mutationType { name } } }')).json.data.__schema.mutationType === null, after === null);
  await ctl('POST', 'config', { drop_fields: ['VendorProposal.coverLetter', 'Query.connectsSummary'] });
  const q = await gql('{ connectsSummary { connectsBalance } }');
  assert.match(q.json.errors[0].message, /FieldUndefined@\[connectsSummary\]/);
  const t = (await gql('{ __type(name: "VendorProposal") { fields { name } } }')).json.data.__type.fields.map((f) => f.name);
  assert.ok(!t.includes('coverLetter') && t.includes('proposalCoverLetter'));
  await ctl('POST', 'config', { drop_fields: null });
  assert.equal((await gql('{ connectsSummary { connectsBalance } }')).json.data.connectsSummary.connectsBalance, 80);
  await ctl('POST', 'config', { remove_permissions: ['ConnectsSummary.connectsBalance', 'VendorProposal.coverLetter'] });
  assert.match((await gql('{ connectsSummary { connectsBalance } }')).json.errors[0].message, /\[ConnectsSummary\.connectsBalance\]/);
  assert.match((await gql(DETAIL, { id: d.proposals[0].id })).json.errors[0].message, /\[VendorProposal\.coverLetter\]/);
});

test('introspection in good faith: one __type per request', async () => {
  const one = await gql('{ __type(name: "Mutation") { name fields { name args { name } } } }');
  assert.equal(one.json.errors, undefined);
  const two = await gql('{ a: __type(name: "Mutation") { name } b: __type(name: "Query") { name } }');
  assert.deepEqual(two.json, { errors: [{ message: 'This request is not asking for introspection in good faith - __type is present too often!', extensions: { classification: 'BadFaithIntrospection' } }] });
  const viaFragment = await gql('query Q { ...F ...F2 } fragment F on Query { a: __type(name: "A") { name } } fragment F2 on Query { b: __type(name: "B") { name } }');
  assert.equal(viaFragment.json.errors[0].extensions.classification, 'BadFaithIntrospection');
  const nested = await gql('{ __type(name: "VendorProposal") { fields { type { ofType { fields { name } } } } } }');
  assert.match(nested.json.errors[0].message, /__Type\.fields is present too often/);
  const log = await ctl('GET', 'log');
  assert.equal(log[log.length - 1].error, 'BadFaithIntrospection');
  const schemaOnly = await gql('{ __schema { queryType { name } mutationType { name } } }');
  assert.deepEqual(schemaOnly.json.data.__schema, { queryType: { name: 'Query' }, mutationType: { name: 'Mutation' } });
});

// ---- runner ------------------------------------------------------------------------------

run({
  name: 'test-proposals',
  setup: async () => {
    base = url();
    await loginAll(tokens);
    JOBS = Object.fromEntries((await ctl('GET', 'jobs')).jobs.map((j) => [j.id, j]));
  },
  // Reset switches only: tokens must survive between tests.
  beforeEach: () => ctl('POST', 'config', { clock_offset_s: null, remove_permissions: null, drop_fields: null, graphql_fault: null, mark_fields: null, closed_jobs: null, connects_balance: null }),
});
