'use strict';
// Deterministic demo contracts, milestones and time for the contracts area
// (schema/contracts.graphql). The same ids on every run; every time is
// relative to the sandbox clock (config.now()), so the data stays "recent"
// and moves with clock_offset_s.
//
// The contracts are mutable in-memory state: contracts-actions.js changes
// them (end, pause, restart, fund, approve, reject) and records every
// mutation it executes; reset() restores the initial state and clears the
// record. Time rows are not stored: they are computed for each request from
// the contract's initial schedule and the calendar date, so the hours of a
// given date never change.
//
// Fields starting with `_` are internal. Amounts are integers of cents.

const crypto = require('node:crypto');
const data = require('./data');
const { mulberry32 } = require('./seeded');

const DAY_S = 24 * 60 * 60;
const WINDOW_WEEKS = 5; // time exists from the Monday 4 weeks before this week's

// ---- people and organizations that are not demo users ---------------------------

// People on the other side of the demo users' contracts. Demo users (ada,
// grace) come from data.js and are referred to by their handle.
const PEOPLE = {
  jean: { id: '1431209876543210496', nid: 'jeansammet', rid: '5231877', firstName: 'Jean', lastName: 'Sammet', ciphertext: '~01c4e6a8b0d2f4a6c8' },
  alan: { id: '1398765432109876736', nid: 'alanturing', rid: '4902210', firstName: 'Alan', lastName: 'Turing', ciphertext: '~01d5f7b9c1e3a5b7d9' },
  katherine: { id: '1402233445566778880', nid: 'kjohnson', rid: '4955001', firstName: 'Katherine', lastName: 'Johnson', ciphertext: '~01e6a8c0d2f4b6c8e0' },
  charles: { id: '1290011223344556544', nid: 'cbabbage', rid: '3100412', firstName: 'Charles', lastName: 'Babbage', ciphertext: '~01f7b9d1e3a5c7d9f1' },
  luigi: { id: '1290022334455667712', nid: 'lmenabrea', rid: '3100523', firstName: 'Luigi', lastName: 'Menabrea', ciphertext: '~01a8c0e2f4b6d8e0a2' },
  mary: { id: '1290033445566778880', nid: 'msomerville', rid: '3100634', firstName: 'Mary', lastName: 'Somerville', ciphertext: '~01b9d1f3a5c7e9f1b3' },
  augustus: { id: '1290044556677889024', nid: 'ademorgan', rid: '3100745', firstName: 'Augustus', lastName: 'De Morgan', ciphertext: '~01c0e2a4b6d8f0a2c4' },
  mallory: { id: '1290055667788990464', nid: 'mallory', rid: '3100856', firstName: 'Mallory', lastName: '"><img src=x onerror=alert(1)>', ciphertext: '~01d1f3b5c7e9a1b3d5' },
  john: { id: '1290066778899001600', nid: 'jmauchly', rid: '3100967', firstName: 'John', lastName: 'Mauchly', ciphertext: '~01e2a4c6d8f0b2c4e6' },
  howard: { id: '1290077889900112896', nid: 'haiken', rid: '3101078', firstName: 'Howard', lastName: 'Aiken', ciphertext: '~01f3b5d7e9a1c3d5f7' },
  james: { id: '1290088990011223040', nid: 'jrand', rid: '3101189', firstName: 'James', lastName: 'Rand', ciphertext: '~01a4c6e8f0b2d4e6a8' },
  eve: { id: '1290099001122334208', nid: 'eve', rid: '3101290', firstName: 'Eve', lastName: 'אבג\u202Etxt.exe', ciphertext: '~01b5d7f9a1c3e5f7b9' },
};

const ORG_BASE = { active: true, hidden: false, parentOrganization: null };
const CLIENT_FLAG = { client: true, vendor: false, agency: false, individual: false };
const FREELANCER_FLAG = { client: false, vendor: true, agency: false, individual: true };

// Organizations that are not demo organizations: the clients of ada's and
// grace's vendor organizations, and the vendor organizations of the
// freelancers grace's client organization hires.
const OTHER_ORGS = {
  '1288000000000000101': { id: '1288000000000000101', rid: '6100101', legacyId: '8100101', name: 'Babbage Analytical Engines Ltd', type: 'BUSINESS', legacyType: 'CLIENT', flag: CLIENT_FLAG, creationDate: '2019-05-02T08:00:00.000Z', description: 'Mechanical computation, difference and analytical.' },
  '1288000000000000102': { id: '1288000000000000102', rid: '6100102', legacyId: '8100102', name: 'Menabrea Translations', type: 'BUSINESS', legacyType: 'CLIENT', flag: CLIENT_FLAG, creationDate: '2020-01-15T12:30:00.000Z', description: 'Technical translation, Italian, French and English.' },
  '1288000000000000103': { id: '1288000000000000103', rid: '6100103', legacyId: '8100103', name: 'Somerville Observatory', type: 'BUSINESS', legacyType: 'CLIENT', flag: CLIENT_FLAG, creationDate: '2018-11-20T09:45:00.000Z', description: 'Astronomy and physical sciences.' },
  '1288000000000000104': { id: '1288000000000000104', rid: '6100104', legacyId: '8100104', name: '"><img src=x onerror=alert(1)> Evil\u202Egnp.exe\u202C Corp', type: 'BUSINESS', legacyType: 'CLIENT', flag: CLIENT_FLAG, creationDate: '2023-04-01T00:00:00.000Z', description: '<script>alert("client")</script>' },
  '1288000000000000105': { id: '1288000000000000105', rid: '6100105', legacyId: '8100105', name: 'De Morgan Logic Co', type: 'BUSINESS', legacyType: 'CLIENT', flag: CLIENT_FLAG, creationDate: '2021-06-30T16:20:00.000Z', description: 'Formal logic consulting.' },
  '1288000000000000106': { id: '1288000000000000106', rid: '6100106', legacyId: '8100106', name: 'Eckert-Mauchly Computer Corp', type: 'BUSINESS', legacyType: 'CLIENT', flag: CLIENT_FLAG, creationDate: '2019-09-09T10:10:00.000Z', description: 'Electronic computers for business.' },
  '1288000000000000107': { id: '1288000000000000107', rid: '6100107', legacyId: '8100107', name: 'Harvard Mark I Society', type: 'BUSINESS', legacyType: 'CLIENT', flag: CLIENT_FLAG, creationDate: '2020-08-07T14:00:00.000Z', description: 'Preserving electromechanical computers.' },
  '1288000000000000108': { id: '1288000000000000108', rid: '6100108', legacyId: '8100108', name: 'Remington Rand Data', type: 'BUSINESS', legacyType: 'CLIENT', flag: CLIENT_FLAG, creationDate: '2022-03-03T11:11:00.000Z', description: 'Data processing services.' },
  '1288000000000000109': { id: '1288000000000000109', rid: '6100109', legacyId: '8100109', name: 'مختبر الحوسبة \u202Eredaeh\u202C', type: 'BUSINESS', legacyType: 'CLIENT', flag: CLIENT_FLAG, creationDate: '2024-02-29T23:59:00.000Z', description: 'שלום "quoted" \'single\' \\ backslash' },
  '1288000000000000201': { id: '1288000000000000201', rid: '6100201', legacyId: '8100201', name: 'Turing Consulting', type: 'INDIVIDUAL', legacyType: 'FREELANCER', flag: FREELANCER_FLAG, creationDate: '2020-06-23T09:00:00.000Z', description: 'Computability and cryptanalysis.' },
  '1288000000000000202': { id: '1288000000000000202', rid: '6100202', legacyId: '8100202', name: 'Katherine Johnson', type: 'INDIVIDUAL', legacyType: 'FREELANCER', flag: FREELANCER_FLAG, creationDate: '2021-08-26T09:00:00.000Z', description: 'Orbital mechanics and numerical analysis.' },
};

// ---- hostile text ------------------------------------------------------------------

const LONG_WORD = 'Supercalifragilisticexpialidocious'.repeat(9) + 'X'; // 307 characters, no spaces
const HOSTILE = {
  script: '<script>alert("contract")</script>',
  img: '"><img src=x onerror=alert(1)>',
  rtl: 'تحليل البيانات — ניתוח נתונים',
  override: 'Invoice \u202Efdp.exe\u202C',
  quotes: 'Quotes " \' ` and a trailing backslash \\',
  long: LONG_WORD,
};

// ---- the demo contracts ------------------------------------------------------------

const ADA_ORG = '1390042875009613825';
const GRACE_AGENCY = '1417508230176432129';
const GRACE_PERSONAL = '1417508230172237824';
const GRACE_CLIENT = '1417508230184820737';

function pad3(n) {
  return String(n).padStart(3, '0');
}

// Ids derived from the contract's number n (1..14): 19-digit numeric strings.
function contractIdOf(n) {
  return `1500000000000000${pad3(n)}`;
}

// Upwork's room ids look like "room_" + hex; the hex here is derived from the
// contract id, so it is the same on every run (the sandbox's choice).
function roomIdOf(contractId) {
  return 'room_' + crypto.createHash('sha256').update(`workdesk-sandbox contract room ${contractId}`).digest('hex').slice(0, 32);
}

const D = DAY_S;

// A milestone spec: [state, amount in cents, description, due (days from now,
// negative = past), options]. Amount fields follow from the state:
// NOT_FUNDED: nothing funded; ACTIVE/SUBMITTED: funded, in escrow;
// PAID: funded and paid (escrow 0); REFUNDED: funded, refunded (escrow 0).
const CONTRACT_SPECS = [
  { n: 1, type: 'HOURLY', title: 'Bernoulli numbers for the Analytical Engine', vendor: ADA_ORG, client: '1288000000000000101', freelancer: 'ada', manager: 'charles', startDays: 140, rateCents: 8500, weeklyLimit: 30, manual: true, priorHalfHours: 640, memos: ['Note G, table of operations', 'Checked the variable cards', 'Call with Charles', 'Loop for B7'] },
  {
    n: 2, type: 'FIXED', title: 'Translation and notes: Sketch of the Analytical Engine', vendor: ADA_ORG, client: '1288000000000000102', freelancer: 'ada', manager: 'luigi', startDays: 75, fixedCents: 480000,
    milestones: [
      ['PAID', 80000, 'Translation of the French memoir', -60, { bonusCents: 5000, payComments: 'Excellent work, thank you.' }],
      ['PAID', 120000, 'Notes A to D', -35],
      ['SUBMITTED', 100000, 'Notes E and F', -5, { submission: 'Notes E and F attached, with the tables.' }],
      ['ACTIVE', 100000, 'Note G with the table of Bernoulli numbers', 10],
      ['NOT_FUNDED', 80000, 'Final proofreading', 30],
    ],
  },
  { n: 3, type: 'HOURLY', title: 'Tables of the tides', vendor: ADA_ORG, client: '1288000000000000103', freelancer: 'ada', manager: 'mary', startDays: 200, rateCents: 6250, weeklyLimit: 20, manual: false, pausedDays: 9, priorHalfHours: 900, memos: ['Tide tables, Bristol', 'Harmonic constants', 'Review with Mary'] },
  {
    n: 4, type: 'FIXED', title: `${HOSTILE.script} Engine ${HOSTILE.override} ${HOSTILE.img}`, vendor: ADA_ORG, client: '1288000000000000104', freelancer: 'ada', manager: 'mallory', startDays: 20, fixedCents: 123456, hostile: true,
    milestones: [
      ['ACTIVE', 23456, `Phase 1: ${HOSTILE.img} & ${HOSTILE.quotes}`, 5, { instructions: `${HOSTILE.script}\nline two\r\nline three` }],
      ['NOT_FUNDED', 100000, `${HOSTILE.rtl} ${HOSTILE.override} ${HOSTILE.long}`, 25],
    ],
  },
  {
    n: 5, type: 'FIXED', title: 'Proof review for a logic textbook', vendor: ADA_ORG, client: '1288000000000000105', freelancer: 'ada', manager: 'augustus', startDays: 50, fixedCents: 150000, endedDays: 3, closing: 'API_REAS_JOB_COMPLETED_SUCCESSFULLY', endedBy: 'augustus',
    milestones: [
      ['PAID', 100000, 'Chapters 1 to 6', -20],
      ['REFUNDED', 50000, 'Chapters 7 to 9 (cancelled)', -4],
    ],
  },
  { n: 6, type: 'HOURLY', title: 'Compiler test-suite maintenance', vendor: ADA_ORG, client: GRACE_CLIENT, freelancer: 'ada', manager: 'grace', startDays: 45, rateCents: 9000, weeklyLimit: 15, manual: true, priorHalfHours: 120, memos: ['Regression tests for COBOL-60', 'Flaky test triage', 'Test runner docs'] },
  {
    n: 7, type: 'FIXED', title: 'Documentation of the A-0 system', vendor: ADA_ORG, client: GRACE_CLIENT, freelancer: 'ada', manager: 'grace', startDays: 30, fixedCents: 300000, pausedDays: 2,
    milestones: [
      ['ACTIVE', 100000, 'Reference manual', 3],
      ['SUBMITTED', 80000, 'Tutorial chapters', -1, { submission: 'Tutorial chapters 1-4 for review.' }],
      ['NOT_FUNDED', 120000, 'Examples and index', 21],
    ],
  },
  { n: 8, type: 'HOURLY', title: 'FLOW-MATIC compiler port', vendor: GRACE_AGENCY, client: '1288000000000000106', freelancer: 'grace', manager: 'john', startDays: 160, rateCents: 12000, weeklyLimit: 40, manual: true, priorHalfHours: 1400, memos: ['Parser for English-like statements', 'Code review', 'UNIVAC tape I/O'] },
  {
    n: 9, type: 'FIXED', title: 'Naval ballistics tables', vendor: GRACE_AGENCY, client: '1288000000000000107', freelancer: 'grace', manager: 'howard', startDays: 90, fixedCents: 650000,
    milestones: [
      ['PAID', 250000, 'Firing tables, part 1', -45],
      ['ACTIVE', 250000, 'Firing tables, part 2', 8],
      ['NOT_FUNDED', 150000, 'Verification run', 40],
    ],
  },
  { n: 10, type: 'HOURLY', title: 'Sort-merge generator', vendor: GRACE_AGENCY, client: '1288000000000000108', freelancer: 'jean', agencyManager: 'grace', manager: 'james', startDays: 120, rateCents: 9500, weeklyLimit: 25, manual: false, pausedDays: 16, priorHalfHours: 500, memos: ['Merge passes', 'Tape layout'] },
  { n: 11, type: 'HOURLY', title: 'Compiler lectures, editing', vendor: GRACE_PERSONAL, client: '1288000000000000107', freelancer: 'grace', manager: 'howard', startDays: 60, rateCents: 7500, weeklyLimit: 10, manual: true, priorHalfHours: 60, memos: ['Lecture 3 slides', 'Lecture 4 draft', `Memo ${HOSTILE.script}`] },
  {
    n: 12, type: 'FIXED', title: `${HOSTILE.rtl} ${HOSTILE.override} ${HOSTILE.long}`, vendor: GRACE_PERSONAL, client: '1288000000000000109', freelancer: 'grace', manager: 'eve', startDays: 25, fixedCents: 99999, hostile: true,
    milestones: [
      ['SUBMITTED', 49999, `${HOSTILE.quotes} ${HOSTILE.img}`, -2, { submission: `Done ${HOSTILE.script} ${HOSTILE.rtl}` }],
      ['NOT_FUNDED', 50000, `${HOSTILE.script}`, 20],
    ],
  },
  {
    n: 13, type: 'FIXED', title: 'Proof of the halting problem, illustrated', vendor: '1288000000000000201', client: GRACE_CLIENT, freelancer: 'alan', manager: 'grace', startDays: 40, fixedCents: 400000,
    milestones: [
      ['PAID', 100000, 'Outline', -25],
      ['SUBMITTED', 100000, 'Diagrams', -3, { submission: 'Diagrams of the universal machine.' }],
      ['ACTIVE', 100000, 'Text', 12],
      ['NOT_FUNDED', 100000, 'Review', 30],
    ],
  },
  { n: 14, type: 'HOURLY', title: 'Trajectory calculations', vendor: '1288000000000000202', client: GRACE_CLIENT, freelancer: 'katherine', manager: 'grace', startDays: 10, rateCents: 11000, weeklyLimit: 20, manual: false, priorHalfHours: 0, memos: ['Re-entry window', 'Checked the IBM 7090 output'] },
];

// Closing reasons a contract can be ended with (EndContractInput.reasonRef);
// the apiRef values are the sandbox's choice.
const CLOSING_REASONS = [
  { id: '1', apiRef: 'API_REAS_JOB_COMPLETED_SUCCESSFULLY', reason: 'Job completed successfully' },
  { id: '2', apiRef: 'API_REAS_WORK_NOT_NEEDED', reason: 'The work is no longer needed' },
  { id: '3', apiRef: 'API_REAS_CONTRACTOR_NOT_RESPONSIVE', reason: 'The other party was not responsive' },
  { id: '4', apiRef: 'API_REAS_HIRED_DIFFERENT', reason: 'Hired someone else' },
  { id: '5', apiRef: 'API_REAS_UNPROFESSIONAL_CONDUCT', reason: 'Unprofessional conduct' },
];

function closingReason(apiRef) {
  return CLOSING_REASONS.find((r) => r.apiRef === apiRef) || null;
}

// Times are { ago: seconds before now } for demo data, { at: ms } for times
// set by a mutation.
function ago(seconds) {
  return { ago: seconds };
}

function buildMilestone(contractN, seq, spec, startDays) {
  const [state, cents, description, dueDays, opt = {}] = spec;
  const funded = state === 'NOT_FUNDED' ? 0 : cents;
  const createdAgo = startDays * D - seq * 3600;
  const m = {
    id: `1600000000000000${pad3(contractN * 10 + seq)}`,
    sequenceId: seq,
    description,
    instructions: opt.instructions ?? null,
    state,
    dueAgo: -dueDays * D, // negative: in the future
    depositCents: cents,
    fundedCents: funded,
    escrowCents: state === 'ACTIVE' || state === 'SUBMITTED' ? cents : 0,
    paidCents: state === 'PAID' ? cents : 0,
    bonusCents: opt.bonusCents ?? 0,
    payComments: opt.payComments ?? null,
    created: ago(createdAgo),
    modified: ago(state === 'NOT_FUNDED' ? createdAgo : Math.max(0, -dueDays * D) + 2 * 3600),
    submissions: [],
  };
  if (state === 'SUBMITTED' || state === 'PAID') {
    const submittedAgo = Math.max(3600, -dueDays * D + 5 * 3600);
    m.submissions.push({
      id: `1650000000000000${pad3(contractN * 10 + seq)}`,
      created: ago(submittedAgo),
      amountCents: cents,
      message: opt.submission ?? `Submitted: ${description}`,
      revision: null,
    });
  }
  return m;
}

function buildContract(spec) {
  const id = contractIdOf(spec.n);
  const c = {
    id,
    n: spec.n,
    title: spec.title,
    type: spec.type,
    vendorOrgId: spec.vendor,
    clientOrgId: spec.client,
    freelancer: spec.freelancer,
    agencyManager: spec.agencyManager ?? (spec.vendor === GRACE_AGENCY ? 'grace' : null),
    hiringManager: spec.manager,
    roomId: roomIdOf(id),
    offerId: `1800000000000000${pad3(spec.n)}`,
    openingId: `1510000000000000${pad3(spec.n)}`,
    termId: `1700000000000000${pad3(spec.n)}`,
    hourlyLimitId: spec.type === 'HOURLY' ? `1900000000000000${pad3(spec.n)}` : null,
    created: ago(spec.startDays * D + 2 * 3600),
    started: ago(spec.startDays * D),
    modified: ago(spec.endedDays ? spec.endedDays * D : spec.pausedDays ? spec.pausedDays * D : 3 * D),
    ended: spec.endedDays ? ago(spec.endedDays * D) : null,
    status: spec.endedDays ? 'ENDED' : spec.pausedDays ? 'PAUSED' : 'ACTIVE',
    closingReason: spec.closing ? closingReason(spec.closing) : null,
    endedBy: spec.endedBy ?? null,
    rateCents: spec.rateCents ?? null,
    weeklyLimit: spec.weeklyLimit ?? null,
    manualTimeAllowed: spec.type === 'HOURLY' ? Boolean(spec.manual) : false,
    fixedCents: spec.fixedCents ?? null,
    milestones: (spec.milestones || []).map((m, i) => buildMilestone(spec.n, i + 1, m, spec.startDays)),
    hostile: Boolean(spec.hostile),
    lastMessage: null,
    feedback: null,
    // The schedule time is computed from; never changed by mutations.
    _schedule: {
      startAgo: spec.startDays * D,
      stopAgo: spec.endedDays ? spec.endedDays * D : spec.pausedDays ? spec.pausedDays * D : null,
      memos: spec.memos || [],
      priorHalfHours: spec.priorHalfHours || 0,
    },
  };
  return c;
}

let contracts = [];
let mutations = [];

function reset() {
  contracts = CONTRACT_SPECS.map(buildContract);
  mutations = [];
}
reset();

function all() {
  return contracts;
}

function contractById(id) {
  return contracts.find((c) => c.id === id) || null;
}

// { contract, milestone } for a milestone id, or null.
function milestoneById(id) {
  for (const c of contracts) {
    const m = c.milestones.find((x) => x.id === id);
    if (m) return { contract: c, milestone: m };
  }
  return null;
}

// "vendor", "client" or null: the side an organization is on.
function sideOf(contract, orgId) {
  if (contract.vendorOrgId === orgId) return 'vendor';
  if (contract.clientOrgId === orgId) return 'client';
  return null;
}

// ---- people and organizations as plain objects ---------------------------------------

// { id, nid, rid, name, firstName, lastName, email, ciphertext, _portrait }
function person(key) {
  const demo = data.userByKey(key);
  if (demo) return demo;
  const p = PEOPLE[key];
  return { ...p, name: `${p.firstName} ${p.lastName}`, email: null, _portrait: null };
}

function orgRecord(id) {
  const demo = data.orgById(id);
  if (demo) return demo;
  return Object.hasOwn(OTHER_ORGS, id) ? { ...ORG_BASE, ...OTHER_ORGS[id], _portrait: null } : null;
}

// ---- time ------------------------------------------------------------------------------

function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

// The instant (epoch seconds) demo times are relative to: the sandbox clock
// rounded down to the whole minute, so every relative time (and today's
// hours) stays the same for a minute and two requests a moment apart agree.
function anchorSec(nowMs) {
  return Math.floor(nowMs / 60000) * 60;
}

function utcDayStart(sec) {
  return Math.floor(sec / DAY_S) * DAY_S;
}

// "YYYYMMDD" of a UTC day.
function ymd(sec) {
  return new Date(sec * 1000).toISOString().slice(0, 10).replace(/-/g, '');
}

// Monday 00:00 UTC of the week holding `sec` (weeks run Monday to Sunday, UTC).
function mondayOf(sec) {
  const day = utcDayStart(sec);
  const weekday = (new Date(day * 1000).getUTCDay() + 6) % 7; // Monday 0
  return day - weekday * DAY_S;
}

// Half-hours a contract's schedule gives a date before the weekly cap.
function plannedDay(contract, daySec) {
  const rand = mulberry32(hash32(`${contract.id}:${ymd(daySec)}`));
  const weekend = (new Date(daySec * 1000).getUTCDay() % 6) === 0;
  const skip = rand();
  const amount = rand();
  const memo = rand();
  const offline = rand();
  let halfHours;
  if (weekend) halfHours = skip < 0.8 ? 0 : 1 + Math.floor(amount * 6);
  else halfHours = skip < 0.15 ? 0 : 2 + Math.floor(amount * 15);
  return { halfHours, memoPick: memo, offlinePick: offline };
}

// The days with time of one hourly contract, oldest first, from the Monday
// WINDOW_WEEKS - 1 weeks before this week's up to today. Each day:
// { day (epoch s), date "YYYYMMDD", halfHours, offlineHalfHours, memo }.
// Weekly totals never pass the weekly limit; today's time never passes the
// time elapsed since 00:00 UTC; no time before the start or after the
// contract was (initially) paused or ended.
function timeDays(contract, nowMs) {
  if (contract.type !== 'HOURLY') return [];
  const nowSec = anchorSec(nowMs);
  const today = utcDayStart(nowSec);
  const first = mondayOf(nowSec) - (WINDOW_WEEKS - 1) * 7 * DAY_S;
  const sched = contract._schedule;
  const startDay = utcDayStart(nowSec - sched.startAgo);
  const stopDay = sched.stopAgo === null ? today : utcDayStart(nowSec - sched.stopAgo);
  const days = [];
  let weekUsed = 0;
  for (let day = first; day <= today; day += DAY_S) {
    if (day === mondayOf(day)) weekUsed = 0;
    if (day < startDay || day > stopDay) continue;
    const plan = plannedDay(contract, day);
    let halfHours = Math.min(plan.halfHours, contract.weeklyLimit * 2 - weekUsed);
    if (day === today) halfHours = Math.min(halfHours, Math.floor((nowSec - today) / 1800));
    if (halfHours <= 0) continue;
    weekUsed += halfHours;
    const offlineHalfHours = contract.manualTimeAllowed && plan.offlinePick < 0.3 ? Math.min(2, halfHours) : 0;
    const memos = sched.memos.length ? sched.memos : ['Work'];
    days.push({ day, date: ymd(day), halfHours, offlineHalfHours, memo: memos[Math.floor(plan.memoPick * memos.length)] });
  }
  return days;
}

// Cents for a number of half-hours at the contract's rate (rates are whole
// even cents, so this is exact).
function chargeCents(contract, halfHours) {
  return (contract.rateCents * halfHours) / 2;
}

// Hours and charges this week and last week (Monday to Sunday, UTC).
function weekTotals(contract, nowMs) {
  const monday = mondayOf(anchorSec(nowMs));
  const sum = (from, to) => {
    const days = timeDays(contract, nowMs).filter((d) => d.day >= from && d.day < to);
    const half = days.reduce((s, d) => s + d.halfHours, 0);
    return { hours: half / 2, chargeCents: contract.type === 'HOURLY' ? chargeCents(contract, half) : 0 };
  };
  return { thisWeek: sum(monday, monday + 7 * DAY_S), lastWeek: sum(monday - 7 * DAY_S, monday) };
}

// ISO 8601 UTC (with milliseconds) of a time: { ago: s } relative to the
// sandbox clock's whole minute, { at: ms } absolute; null stays null.
function iso(when, nowMs) {
  if (!when) return null;
  if (when.at !== undefined) return new Date(when.at).toISOString();
  return new Date((anchorSec(nowMs) - when.ago) * 1000).toISOString();
}

// "1234.5" from 123450 cents: the shortest decimal string.
function decimal(cents) {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const frac = String(abs % 100).padStart(2, '0').replace(/0+$/, '');
  return `${sign}${Math.floor(abs / 100)}${frac ? `.${frac}` : ''}`;
}

// ---- the control dump (GET /__sandbox/contracts) ----------------------------------------

function orgSummary(id) {
  const o = orgRecord(id);
  return { id: o.id, name: o.name, legacyType: o.legacyType };
}

function personSummary(key) {
  if (!key) return null;
  const p = person(key);
  return { key, id: p.id, name: p.name };
}

function milestoneDump(m, nowMs) {
  return {
    id: m.id,
    sequenceId: m.sequenceId,
    description: m.description,
    state: m.state,
    dueDateTime: iso({ ago: m.dueAgo }, nowMs),
    deposit: decimal(m.depositCents),
    funded: decimal(m.fundedCents),
    escrow: decimal(m.escrowCents),
    paid: decimal(m.paidCents),
    bonus: decimal(m.bonusCents),
    payComments: m.payComments,
    submissions: m.submissions.map((s) => ({ id: s.id, createdDateTime: iso(s.created, nowMs), message: s.message, revision: s.revision ? s.revision.message : null })),
  };
}

function timeDump(c, nowMs) {
  if (c.type !== 'HOURLY') return null;
  const totals = weekTotals(c, nowMs);
  const days = timeDays(c, nowMs);
  const lifetimeHalfHours = c._schedule.priorHalfHours + days.reduce((s, d) => s + d.halfHours, 0);
  return {
    // Over the contract's life (time before the window included), as
    // talentWorkHistory's contractAggregate gives them.
    totalHours: lifetimeHalfHours / 2,
    totalCharges: decimal(chargeCents(c, lifetimeHalfHours)),
    weekStart: ymd(mondayOf(anchorSec(nowMs))),
    hoursThisWeek: totals.thisWeek.hours,
    chargesThisWeek: decimal(totals.thisWeek.chargeCents),
    hoursLastWeek: totals.lastWeek.hours,
    chargesLastWeek: decimal(totals.lastWeek.chargeCents),
    days: days.map((d) => ({
      date: d.date,
      hours: d.halfHours / 2,
      offlineHours: d.offlineHalfHours / 2,
      charges: decimal(chargeCents(c, d.halfHours)),
      memo: d.memo,
    })),
  };
}

function contractDump(c, nowMs) {
  return {
    id: c.id,
    title: c.title,
    contractType: c.type,
    status: c.status,
    organization: c.vendorOrgId,
    vendorOrganization: orgSummary(c.vendorOrgId),
    clientOrganization: orgSummary(c.clientOrgId),
    freelancer: personSummary(c.freelancer),
    hiringManager: personSummary(c.hiringManager),
    agencyManager: personSummary(c.agencyManager),
    roomId: c.roomId,
    offerId: c.offerId,
    termId: c.termId,
    startDate: iso(c.started, nowMs),
    endDate: iso(c.ended, nowMs),
    modifyDate: iso(c.modified, nowMs),
    closingReason: c.closingReason ? c.closingReason.apiRef : null,
    endedBy: personSummary(c.endedBy),
    feedback: c.feedback,
    lastMessage: c.lastMessage,
    hourlyRate: c.rateCents === null ? null : decimal(c.rateCents),
    weeklyLimit: c.weeklyLimit,
    manualTimeAllowed: c.manualTimeAllowed,
    fixedAmount: c.fixedCents === null ? null : decimal(c.fixedCents),
    hostile: c.hostile,
    milestones: c.milestones.map((m) => milestoneDump(m, nowMs)),
    time: timeDump(c, nowMs),
  };
}

function dump(nowMs) {
  return {
    now: new Date(Math.floor(nowMs / 1000) * 1000).toISOString(),
    closingReasons: CLOSING_REASONS,
    contracts: contracts.map((c) => contractDump(c, nowMs)),
    mutations,
  };
}

// ---- the mutation record -----------------------------------------------------------------

function recordMutation(entry) {
  mutations.push({ seq: mutations.length + 1, ...entry });
}

function mutationLog() {
  return mutations;
}

// Keys of the people who are not demo users (the messages area uses them in
// contract rooms).
const PEOPLE_KEYS = Object.freeze(Object.keys(PEOPLE));

module.exports = {
  DAY_S, WINDOW_WEEKS, CLOSING_REASONS, HOSTILE, PEOPLE_KEYS,
  ADA_ORG, GRACE_AGENCY, GRACE_PERSONAL, GRACE_CLIENT,
  reset, all, contractById, milestoneById, sideOf, person, orgRecord, closingReason,
  timeDays, chargeCents, weekTotals, mondayOf, utcDayStart, ymd,
  iso, decimal, dump, recordMutation, mutationLog,
};
