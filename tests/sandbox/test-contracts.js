#!/usr/bin/env node
'use strict';
// Self-test of the sandbox's contracts area (schema/contracts.graphql):
// contract lists (vendorContracts and its talentWorkHistory fallback),
// contract details, milestones, time reports, the contract actions with their
// role and state rules, the tenant header, and GET /__sandbox/contracts.
// Starts tests/sandbox/server.js on a free loopback port; expectations come
// from the control dump and README.md ("Contracts"). Node built-ins only.
// Ends with "N passed, N failed".
//
//   node tests/sandbox/test-contracts.js

const assert = require('node:assert/strict');
const { ADA, GRACE, test, run, url, ctl, loginAll, gqlOk } = require('./test-lib');

const C = (n) => `1500000000000000${String(n).padStart(3, '0')}`;
const M = (contractN, seq) => `1600000000000000${String(contractN * 10 + seq).padStart(3, '0')}`;

let base = null;
const tokens = {};

// A GraphQL request as `user` ("ada", "grace") in `tenant` (or the default).
const gql = (user, query, variables, tenant) => gqlOk(tokens[user], query, variables, { tenant });

// The data of a request that must succeed.
async function ok(user, query, variables, tenant) {
  const r = await gql(user, query, variables, tenant);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data;
}

// The one error of a request that must fail, checked for class and text.
async function fails(user, query, variables, tenant, { classification, message }) {
  const r = await gql(user, query, variables, tenant);
  assert.ok(r.errors && r.errors.length === 1, `expected one error, got ${JSON.stringify(r)}`);
  const e = r.errors[0];
  assert.equal(e.extensions.classification, classification, e.message);
  if (message) assert.match(e.message, message);
  return r;
}

async function dump() {
  return ctl('GET', 'contracts');
}

function byId(d, id) {
  const c = d.contracts.find((x) => x.id === id);
  assert.ok(c, `contract ${id} in the dump`);
  return c;
}

function money(raw) {
  const [whole, frac = ''] = raw.split('.');
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac.padEnd(2, '0')}`;
}

// Cents of a decimal string, to add amounts exactly.
function cents(raw) {
  const [whole, frac = ''] = raw.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// ---- queries used below ----------------------------------------------------------------------

const VENDOR = `query V($filter: VendorContractSearchFilter!, $options: ContractOptionsInput, $paging: ContractPagingInput) {
  vendorContracts(filter: $filter, options: $options, paging: $paging) {
    paging { limit offset }
    contracts { id title status startDate endDate offerId isPtc
      freelancer { id name email } vendorOrganization { id name } clientOrganization { id name legacyType photoUrl }
      hourlyLimits { id weeklyLimit }
      terms { hourlyTerms { id hourlyRate { rawValue currency displayValue } manualTimeAllowed }
              fixedPriceTerms { id fixedAmount { rawValue displayValue } fpCharge { rawValue } milestones { id state } } } }
  }
}`;

const HISTORY = `query H($filter: TalentWorkHistoryFilterInput) {
  talentWorkHistory(filter: $filter) {
    totalCount
    workHistoryList { contract { id title status startDate endDate clientOrgId clientTeamId createDate terms { hourlyRate fixedAmount jobType stipendAmount } }
      contractAggregate { hours totalCharge } opening { id title } }
  }
}`;

const DETAILS = `query D($id: ID!, $date: String) {
  contractDetails(id: $id, date: $date) {
    id title status closingReason { id apiRef reason } createDate modifyDate startDate endDate offerId isPtc
    freelancer { id rid name firstName lastName email photoUrl }
    vendorOrganization { id name type legacyType flag { client vendor agency individual } }
    vendorTeam { id } clientOrganization { id name } clientTeam { id }
    hiringManager { id name } agencyManager { id name } supervisor { id } endedBy { id name }
    metadata { agencyContract }
    hourlyLimits { id weeklyLimit startDate }
    terms { hourlyTerms { id hourlyRate { rawValue } startDate } fixedPriceTerms { id fixedAmount { rawValue } fpCharge { rawValue displayValue }
      milestones { id state description } } }
  }
}`;

const CONTRACT = `query C($id: ID!) {
  contract(id: $id) {
    id title contractType hasAgency status paused suspended manualTimeAllowed hideScreenshots
    weeklyChargeAmount { rawValue displayValue } weeklyHoursLimit hourlyChargeRate { rawValue currency displayValue }
    createdDateTime firstContractStartDateTime modifiedDateTime startDateTime endDateTime
    freelancer { id fullName firstName lastName email userDetails { id nid rid email photoUrl publicUrl } }
    clientCompany { id name description legacyType logoURL }
    milestones { id sequenceId state description instructions dueDateTime createdDateTime modifiedDateTime payComments
      depositAmount { rawValue displayValue } fundedAmount { rawValue } currentEscrowAmount { rawValue } paid { rawValue displayValue }
      bonus { rawValue } overpayment { rawValue } submissionCount lastSubmissionCreatedTime
      submissionEvents { submission { id amount { rawValue } sequenceId createdDateTime } submissionMessage { message createdDateTime } revisionMessage { message } } }
  }
}`;

const TIME = `query T($filter: TimeReportFilter) {
  timeReport(filter: $filter) {
    dateWorkedOn weekWorkedOn monthWorkedOn yearWorkedOn memo task termId
    totalHoursWorked totalCharges totalOnlineHoursWorked totalOnlineCharge totalOfflineHoursWorked totalOfflineCharge
    freelancer { id name } team { id name } contract { id title }
  }
}`;

const PAGED_TIME = `query P($filter: TimeReportFilter, $pagination: Pagination) {
  contractTimeReport(filter: $filter, pagination: $pagination) {
    totalCount edges { cursor node { dateWorkedOn contract { id } totalHoursWorked } } pageInfo { endCursor hasNextPage }
  }
}`;

const MILESTONE_FIELDS = 'id state paid { rawValue displayValue } bonus { rawValue } currentEscrowAmount { rawValue } fundedAmount { rawValue } payComments submissionEvents { revisionMessage { message } }';

function mutationsOf(d) {
  return d.mutations;
}

// Days of `dateYmd` .. of a contract's dump within [from, to] (YYYYMMDD strings).
function daysIn(contract, from, to) {
  return contract.time ? contract.time.days.filter((x) => x.date >= from && x.date <= to) : [];
}

function addDays(ymd, n) {
  const t = Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8))) + n * 86400000;
  return new Date(t).toISOString().slice(0, 10).replace(/-/g, '');
}

function dashed(ymd) {
  return `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
}

// ---- the demo data ------------------------------------------------------------------------------

test('control: GET /__sandbox/contracts lists 14 contracts with rooms, organizations and no mutations', async () => {
  const d = await dump();
  assert.match(d.now, ISO);
  assert.equal(d.contracts.length, 14);
  assert.deepEqual(d.contracts.map((c) => c.id), Array.from({ length: 14 }, (_, i) => C(i + 1)));
  assert.deepEqual(d.mutations, []);
  const rooms = d.contracts.map((c) => c.roomId);
  for (const r of rooms) assert.match(r, /^room_[0-9a-f]{32}$/);
  assert.equal(new Set(rooms).size, 14);
  assert.equal(byId(d, C(1)).roomId, 'room_16c3564fb21a29fc104dba69bf9b07b2', 'room ids are fixed (README)');
  const orgOf = (id) => byId(d, id).organization;
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => orgOf(C(n))), Array(7).fill(ADA.org));
  assert.deepEqual([8, 9, 10].map((n) => orgOf(C(n))), Array(3).fill(GRACE.agency));
  assert.deepEqual([11, 12].map((n) => orgOf(C(n))), Array(2).fill(GRACE.personal));
  assert.deepEqual([6, 7, 13, 14].map((n) => byId(d, C(n)).clientOrganization.id), Array(4).fill(GRACE.client));
  assert.ok(d.closingReasons.some((r) => r.apiRef === 'API_REAS_JOB_COMPLETED_SUCCESSFULLY'));
});

test('data: ada has active hourly and fixed contracts, paused ones, one recently ended; every milestone state', async () => {
  const d = await dump();
  const ada = d.contracts.filter((c) => c.organization === ADA.org);
  const kinds = new Set(ada.map((c) => `${c.contractType}/${c.status}`));
  for (const k of ['HOURLY/ACTIVE', 'FIXED/ACTIVE', 'HOURLY/PAUSED', 'FIXED/PAUSED', 'FIXED/ENDED']) assert.ok(kinds.has(k), k);
  assert.equal(ada.filter((c) => c.status === 'ENDED').length, 1);
  const ended = byId(d, C(5));
  assert.ok(Date.parse(d.now) - Date.parse(ended.endDate) <= 4 * 86400000, 'ended within 4 days');
  assert.equal(new Set(ada.map((c) => c.clientOrganization.id)).size, 6);
  const states = new Set(ada.flatMap((c) => c.milestones.map((m) => m.state)));
  assert.deepEqual([...states].sort(), ['ACTIVE', 'NOT_FUNDED', 'PAID', 'REFUNDED', 'SUBMITTED']);
  assert.deepEqual(byId(d, C(2)).milestones.map((m) => m.state), ['PAID', 'PAID', 'SUBMITTED', 'ACTIVE', 'NOT_FUNDED']);
  // Hostile text in titles and milestone descriptions.
  assert.match(byId(d, C(4)).title, /<script>/);
  assert.match(byId(d, C(4)).milestones[0].description, /onerror/);
  assert.match(byId(d, C(12)).title, /\u202E/);
  assert.ok(byId(d, C(12)).title.split(' ').some((w) => w.length >= 300), 'a 300-character word');
});

test('data: hourly contracts have time this week and last week; weekly limits hold; paused ones stop', async () => {
  const d = await dump();
  for (const c of d.contracts) {
    if (c.contractType !== 'HOURLY') {
      assert.equal(c.time, null);
      continue;
    }
    const t = c.time;
    assert.match(t.weekStart, /^\d{8}$/);
    assert.equal(new Date(`${dashed(t.weekStart)}T00:00:00Z`).getUTCDay(), 1, 'weeks start on Monday');
    const week = daysIn(c, t.weekStart, addDays(t.weekStart, 6));
    const last = daysIn(c, addDays(t.weekStart, -7), addDays(t.weekStart, -1));
    assert.equal(week.reduce((s, x) => s + x.hours, 0), t.hoursThisWeek);
    assert.equal(last.reduce((s, x) => s + x.hours, 0), t.hoursLastWeek);
    assert.equal(last.reduce((s, x) => s + cents(x.charges), 0), cents(t.chargesLastWeek));
    assert.ok(t.hoursThisWeek <= c.weeklyLimit && t.hoursLastWeek <= c.weeklyLimit);
    for (const x of t.days) {
      assert.equal(cents(x.charges), cents(c.hourlyRate) * x.hours, 'charges = rate × hours, exact');
      assert.equal(x.hours * 2, Math.round(x.hours * 2), 'half hours');
    }
  }
  assert.ok(byId(d, C(1)).time.hoursLastWeek > 0);
  const paused = byId(d, C(10));
  const pausedDay = paused.modifyDate.slice(0, 10).replace(/-/g, '');
  assert.ok(paused.time.days.every((x) => x.date <= pausedDay), 'no time after the pause');
});

// ---- vendorContracts ---------------------------------------------------------------------------

test('vendorContracts: ada\'s contracts, newest start first; no terms or limits unless asked', async () => {
  const d = await dump();
  const expected = d.contracts.filter((c) => c.organization === ADA.org)
    .sort((a, b) => Date.parse(b.startDate) - Date.parse(a.startDate)).map((c) => c.id);
  const r = (await ok('ada', VENDOR, { filter: { vendorId: ADA.org } })).vendorContracts;
  assert.deepEqual(r.paging, { limit: 10, offset: 0 });
  assert.deepEqual(r.contracts.map((c) => c.id), expected);
  for (const c of r.contracts) {
    assert.equal(c.terms, null);
    assert.equal(c.hourlyLimits, null);
    const want = byId(d, c.id);
    assert.equal(c.title, want.title);
    assert.equal(c.status, want.status);
    assert.equal(c.startDate, want.startDate);
    assert.equal(c.endDate, want.endDate);
    assert.equal(c.clientOrganization.name, want.clientOrganization.name);
    assert.equal(c.freelancer.id, ADA.id);
    assert.equal(c.isPtc, false);
  }
});

test('vendorContracts: options.addTerms and addHourLimits give rates, budgets, limits and milestones', async () => {
  const d = await dump();
  const r = (await ok('ada', VENDOR, { filter: { vendorId: ADA.org }, options: { addTerms: true, addHourLimits: true } })).vendorContracts;
  for (const c of r.contracts) {
    const want = byId(d, c.id);
    if (want.contractType === 'HOURLY') {
      assert.equal(c.terms.fixedPriceTerms.length, 0);
      assert.deepEqual(c.terms.hourlyTerms[0].hourlyRate, { rawValue: want.hourlyRate, currency: 'USD', displayValue: money(want.hourlyRate) });
      assert.equal(c.terms.hourlyTerms[0].id, want.termId);
      assert.equal(c.hourlyLimits[0].weeklyLimit, String(want.weeklyLimit));
    } else {
      assert.equal(c.terms.hourlyTerms.length, 0);
      assert.deepEqual(c.hourlyLimits, []);
      const term = c.terms.fixedPriceTerms[0];
      assert.equal(term.fixedAmount.rawValue, want.fixedAmount);
      assert.equal(term.fixedAmount.displayValue, money(want.fixedAmount));
      assert.deepEqual(term.milestones.map((m) => [m.id, m.state]), want.milestones.map((m) => [m.id, m.state]));
      const paid = want.milestones.reduce((s, m) => s + cents(m.paid), 0);
      assert.equal(cents(term.fpCharge.rawValue), paid, 'fpCharge = paid so far');
    }
  }
  const hostile = r.contracts.find((c) => c.id === C(4));
  assert.equal(hostile.terms.fixedPriceTerms[0].fixedAmount.displayValue, '$1,234.56');
  assert.equal(hostile.clientOrganization.name, byId(d, C(4)).clientOrganization.name);
});

test('vendorContracts: contractStatuses, startDateBefore, endDateAfter, paging', async () => {
  const d = await dump();
  const q = async (filter, paging) => (await ok('ada', VENDOR, { filter: { vendorId: ADA.org, ...filter }, paging })).vendorContracts.contracts.map((c) => c.id).sort();
  assert.deepEqual(await q({ contractStatuses: ['PAUSED'] }), [C(3), C(7)]);
  assert.deepEqual(await q({ contractStatuses: ['ENDED'] }), [C(5)]);
  assert.deepEqual(await q({ contractStatuses: ['ACTIVE', 'ENDED'] }), [C(1), C(2), C(4), C(5), C(6)]);
  assert.deepEqual(await q({ contractStatuses: [] }), [1, 2, 3, 4, 5, 6, 7].map(C));
  // Starts: 1: 140 days ago, 2: 75, 3: 200, 4: 20, 5: 50, 6: 45, 7: 30.
  const dayAgo = (n) => new Date(Date.parse(d.now) - n * 86400000).toISOString().slice(0, 10);
  assert.deepEqual(await q({ startDateBefore: dayAgo(100) }), [C(1), C(3)]);
  assert.deepEqual(await q({ startDateBefore: dayAgo(100).replace(/-/g, '') }), [C(1), C(3)], 'YYYYMMDD');
  const ended = byId(d, C(5)).endDate;
  const before = new Date(Date.parse(ended) - 1000).toISOString();
  assert.ok((await q({ endDateAfter: before })).includes(C(5)));
  assert.ok(!(await q({ endDateAfter: ended })).includes(C(5)), 'endDateAfter is exclusive');
  assert.equal((await q({ endDateAfter: d.now })).length, 6, 'open contracts always match');
  const all = (await ok('ada', VENDOR, { filter: { vendorId: ADA.org } })).vendorContracts.contracts.map((c) => c.id);
  const page = (await ok('ada', VENDOR, { filter: { vendorId: ADA.org }, paging: { limit: 2, offset: 3, includeTotalCount: true } })).vendorContracts;
  assert.deepEqual(page.paging, { limit: 2, offset: 3 });
  assert.deepEqual(page.contracts.map((c) => c.id), all.slice(3, 5));
  const past = (await ok('ada', VENDOR, { filter: { vendorId: ADA.org }, paging: { offset: 50 } })).vendorContracts;
  assert.deepEqual(past.contracts, []);
});

test('vendorContracts: bad paging or dates fail; another vendorId is refused', async () => {
  for (const paging of [{ limit: 0 }, { limit: 51 }, { offset: -1 }]) {
    const r = await fails('ada', VENDOR, { filter: { vendorId: ADA.org }, paging }, null, { classification: 'DataFetchingException', message: /^Exception while fetching data \(\/vendorContracts\) : Invalid paging\./ });
    assert.equal(r.data.vendorContracts, null);
  }
  await fails('ada', VENDOR, { filter: { vendorId: ADA.org, startDateBefore: 'yesterday' } }, null, { classification: 'DataFetchingException', message: /Invalid startDateBefore/ });
  await fails('ada', VENDOR, { filter: { vendorId: ADA.org, endDateAfter: '2026-02-30' } }, null, { classification: 'DataFetchingException', message: /Invalid endDateAfter/ });
  for (const vendorId of [GRACE.agency, ADA.id, 'nope']) {
    const r = await fails('ada', VENDOR, { filter: { vendorId } }, null, { classification: 'ExecutionAborted', message: /^Authorization failed: vendorId / });
    assert.equal(r.data.vendorContracts, null);
  }
});

test('tenant header: grace\'s agency, personal and client organizations never mix', async () => {
  const d = await dump();
  const ids = async (tenant, vendorId) => (await ok('grace', VENDOR, { filter: { vendorId } }, tenant)).vendorContracts.contracts.map((c) => c.id).sort();
  const agency = await ids(GRACE.agency, GRACE.agency);
  const personal = await ids(GRACE.personal, GRACE.personal);
  assert.deepEqual(agency, d.contracts.filter((c) => c.organization === GRACE.agency).map((c) => c.id));
  assert.deepEqual(personal, d.contracts.filter((c) => c.organization === GRACE.personal).map((c) => c.id));
  assert.deepEqual(agency, [C(8), C(9), C(10)]);
  assert.deepEqual(personal, [C(11), C(12)]);
  assert.deepEqual(await ids(undefined, GRACE.agency), agency, 'no header: the agency');
  assert.deepEqual(await ids(GRACE.client, GRACE.client), [], 'a client organization is no vendor');
  await fails('grace', VENDOR, { filter: { vendorId: GRACE.personal } }, GRACE.agency, { classification: 'ExecutionAborted' });
  // Contracts of one organization are invisible from the other.
  await fails('grace', CONTRACT, { id: C(11) }, GRACE.agency, { classification: 'ExecutionAborted', message: /has no access to contract/ });
  assert.equal((await ok('grace', CONTRACT, { id: C(11) }, GRACE.personal)).contract.id, C(11));
  await fails('grace', CONTRACT, { id: C(8) }, GRACE.personal, { classification: 'ExecutionAborted' });
  // Ada's organization is not grace's to choose.
  const r = await gql('grace', CONTRACT, { id: C(1) }, ADA.org);
  assert.equal(r.errors[0].extensions.classification, 'ExecutionAborted');
  assert.equal(r.data, undefined);
});

// ---- the fallback --------------------------------------------------------------------------------

test('fallback: remove_permissions on vendorContracts blocks it whole; talentWorkHistory still lists the contracts', async () => {
  await ctl('POST', 'config', { remove_permissions: ['Query.vendorContracts', 'Query.contractList'] });
  const r = await gql('ada', VENDOR, { filter: { vendorId: ADA.org } });
  assert.equal(r.data, undefined);
  assert.equal(r.errors[0].extensions.classification, 'ExecutionAborted');
  assert.match(r.errors[0].message, /permissions\/scopes to access: \[Query\.vendorContracts\]/);
  const list = await gql('ada', '{ contractList(ids: ["1500000000000000001"]) { contracts { id } } }');
  assert.match(list.errors[0].message, /\[Query\.contractList\]/);
  const h = (await ok('ada', HISTORY, { filter: { personId: ADA.id, pagination: { offset: 0, limit: 50 } } })).talentWorkHistory;
  assert.equal(h.totalCount, 7);
  assert.deepEqual(h.workHistoryList.map((w) => w.contract.id).sort(), [1, 2, 3, 4, 5, 6, 7].map(C));
  // The details query is not blocked: the fallback page can use it per contract.
  assert.equal((await ok('ada', CONTRACT, { id: C(1) })).contract.clientCompany.name, 'Babbage Analytical Engines Ltd');
});

test('talentWorkHistory: fields, aggregates, default sort and paging', async () => {
  const d = await dump();
  const h = (await ok('ada', HISTORY, { filter: { personId: ADA.id } })).talentWorkHistory;
  assert.equal(h.totalCount, 7);
  const expected = d.contracts.filter((c) => c.organization === ADA.org)
    .sort((a, b) => Date.parse(b.startDate) - Date.parse(a.startDate)).map((c) => c.id);
  assert.deepEqual(h.workHistoryList.map((w) => w.contract.id), expected, 'newest start first');
  for (const w of h.workHistoryList) {
    const want = byId(d, w.contract.id);
    assert.equal(w.contract.title, want.title);
    assert.equal(w.contract.status, want.status);
    assert.equal(w.contract.startDate, want.startDate);
    assert.equal(w.contract.endDate, want.endDate);
    assert.equal(w.contract.clientOrgId, want.clientOrganization.id);
    assert.equal(w.contract.clientTeamId, want.clientOrganization.id);
    assert.equal(w.contract.terms.jobType, want.contractType);
    assert.equal(w.contract.terms.stipendAmount, null);
    assert.equal(w.opening.title, want.title);
    if (want.contractType === 'HOURLY') {
      assert.equal(w.contract.terms.hourlyRate, want.hourlyRate);
      assert.equal(w.contract.terms.fixedAmount, null);
      assert.equal(Number(w.contractAggregate.hours), want.time.totalHours);
      assert.equal(w.contractAggregate.totalCharge, want.time.totalCharges);
    } else {
      assert.equal(w.contract.terms.fixedAmount, want.fixedAmount);
      assert.equal(w.contract.terms.hourlyRate, null);
      assert.equal(w.contractAggregate.hours, '0');
      const charged = want.milestones.reduce((s, m) => s + cents(m.paid) + cents(m.bonus), 0);
      assert.equal(cents(w.contractAggregate.totalCharge), charged);
    }
  }
  assert.equal(byId(d, C(3)).hourlyRate, '62.5');
});

test('talentWorkHistory: status, contractIds, sort, pagination, accepted-only arguments', async () => {
  const d = await dump();
  const ids = async (filter) => (await ok('ada', HISTORY, { filter: { personId: ADA.id, ...filter } })).talentWorkHistory.workHistoryList.map((w) => w.contract.id);
  assert.deepEqual((await ids({ status: ['PAUSED', 'ENDED'] })).sort(), [C(3), C(5), C(7)]);
  assert.deepEqual((await ids({ contractIds: [C(2), C(6), C(8)] })).sort(), [C(2), C(6)], 'another organization\'s id is no match');
  const starts = d.contracts.filter((c) => c.organization === ADA.org).sort((a, b) => Date.parse(a.startDate) - Date.parse(b.startDate)).map((c) => c.id);
  assert.deepEqual(await ids({ sort: { type: 'START_DATE', order: 'ASC' } }), starts);
  const byEnd = await ids({ sort: { type: 'END_DATE', order: 'ASC' } });
  assert.equal(byEnd[0], C(5), 'the one ended contract first; open ones count as later');
  assert.equal((await ids({ sort: { type: 'END_DATE', order: 'DESC' } })).at(-1), C(5));
  const page = (await ok('ada', HISTORY, { filter: { personId: ADA.id, pagination: { offset: 2, limit: 3 } } })).talentWorkHistory;
  assert.equal(page.totalCount, 7);
  assert.deepEqual(page.workHistoryList.map((w) => w.contract.id), (await ids({})).slice(2, 5));
  assert.equal((await ids({ excludeNoFeedback: false, visibility: 'PUBLIC' })).length, 7, 'accepted, ignored');
  await fails('ada', HISTORY, { filter: { personId: ADA.id, pagination: { offset: 0, limit: 51 } } }, null, { classification: 'DataFetchingException', message: /Invalid pagination\.limit/ });
  await fails('ada', HISTORY, { filter: { personId: GRACE.id } }, null, { classification: 'ExecutionAborted', message: /personId .* is not the signed-in user/ });
  await fails('ada', HISTORY, {}, null, { classification: 'DataFetchingException', message: /filter is required/ });
  // Grace's agency: only her own contracts as the freelancer (not Jean Sammet's).
  const g = (await ok('grace', HISTORY, { filter: { personId: GRACE.id } }, GRACE.agency)).talentWorkHistory;
  assert.deepEqual(g.workHistoryList.map((w) => w.contract.id).sort(), [C(8), C(9)]);
  const gp = (await ok('grace', HISTORY, { filter: { personId: GRACE.id } }, GRACE.personal)).talentWorkHistory;
  assert.deepEqual(gp.workHistoryList.map((w) => w.contract.id).sort(), [C(11), C(12)]);
});

// ---- contractList, contractDetails, contract --------------------------------------------------------

test('contractList: in the given order; both sides; a foreign or unknown id fails the field', async () => {
  const q = 'query L($ids: [ID]!) { contractList(ids: $ids) { contracts { id title clientOrganization { id } terms { hourlyTerms { id } } } } }';
  const r = (await ok('ada', q, { ids: [C(6), C(1), C(6)] })).contractList.contracts;
  assert.deepEqual(r.map((c) => c.id), [C(6), C(1), C(6)]);
  assert.equal(r[0].clientOrganization.id, GRACE.client);
  assert.equal(r[0].terms.hourlyTerms.length, 1);
  assert.deepEqual((await ok('ada', q, { ids: [] })).contractList.contracts, []);
  const client = (await ok('grace', q, { ids: [C(6), C(7), C(13), C(14)] }, GRACE.client)).contractList.contracts;
  assert.equal(client.length, 4);
  const foreign = await fails('ada', q, { ids: [C(1), C(8)] }, null, { classification: 'ExecutionAborted', message: /^Authorization failed: organization 1390042875009613825 has no access to contract 1500000000000000008$/ });
  assert.equal(foreign.data.contractList, null);
  await fails('ada', q, { ids: ['999'] }, null, { classification: 'DataFetchingException', message: /^Exception while fetching data \(\/contractList\) : Contract not found for id=999$/ });
});

test('contractDetails: every field; parties; a foreign id leaves no data at all (non-null field)', async () => {
  const d = await dump();
  const want = byId(d, C(5));
  const c = (await ok('ada', DETAILS, { id: C(5), date: '2026-01-01' })).contractDetails;
  assert.equal(c.status, 'ENDED');
  assert.deepEqual(c.closingReason, { id: '1', apiRef: 'API_REAS_JOB_COMPLETED_SUCCESSFULLY', reason: 'Job completed successfully' });
  assert.equal(c.endDate, want.endDate);
  assert.equal(c.endedBy.name, 'Augustus De Morgan');
  assert.equal(c.offerId, want.offerId);
  for (const k of ['createDate', 'modifyDate', 'startDate', 'endDate']) assert.match(c[k], ISO);
  assert.deepEqual(c.freelancer, { id: ADA.id, rid: '4816231', name: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@example.com', photoUrl: `${base}/portraits/ada.svg` });
  assert.deepEqual(c.vendorOrganization, { id: ADA.org, name: 'Ada Lovelace', type: 'INDIVIDUAL', legacyType: 'FREELANCER', flag: { client: false, vendor: true, agency: false, individual: true } });
  assert.equal(c.vendorTeam.id, ADA.org);
  assert.equal(c.clientOrganization.name, 'De Morgan Logic Co');
  assert.equal(c.clientTeam.id, want.clientOrganization.id);
  assert.equal(c.hiringManager.name, 'Augustus De Morgan');
  assert.equal(c.supervisor.id, c.hiringManager.id);
  assert.equal(c.agencyManager, null);
  assert.deepEqual(c.metadata, { agencyContract: false });
  assert.deepEqual(c.terms.fixedPriceTerms[0].milestones.map((m) => m.state), ['PAID', 'REFUNDED']);
  assert.deepEqual(c.terms.fixedPriceTerms[0].fpCharge, { rawValue: '1000', displayValue: '$1,000.00' });
  // The agency's contract of another freelancer.
  const jean = (await ok('grace', DETAILS, { id: C(10) }, GRACE.agency)).contractDetails;
  assert.equal(jean.freelancer.name, 'Jean Sammet');
  assert.equal(jean.freelancer.email, null, 'other people\'s emails are not shown');
  assert.equal(jean.agencyManager.id, GRACE.id);
  assert.deepEqual(jean.metadata, { agencyContract: true });
  assert.equal(jean.hourlyLimits[0].weeklyLimit, '25');
  const r = await fails('ada', DETAILS, { id: C(9) }, null, { classification: 'ExecutionAborted' });
  assert.equal(r.data, null, 'contractDetails is non-null: the error nulls data');
});

test('contract: hourly terms, client, freelancer as the client sees them', async () => {
  const d = await dump();
  const want = byId(d, C(6));
  const c = (await ok('grace', CONTRACT, { id: C(6) }, GRACE.client)).contract;
  assert.equal(c.contractType, 'HOURLY');
  assert.equal(c.status, 'ACTIVE');
  assert.equal(c.paused, false);
  assert.equal(c.suspended, false);
  assert.equal(c.hasAgency, false);
  assert.deepEqual(c.hourlyChargeRate, { rawValue: '90', currency: 'USD', displayValue: '$90.00' });
  assert.equal(c.weeklyHoursLimit, 15);
  assert.deepEqual(c.weeklyChargeAmount, { rawValue: '1350', displayValue: '$1,350.00' });
  assert.equal(c.manualTimeAllowed, true);
  assert.equal(c.startDateTime, want.startDate);
  assert.equal(c.firstContractStartDateTime, want.startDate);
  assert.equal(c.endDateTime, null);
  assert.deepEqual(c.milestones, []);
  assert.equal(c.freelancer.fullName, 'Ada Lovelace');
  assert.equal(c.freelancer.email, null);
  assert.equal(c.freelancer.userDetails.email, null);
  assert.equal(c.freelancer.userDetails.nid, 'adalovelace');
  assert.equal(c.freelancer.userDetails.publicUrl, 'https://www.upwork.com/freelancers/~01a7c3e5f9b2d4e6f8');
  assert.deepEqual(c.clientCompany, { id: GRACE.client, name: 'Hopper Research Labs', description: 'Research group that hires freelancers for compiler work.', legacyType: 'CLIENT', logoURL: `${base}/portraits/hopper-labs.svg` });
  const paused = (await ok('ada', CONTRACT, { id: C(3) })).contract;
  assert.equal(paused.status, 'PAUSED');
  assert.equal(paused.paused, true);
  assert.equal(paused.hourlyChargeRate.displayValue, '$62.50');
});

test('contract: milestones with amounts, due dates, states, submissions; hostile text intact', async () => {
  const d = await dump();
  const want = byId(d, C(2));
  const c = (await ok('ada', CONTRACT, { id: C(2) })).contract;
  assert.equal(c.contractType, 'FIXED');
  assert.equal(c.hourlyChargeRate, null);
  assert.equal(c.weeklyChargeAmount, null);
  assert.equal(c.weeklyHoursLimit, null);
  assert.equal(c.freelancer.email, 'ada.lovelace@example.com', 'her own email');
  assert.equal(c.milestones.length, 5);
  c.milestones.forEach((m, i) => {
    const w = want.milestones[i];
    assert.equal(m.id, w.id);
    assert.equal(m.sequenceId, i + 1);
    assert.equal(m.state, w.state);
    assert.equal(m.description, w.description);
    assert.equal(m.dueDateTime, w.dueDateTime);
    assert.deepEqual(m.depositAmount, { rawValue: w.deposit, displayValue: money(w.deposit) });
    assert.equal(m.fundedAmount.rawValue, w.funded);
    assert.equal(m.currentEscrowAmount.rawValue, w.escrow);
    assert.equal(m.paid.rawValue, w.paid);
    assert.equal(m.bonus.rawValue, w.bonus);
    assert.equal(m.overpayment.rawValue, '0');
    assert.equal(m.submissionCount, w.submissions.length);
    assert.match(m.createdDateTime, ISO);
  });
  const [paid, , submitted, active, unfunded] = c.milestones;
  assert.deepEqual([paid.paid.displayValue, paid.bonus.rawValue, paid.payComments], ['$800.00', '50', 'Excellent work, thank you.']);
  assert.equal(submitted.currentEscrowAmount.rawValue, '1000');
  assert.equal(submitted.submissionEvents[0].submissionMessage.message, 'Notes E and F attached, with the tables.');
  assert.equal(submitted.submissionEvents[0].submission.amount.rawValue, '1000');
  assert.equal(submitted.lastSubmissionCreatedTime, submitted.submissionEvents[0].submission.createdDateTime);
  assert.equal(submitted.submissionEvents[0].revisionMessage, null);
  assert.equal(active.fundedAmount.rawValue, '1000');
  assert.deepEqual(active.submissionEvents, []);
  assert.deepEqual([unfunded.fundedAmount.rawValue, unfunded.currentEscrowAmount.rawValue], ['0', '0']);
  assert.ok(Date.parse(unfunded.dueDateTime) > Date.parse(d.now), 'a due date in the future');
  const hostile = (await ok('ada', CONTRACT, { id: C(4) })).contract;
  assert.equal(hostile.title, byId(d, C(4)).title);
  assert.equal(hostile.milestones[0].description, byId(d, C(4)).milestones[0].description);
  assert.match(hostile.milestones[0].instructions, /<script>[\s\S]*\r\n/);
  assert.equal(hostile.milestones[0].depositAmount.displayValue, '$234.56');
  await fails('ada', CONTRACT, { id: 'abc' }, null, { classification: 'DataFetchingException', message: /^Exception while fetching data \(\/contract\) : Contract not found for id=abc$/ });
});

// ---- time ---------------------------------------------------------------------------------------------

test('timeReport: one row per contract and day; totals equal the dump\'s week totals', async () => {
  const d = await dump();
  const week = byId(d, C(1)).time.weekStart;
  const from = addDays(week, -7);
  const to = addDays(week, 6);
  const rows = (await ok('ada', TIME, { filter: { organizationId_eq: ADA.org, timeReportDate_bt: { rangeStart: dashed(from), rangeEnd: dashed(to) } } })).timeReport;
  const expected = d.contracts.filter((c) => c.organization === ADA.org)
    .flatMap((c) => daysIn(c, from, to).map((x) => `${x.date}/${c.id}`)).sort();
  assert.deepEqual(rows.map((r) => `${r.dateWorkedOn}/${r.contract.id}`), expected, 'sorted by date, then contract');
  for (const id of [C(1), C(3), C(6)]) {
    const c = byId(d, id);
    const mine = rows.filter((r) => r.contract.id === id);
    const thisWeek = mine.filter((r) => r.weekWorkedOn === week);
    assert.equal(thisWeek.reduce((s, r) => s + r.totalHoursWorked, 0), c.time.hoursThisWeek);
    assert.equal(mine.filter((r) => r.weekWorkedOn === from).reduce((s, r) => s + r.totalHoursWorked, 0), c.time.hoursLastWeek);
    assert.equal(Math.round(thisWeek.reduce((s, r) => s + r.totalCharges, 0) * 100), cents(c.time.chargesThisWeek));
  }
  const r = rows.find((x) => x.contract.id === C(1));
  const day = byId(d, C(1)).time.days.find((x) => x.date === r.dateWorkedOn);
  assert.equal(r.totalHoursWorked, day.hours);
  assert.equal(r.totalOfflineHoursWorked, day.offlineHours);
  assert.equal(r.totalOnlineHoursWorked + r.totalOfflineHoursWorked, r.totalHoursWorked);
  assert.equal(Math.round((r.totalOnlineCharge + r.totalOfflineCharge) * 100), Math.round(r.totalCharges * 100));
  assert.equal(r.memo, day.memo);
  assert.equal(r.monthWorkedOn, r.dateWorkedOn.slice(0, 6));
  assert.equal(r.yearWorkedOn, r.dateWorkedOn.slice(0, 4));
  assert.equal(r.termId, byId(d, C(1)).termId);
  assert.equal(r.task, null);
  assert.deepEqual(r.freelancer, { id: ADA.id, name: 'Ada Lovelace' });
  assert.equal(r.team.name, 'Babbage Analytical Engines Ltd');
});

test('timeReport: date formats, contractIds, client side, and its errors', async () => {
  const d = await dump();
  const week = byId(d, C(1)).time.weekStart;
  const q = async (range, extra = {}, user = 'ada', org = ADA.org) =>
    (await ok(user, TIME, { filter: { organizationId_eq: org, timeReportDate_bt: range, ...extra } }, user === 'grace' ? org : undefined)).timeReport;
  const a = await q({ rangeStart: dashed(week), rangeEnd: dashed(addDays(week, 6)) });
  const b = await q({ rangeStart: week, rangeEnd: addDays(week, 6) });
  const c = await q({ rangeStart: `${dashed(week)}T10:00:00Z`, rangeEnd: `${dashed(addDays(week, 6))}T00:00:00.000Z` });
  assert.deepEqual(b, a);
  assert.deepEqual(c, a, 'a date-time counts by its UTC date');
  assert.deepEqual(await q({ rangeStart: addDays(week, 1), rangeEnd: week }), [], 'start after end');
  const only = await q({ rangeStart: addDays(week, -28), rangeEnd: addDays(week, 6) }, { contractIds: [C(6)] });
  assert.ok(only.length > 0 && only.every((r) => r.contract.id === C(6)));
  assert.equal(only.length, byId(d, C(6)).time.days.length);
  // The client organization sees the time of the contracts it pays for.
  const client = await q({ rangeStart: addDays(week, -28), rangeEnd: addDays(week, 6) }, {}, 'grace', GRACE.client);
  assert.deepEqual([...new Set(client.map((r) => r.contract.id))].sort(), [C(14), C(6)].sort());
  assert.ok(client.some((r) => r.freelancer.name === 'Katherine Johnson'));
  assert.equal(client.filter((r) => r.contract.id === C(6)).length, byId(d, C(6)).time.days.length);
  // Errors.
  await fails('ada', TIME, { filter: { organizationId_eq: GRACE.agency, timeReportDate_bt: { rangeStart: week, rangeEnd: week } } }, null,
    { classification: 'ExecutionAborted', message: /^Authorization failed: User 1390042875001225216 has no access of any team\(s\) for \[view_gds_hourly_data_from_client, view_gds_hourly_data_from_provider\] action\(s\)$/ });
  const open = await fails('ada', TIME, { filter: { organizationId_eq: ADA.org, timeReportDate_bt: { rangeStart: week } } }, null, { classification: 'DataFetchingException', message: /timeReportDate_bt needs rangeStart and rangeEnd/ });
  assert.equal(open.data, null, 'timeReport is non-null');
  await fails('ada', TIME, { filter: { organizationId_eq: ADA.org, timeReportDate_bt: { rangeStart: '06/04/2026', rangeEnd: week } } }, null, { classification: 'DataFetchingException', message: /Invalid timeReportDate_bt\.rangeStart/ });
  await fails('ada', TIME, {}, null, { classification: 'DataFetchingException', message: /filter is required/ });
});

test('contractTimeReport: offset pagination over the same rows', async () => {
  const d = await dump();
  const week = byId(d, C(1)).time.weekStart;
  const filter = { organizationId_eq: ADA.org, timeReportDate_bt: { rangeStart: addDays(week, -28), rangeEnd: addDays(week, 6) } };
  const all = (await ok('ada', TIME, { filter })).timeReport.map((r) => `${r.dateWorkedOn}/${r.contract.id}`);
  const whole = (await ok('ada', PAGED_TIME, { filter })).contractTimeReport;
  assert.equal(whole.totalCount, all.length);
  assert.deepEqual(whole.edges.map((e) => `${e.node.dateWorkedOn}/${e.node.contract.id}`), all, 'without pagination: every row');
  const seen = [];
  let after = '0';
  for (let guard = 0; guard < 50; guard++) {
    const page = (await ok('ada', PAGED_TIME, { filter, pagination: { first: 7, after } })).contractTimeReport;
    assert.equal(page.totalCount, all.length);
    page.edges.forEach((e, i) => assert.equal(e.cursor, String(Number(after) + i + 1)));
    seen.push(...page.edges.map((e) => `${e.node.dateWorkedOn}/${e.node.contract.id}`));
    assert.equal(page.pageInfo.endCursor, String(seen.length));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  assert.deepEqual(seen, all);
  const none = (await ok('ada', PAGED_TIME, { filter, pagination: { first: 0 } })).contractTimeReport;
  assert.deepEqual(none.edges, []);
  assert.equal(none.pageInfo.hasNextPage, all.length > 0);
  await fails('ada', PAGED_TIME, { filter, pagination: { first: 5, after: 'abc' } }, null, { classification: 'DataFetchingException', message: /Invalid pagination\.after/ });
  await fails('ada', PAGED_TIME, { filter, pagination: { first: -1 } }, null, { classification: 'DataFetchingException', message: /Invalid pagination\.first/ });
});

test('workDays: the days with time; a foreign contract fails', async () => {
  const d = await dump();
  const week = byId(d, C(1)).time.weekStart;
  const q = 'query W($input: WorkdaysInput!) { workDays(workdaysInput: $input) { workDays } }';
  const range = { rangeStart: addDays(week, -7), rangeEnd: addDays(week, 6) };
  const r = (await ok('ada', q, { input: { contractIds: [C(1), C(6)], timeRange: range, offsetInSeconds: 3600 } })).workDays.workDays;
  const expected = [...new Set([C(1), C(6)].flatMap((id) => daysIn(byId(d, id), range.rangeStart, range.rangeEnd).map((x) => x.date)))].sort();
  assert.deepEqual(r, expected);
  assert.deepEqual((await ok('ada', q, { input: { contractIds: [C(2)], timeRange: range } })).workDays.workDays, [], 'fixed-price: no time');
  await fails('ada', q, { input: { contractIds: [C(8)], timeRange: range } }, null, { classification: 'ExecutionAborted' });
});

// ---- mutations ------------------------------------------------------------------------------------------

const PAUSE = 'mutation P($id: ID!, $m: String) { pauseContract(contractId: $id, message: $m) { success } }';
const RESTART = 'mutation R($id: ID!, $m: String) { restartContract(contractId: $id, message: $m) { success } }';
const END_F = 'mutation E($id: ID!, $input: EndContractInput!) { endContractByFreelancer(contractId: $id, input: $input) { success } }';
const END_C = 'mutation E($id: ID!, $input: EndContractInput!) { endContractByClient(contractId: $id, input: $input) { success } }';
const APPROVE = `mutation A($input: ApproveMilestoneInput!) { approveMilestone(input: $input) { ${MILESTONE_FIELDS} } }`;
const ACTIVATE = `mutation A($input: ActivateMilestoneInput) { activateMilestone(input: $input) { ${MILESTONE_FIELDS} } }`;
const REJECT = 'mutation J($input: RejectMilestoneSubmissionInput) { rejectSubmittedMilestone(input: $input) { response } }';

test('pauseContract and restartContract: the client pauses and restarts; state rules; each call recorded once', async () => {
  assert.deepEqual(await ok('grace', PAUSE, { id: C(6), m: 'Holiday <b>break</b>' }, GRACE.client), { pauseContract: { success: true } });
  let d = await dump();
  assert.equal(byId(d, C(6)).status, 'PAUSED');
  assert.equal(byId(d, C(6)).lastMessage, 'Holiday <b>break</b>');
  assert.equal(d.mutations.length, 1, 'exactly one mutation');
  const m = d.mutations[0];
  assert.deepEqual({ ...m, at: undefined }, {
    seq: 1, name: 'pauseContract', input: { contractId: C(6), message: 'Holiday <b>break</b>' }, user: 'grace', organization: GRACE.client,
    at: undefined, ok: true, error: null, result: { success: true },
  });
  assert.match(m.at, ISO);
  assert.equal((await ok('ada', CONTRACT, { id: C(6) })).contract.paused, true, 'the freelancer sees the pause');
  const again = await fails('grace', PAUSE, { id: C(6) }, GRACE.client, { classification: 'DataFetchingException', message: /^Exception while fetching data \(\/pauseContract\) : Contract 1500000000000000006 is already paused$/ });
  assert.equal(again.data.pauseContract, null);
  assert.deepEqual(await ok('grace', RESTART, { id: C(6) }, GRACE.client), { restartContract: { success: true } });
  await fails('grace', RESTART, { id: C(6) }, GRACE.client, { classification: 'DataFetchingException', message: /Contract 1500000000000000006 is not paused$/ });
  d = await dump();
  assert.equal(byId(d, C(6)).status, 'ACTIVE');
  assert.deepEqual(d.mutations.map((x) => [x.name, x.ok]), [['pauseContract', true], ['pauseContract', false], ['restartContract', true], ['restartContract', false]]);
  assert.match(d.mutations[1].error, /already paused/);
  // The initially paused fixed-price contract restarts too.
  await ok('grace', RESTART, { id: C(7), m: 'Back to work' }, GRACE.client);
  assert.equal((await ok('ada', CONTRACT, { id: C(7) })).contract.status, 'ACTIVE');
});

test('pause/restart: the freelancer, another organization, an ended contract are refused and nothing changes', async () => {
  await fails('ada', PAUSE, { id: C(1) }, null, { classification: 'ExecutionAborted', message: /^Authorization failed: only the client can pause contract 1500000000000000001/ });
  await fails('ada', RESTART, { id: C(3) }, null, { classification: 'ExecutionAborted', message: /only the client can restart/ });
  await fails('grace', PAUSE, { id: C(6) }, GRACE.agency, { classification: 'ExecutionAborted', message: /has no access to contract 1500000000000000006/ });
  await fails('grace', PAUSE, { id: '42' }, GRACE.client, { classification: 'DataFetchingException', message: /Contract not found for id=42/ });
  await ok('ada', END_F, { id: C(6), input: { reasonRef: 'API_REAS_WORK_NOT_NEEDED' } });
  await fails('grace', PAUSE, { id: C(6) }, GRACE.client, { classification: 'DataFetchingException', message: /Contract 1500000000000000006 has ended$/ });
  const d = await dump();
  assert.equal(byId(d, C(1)).status, 'ACTIVE');
  assert.equal(byId(d, C(3)).status, 'PAUSED');
  assert.equal(d.mutations.length, 6, 'failed calls are recorded too');
  assert.deepEqual(d.mutations.map((x) => x.ok), [false, false, false, false, true, false]);
});

test('endContractByFreelancer: ends, records the reason, refunds escrow; only the freelancer side', async () => {
  const input = { reasonRef: 'API_REAS_JOB_COMPLETED_SUCCESSFULLY', endDate: '2026-09-14', feedbackInfo: { qualityScore: 5, skillsScore: 4.5, comment: '<script>x</script>' } };
  await fails('grace', END_F, { id: C(6), input }, GRACE.client, { classification: 'ExecutionAborted', message: /only the freelancer can end contract 1500000000000000006 with endContractByFreelancer/ });
  await fails('ada', END_F, { id: C(2), input: { reasonRef: 'NOPE' } }, null, { classification: 'DataFetchingException', message: /Unknown reasonRef: NOPE/ });
  await fails('ada', END_F, { id: C(2), input: { reasonRef: 'API_REAS_WORK_NOT_NEEDED', feedbackInfo: { qualityScore: 6 } } }, null, { classification: 'DataFetchingException', message: /Invalid feedbackInfo\.qualityScore: 6/ });
  await fails('ada', END_F, { id: C(2), input: { reasonRef: 'API_REAS_WORK_NOT_NEEDED', endDate: 'soon' } }, null, { classification: 'DataFetchingException', message: /Invalid endDate/ });
  assert.equal((await dump()).contracts.find((c) => c.id === C(2)).status, 'ACTIVE', 'refused calls change nothing');
  assert.deepEqual(await ok('ada', END_F, { id: C(2), input }), { endContractByFreelancer: { success: true } });
  const d = await dump();
  const c = byId(d, C(2));
  assert.equal(c.status, 'ENDED');
  assert.ok(Math.abs(Date.parse(c.endDate) - Date.parse(d.now)) <= 5000, 'ended now');
  assert.equal(c.closingReason, 'API_REAS_JOB_COMPLETED_SUCCESSFULLY');
  assert.equal(c.endedBy.key, 'ada');
  assert.deepEqual(c.feedback, { qualityScore: 5, skillsScore: 4.5, comment: '<script>x</script>' });
  assert.deepEqual(c.milestones.map((m) => m.state), ['PAID', 'PAID', 'REFUNDED', 'REFUNDED', 'NOT_FUNDED']);
  assert.deepEqual(c.milestones.map((m) => m.escrow), ['0', '0', '0', '0', '0']);
  const details = (await ok('ada', DETAILS, { id: C(2) })).contractDetails;
  assert.equal(details.status, 'ENDED');
  assert.equal(details.endedBy.id, ADA.id);
  assert.equal(details.closingReason.apiRef, 'API_REAS_JOB_COMPLETED_SUCCESSFULLY');
  assert.equal(details.endDate, c.endDate);
  await fails('ada', END_F, { id: C(2), input }, null, { classification: 'DataFetchingException', message: /Contract 1500000000000000002 has ended/ });
  assert.deepEqual((await ok('ada', VENDOR, { filter: { vendorId: ADA.org, contractStatuses: ['ENDED'] } })).vendorContracts.contracts.map((x) => x.id).sort(), [C(2), C(5)]);
  const last = d.mutations.at(-1);
  assert.deepEqual([last.name, last.ok, last.input.contractId, last.input.input.reasonRef], ['endContractByFreelancer', true, C(2), 'API_REAS_JOB_COMPLETED_SUCCESSFULLY']);
});

test('endContractByClient: the client ends; the freelancer cannot use it', async () => {
  const input = { reasonRef: 'API_REAS_HIRED_DIFFERENT' };
  await fails('ada', END_C, { id: C(7), input }, null, { classification: 'ExecutionAborted', message: /only the client can end contract 1500000000000000007 with endContractByClient/ });
  assert.deepEqual(await ok('grace', END_C, { id: C(13), input }, GRACE.client), { endContractByClient: { success: true } });
  const c = byId(await dump(), C(13));
  assert.equal(c.status, 'ENDED');
  assert.equal(c.endedBy.key, 'grace');
  assert.deepEqual(c.milestones.map((m) => m.state), ['PAID', 'REFUNDED', 'REFUNDED', 'NOT_FUNDED']);
  await fails('grace', ACTIVATE, { input: { id: M(13, 4) } }, GRACE.client, { classification: 'DataFetchingException', message: /Contract 1500000000000000013 has ended/ });
});

test('approveMilestone: the client pays a funded milestone; a freelancer cannot approve their own', async () => {
  const own = await fails('ada', APPROVE, { input: { id: M(7, 2), paidAmount: '800' } }, null, { classification: 'ExecutionAborted', message: /^Authorization failed: only the client can approve milestone 1600000000000000072/ });
  assert.equal(own.data, null, 'Milestone! is non-null');
  await fails('grace', APPROVE, { input: { id: M(7, 3), paidAmount: '100' } }, GRACE.client, { classification: 'DataFetchingException', message: /Milestone 1600000000000000073 is not funded$/ });
  const r = (await ok('grace', APPROVE, { input: { id: M(7, 2), paidAmount: '800', paymentComment: 'Thanks "Ada"', noteToContractor: 'Great' } }, GRACE.client)).approveMilestone;
  assert.deepEqual(r, { id: M(7, 2), state: 'PAID', paid: { rawValue: '800', displayValue: '$800.00' }, bonus: { rawValue: '0' }, currentEscrowAmount: { rawValue: '0' }, fundedAmount: { rawValue: '800' }, payComments: 'Thanks "Ada"', submissionEvents: [{ revisionMessage: null }] });
  await fails('grace', APPROVE, { input: { id: M(7, 2), paidAmount: '800' } }, GRACE.client, { classification: 'DataFetchingException', message: /already paid/ });
  const seen = (await ok('ada', CONTRACT, { id: C(7) })).contract.milestones[1];
  assert.equal(seen.state, 'PAID');
  assert.equal(seen.paid.rawValue, '800');
  const d = await dump();
  assert.equal(d.mutations.filter((m) => m.ok).length, 1);
  assert.deepEqual(d.mutations.filter((m) => m.ok)[0].result, { id: M(7, 2), state: 'PAID' });
});

test('approveMilestone: amounts, underpayment, bonus, refunded and foreign milestones', async () => {
  const pay = (paidAmount, extra = {}) => ({ input: { id: M(7, 1), paidAmount, ...extra } });
  for (const bad of ['abc', '-5', '1.234', '1e3', '']) {
    await fails('grace', APPROVE, pay(bad), GRACE.client, { classification: 'DataFetchingException', message: /Invalid paidAmount/ });
  }
  await fails('grace', APPROVE, pay('0'), GRACE.client, { classification: 'DataFetchingException', message: /Invalid paidAmount: must be more than 0/ });
  await fails('grace', APPROVE, pay('1000.01'), GRACE.client, { classification: 'DataFetchingException', message: /more than the 1000 in escrow/ });
  await fails('grace', APPROVE, pay('500'), GRACE.client, { classification: 'DataFetchingException', message: /underpaymentReason is required/ });
  await fails('grace', APPROVE, pay('1000', { bonusAmount: 'x' }), GRACE.client, { classification: 'DataFetchingException', message: /Invalid bonusAmount/ });
  const r = (await ok('grace', APPROVE, pay('500.5', { underpaymentReason: 'Half done', bonusAmount: '25.50' }), GRACE.client)).approveMilestone;
  assert.deepEqual([r.state, r.paid.rawValue, r.paid.displayValue, r.bonus.rawValue, r.currentEscrowAmount.rawValue], ['PAID', '500.5', '$500.50', '25.5', '0']);
  const m = byId(await dump(), C(7)).milestones[0];
  assert.deepEqual([m.state, m.paid, m.bonus, m.escrow, m.funded], ['PAID', '500.5', '25.5', '0', '1000']);
  await fails('grace', APPROVE, { input: { id: M(5, 2), paidAmount: '1' } }, GRACE.client, { classification: 'ExecutionAborted', message: /has no access to milestone 1600000000000000052/ });
  await fails('grace', APPROVE, { input: { id: '1600000000000000999', paidAmount: '1' } }, GRACE.client, { classification: 'DataFetchingException', message: /Milestone not found for id=1600000000000000999/ });
});

test('activateMilestone: the client funds a NOT_FUNDED milestone once', async () => {
  await fails('ada', ACTIVATE, { input: { id: M(7, 3) } }, null, { classification: 'ExecutionAborted', message: /only the client can activate milestone/ });
  const r = (await ok('grace', ACTIVATE, { input: { id: M(7, 3), message: 'Funded' } }, GRACE.client)).activateMilestone;
  assert.deepEqual([r.state, r.fundedAmount.rawValue, r.currentEscrowAmount.rawValue, r.paid.rawValue], ['ACTIVE', '1200', '1200', '0']);
  await fails('grace', ACTIVATE, { input: { id: M(7, 3) } }, GRACE.client, { classification: 'DataFetchingException', message: /Milestone 1600000000000000073 is already funded \(state ACTIVE\)/ });
  await fails('grace', ACTIVATE, {}, GRACE.client, { classification: 'DataFetchingException', message: /input is required/ });
  // Now fundable milestones can be approved.
  const paid = (await ok('grace', APPROVE, { input: { id: M(7, 3), paidAmount: '1200' } }, GRACE.client)).approveMilestone;
  assert.equal(paid.state, 'PAID');
  const d = await dump();
  assert.deepEqual(d.mutations.map((m) => [m.name, m.ok]), [['activateMilestone', false], ['activateMilestone', true], ['activateMilestone', false], ['activateMilestone', false], ['approveMilestone', true]]);
});

test('rejectSubmittedMilestone: back to ACTIVE with a note; only SUBMITTED ones; only the client', async () => {
  await fails('ada', REJECT, { input: { id: M(13, 2), attachments: [] } }, null, { classification: 'ExecutionAborted' });
  await fails('grace', REJECT, { input: { id: M(13, 3), attachments: [] } }, GRACE.client, { classification: 'DataFetchingException', message: /has no submission to reject \(state ACTIVE\)/ });
  assert.deepEqual(await ok('grace', REJECT, { input: { id: M(13, 2), noteToContractor: 'Label the tape <b>', attachments: ['a1'] } }, GRACE.client), { rejectSubmittedMilestone: { response: true } });
  const m = (await ok('grace', CONTRACT, { id: C(13) }, GRACE.client)).contract.milestones[1];
  assert.equal(m.state, 'ACTIVE');
  assert.equal(m.submissionCount, 1);
  assert.equal(m.submissionEvents[0].revisionMessage.message, 'Label the tape <b>');
  assert.equal(m.currentEscrowAmount.rawValue, '1000', 'still in escrow');
  await fails('grace', REJECT, { input: { id: M(13, 2), attachments: [] } }, GRACE.client, { classification: 'DataFetchingException' });
  await fails('grace', REJECT, {}, GRACE.client, { classification: 'DataFetchingException', message: /input is required/ });
});

test('reset: POST /__sandbox/reset restores every contract and clears the mutation record', async () => {
  const before = await dump();
  await ok('grace', PAUSE, { id: C(14) }, GRACE.client);
  await ok('grace', APPROVE, { input: { id: M(13, 2), paidAmount: '1000' } }, GRACE.client);
  await ok('ada', END_F, { id: C(1), input: { reasonRef: 'API_REAS_WORK_NOT_NEEDED' } });
  const changed = await dump();
  assert.equal(changed.mutations.length, 3);
  assert.equal(byId(changed, C(1)).status, 'ENDED');
  await ctl('POST', 'reset');
  const after = await dump();
  assert.deepEqual(after.mutations, []);
  const strip = (d) => d.contracts.map((c) => ({ ...c, time: null, startDate: null, endDate: null, modifyDate: null, milestones: c.milestones.map((m) => ({ ...m, dueDateTime: null, submissions: m.submissions.length })) }));
  assert.deepEqual(strip(after), strip(before));
  assert.deepEqual(after.contracts.map((c) => c.endDate === null), before.contracts.map((c) => c.endDate === null));
});

test('clock_offset_s moves every date with the sandbox clock', async () => {
  const before = await dump();
  // 20 hours more: less than the access token's lifetime.
  const { clock_offset_s: offset } = await ctl('GET', 'config');
  await ctl('POST', 'config', { clock_offset_s: offset + 20 * 3600 });
  const after = await dump();
  assert.ok(Math.abs(Date.parse(after.now) - Date.parse(before.now) - 20 * 3600000) < 5000, 'the clock moved');
  const shift = 20 * 3600000;
  const a = byId(before, C(2));
  const b = byId(after, C(2));
  assert.equal(Date.parse(b.startDate) - Date.parse(a.startDate), shift);
  assert.equal(Date.parse(b.milestones[0].dueDateTime) - Date.parse(a.milestones[0].dueDateTime), shift);
  const c = (await ok('ada', CONTRACT, { id: C(2) })).contract;
  assert.equal(c.startDateTime, b.startDate);
});

test('mark_fields and the request log work for the contracts operations', async () => {
  await ctl('POST', 'config', { mark_fields: ['Contract.title', 'Milestone.state', 'Money.rawValue', 'ContractDetails.status'] });
  await ctl('DELETE', 'log');
  const c = (await ok('ada', 'query Mk { contract(id: "1500000000000000002") { title milestones { state paid { rawValue displayValue } } } }')).contract;
  assert.equal(c.title, 'Translation and notes: Sketch of the Analytical EngineMARK·Contract.title');
  assert.deepEqual(c.milestones.map((m) => m.state), ['REFUNDED', 'REFUNDED', 'PAID', 'SUBMITTED', 'ACTIVE'], 'enum values rotate in definition order');
  assert.equal(c.milestones[0].paid.rawValue, '800MARK·Money.rawValue');
  assert.equal(c.milestones[0].paid.displayValue, '$800.00');
  const v = (await ok('ada', VENDOR, { filter: { vendorId: ADA.org, contractStatuses: ['ENDED'] } })).vendorContracts.contracts;
  assert.deepEqual(v.map((x) => [x.id, x.status]), [[C(5), 'ACTIVE']], 'filters see the real data, the answer is marked');
  const log = await ctl('GET', 'log');
  const entry = log.find((e) => e.operationName === 'Mk');
  assert.deepEqual(entry.fields, ['contract']);
  assert.equal(entry.user, 'ada');
  assert.equal(entry.error, null);
  await ctl('POST', 'config', { mark_fields: null });
});

// ---- runner ---------------------------------------------------------------------------------------------

run({
  name: 'test-contracts',
  setup: () => {
    base = url();
  },
  beforeEach: async () => {
    // Every test starts from the initial data: reset (which also ends
    // every token), then sign both users in again.
    await ctl('POST', 'reset');
    // Demo times follow the sandbox clock's whole minute, and today's hours
    // grow every half hour: start each test 30 s into a minute and 15 min
    // from any half-hour boundary, so a dump and a query a moment later agree.
    await ctl('POST', 'config', { clock_offset_s: Math.round(930 - ((Date.now() / 1000) % 1800)) });
    await loginAll(tokens);
  },
});
