'use strict';
// The rules of transactionHistory (schema/billing.graphql): which accounting
// entities a request may name, how transactionDateTime_bt is read and
// limited, and which rows the filters select. README.md "Billing" states
// them; test-billing.js checks them against GET /__sandbox/transactions.
//
// Errors are thrown for resolvers/billing.js to pass on: a plain Error
// becomes "Exception while fetching data (/transactionHistory) : <message>"
// (DataFetchingException); classifiedError(…, 'ExecutionAborted') keeps
// its message ("Authorization failed").

const { classifiedError } = require('./graphql');
const billingData = require('./data-billing');

const DAY_MS = 24 * 60 * 60 * 1000;

// A valid calendar date, or null: Date.UTC rolls 2026-02-30 over, so the
// round trip must give the same parts back.
function utcDay(year, month, day) {
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return ms;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

// yyyy-mm-dd, or an ISO 8601 date-time reduced to its UTC date; returns
// days since the epoch.
function parseDay(value, name) {
  const shown = JSON.stringify(String(value).slice(0, 40));
  const bad = () => new Error(`transactionDateTime_bt.${name}: ${shown} is not a date (yyyy-mm-dd)`);
  let m = DATE_RE.exec(value);
  if (m) {
    const ms = utcDay(Number(m[1]), Number(m[2]), Number(m[3]));
    if (ms === null) throw bad();
    return ms / DAY_MS;
  }
  m = DATE_TIME_RE.exec(value);
  if (!m) throw bad();
  const ms = utcDay(Number(m[1]), Number(m[2]), Number(m[3]));
  const [hh, mm, ss] = [Number(m[4]), Number(m[5]), Number(m[6] || 0)];
  const offsetMin = m[7] === 'Z' ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  if (ms === null || hh > 23 || mm > 59 || ss > 59 || Math.abs(offsetMin) > 18 * 60) throw bad();
  return Math.floor((ms + ((hh * 60 + mm - offsetMin) * 60 + ss) * 1000) / DAY_MS);
}

// Only the organization the request works in may be named; every id must
// be its accounting entity (duplicates allowed). Upwork's "Authorization
// failed" for anything else, including unknown ids.
function checkAccountingEntities(organization, aceIds) {
  if (!aceIds || aceIds.length === 0) throw new Error('aceIds_any must name at least one accounting entity');
  const own = billingData.aceIdOf(organization.id);
  if (!aceIds.every((id) => id === own)) throw classifiedError('Authorization failed', 'ExecutionAborted');
}

// [firstDay, lastDay] (days since the epoch), inclusive, checked against
// the switch billing_max_range_days.
function dayRange(range, maxDays) {
  if (!range || range.rangeStart == null || range.rangeEnd == null) {
    throw new Error('transactionDateTime_bt needs both rangeStart and rangeEnd');
  }
  const first = parseDay(range.rangeStart, 'rangeStart');
  const last = parseDay(range.rangeEnd, 'rangeEnd');
  if (first > last) throw new Error('transactionDateTime_bt: rangeStart is after rangeEnd');
  const days = last - first + 1;
  if (days > maxDays) throw new Error(`transactionDateTime_bt spans ${days} days; at most ${maxDays} are allowed`);
  return [first, last];
}

// A list filter: null or [] selects everything.
function listFilter(values, valueOf) {
  if (!values || values.length === 0) return () => true;
  const wanted = new Set(values);
  return (row) => wanted.has(valueOf(row));
}

// The rows of `organization` the filter selects, oldest first, as
// TransactionHistoryRow objects numbered 1, 2, 3, ...
function select(organization, filter, todayDay, maxDays) {
  if (!filter) throw new Error('transactionHistoryFilter is required');
  checkAccountingEntities(organization, filter.aceIds_any);
  const [first, last] = dayRange(filter.transactionDateTime_bt, maxDays);
  const tests = [
    (r) => todayDay - r.daysAgo >= first && todayDay - r.daysAgo <= last,
    listFilter(filter.trxSubtypes_any, (r) => r.accountingSubtype),
    listFilter(filter.developerIds_any, (r) => r.assignmentTeamUserId),
    listFilter(filter.agencyCompanyIds_any, (r) => r.agencyRid),
    listFilter(filter.agencyCompanyUids_any, (r) => r.agencyId),
  ];
  const ledger = billingData.ledgerOf(organization.id);
  const rows = ledger ? ledger.rows.filter((r) => tests.every((t) => t(r))) : [];
  return rows.map((r, i) => billingData.rowView(r, todayDay, i + 1));
}

module.exports = { parseDay, dayRange, select };
