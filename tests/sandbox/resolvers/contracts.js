'use strict';
// Resolvers for schema/contracts.graphql: contract lists and details,
// milestones, time reports, and the contract actions.
//
// Records live in data-contracts.js, the access and action rules in
// contracts-actions.js. Here they become GraphQL-shaped plain objects; every
// timestamp of one request comes from one clock reading (ctx.now()).

const store = require('../data-contracts');
const rules = require('../contracts-actions');

// ---- values ----------------------------------------------------------------------------

const decimal = store.decimal;

function money(cents) {
  if (cents === null || cents === undefined) return null;
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const display = `${cents < 0 ? '-' : ''}$${whole}.${String(abs % 100).padStart(2, '0')}`;
  return { rawValue: decimal(cents), currency: 'USD', displayValue: display };
}

function iso(when, nowMs) {
  return store.iso(when, nowMs);
}

// ---- people and organizations ---------------------------------------------------------------

// Another person's email is never shown; the signed-in user's own is.
function ownEmail(p, ctx) {
  return p.id === ctx.user.id ? p.email : null;
}

function contractUser(key, ctx) {
  if (!key) return null;
  const p = store.person(key);
  return { id: p.id, rid: p.rid, name: p.name, photoUrl: ctx.portraitUrl(p._portrait), firstName: p.firstName, lastName: p.lastName, email: ownEmail(p, ctx) };
}

// GenericUser (identity.js resolves its photoUrl from _portrait).
function genericUser(key, ctx) {
  const p = store.person(key);
  return {
    id: p.id, nid: p.nid, rid: p.rid, name: p.name, firstName: p.firstName, lastName: p.lastName,
    email: ownEmail(p, ctx), ciphertext: p.ciphertext, location: p.id === ctx.user.id ? p.location : null,
    publicUrl: `https://www.upwork.com/freelancers/${p.ciphertext}`, _portrait: p._portrait,
  };
}

function genericOrganization(id, ctx) {
  const o = store.orgRecord(id);
  return {
    id: o.id, rid: o.rid, legacyId: o.legacyId, name: o.name, type: o.type, legacyType: o.legacyType,
    flag: o.flag, parentOrganization: null, active: o.active, hidden: o.hidden,
    photoUrl: ctx.portraitUrl(o._portrait), creationDate: o.creationDate,
  };
}

function publicCompany(id, ctx) {
  const o = store.orgRecord(id);
  const description = o.company ? o.company.description : o.description;
  return { id: o.id, name: o.name, description, legacyType: o.legacyType, logoURL: ctx.portraitUrl(o._portrait) };
}

// ---- milestones -------------------------------------------------------------------------------

function submissionEvent(s, index, nowMs) {
  return {
    submission: { id: s.id, createdDateTime: iso(s.created, nowMs), modifiedDateTime: iso(s.revision ? s.revision.created : s.created, nowMs), amount: money(s.amountCents), sequenceId: index + 1 },
    submissionMessage: { createdDateTime: iso(s.created, nowMs), message: s.message },
    revisionMessage: s.revision ? { createdDateTime: iso(s.revision.created, nowMs), message: s.revision.message } : null,
  };
}

function milestone(m, nowMs) {
  const last = m.submissions[m.submissions.length - 1];
  return {
    id: m.id,
    dueDateTime: iso({ ago: m.dueAgo }, nowMs),
    state: m.state,
    description: m.description,
    currentEscrowAmount: money(m.escrowCents),
    depositAmount: money(m.depositCents),
    fundedAmount: money(m.fundedCents),
    paid: money(m.paidCents),
    overpayment: money(0),
    bonus: money(m.bonusCents),
    submissionCount: m.submissions.length,
    sequenceId: m.sequenceId,
    payComments: m.payComments,
    lastSubmissionCreatedTime: last ? iso(last.created, nowMs) : null,
    createdDateTime: iso(m.created, nowMs),
    modifiedDateTime: iso(m.modified, nowMs),
    instructions: m.instructions,
    submissionEvents: m.submissions.map((s, i) => submissionEvent(s, i, nowMs)),
  };
}

// ---- contracts --------------------------------------------------------------------------------

function dates(c, nowMs) {
  return { create: iso(c.created, nowMs), modify: iso(c.modified, nowMs), start: iso(c.started, nowMs), end: iso(c.ended, nowMs) };
}

function terms(c, nowMs) {
  const d = dates(c, nowMs);
  const common = { id: c.termId, createDate: d.create, modifyDate: d.modify, changeDate: d.modify, startDate: d.start, endDate: d.end };
  if (c.type === 'HOURLY') {
    return { fixedPriceTerms: [], hourlyTerms: [{ ...common, hourlyRate: money(c.rateCents), manualTimeAllowed: c.manualTimeAllowed }] };
  }
  const charged = c.milestones.reduce((s, m) => s + m.paidCents, 0);
  return {
    fixedPriceTerms: [{ ...common, fpCharge: money(charged), fixedAmount: money(c.fixedCents), milestones: c.milestones.map((m) => milestone(m, nowMs)) }],
    hourlyTerms: [],
  };
}

function hourlyLimits(c, nowMs) {
  if (c.type !== 'HOURLY') return [];
  const d = dates(c, nowMs);
  return [{ id: c.hourlyLimitId, weeklyLimit: String(c.weeklyLimit), createDate: d.create, modifyDate: d.create, startDate: d.start, endDate: d.end }];
}

function contractDetails(c, ctx, nowMs, { addTerms = true, addHourLimits = true } = {}) {
  const d = dates(c, nowMs);
  const manager = contractUser(c.hiringManager, ctx);
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    closingReason: c.closingReason,
    isPtc: false,
    createDate: d.create,
    modifyDate: d.modify,
    startDate: d.start,
    endDate: d.end,
    offerId: c.offerId,
    freelancer: contractUser(c.freelancer, ctx),
    vendorOrganization: genericOrganization(c.vendorOrgId, ctx),
    vendorTeam: genericOrganization(c.vendorOrgId, ctx),
    clientOrganization: genericOrganization(c.clientOrgId, ctx),
    clientTeam: genericOrganization(c.clientOrgId, ctx),
    hiringManager: manager,
    agencyManager: contractUser(c.agencyManager, ctx),
    supervisor: manager,
    endedBy: contractUser(c.endedBy, ctx),
    metadata: { agencyContract: store.orgRecord(c.vendorOrgId).legacyType === 'AGENCY' },
    hourlyLimits: addHourLimits ? hourlyLimits(c, nowMs) : null,
    terms: addTerms ? terms(c, nowMs) : null,
  };
}

function freelancerProfile(c, ctx) {
  const p = store.person(c.freelancer);
  return { id: p.id, fullName: p.name, firstName: p.firstName, lastName: p.lastName, email: ownEmail(p, ctx), userDetails: genericUser(c.freelancer, ctx) };
}

function contractObject(c, ctx, nowMs) {
  const d = dates(c, nowMs);
  const hourly = c.type === 'HOURLY';
  return {
    id: c.id,
    title: c.title,
    contractType: c.type,
    hasAgency: store.orgRecord(c.vendorOrgId).legacyType === 'AGENCY',
    weeklyChargeAmount: hourly ? money(c.rateCents * c.weeklyLimit) : null,
    weeklyHoursLimit: hourly ? c.weeklyLimit : null,
    hourlyChargeRate: hourly ? money(c.rateCents) : null,
    createdDateTime: d.create,
    firstContractStartDateTime: d.start,
    modifiedDateTime: d.modify,
    startDateTime: d.start,
    endDateTime: d.end,
    manualTimeAllowed: c.manualTimeAllowed,
    hideScreenshots: false,
    status: c.status,
    suspended: false,
    paused: c.status === 'PAUSED',
    freelancer: freelancerProfile(c, ctx),
    clientCompany: publicCompany(c.clientOrgId, ctx),
    milestones: c.milestones.map((m) => milestone(m, nowMs)),
  };
}

// ---- filters and paging ---------------------------------------------------------------------

// Epoch seconds of a bound: "YYYY-MM-DD" and "YYYYMMDD" are 00:00 UTC of
// that day; an ISO 8601 date-time is that instant. Throws on anything else.
function parseInstant(text, name) {
  if (typeof text === 'string') {
    const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
    if (m) {
      const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      if (new Date(ms).toISOString().slice(0, 10) === `${m[1]}-${m[2]}-${m[3]}`) return ms / 1000;
    } else if (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text))) {
      return Math.floor(Date.parse(text) / 1000);
    }
  }
  throw new Error(`Invalid ${name}: ${JSON.stringify(text)} (expected YYYY-MM-DD, YYYYMMDD or an ISO 8601 date-time)`);
}

// [first UTC day, last UTC day] (epoch seconds) of a DateTimeRange; both bounds required.
function dayRange(range, name) {
  if (!range || range.rangeStart == null || range.rangeEnd == null) throw new Error(`${name} needs rangeStart and rangeEnd`);
  return [
    store.utcDayStart(parseInstant(range.rangeStart, `${name}.rangeStart`)),
    store.utcDayStart(parseInstant(range.rangeEnd, `${name}.rangeEnd`)),
  ];
}

function startSec(c, nowMs) {
  return Date.parse(iso(c.started, nowMs)) / 1000;
}

function endSec(c, nowMs) {
  return c.ended ? Date.parse(iso(c.ended, nowMs)) / 1000 : null;
}

function checkLimit(value, dflt, max, name) {
  const v = value ?? dflt;
  if (!Number.isInteger(v) || v < 1 || v > max) throw new Error(`Invalid ${name}: ${v} (1 to ${max})`);
  return v;
}

function checkOffset(value, name) {
  const v = value ?? 0;
  if (!Number.isInteger(v) || v < 0) throw new Error(`Invalid ${name}: ${v}`);
  return v;
}

// Newest start first, then id.
function byStartDesc(nowMs) {
  return (a, b) => startSec(b, nowMs) - startSec(a, nowMs) || (a.id < b.id ? -1 : 1);
}

function vendorContracts(_root, args, ctx) {
  const nowMs = ctx.now();
  const f = args.filter;
  if (f.vendorId !== ctx.organization.id) {
    throw rules.denied(`vendorId ${f.vendorId} is not the organization the request works in (${ctx.organization.id})`);
  }
  const paging = args.paging || {};
  const limit = checkLimit(paging.limit, 10, 50, 'paging.limit');
  const offset = checkOffset(paging.offset, 'paging.offset');
  const before = f.startDateBefore == null ? null : parseInstant(f.startDateBefore, 'startDateBefore');
  const after = f.endDateAfter == null ? null : parseInstant(f.endDateAfter, 'endDateAfter');
  const statuses = f.contractStatuses && f.contractStatuses.length ? new Set(f.contractStatuses) : null;
  const found = store.all()
    .filter((c) => c.vendorOrgId === ctx.organization.id)
    .filter((c) => !statuses || statuses.has(c.status))
    .filter((c) => before === null || startSec(c, nowMs) < before)
    .filter((c) => after === null || endSec(c, nowMs) === null || endSec(c, nowMs) > after)
    .sort(byStartDesc(nowMs));
  const options = args.options || {};
  const shape = { addTerms: options.addTerms === true, addHourLimits: options.addHourLimits === true };
  return {
    paging: { limit, offset },
    contracts: found.slice(offset, offset + limit).map((c) => contractDetails(c, ctx, nowMs, shape)),
  };
}

function contractList(_root, args, ctx) {
  const nowMs = ctx.now();
  const found = args.ids.map((id) => rules.visibleContract(ctx, id));
  return { contracts: found.map((c) => contractDetails(c, ctx, nowMs)) };
}

// ---- talentWorkHistory ------------------------------------------------------------------------

function talentAggregate(c, nowMs) {
  if (c.type === 'HOURLY') {
    const half = c._schedule.priorHalfHours + store.timeDays(c, nowMs).reduce((s, d) => s + d.halfHours, 0);
    return { hours: decimal(half * 50), totalCharge: decimal(store.chargeCents(c, half)) };
  }
  const charged = c.milestones.reduce((s, m) => s + m.paidCents + m.bonusCents, 0);
  return { hours: '0', totalCharge: decimal(charged) };
}

function talentWorkHistoryItem(c, nowMs) {
  const d = dates(c, nowMs);
  return {
    contract: {
      id: c.id,
      startDate: d.start,
      endDate: d.end,
      status: c.status,
      clientTeamId: c.clientOrgId,
      title: c.title,
      terms: {
        hourlyRate: c.type === 'HOURLY' ? decimal(c.rateCents) : null,
        jobType: c.type,
        stipendAmount: null,
        fixedAmount: c.type === 'FIXED' ? decimal(c.fixedCents) : null,
      },
      createDate: d.create,
      clientOrgId: c.clientOrgId,
    },
    contractAggregate: talentAggregate(c, nowMs),
    opening: { id: c.openingId, title: c.title },
  };
}

function talentSort(sort, nowMs) {
  const type = sort ? sort.type : 'START_DATE';
  const dir = sort && sort.order === 'ASC' ? 1 : -1;
  // An open contract's end date counts as later than any other.
  const key = (c) => (type === 'END_DATE' ? endSec(c, nowMs) ?? Infinity : startSec(c, nowMs));
  return (a, b) => (key(a) === key(b) ? (a.id < b.id ? -1 : 1) : key(a) < key(b) ? -dir : dir);
}

function talentWorkHistory(_root, args, ctx) {
  const nowMs = ctx.now();
  const f = args.filter;
  if (!f) throw new Error('filter is required');
  if (f.personId !== ctx.user.id) throw rules.denied(`personId ${f.personId} is not the signed-in user`);
  const page = f.pagination || {};
  const limit = checkLimit(page.limit, 10, 50, 'pagination.limit');
  const offset = checkOffset(page.offset, 'pagination.offset');
  const ids = f.contractIds && f.contractIds.length ? new Set(f.contractIds) : null;
  const statuses = f.status && f.status.length ? new Set(f.status) : null;
  const found = store.all()
    .filter((c) => c.vendorOrgId === ctx.organization.id && c.freelancer === ctx.user._key)
    .filter((c) => !ids || ids.has(c.id))
    .filter((c) => !statuses || statuses.has(c.status))
    .sort(talentSort(f.sort, nowMs));
  return { totalCount: found.length, workHistoryList: found.slice(offset, offset + limit).map((c) => talentWorkHistoryItem(c, nowMs)) };
}

// ---- time -------------------------------------------------------------------------------------------

function timeRow(c, day, ctx, nowMs) {
  const online = day.halfHours - day.offlineHalfHours;
  return {
    dateWorkedOn: day.date,
    weekWorkedOn: store.ymd(store.mondayOf(day.day)),
    monthWorkedOn: day.date.slice(0, 6),
    yearWorkedOn: day.date.slice(0, 4),
    freelancer: genericUser(c.freelancer, ctx),
    team: genericOrganization(c.clientOrgId, ctx),
    contract: contractDetails(c, ctx, nowMs),
    termId: c.termId,
    task: null,
    taskDescription: null,
    memo: day.memo,
    totalHoursWorked: day.halfHours / 2,
    totalCharges: store.chargeCents(c, day.halfHours) / 100,
    totalOnlineHoursWorked: online / 2,
    totalOnlineCharge: store.chargeCents(c, online) / 100,
    totalOfflineHoursWorked: day.offlineHalfHours / 2,
    totalOfflineCharge: store.chargeCents(c, day.offlineHalfHours) / 100,
  };
}

// Rows of the organization's hourly contracts (either side) in the range,
// by date, then contract id.
function timeRows(filter, ctx) {
  if (!filter) throw new Error('filter is required');
  if (filter.organizationId_eq !== ctx.organization.id) {
    throw rules.denied(`User ${ctx.user.id} has no access of any team(s) for [view_gds_hourly_data_from_client, view_gds_hourly_data_from_provider] action(s)`);
  }
  const nowMs = ctx.now();
  const [from, to] = dayRange(filter.timeReportDate_bt, 'timeReportDate_bt');
  const ids = filter.contractIds && filter.contractIds.length ? new Set(filter.contractIds) : null;
  const rows = [];
  for (const c of store.all()) {
    if (!store.sideOf(c, ctx.organization.id) || (ids && !ids.has(c.id))) continue;
    for (const day of store.timeDays(c, nowMs)) {
      if (day.day >= from && day.day <= to) rows.push({ c, day });
    }
  }
  rows.sort((a, b) => a.day.day - b.day.day || (a.c.id < b.c.id ? -1 : 1));
  return rows.map(({ c, day }) => timeRow(c, day, ctx, nowMs));
}

// `after` is a decimal offset ("0" or null = from the start), as in the
// jobs area's "offset" mode; without pagination every row.
function contractTimeReport(_root, args, ctx) {
  const rows = timeRows(args.filter, ctx);
  const p = args.pagination;
  let offset = 0;
  let first = rows.length;
  if (p) {
    if (p.after !== null && p.after !== undefined) {
      if (!/^(0|[1-9]\d{0,8})$/.test(p.after)) throw new Error(`Invalid pagination.after: ${JSON.stringify(p.after)}`);
      offset = Number(p.after);
    }
    if (!Number.isInteger(p.first) || p.first < 0) throw new Error(`Invalid pagination.first: ${p.first}`);
    first = Math.min(p.first, 100);
  }
  const page = rows.slice(offset, offset + first);
  return {
    totalCount: rows.length,
    edges: page.map((node, i) => ({ node, cursor: String(offset + i + 1) })),
    pageInfo: { endCursor: String(offset + page.length), hasNextPage: offset + page.length < rows.length },
  };
}

function workDays(_root, args, ctx) {
  const input = args.workdaysInput;
  const nowMs = ctx.now();
  const found = input.contractIds.map((id) => rules.visibleContract(ctx, id));
  const [from, to] = dayRange(input.timeRange, 'timeRange');
  const days = new Set();
  for (const c of found) {
    for (const d of store.timeDays(c, nowMs)) if (d.day >= from && d.day <= to) days.add(d.date);
  }
  return { workDays: [...days].sort() };
}

// ---- mutations ---------------------------------------------------------------------------------------

function mutation(name) {
  const action = rules.actions[name];
  return (_root, args, ctx) => {
    const result = rules.run(name, action, ctx, args);
    return result && result.milestone ? milestone(result.milestone, ctx.now()) : result;
  };
}

module.exports = {
  Query: {
    vendorContracts,
    contractList,
    contractDetails: (_root, args, ctx) => contractDetails(rules.visibleContract(ctx, args.id), ctx, ctx.now()),
    contract: (_root, args, ctx) => contractObject(rules.visibleContract(ctx, args.id), ctx, ctx.now()),
    talentWorkHistory,
    timeReport: (_root, args, ctx) => timeRows(args.filter, ctx),
    contractTimeReport,
    workDays,
  },
  Mutation: Object.fromEntries(Object.keys(rules.actions).map((name) => [name, mutation(name)])),
};
