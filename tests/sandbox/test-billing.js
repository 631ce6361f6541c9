#!/usr/bin/env node
'use strict';
// Self-test of the sandbox's Billing area (schema/billing.graphql):
// accountingEntity, transactionHistory with every filter field, its errors,
// the range limit switch and GET /__sandbox/transactions. Starts
// tests/sandbox/server.js on a free loopback port, signs in as Ada and
// Grace, and checks the API against expectations computed here from the
// control dump and README.md "Billing" — money in integer cents parsed from
// the strings, never floats. Node built-ins only. Ends with
// "N passed, N failed".
//
//   node tests/sandbox/test-billing.js

const assert = require('node:assert/strict');
const { ADA, GRACE, test, run, ctl, login, loginAll, gqlOk } = require('./test-lib');

const DAY_MS = 86400000;

const ADA_ORG = ADA.org;
const AGENCY_ORG = GRACE.agency;
const GRACE_ORG = GRACE.personal;
const ACE = { [ADA_ORG]: '1203457761', [AGENCY_ORG]: '1304518832', [GRACE_ORG]: '1304518840' };
const GRACE_ID = GRACE.id;
const BOOTH_ID = '1417508230189015040';
const SAMMET_ID = '1417508230193209344';

const tokens = {};
const DUMP = {}; // org id -> GET /__sandbox/transactions?org=

const gql = (query, variables, { user = 'ada', tenant } = {}) => gqlOk(tokens[user], query, variables, { tenant });

const ROW_FIELDS = `rowNumber runningChargeableBalance { rawValue currency displayValue } recordId remainder
  amountCreditedToUser { rawValue currency displayValue } transactionReviewDueDate transactionCreationDate
  relatedUserPaymentMethod accountingSubtype descriptionUI relatedAssignment
  amountSentInOrigCurrency { rawValue currency displayValue } paymentGuaranteed fixedPriceEARMark
  relatedTransactionId relatedInvoiceId fullyPaidDate type transactionAmount { rawValue currency displayValue }
  relatedAccountingEntity description purchaseOrderNumber assignmentAgencyName assignmentCompanyName
  assignmentDeveloperName assignmentTeamCompanyId assignmentTeamCompanyReference assignmentTeamId
  assignmentTeamReference assignmentTeamUserId assignmentTeamUserReference payment { rawValue currency displayValue }
  paymentStatus prefix`;

const HISTORY = `query TransactionHistory($filter: TransactionHistoryFilter) {
  transactionHistory(transactionHistoryFilter: $filter) {
    transactionDetail { transactionHistoryRow { ${ROW_FIELDS} } }
  }
}`;

// The rows of one successful transactionHistory request.
async function history(filter, opts) {
  const r = await gql(HISTORY, { filter }, opts);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data.transactionHistory.transactionDetail.transactionHistoryRow;
}

// A request that must fail: returns its one error, after checking the null data.
async function historyError(filter, opts) {
  const r = await gql(HISTORY, { filter }, opts);
  assert.ok(r.errors && r.errors.length === 1, JSON.stringify(r));
  assert.deepEqual(r.data, { transactionHistory: null });
  assert.deepEqual(r.errors[0].path, ['transactionHistory']);
  return r.errors[0];
}

const range = (rangeStart, rangeEnd) => ({ rangeStart, rangeEnd });
const filterOf = (org, rangeStart, rangeEnd, extra = {}) => ({ aceIds_any: [ACE[org]], transactionDateTime_bt: range(rangeStart, rangeEnd), ...extra });

// ---- money and dates, independently of the sandbox --------------------------------------

// Integer cents from Money.rawValue, by string parsing only.
function cents(rawValue) {
  const m = /^(-?)(0|[1-9]\d*)(?:\.(\d{1,2}))?$/.exec(rawValue);
  assert.ok(m, `rawValue ${JSON.stringify(rawValue)} is a decimal string`);
  const value = Number(m[2]) * 100 + Number((m[3] || '').padEnd(2, '0'));
  return m[1] ? -value : value;
}

function expectedDisplay(c, currency) {
  const abs = Math.abs(c);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${c < 0 ? '-' : ''}${{ USD: '$', EUR: '€' }[currency]}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

function addDays(isoDate, n) {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(a, b) {
  return (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS;
}

function totalsByCurrency(rows) {
  const out = {};
  for (const r of rows) out[r.transactionAmount.currency] = (out[r.transactionAmount.currency] || 0) + cents(r.transactionAmount.rawValue);
  return out;
}

function dumpRowsIn(org, first, last) {
  return DUMP[org].rows.filter((r) => r.date >= first && r.date <= last);
}

// A dump row as the API shows it at position i of an answer.
function asApiRow(r, i) {
  const { date, agencyCompanyId, agencyCompanyUid, ...row } = r;
  return { ...row, rowNumber: i + 1 };
}

// ---- accountingEntity ------------------------------------------------------------------------

test('accountingEntity answers the ACE id of the organization the request works in', async () => {
  const q = 'query { accountingEntity { id } }';
  assert.deepEqual((await gql(q)).data, { accountingEntity: { id: ACE[ADA_ORG] } });
  assert.deepEqual((await gql(q, {}, { user: 'grace' })).data, { accountingEntity: { id: ACE[AGENCY_ORG] } }, 'Grace works in her agency by default');
  assert.deepEqual((await gql(q, {}, { user: 'grace', tenant: AGENCY_ORG })).data, { accountingEntity: { id: ACE[AGENCY_ORG] } });
  assert.deepEqual((await gql(q, {}, { user: 'grace', tenant: GRACE_ORG })).data, { accountingEntity: { id: ACE[GRACE_ORG] } });
  const foreign = await gql(q, {}, { tenant: AGENCY_ORG });
  assert.equal(foreign.data, undefined);
  assert.equal(foreign.errors[0].extensions.classification, 'ExecutionAborted');
  assert.match(foreign.errors[0].message, /^Authorization failed/);
  for (const org of [ADA_ORG, AGENCY_ORG, GRACE_ORG]) assert.equal(DUMP[org].aceId, ACE[org]);
});

// ---- the control dump and the data set -------------------------------------------------------

test('GET /__sandbox/transactions: 24 months per organization; 400 without org, 404 for an unknown one', async () => {
  await ctl('GET', 'transactions', undefined, { status: 400 });
  await ctl('GET', 'transactions?org=', undefined, { status: 400 });
  await ctl('GET', 'transactions?org=1390042875001225216', undefined, { status: 404 }); // a user id, not an organization
  const today = new Date(Date.now()).toISOString().slice(0, 10);
  for (const org of [ADA_ORG, AGENCY_ORG]) {
    const d = DUMP[org];
    assert.equal(d.organizationId, org);
    assert.ok(d.today === today || d.today === addDays(today, -1) || d.today === addDays(today, 1), `today ${d.today}`);
    assert.equal(d.firstDate, addDays(d.today, -729));
    assert.ok(d.rows.length > 500, `${org}: ${d.rows.length} rows`);
    assert.ok(d.rows[0].date <= addDays(d.firstDate, 14), 'the ledger starts about 24 months back');
    assert.ok(d.rows[d.rows.length - 1].date >= addDays(d.today, -7), 'and reaches this week');
    d.rows.forEach((r, i) => {
      assert.equal(r.rowNumber, i + 1);
      assert.ok(r.date >= d.firstDate && r.date <= d.today);
      assert.equal(r.transactionCreationDate, `${r.date}T00:00:00+0000`);
      if (i) assert.ok(d.rows[i - 1].date <= r.date, 'oldest first');
    });
    assert.deepEqual(Object.keys(totalsByCurrency(d.rows)).sort(), ['EUR', 'USD']);
  }
  assert.deepEqual(DUMP[GRACE_ORG].rows, [], "Grace's own organization has an empty ledger");
  // Deterministic: a second dump is the same.
  assert.deepEqual(await ctl('GET', `transactions?org=${ADA_ORG}`), DUMP[ADA_ORG]);
});

test('every Money is exact: rawValue shortest decimal, displayValue from it, one currency per row', async () => {
  for (const org of [ADA_ORG, AGENCY_ORG]) {
    for (const r of DUMP[org].rows) {
      const currency = r.transactionAmount.currency;
      for (const key of ['transactionAmount', 'amountCreditedToUser', 'runningChargeableBalance', 'payment']) {
        const m = r[key];
        if (m === null) continue;
        assert.equal(m.currency, currency, `${r.recordId} ${key}`);
        assert.match(m.rawValue, /^-?(0|[1-9]\d*)(\.\d?[1-9])?$/, `${r.recordId} ${key} ${m.rawValue}`);
        assert.notEqual(m.rawValue, '-0');
        assert.equal(m.displayValue, expectedDisplay(cents(m.rawValue), currency));
      }
      assert.deepEqual(r.amountCreditedToUser, r.transactionAmount);
      assert.equal(r.amountSentInOrigCurrency, null);
    }
  }
});

test('running balances: per currency, the sum of every row up to and including it', async () => {
  for (const org of [ADA_ORG, AGENCY_ORG]) {
    const balance = {};
    for (const r of DUMP[org].rows) {
      const c = r.transactionAmount.currency;
      balance[c] = (balance[c] || 0) + cents(r.transactionAmount.rawValue);
      assert.equal(cents(r.runningChargeableBalance.rawValue), balance[c], `${org} row ${r.rowNumber}`);
    }
  }
});

test('row kinds: types, subtypes, fees of 10 % half up, withdrawals, refunds, pending reviews', async () => {
  const kinds = new Set();
  for (const org of [ADA_ORG, AGENCY_ORG]) {
    const rows = DUMP[org].rows;
    const byId = new Map(rows.map((r) => [r.recordId, r]));
    assert.equal(byId.size, rows.length, 'recordIds are unique');
    for (const r of rows) {
      kinds.add(`${r.type}/${r.accountingSubtype}`);
      const amount = cents(r.transactionAmount.rawValue);
      const related = r.relatedTransactionId && byId.get(r.relatedTransactionId);
      if (r.relatedTransactionId) assert.ok(related && related.rowNumber < r.rowNumber, `${r.recordId} points back to an earlier row`);
      switch (r.accountingSubtype) {
        case 'Hourly':
        case 'Fixed Price':
        case 'Bonus':
          assert.ok(amount > 0);
          assert.ok(r.relatedInvoiceId && r.assignmentCompanyName && r.assignmentDeveloperName);
          break;
        case 'Service Fee': {
          const base = cents(related.transactionAmount.rawValue);
          if (related.accountingSubtype === 'Service Fee') {
            // Fee returned with a refund: 10 % of the refund, positive.
            const refund = rows.find((x) => x.relatedInvoiceId === r.relatedInvoiceId && x.accountingSubtype === 'Refund');
            assert.equal(amount, Math.floor((Math.abs(cents(refund.transactionAmount.rawValue)) * 10 + 50) / 100));
          } else {
            assert.equal(amount, -Math.floor((base * 10 + 50) / 100) || 0, `fee of ${related.transactionAmount.rawValue}`);
            assert.equal(r.relatedInvoiceId, related.relatedInvoiceId);
          }
          break;
        }
        case 'Refund':
          assert.ok(amount < 0 && related.accountingSubtype === 'Hourly');
          assert.notEqual(r.relatedInvoiceId, related.relatedInvoiceId, 'a refund is a credit invoice of its own');
          break;
        case 'Withdrawal':
          assert.equal(r.type, 'APPayment');
          assert.ok(amount < 0 && r.relatedInvoiceId === null && Number.isInteger(r.relatedUserPaymentMethod));
          assert.equal(cents(r.payment.rawValue), -amount);
          assert.equal(-amount % 5000, 0, 'withdrawn in steps of 50.00');
          break;
        case 'Withdrawal Fee':
          assert.ok(amount < 0 && related.accountingSubtype === 'Withdrawal' && r.relatedInvoiceId === null);
          break;
        case 'Membership Fee':
          assert.ok(amount < 0 && r.type === 'ARInvoice' && r.relatedInvoiceId);
          break;
        default:
          assert.fail(`unexpected subtype ${r.accountingSubtype}`);
      }
      if (r.accountingSubtype !== 'Withdrawal') assert.equal(r.payment, null);
      const age = daysBetween(r.date, DUMP[org].today);
      const hourly = r.accountingSubtype === 'Hourly' || (r.accountingSubtype === 'Service Fee' && related.accountingSubtype === 'Hourly');
      if (hourly) {
        assert.equal(r.transactionReviewDueDate, `${addDays(r.date, 5)}T00:00:00+0000`);
        assert.equal(r.paymentStatus, age < 5 ? 'Pending' : 'Paid');
        assert.equal(r.fullyPaidDate, age < 5 ? null : r.transactionReviewDueDate);
      } else {
        assert.equal(r.transactionReviewDueDate, null);
        assert.equal(r.paymentStatus, 'Paid');
        assert.equal(r.fullyPaidDate, r.transactionCreationDate);
      }
    }
    assert.ok(rows.some((r) => r.paymentStatus === 'Pending'), 'some hourly invoices are in review');
  }
  assert.deepEqual([...kinds].sort(), [
    'APAdjustment/Bonus', 'APAdjustment/Refund', 'APAdjustment/Service Fee', 'APAdjustment/Withdrawal Fee',
    'APInvoice/Fixed Price', 'APInvoice/Hourly', 'APPayment/Withdrawal', 'ARInvoice/Membership Fee',
  ]);
});

test('invoices: the rows sharing relatedInvoiceId, all on one date; the documented special invoices', async () => {
  for (const org of [ADA_ORG, AGENCY_ORG]) {
    const invoices = new Map();
    for (const r of DUMP[org].rows) {
      if (!r.relatedInvoiceId) continue;
      if (!invoices.has(r.relatedInvoiceId)) invoices.set(r.relatedInvoiceId, []);
      invoices.get(r.relatedInvoiceId).push(r);
    }
    assert.ok(invoices.size > 100);
    for (const [id, rows] of invoices) {
      assert.match(id, /^\d{9}$/);
      assert.equal(new Set(rows.map((r) => r.date)).size, 1, `invoice ${id} has one date`);
      assert.equal(new Set(rows.map((r) => r.transactionAmount.currency)).size, 1, `invoice ${id} has one currency`);
    }
  }
  const special = (org, id) => DUMP[org].rows.filter((r) => r.relatedInvoiceId === id).map((r) => [r.accountingSubtype, r.transactionAmount.rawValue, r.transactionAmount.currency]);
  assert.deepEqual(special(ADA_ORG, '719000001'), [['Fixed Price', '123456.78', 'USD'], ['Service Fee', '-12345.68', 'USD']]);
  assert.deepEqual(special(AGENCY_ORG, '729000001'), [['Fixed Price', '123456.78', 'USD'], ['Service Fee', '-12345.68', 'USD']]);
  assert.deepEqual(special(ADA_ORG, '719000002'), [['Bonus', '0.01', 'USD'], ['Service Fee', '0', 'USD']]);
  assert.deepEqual(special(AGENCY_ORG, '729000002'), [['Bonus', '0.01', 'USD'], ['Service Fee', '0', 'USD']]);
  assert.equal(DUMP[ADA_ORG].rows.find((r) => r.relatedInvoiceId === '719000001').assignmentCompanyName, 'Quill & Ink "Media", Ltd. <b>bold</b>');
});

test('hostile text: formula starters, markup, RTL, U+202E, commas, quotes, newlines', async () => {
  for (const [org, prefix] of [[ADA_ORG, '71900000'], [AGENCY_ORG, '72900000']]) {
    const rows = DUMP[org].rows;
    const bonus = (id) => rows.find((r) => r.relatedInvoiceId === id && r.accountingSubtype === 'Bonus');
    assert.ok(bonus(`${prefix}3`).description.startsWith('=HYPERLINK('));
    assert.ok(bonus(`${prefix}4`).description.startsWith('+'));
    assert.ok(bonus(`${prefix}5`).description.startsWith('-'));
    assert.ok(bonus(`${prefix}6`).description.startsWith('@'));
    for (const id of [3, 4, 5, 6]) assert.equal(bonus(`${prefix}${id}`).descriptionUI, bonus(`${prefix}${id}`).description);
    const texts = rows.flatMap((r) => [r.description, r.descriptionUI, r.assignmentCompanyName]).filter(Boolean);
    for (const [what, re] of [
      ['script tag', /<script>/], ['img onerror', /<img src=x onerror=/], ['RTL letters', /[\u0590-\u06ff]/],
      ['comma and double quote', /,.*"/], ['newline', /\n/],
    ]) assert.ok(texts.some((t) => re.test(t)), `${org}: ${what}`);
  }
  const ada = DUMP[ADA_ORG].rows.map((r) => r.description);
  assert.ok(ada.some((t) => t.startsWith('\t=')) && ada.some((t) => t.startsWith('\r=')), 'tab and CR starters');
  assert.ok(ada.some((t) => t.includes('\u202E')), 'U+202E');
  assert.ok(ada.some((t) => t.includes('\r\n')), 'CRLF');
  assert.ok(ada.some((t) => /\S{300}/.test(t)), 'a very long word');
  assert.deepEqual(DUMP[ADA_ORG].rows.find((r) => r.relatedInvoiceId === '719000007').description,
    'Payment, with commas, "double quotes", and \'single quotes\'');
});

test('cent traps: one day of amounts whose double arithmetic loses a cent', async () => {
  for (const org of [ADA_ORG, AGENCY_ORG]) {
    const tips = DUMP[org].rows.filter((r) => r.accountingSubtype === 'Bonus' && r.transactionAmount.currency === 'USD' && r.description === 'Tip');
    assert.deepEqual(tips.map((r) => r.transactionAmount.rawValue), ['0.1', '0.1', '0.1', '4.35', '1.15', '0.29']);
    assert.equal(new Set(tips.map((r) => r.date)).size, 1);
    const exact = tips.reduce((s, r) => s + cents(r.transactionAmount.rawValue), 0);
    assert.equal(exact, 609);
    const asDoubles = tips.reduce((s, r) => s + Number(r.transactionAmount.rawValue), 0);
    assert.equal(asDoubles, 6.089999999999999, 'summed as doubles');
    assert.equal(Math.trunc(asDoubles * 100), exact - 1, 'a float sum truncated to cents is a cent short');
    assert.equal(Math.trunc(Number('4.35') * 100), 434, '4.35 * 100 truncates to 434');
    const eur = DUMP[org].rows.filter((r) => r.date === tips[0].date && r.accountingSubtype === 'Bonus' && r.transactionAmount.currency === 'EUR');
    assert.deepEqual(eur.map((r) => r.transactionAmount.rawValue), ['0.7', '0.1']);
    assert.notEqual(Number('0.7') + Number('0.1'), 0.8);
  }
});

// ---- transactionHistory: ranges ----------------------------------------------------------------

test('a range answers exactly the dump rows of those dates, inclusive, oldest first, numbered from 1', async () => {
  for (const [org, user] of [[ADA_ORG, 'ada'], [AGENCY_ORG, 'grace']]) {
    const d = DUMP[org];
    // Bounds on dates that have rows, so inclusiveness shows at both ends.
    const first = d.rows.find((r) => r.date >= addDays(d.today, -120)).date;
    const last = [...d.rows].reverse().find((r) => r.date <= addDays(d.today, -30)).date;
    const rows = await history(filterOf(org, first, last), { user });
    const expected = dumpRowsIn(org, first, last);
    assert.ok(expected.length > 20);
    assert.deepEqual(rows, expected.map(asApiRow));
    assert.equal(rows[0].transactionCreationDate, `${first}T00:00:00+0000`, 'rangeStart is inclusive');
    assert.equal(rows[rows.length - 1].transactionCreationDate, `${last}T00:00:00+0000`, 'rangeEnd is inclusive');
    // One day only.
    assert.deepEqual(await history(filterOf(org, first, first), { user }), dumpRowsIn(org, first, first).map(asApiRow));
    // Ranges outside the ledger, or in the future: no rows.
    assert.deepEqual(await history(filterOf(org, addDays(d.firstDate, -300), addDays(d.firstDate, -1)), { user }), []);
    assert.deepEqual(await history(filterOf(org, addDays(d.today, 1), addDays(d.today, 100)), { user }), []);
  }
});

test('totals per currency of a range, computed from the dump, equal the sum of the API rows', async () => {
  for (const [org, user] of [[ADA_ORG, 'ada'], [AGENCY_ORG, 'grace']]) {
    const d = DUMP[org];
    for (const [a, b] of [[-29, 0], [-364, 0], [-729, -364], [-200, -150]]) {
      const first = addDays(d.today, a);
      const last = addDays(d.today, b);
      const rows = await history(filterOf(org, first, last), { user });
      const api = totalsByCurrency(rows);
      const independent = totalsByCurrency(dumpRowsIn(org, first, last));
      assert.deepEqual(api, independent, `${org} ${first}..${last}`);
      for (const r of rows) assert.ok(r.transactionCreationDate.slice(0, 10) >= first && r.transactionCreationDate.slice(0, 10) <= last);
    }
    // The whole ledger in two requests of at most 366 days.
    const older = await history(filterOf(org, d.firstDate, addDays(d.today, -366)), { user });
    const newer = await history(filterOf(org, addDays(d.today, -365), d.today), { user });
    assert.equal(older.length + newer.length, d.rows.length);
    assert.deepEqual([...older, ...newer].map((r) => r.recordId), d.rows.map((r) => r.recordId));
  }
});

test('range limit: 366 days inclusive by default; switch billing_max_range_days; validated; reset', async () => {
  const today = DUMP[ADA_ORG].today;
  assert.equal((await ctl('GET', 'config')).billing_max_range_days, 366);
  await history(filterOf(ADA_ORG, addDays(today, -365), today));
  let e = await historyError(filterOf(ADA_ORG, addDays(today, -366), today));
  assert.equal(e.message, 'Exception while fetching data (/transactionHistory) : transactionDateTime_bt spans 367 days; at most 366 are allowed');
  assert.equal(e.extensions.classification, 'DataFetchingException');
  e = await historyError(filterOf(ADA_ORG, '2020-01-01', '2029-12-31'));
  assert.match(e.message, /spans 3653 days; at most 366/);

  assert.equal((await ctl('POST', 'config', { billing_max_range_days: 30 })).billing_max_range_days, 30);
  await history(filterOf(ADA_ORG, addDays(today, -29), today));
  e = await historyError(filterOf(ADA_ORG, addDays(today, -30), today));
  assert.match(e.message, /spans 31 days; at most 30 are allowed$/);
  await ctl('POST', 'config', { billing_max_range_days: 100000 });
  const all = await history(filterOf(ADA_ORG, '2000-01-01', '2099-12-31'));
  assert.equal(all.length, DUMP[ADA_ORG].rows.length);
  for (const bad of [0, -1, 1.5, '366', true, 100001]) {
    await ctl('POST', 'config', { billing_max_range_days: bad }, { status: 400 });
  }
  assert.equal((await ctl('GET', 'config')).billing_max_range_days, 100000, 'a rejected value changes nothing');
  assert.equal((await ctl('POST', 'config', { billing_max_range_days: null })).billing_max_range_days, 366);
  await ctl('POST', 'config', { billing_max_range_days: 7 });
  assert.equal((await ctl('POST', 'reset')).billing_max_range_days, 366);
  tokens.ada = await login('ada'); // reset revoked every token
  tokens.grace = await login('grace');
});

test('dates: yyyy-mm-dd or ISO date-times (reduced to the UTC date); anything else is an error', async () => {
  const d = DUMP[ADA_ORG];
  const first = addDays(d.today, -60);
  const last = addDays(d.today, -20);
  const expected = dumpRowsIn(ADA_ORG, first, last).map(asApiRow);
  assert.deepEqual(await history(filterOf(ADA_ORG, `${first}T00:00:00Z`, `${last}T23:59:59Z`)), expected);
  assert.deepEqual(await history(filterOf(ADA_ORG, `${first}T00:00:00.000+0000`, `${last}T12:00:00+00:00`)), expected);
  // 23:30 at UTC-2 is 01:30 the next UTC day; 00:30 at UTC+2 is 22:30 the day before.
  assert.deepEqual(await history(filterOf(ADA_ORG, `${addDays(first, -1)}T23:30:00-02:00`, `${addDays(last, 1)}T00:30:00+02:00`)), expected);
  const bad = [
    [first, '2026-02-30', 'rangeEnd: "2026-02-30" is not a date (yyyy-mm-dd)'],
    ['2026/01/01', last, 'rangeStart: "2026/01/01" is not a date (yyyy-mm-dd)'],
    ['yesterday', last, 'rangeStart: "yesterday" is not a date (yyyy-mm-dd)'],
    [first, `${last}T24:00:00Z`, `rangeEnd: "${last}T24:00:00Z" is not a date (yyyy-mm-dd)`],
    [first, '20260101', 'rangeEnd: "20260101" is not a date (yyyy-mm-dd)'],
    [last, first, 'transactionDateTime_bt: rangeStart is after rangeEnd'],
  ];
  for (const [a, b, message] of bad) {
    const e = await historyError(filterOf(ADA_ORG, a, b));
    assert.equal(e.message, `Exception while fetching data (/transactionHistory) : ${message.startsWith('transactionDateTime_bt') ? '' : 'transactionDateTime_bt.'}${message}`);
    assert.equal(e.extensions.classification, 'DataFetchingException');
  }
  for (const r of [{ rangeStart: first }, { rangeEnd: last }, {}, { rangeStart: null, rangeEnd: last }]) {
    const e = await historyError({ aceIds_any: [ACE[ADA_ORG]], transactionDateTime_bt: r });
    assert.match(e.message, /transactionDateTime_bt needs both rangeStart and rangeEnd$/);
  }
});

// ---- transactionHistory: filters -------------------------------------------------------------

test('filters: trxSubtypes_any, developerIds_any, agencyCompanyIds_any, agencyCompanyUids_any; [] selects all; AND', async () => {
  const d = DUMP[AGENCY_ORG];
  const first = addDays(d.today, -365);
  const inRange = dumpRowsIn(AGENCY_ORG, first, d.today);
  const check = async (extra, keep, opts = { user: 'grace' }, org = AGENCY_ORG) => {
    const rows = await history(filterOf(org, first, DUMP[org].today, extra), opts);
    const expected = dumpRowsIn(org, first, DUMP[org].today).filter(keep).map(asApiRow);
    assert.deepEqual(rows, expected, JSON.stringify(extra));
    return rows;
  };
  const fees = await check({ trxSubtypes_any: ['Service Fee'] }, (r) => r.accountingSubtype === 'Service Fee');
  assert.ok(fees.length > 50);
  await check({ trxSubtypes_any: ['Hourly', 'Bonus'] }, (r) => r.accountingSubtype === 'Hourly' || r.accountingSubtype === 'Bonus');
  await check({ trxSubtypes_any: ['service fee'] }, () => false); // exact, case-sensitive
  const booth = await check({ developerIds_any: [BOOTH_ID] }, (r) => r.assignmentTeamUserId === BOOTH_ID);
  assert.ok(booth.length > 20 && booth.every((r) => r.assignmentDeveloperName === 'Kathleen Booth'));
  await check({ developerIds_any: [BOOTH_ID, SAMMET_ID] }, (r) => r.assignmentTeamUserId === BOOTH_ID || r.assignmentTeamUserId === SAMMET_ID);
  const viaAgency = await check({ agencyCompanyIds_any: ['7350091'] }, (r) => r.agencyCompanyId === '7350091');
  assert.ok(viaAgency.length > 100 && viaAgency.length < inRange.length, 'withdrawals and memberships are not agency work');
  assert.ok(viaAgency.every((r) => r.assignmentAgencyName === 'Hopper Digital Agency'));
  await check({ agencyCompanyUids_any: [AGENCY_ORG] }, (r) => r.agencyCompanyUid === AGENCY_ORG);
  await check({ agencyCompanyIds_any: ['9120455'] }, () => false); // the legacyId is not the company id
  await check({ trxSubtypes_any: ['Hourly'], developerIds_any: [GRACE_ID], agencyCompanyUids_any: [AGENCY_ORG] },
    (r) => r.accountingSubtype === 'Hourly' && r.assignmentTeamUserId === GRACE_ID);
  await check({ trxSubtypes_any: [], developerIds_any: [], agencyCompanyIds_any: [], agencyCompanyUids_any: [], bpaPrivateData: { serviceName_eq: 'x', serviceVersion_eq: '1' } }, () => true);
  // Ada's work is not through an agency.
  await check({ agencyCompanyIds_any: ['7350091'] }, () => false, { user: 'ada' }, ADA_ORG);
  await check({ developerIds_any: ['1390042875001225216'] }, (r) => r.assignmentTeamUserId === '1390042875001225216', { user: 'ada' }, ADA_ORG);
});

// ---- transactionHistory: who may see what -----------------------------------------------------

test("another organization's ACE id is refused: null and Authorization failed (ExecutionAborted)", async () => {
  const today = DUMP[ADA_ORG].today;
  const from = addDays(today, -30);
  const refused = async (aceIds, opts) => {
    const e = await historyError({ aceIds_any: aceIds, transactionDateTime_bt: range(from, today) }, opts);
    assert.equal(e.message, 'Authorization failed');
    assert.equal(e.extensions.classification, 'ExecutionAborted');
  };
  await refused([ACE[AGENCY_ORG]]);
  await refused([ACE[GRACE_ORG]]);
  await refused([ACE[ADA_ORG], ACE[AGENCY_ORG]]); // one foreign id spoils the request
  await refused(['999999999']);
  await refused([ADA_ORG]); // an organization id is not an ACE id
  await refused([ACE[ADA_ORG]], { user: 'grace' });
  // Grace: each ACE only in its own organization.
  await refused([ACE[GRACE_ORG]], { user: 'grace' });
  await refused([ACE[GRACE_ORG]], { user: 'grace', tenant: AGENCY_ORG });
  await refused([ACE[AGENCY_ORG]], { user: 'grace', tenant: GRACE_ORG });
  assert.deepEqual(await history(filterOf(GRACE_ORG, from, today), { user: 'grace', tenant: GRACE_ORG }), []);
  assert.ok((await history(filterOf(AGENCY_ORG, from, today), { user: 'grace', tenant: AGENCY_ORG })).length > 0);
  // Duplicates of the own id are fine.
  const twice = await history({ aceIds_any: [ACE[ADA_ORG], ACE[ADA_ORG]], transactionDateTime_bt: range(from, today) });
  assert.deepEqual(twice, dumpRowsIn(ADA_ORG, from, today).map(asApiRow));
  // A tenant the user does not belong to fails before any resolver.
  const r = await gql(HISTORY, { filter: filterOf(AGENCY_ORG, from, today) }, { tenant: AGENCY_ORG });
  assert.equal(r.data, undefined);
  assert.match(r.errors[0].message, /^Authorization failed/);
});

test('argument errors: no filter, empty aceIds_any; schema-level: missing required fields, String for ID', async () => {
  const today = DUMP[ADA_ORG].today;
  let e = await historyError(undefined);
  assert.equal(e.message, 'Exception while fetching data (/transactionHistory) : transactionHistoryFilter is required');
  assert.equal(e.extensions.classification, 'DataFetchingException');
  e = await historyError({ aceIds_any: [], transactionDateTime_bt: range(today, today) });
  assert.equal(e.message, 'Exception while fetching data (/transactionHistory) : aceIds_any must name at least one accounting entity');
  // Validation errors: no data at all.
  for (const [query, variables] of [
    ['query { transactionHistory(transactionHistoryFilter: {transactionDateTime_bt: {rangeStart: "2026-01-01", rangeEnd: "2026-01-31"}}) { transactionDetail { transactionHistoryRow { recordId } } } }'],
    ['query { transactionHistory(transactionHistoryFilter: {aceIds_any: ["1203457761"]}) { transactionDetail { transactionHistoryRow { recordId } } } }'],
    ['query Q($a: [String!]!) { transactionHistory(transactionHistoryFilter: {aceIds_any: $a, transactionDateTime_bt: {rangeStart: "2026-01-01", rangeEnd: "2026-01-31"}}) { transactionDetail { transactionHistoryRow { recordId } } } }', { a: [ACE[ADA_ORG]] }],
    ['query { transactionHistory(transactionHistoryFilter: {aceIds_any: ["1"], transactionDateTime_bt: {rangeStart: "2026-01-01", rangeEnd: "2026-01-31"}, invoiceId_eq: "1"}) { transactionDetail { transactionHistoryRow { recordId } } } }'],
  ]) {
    const r = await gql(query, variables);
    assert.equal(r.data, undefined, query);
    assert.equal(r.errors[0].extensions.classification, 'ValidationError', JSON.stringify(r.errors));
  }
  // The variable types a client should declare work.
  const ok = await gql(`query Q($ace: [ID!]!, $range: DateTimeRange!) {
    transactionHistory(transactionHistoryFilter: {aceIds_any: $ace, transactionDateTime_bt: $range}) { transactionDetail { transactionHistoryRow { recordId } } }
  }`, { ace: [ACE[ADA_ORG]], range: range(addDays(today, -6), today) });
  assert.equal(ok.errors, undefined, JSON.stringify(ok.errors));
  assert.deepEqual(ok.data.transactionHistory.transactionDetail.transactionHistoryRow.map((r) => r.recordId),
    dumpRowsIn(ADA_ORG, addDays(today, -6), today).map((r) => r.recordId));
});

// ---- clock, switches, log -----------------------------------------------------------------------

test('clock_offset_s moves the ledger: same rows, dates one day later', async () => {
  await ctl('POST', 'config', { clock_offset_s: 86400 });
  tokens.ada = await login('ada'); // a day later, the old token has expired
  const later = await ctl('GET', `transactions?org=${ADA_ORG}`);
  assert.equal(later.today, addDays(DUMP[ADA_ORG].today, 1));
  assert.equal(later.rows.length, DUMP[ADA_ORG].rows.length);
  later.rows.forEach((r, i) => {
    const before = DUMP[ADA_ORG].rows[i];
    assert.equal(r.recordId, before.recordId);
    assert.equal(r.date, addDays(before.date, 1));
    assert.deepEqual(r.transactionAmount, before.transactionAmount);
  });
  const first = addDays(later.today, -10);
  const rows = await history(filterOf(ADA_ORG, first, later.today));
  assert.deepEqual(rows, later.rows.filter((r) => r.date >= first).map(asApiRow));
  await ctl('POST', 'config', { clock_offset_s: null });
});

test('shared switches apply: mark_fields, remove_permissions, drop_fields; the log names the field', async () => {
  const today = DUMP[ADA_ORG].today;
  const filter = filterOf(ADA_ORG, addDays(today, -30), today);
  const plain = await history(filter);
  await ctl('POST', 'config', { mark_fields: ['Money.rawValue', 'TransactionHistoryRow.rowNumber', 'TransactionHistoryRow.description'] });
  const marked = await history(filter);
  assert.equal(marked.length, plain.length);
  assert.equal(marked[0].transactionAmount.rawValue, `${plain[0].transactionAmount.rawValue}MARK·Money.rawValue`);
  assert.equal(marked[0].rowNumber, 1 + 7777);
  assert.equal(marked[0].description, `${plain[0].description}MARK·TransactionHistoryRow.description`);
  await ctl('POST', 'config', { mark_fields: null, remove_permissions: ['TransactionHistoryRow.transactionAmount'] });
  let r = await gql(HISTORY, { filter });
  assert.equal(r.data, undefined);
  assert.match(r.errors[0].message, /permissions\/scopes to access: \[TransactionHistoryRow\.transactionAmount\]/);
  await ctl('POST', 'config', { remove_permissions: null, drop_fields: ['TransactionHistoryRow.descriptionUI'] });
  r = await gql(HISTORY, { filter });
  assert.match(r.errors[0].message, /^Validation error \(FieldUndefined@\[transactionHistory\/transactionDetail\/transactionHistoryRow\/descriptionUI\]\)/);
  await ctl('POST', 'config', { drop_fields: null });
  await ctl('DELETE', 'log');
  await history(filter);
  const log = await ctl('GET', 'log');
  assert.equal(log.length, 1);
  assert.deepEqual(log[0].fields, ['transactionHistory']);
  assert.equal(log[0].operationName, 'TransactionHistory');
  assert.equal(log[0].error, null);
});

// ---- runner ------------------------------------------------------------------------------

run({
  name: 'test-billing',
  setup: async () => {
    await loginAll(tokens);
    for (const org of [ADA_ORG, AGENCY_ORG, GRACE_ORG]) DUMP[org] = await ctl('GET', `transactions?org=${org}`);
  },
  // Reset switches only: tokens must survive between tests.
  beforeEach: () => ctl('POST', 'config', { billing_max_range_days: null, clock_offset_s: null, remove_permissions: null, drop_fields: null, graphql_fault: null, mark_fields: null }),
});
