'use strict';
// billing.test.js: billing on a phone (issue 8, Done when 1 and 3): Ada
// opens Billing at 360x740, sees the last 30 days with totals, picks a
// year, opens an invoice from its row, and prints it. No horizontal
// scrolling on /billing or the invoice at 360 px; screenshots
// (build/screenshots/billing-*.png, invoice-*.png) and the invoice's print
// rendering as PDF (build/screenshots/invoice.pdf; in print the navigation
// and buttons are gone, the rows and the attribution stay); the total is
// the one computed from the sandbox's rows. No script error, CSP violation
// or off-site request (watch).
//
//   node tests/browser/billing.test.js

const fs = require('node:fs');
const path = require('node:path');
const { ok, done, startStack, launch, watch, screenshot, REPO, signIn } = require('./lib');
const { httpRequest } = require('../lib/fcgi');

const PHONE = { width: 360, height: 740 };
const ADA_ORG = '1390042875009613825';

function cents(raw) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(raw);
  const v = BigInt(m[2]) * 100n + BigInt(((m[3] || '') + '00').slice(0, 2));
  return m[1] ? -v : v;
}

async function main() {
  const stack = await startStack();
  const browser = await launch();
  try {
    const ledger = JSON.parse((await httpRequest(`${stack.sandboxUrl}/__sandbox/transactions?org=${ADA_ORG}`)).body);
    const ctx = await browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    const problems = watch(page);

    await signIn(page, stack, 'ada');

    await page.goto(`${stack.origin}/billing`);
    ok(await page.isVisible('#totals'), '/billing shows totals');
    let w = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(w <= 360, '/billing: no horizontal scrolling at 360 px', w);
    let shot = await screenshot(page, 'billing-phone');
    ok(fs.statSync(shot).size > 10000, 'billing-phone.png saved');

    // A year, then the fixed invoice 719000001 from its row.
    const rows = ledger.rows.filter((r) => r.relatedInvoiceId === '719000001');
    const today = ledger.today || new Date().toISOString().slice(0, 10);
    await page.fill('#from', rows[0].date);
    await page.fill('#to', rows[0].date);
    await Promise.all([page.waitForURL(/\/billing\?/), page.click('#billing-form button[type="submit"]')]);
    ok((await page.$$('#transactions tbody tr')).length >= rows.length, "the invoice's day lists its rows", today);
    w = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(w <= 360, '/billing with long rows: no horizontal scrolling at 360 px', w);
    await Promise.all([page.waitForURL(/\/billing\/invoices\/719000001\?day=/), page.click('a[href^="/billing/invoices/719000001"]')]);
    const sum = rows.reduce((s, r) => s + cents(r.transactionAmount.rawValue), 0n);
    const want = `$${(sum / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(sum % 100n).toString().padStart(2, '0')}`;
    ok((await page.textContent('#invoice-rows tfoot .t-net')).trim() === want, `the invoice's total is ${want}`);
    w = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(w <= 360, 'invoice: no horizontal scrolling at 360 px', w);
    shot = await screenshot(page, 'invoice-phone');
    ok(fs.statSync(shot).size > 10000, 'invoice-phone.png saved');

    // Print it.
    await page.emulateMedia({ media: 'print' });
    ok(!(await page.isVisible('nav[aria-label="Main"]')) && !(await page.isVisible('#invoice-upwork')), 'printed: no navigation, no buttons');
    ok(await page.isVisible('#invoice-rows') && await page.isVisible('#upwork-attribution'), 'printed: the rows and the attribution');
    const pdfFile = path.join(REPO, 'build', 'screenshots', 'invoice.pdf');
    const pdf = await page.pdf({ path: pdfFile, format: 'A4', printBackground: false });
    ok(pdf.length > 5000 && pdf.slice(0, 5).toString() === '%PDF-', 'invoice.pdf saved', pdf.length);
    await page.emulateMedia({ media: 'screen' });
    ok(problems.length === 0, 'no script error, CSP violation or off-site request', problems);
  } finally {
    await browser.close();
    stack.finish();
  }
  return done('billing.test.js');
}

main().then((rc) => process.exit(rc), (e) => {
  console.log(`not ok - suite ran to the end (${e.stack})`);
  console.log('billing.test.js: 0 passed, 1 failed');
  process.exit(1);
});
