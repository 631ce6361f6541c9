'use strict';
// contracts.test.js: an agency member switches organization in Chromium
// (issue 7, Done when 3): Grace signs in (her agency is her default),
// opens Contracts from the navigation and sees the agency's contracts,
// uses "Switch" in the header, picks her personal organization, and sees
// that organization's contracts only; then opens one. Screenshots of the
// list and of a contract at 360x740 and 1280x800 (build/screenshots/
// contracts-*.png, contract-*.png) with no horizontal scrolling at 360 px;
// no script error, CSP violation or off-site request (watch).
//
//   node tests/browser/contracts.test.js

const fs = require('node:fs');
const { ok, done, startStack, launch, watch, screenshot, signIn } = require('./lib');
const { httpRequest } = require('../lib/fcgi');

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const AGENCY = '1417508230176432129';
const PERSONAL = '1417508230172237824';

async function main() {
  const stack = await startStack();
  const browser = await launch();
  try {
    const dump = JSON.parse((await httpRequest(`${stack.sandboxUrl}/__sandbox/contracts`)).body);
    const vendorOf = (org) => dump.contracts.filter((c) => c.vendorOrganization.id === org && c.status !== 'ENDED').map((c) => c.id).sort();
    const ctx = await browser.newContext({ viewport: DESKTOP });
    const page = await ctx.newPage();
    const problems = watch(page);
    const listed = async () => (await page.$$eval('li.contract-row', (ls) => ls.map((l) => l.id.replace(/^contract-/, '')))).sort();

    await signIn(page, stack, 'grace');
    ok((await page.textContent('#current-org')).trim() === 'Hopper Digital Agency', 'Grace starts in her agency');

    await page.click('nav[aria-label="Main"] a[href="/contracts"]');
    await page.waitForURL(`${stack.origin}/contracts`);
    let ids = await listed();
    ok(JSON.stringify(ids) === JSON.stringify(vendorOf(AGENCY)), "the agency's contracts", ids);

    await page.click('#switch-org');
    await page.waitForURL(`${stack.origin}/org`);
    await Promise.all([page.waitForURL(/\/org\?switched=1$/), page.click(`#switch-${PERSONAL}`)]);
    ok((await page.textContent('#org-switched')).includes('Grace Hopper'), 'the switch is confirmed');
    ok((await page.textContent('#current-org')).trim() === 'Grace Hopper', 'the header names the personal organization');

    await page.click('nav[aria-label="Main"] a[href="/contracts"]');
    await page.waitForURL(`${stack.origin}/contracts`);
    ids = await listed();
    ok(JSON.stringify(ids) === JSON.stringify(vendorOf(PERSONAL)), "now the personal organization's contracts only", ids);
    ok(!ids.some((id) => vendorOf(AGENCY).includes(id)), "none of the agency's");
    let shot = await screenshot(page, 'contracts-desktop');
    ok(fs.statSync(shot).size > 10000, 'contracts-desktop.png saved');
    await page.setViewportSize(PHONE);
    let w = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(w <= 360, 'contracts: no horizontal scrolling at 360 px', w);
    shot = await screenshot(page, 'contracts-phone');
    ok(fs.statSync(shot).size > 10000, 'contracts-phone.png saved');
    await page.setViewportSize(DESKTOP);

    const first = ids[0];
    await Promise.all([page.waitForURL(new RegExp(`/contracts/${first}$`)), page.click(`#contract-${first} h3 a`)]);
    const c = dump.contracts.find((x) => x.id === first);
    ok((await page.textContent('#contract-title')).trim() === c.title.trim() || c.hostile, 'the contract page shows its title');
    ok((await page.getAttribute('#contract-upwork', 'href')) === `https://www.upwork.com/nx/wm/workroom/${first}`, 'and links to its workroom on Upwork');
    shot = await screenshot(page, 'contract-desktop');
    ok(fs.statSync(shot).size > 10000, 'contract-desktop.png saved');
    await page.setViewportSize(PHONE);
    w = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(w <= 360, 'contract: no horizontal scrolling at 360 px', w);
    shot = await screenshot(page, 'contract-phone');
    ok(fs.statSync(shot).size > 10000, 'contract-phone.png saved');
    ok(problems.length === 0, 'no script error, CSP violation or off-site request', problems);
  } finally {
    await browser.close();
    stack.finish();
  }
  return done('contracts.test.js');
}

main().then((rc) => process.exit(rc), (e) => {
  console.log(`not ok - suite ran to the end (${e.stack})`);
  console.log('contracts.test.js: 0 passed, 1 failed');
  process.exit(1);
});
