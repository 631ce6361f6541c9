'use strict';
// t0089-billing.js: /billing, its CSV and its invoices (issue 8, Done when
// 1 and 2), against the sandbox's ledgers (tests/sandbox/README.md
// "Billing"). Every figure is computed here from the sandbox's own rows,
// in integer cents (BigInt), and compared with what the pages show.
//
//   (a) totals per currency (in, out, net) for the default 30 days, a whole
//       year, and one kind, to the cent (the "cent trap" day included)
//   (b) the rows themselves: dates, kinds, amounts, invoice links
//   (c) the CSV parses back (RFC 4180) to the same rows; formula-like text
//       is neutralised; the CSV's totals are the page's
//   (d) invoices: their rows and total; the fixed invoices 719000001 and
//       719000002 (0.01 with a fee of 0)
//   (e) earnings per month: the chart's table equals the test's sums
//   (f) bad ranges (367 days, reversed, not a date): 400; an empty ledger
//   (g) hostile descriptions are text
//
//   node tests/t/t0089-billing.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const path = require('node:path');
const { ok, done, diag, suite, startStack } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const CONF = 'upstream_rate_per_s = 0\nupstream_daily_cap = 0';
const ADA_ORG = '1390042875009613825';
const PERSONAL = '1417508230172237824';

let st = null;

async function get(sid, p) {
  const r = await fcgi.request(st.sock, { path: p, headers: { Cookie: `__Host-sid=${sid}` } }, st);
  return { status: r.status, html: r.body.toString('utf8'), type: fcgi.header(r, 'content-type'), disp: fcgi.header(r, 'content-disposition') };
}
const un = (s) => fcgi.htmlUnescape(s);
const day = (t) => new Date(t).toISOString().slice(0, 10);

// Exact decimal strings to BigInt cents and back.
function cents(raw) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(raw);
  const frac = ((m[3] || '') + '00').slice(0, 2);
  const v = BigInt(m[2]) * 100n + BigInt(frac);
  return m[1] ? -v : v;
}
function money(c, cur) {
  const neg = c < 0n;
  const a = neg ? -c : c;
  const whole = (a / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const s = `${whole}.${(a % 100n).toString().padStart(2, '0')}`;
  return cur === 'USD' ? `${neg ? '-' : ''}$${s}` : `${neg ? '-' : ''}${s} ${cur}`;
}
function totals(rows) {
  const t = {};
  for (const r of rows) {
    const cur = r.transactionAmount.currency;
    t[cur] = t[cur] || { in: 0n, out: 0n };
    const c = cents(r.transactionAmount.rawValue);
    if (c >= 0n) t[cur].in += c; else t[cur].out += c;
  }
  return t;
}
function pageTotals(html) {
  const t = {};
  for (const m of html.matchAll(/<tr id="total-([A-Z]{3})"><th scope="row">[A-Z]{3}<\/th><td class="num t-in">([^<]*)<\/td><td class="num t-out">([^<]*)<\/td><td class="num t-net">([^<]*)<\/td>/g)) {
    t[m[1]] = { in: m[2], out: m[3], net: m[4] };
  }
  return t;
}
function sameTotals(label, html, rows) {
  const want = totals(rows);
  const got = pageTotals(html);
  const curs = Object.keys(want).sort();
  ok(JSON.stringify(Object.keys(got).sort()) === JSON.stringify(curs), `${label}: a total for each currency (${curs.join(', ')})`, Object.keys(got));
  for (const c of curs) {
    ok(got[c] && got[c].in === money(want[c].in, c) && got[c].out === money(want[c].out, c) && got[c].net === money(want[c].in + want[c].out, c),
      `${label}: ${c} in ${money(want[c].in, c)}, out ${money(want[c].out, c)}, net ${money(want[c].in + want[c].out, c)}`, got[c]);
  }
}

// RFC 4180: fields, quotes doubled, CRLF records.
function parseCsv(text) {
  const rows = [];
  let row = [], f = '', q = false, i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { f += '"'; i += 2; continue; }
      if (ch === '"') { q = false; i++; continue; }
      f += ch; i++; continue;
    }
    if (ch === '"' && f === '') { q = true; i++; continue; }
    if (ch === ',') { row.push(f); f = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(f); rows.push(row); row = []; f = ''; i += 2; continue; }
    f += ch; i++;
  }
  if (f !== '' || row.length) { row.push(f); rows.push(row); }
  return rows;
}

async function main() {
  st = await startStack({ confExtra: CONF });
  try {
    const a = await fcgi.signin(st, 'ada', 'allow');
    const ledger = JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/transactions?org=${ADA_ORG}`)).body);
    const rowsIn = (from, to, kind) => ledger.rows.filter((r) => r.date >= from && r.date <= to && (!kind || r.accountingSubtype === kind));
    const today = ledger.today || day(Date.now());
    const back = (n) => day(Date.parse(`${today}T00:00:00Z`) - n * 86400000);

    // ---- (a) totals ----
    let r = await get(a.sid, '/billing');
    ok(r.status === 200, '(a) /billing answers 200', r.status);
    const d30 = rowsIn(back(29), today);
    ok(new RegExp(`id="from" name="from" value="${back(29)}"`).test(r.html) && new RegExp(`value="${today}"`).test(r.html), '(a) the default range is the last 30 days');
    sameTotals('(a) last 30 days', r.html, d30);
    const year = rowsIn(back(365), today);
    r = await get(a.sid, `/billing?from=${back(365)}&to=${today}`);
    sameTotals('(a) a whole year (366 days)', r.html, year);
    const r0year = r.html;
    const trap = rowsIn(back(40), back(40));
    r = await get(a.sid, `/billing?from=${back(40)}&to=${back(40)}`);
    sameTotals('(a) the cent-trap day', r.html, trap);
    ok(trap.length >= 8, '(a) (it has its bonuses and fees)', trap.length);
    r = await get(a.sid, `/billing?from=${back(365)}&to=${today}&kind=Bonus`);
    sameTotals('(a) bonuses of the year', r.html, rowsIn(back(365), today, 'Bonus'));

    // ---- (b) rows ----
    r = await get(a.sid, `/billing?from=${back(29)}&to=${today}`);
    const shown = [...r.html.matchAll(/<tr><td class="r-date">([^<]*)<\/td><td><span class="r-desc" dir="auto">([^<]*)<\/span><br><span class="meta"><span class="r-kind">([^<]*)<\/span>[\s\S]*?<td class="num r-amount[^"]*">([^<]*)<\/td><\/tr>/g)]
      .map((m) => ({ date: m[1], desc: un(m[2]), kind: un(m[3]), amount: m[4] }));
    ok(shown.length === d30.length, `(b) every row of the 30 days (${d30.length})`, shown.length);
    ok(shown.every((s, k) => s.date === d30[k].date && s.kind === d30[k].accountingSubtype &&
      s.amount === money(cents(d30[k].transactionAmount.rawValue), d30[k].transactionAmount.currency) &&
      s.desc === (d30[k].descriptionUI || '')), '(b) each with its date, kind, description and amount, oldest first');
    // A year is more rows than a page holds (50, so a phone's page stays
    // under 50 KB): the pages together are the year's rows in order, and
    // each shows the whole year's totals.
    const rowsOf = (html) => [...html.matchAll(/<tr><td class="r-date">([^<]*)<\/td><td><span class="r-desc" dir="auto">([^<]*)<\/span>/g)]
      .map((m) => `${m[1]}|${un(m[2]).replace(/\s/g, ' ')}`);
    const pages = Math.ceil(year.length / 50);
    let all = [], weights = [], pagesOk = true;
    for (let p = 1; p <= pages; p++) {
      const pr = await get(a.sid, `/billing?from=${back(365)}&to=${today}&page=${p}`);
      const got = rowsOf(pr.html);
      all = all.concat(got);
      weights.push(Buffer.byteLength(pr.html));
      pagesOk = pagesOk && pr.status === 200 && got.length === Math.min(50, year.length - (p - 1) * 50) &&
        pr.html.includes(`Page ${p} of ${pages}`) && (p === 1) === !pr.html.includes('id="prev-page"') &&
        (p === pages) === !pr.html.includes('id="next-page"') && JSON.stringify(pageTotals(pr.html)) === JSON.stringify(pageTotals(r0year));
    }
    ok(year.length > 50 && pages >= 2, `(b) a year holds ${year.length} rows: ${pages} pages`);
    ok(pagesOk, '(b) each page: up to 50 rows, "Page N of M", Previous/Next where they lead somewhere, the whole year\'s totals');
    // (HTML escaping turns a tab or line break into a space.)
    const wantAll = year.map((x) => `${x.date}|${(x.descriptionUI || '').replace(/\s/g, ' ')}`);
    const at = wantAll.findIndex((w, k) => w !== all[k]);
    ok(all.length === wantAll.length && at === -1, '(b) the pages together are the year\'s rows, in order',
      `${all.length} vs ${wantAll.length}; first difference at ${at}: ${all[at]} vs ${wantAll[at]}`);
    diag(`billing pages of a year: ${weights.join(', ')} bytes of HTML`);
    ok(Math.max(...weights) < 50000 - 17000, `(b) the largest page's HTML is ${Math.max(...weights)} bytes (with the CSS under 50 KB)`);
    for (const q of ['page=0', 'page=abc', 'page=', `page=${pages + 1}`, 'page=99999']) {
      const pr = await get(a.sid, `/billing?from=${back(365)}&to=${today}&${q}`);
      ok(pr.status === 400, `(b) ${q}: 400`, pr.status);
    }
    const withInvoice = d30.filter((x) => x.relatedInvoiceId);
    ok(withInvoice.every((x) => r.html.includes(`href="/billing/invoices/${x.relatedInvoiceId}?day=${x.date}"`)), '(b) rows of an invoice link to it');

    // ---- (c) CSV ----
    r = await get(a.sid, `/billing/export.csv?from=${back(365)}&to=${today}`);
    ok(r.status === 200 && /^text\/csv/.test(r.type) && /^attachment; filename="workdesk-transactions-/.test(r.disp || ''), '(c) the CSV is a download', [r.status, r.type, r.disp]);
    const csv = parseCsv(r.html);
    ok(JSON.stringify(csv[0]) === JSON.stringify(['Date', 'Kind', 'Description', 'Amount', 'Currency', 'Status', 'Invoice']), '(c) its header');
    const body = csv.slice(1);
    ok(body.length === year.length, `(c) one record per row (${year.length})`, body.length);
    const formula = /^[=+\-@\t\r]/;
    const back1 = (v) => (v.startsWith("'") && formula.test(v.slice(1)) ? v.slice(1) : v);
    ok(body.every((c, k) => c[0] === year[k].date && c[1] === year[k].accountingSubtype && back1(c[2]) === (year[k].descriptionUI || '') &&
      cents(c[3]) === cents(year[k].transactionAmount.rawValue) && c[4] === year[k].transactionAmount.currency &&
      c[5] === (year[k].paymentStatus || '') && c[6] === (year[k].relatedInvoiceId || '')), '(c) it parses back to the same rows');
    const risky = body.filter((c) => formula.test(back1(c[2])));
    ok(risky.length > 0 && risky.every((c) => c[2].startsWith("'")), `(c) formula-like descriptions are neutralised (${risky.length})`);
    ok(body.every((c) => !formula.test(c[2])), '(c) no description cell starts with = + - @ tab or CR');
    const csvTotals = {};
    for (const c of body) csvTotals[c[4]] = (csvTotals[c[4]] || 0n) + cents(c[3]);
    const pt = pageTotals((await get(a.sid, `/billing?from=${back(365)}&to=${today}`)).html);
    ok(Object.entries(csvTotals).every(([cur, v]) => pt[cur].net === money(v, cur)), '(c) the CSV adds up to the page\'s totals');

    // ---- (d) invoices ----
    for (const id of ['719000001', '719000002']) {
      const rows = ledger.rows.filter((x) => x.relatedInvoiceId === id);
      r = await get(a.sid, `/billing/invoices/${id}?day=${rows[0].date}`);
      ok(r.status === 200, `(d) invoice ${id} answers 200`, r.status);
      const n = (r.html.match(/<td class="num r-amount/g) || []).length;
      ok(n === rows.length, `(d) invoice ${id}: its ${rows.length} rows`, n);
      const cur = rows[0].transactionAmount.currency;
      const sum = rows.reduce((s, x) => s + cents(x.transactionAmount.rawValue), 0n);
      ok(r.html.includes(`<th scope="row">Total (${cur})</th><td class="num t-net">${money(sum, cur)}</td>`), `(d) invoice ${id}: total ${money(sum, cur)}`);
      ok(r.html.includes(`href="https://www.upwork.com/nx/payments/invoices/${id}"`), `(d) invoice ${id}: links to Upwork`);
    }
    const inv1 = ledger.rows.find((x) => x.relatedInvoiceId === '719000001');
    ok((await get(a.sid, `/billing/invoices/719000001?day=${back(1)}`)).status === (inv1.date === back(1) ? 200 : 404), '(d) the wrong day: 404');
    ok((await get(a.sid, '/billing/invoices/719000001')).status === 400, '(d) no day: 400');

    // ---- (e) earnings per month ----
    r = await get(a.sid, '/billing');
    const now = new Date(`${today}T00:00:00Z`);
    const months = [];
    for (let k = 11; k >= 0; k--) {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1));
      months.push(d.toISOString().slice(0, 7));
    }
    for (const cur of ['USD', 'EUR']) {
      const table = (r.html.match(new RegExp(`<table class="earnings" id="earnings-${cur}">([\\s\\S]*?)</table>`)) || [])[1] || '';
      const got = [...table.matchAll(/<th scope="row">([^<]*)<\/th><td class="num" data-cents="(-?\d+)">/g)].map((m) => [m[1], BigInt(m[2])]);
      const want = months.map((mo) => [mo, ledger.rows.filter((x) => x.date.startsWith(mo) && x.transactionAmount.currency === cur &&
        ['Hourly', 'Fixed Price', 'Bonus'].includes(x.accountingSubtype)).reduce((s, x) => s + cents(x.transactionAmount.rawValue), 0n)]);
      ok(JSON.stringify(got.map(([m, c]) => [m, c.toString()])) === JSON.stringify(want.map(([m, c]) => [m, c.toString()])), `(e) ${cur}: earnings of each of the last 12 months`, got.slice(-2).map(([m, c]) => `${m}:${c}`));
      ok(new RegExp(`<svg class="bars"[^>]*aria-labelledby="chart-${cur}-title"`).test(r.html), `(e) ${cur}: the chart is drawn (inline SVG)`);
    }

    // ---- (f) bad ranges, an empty ledger ----
    for (const q of [`from=${back(366)}&to=${today}`, `from=${today}&to=${back(1)}`, 'from=2026-02-30&to=2026-03-01', 'from=yesterday', 'kind=Salary']) {
      ok((await get(a.sid, `/billing?${q}`)).status === 400, `(f) /billing?${q}: 400`);
      ok((await get(a.sid, `/billing/export.csv?${q}`)).status === 400, `(f) its CSV: 400`);
    }
    const g = await fcgi.signin(st, 'grace', 'allow');
    const gcsrf = ((await get(g.sid, '/org')).html.match(/name="csrf" value="([^"]+)"/) || [])[1];
    await fcgi.request(st.sock, { method: 'POST', path: '/org', body: `csrf=${gcsrf}&org=${PERSONAL}`, headers: { Cookie: `__Host-sid=${g.sid}`, Origin: st.origin } }, st);
    r = await get(g.sid, '/billing');
    ok(r.status === 200 && /id="billing-empty"/.test(r.html), "(f) Grace's personal organization has no transactions: said so");

    // ---- (g) hostile text ----
    const h = ledger.rows.find((x) => /<script/.test(x.descriptionUI || ''));
    r = await get(a.sid, `/billing?from=${h.date}&to=${h.date}`);
    ok(!/<script>alert/.test(r.html) && r.html.includes('&lt;script&gt;'), '(g) a <script> description is text');
  } finally {
    await st.sb.reset().catch(() => null);
    st.finish();
  }
  return done(NAME);
}

suite(NAME, main);
