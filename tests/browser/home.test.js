'use strict';
// home.test.js: a person arranges the dashboard home's blocks in Chromium
// (issue 15): a first sign-in shows every block; by clicking the blocks'
// own buttons, a person moves one up, one down and hides one; signs out and
// in again and finds the blocks in the order they left them, the hidden one
// still offered. Plain forms: it works without JavaScript, and the page
// loads nothing off-site and logs no error.
//
//   node tests/browser/home.test.js

const { ok, done, startStack, launch, watch, screenshot } = require('./lib');

const NAME = 'home.test.js';

// The blocks as the page shows them, top to bottom.
const order = (page) => page.$$eval('section.block', (s) => s.map((x) => x.id.replace(/^block-/, '')));

// Sign in from the front page; the consent page only the first time this
// browser signs in (its agreement is kept across sign-out).
async function signIn(page, stack, user) {
  await page.goto(`${stack.origin}/`);
  await page.click('#signin');
  await page.waitForURL((u) => u.href.startsWith(`${stack.sandboxUrl}/`) || u.href === `${stack.origin}/auth/login`);
  if (page.url().startsWith(stack.origin)) {
    await page.click('#agree');
    await page.waitForURL(`${stack.sandboxUrl}/**`);
  }
  await page.check(`input[name="user"][value="${user}"]`);
  await page.click('button[value="allow"]');
  await page.waitForURL(`${stack.origin}/`);
}

// Click a block's button and wait for the page it leads back to.
async function press(page, stack, name, op) {
  await Promise.all([
    page.waitForURL(`${stack.origin}/#**`),
    page.click(`#block-${name} button[value="${op}"]`),
  ]);
}

async function main() {
  const stack = await startStack();
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await ctx.newPage();
    const problems = watch(page);

    await signIn(page, stack, 'ada');
    const all = await order(page);
    ok(JSON.stringify(all) === JSON.stringify(['searches', 'proposals', 'contracts', 'messages', 'earnings']) &&
      !(await page.isVisible('#dashboard-intro')), 'a first sign-in: the five blocks, nothing to add', all);
    ok(await page.isVisible('#proposals-total') && await page.isVisible('#contracts-total') &&
      await page.isVisible('#messages-unread') && await page.isVisible('#earnings'),
    "the blocks show Ada's proposals, contracts, messages and earnings");

    await press(page, stack, 'messages', 'up');
    await press(page, stack, 'messages', 'up');
    await press(page, stack, 'searches', 'down');
    await press(page, stack, 'earnings', 'hide');
    const want = ['messages', 'searches', 'proposals', 'contracts'];
    const got = await order(page);
    ok(JSON.stringify(got) === JSON.stringify(want), 'moved up twice, down once and hidden: the page shows the new order', got);
    ok(await page.isVisible('#hidden-earnings button[value="show"]'), 'the hidden block is offered with a Show button');
    ok(!(await page.isVisible('#block-messages button[value="up"]')) && !(await page.isVisible('#block-contracts button[value="down"]')),
      'the first block has no Move up, the last no Move down');
    await screenshot(page, 'home-arranged');

    // Sign out and in again.
    await Promise.all([page.waitForURL(`${stack.origin}/?signin=out`), page.click('form[action="/auth/logout"] button')]);
    ok(await page.isVisible('#signin') && (await order(page)).length === 0, 'signed out: no block, the sign-in button');
    await signIn(page, stack, 'ada');
    const again = await order(page);
    ok(JSON.stringify(again) === JSON.stringify(want), 'signed in again: the blocks in the order left', again);
    ok(await page.isVisible('#hidden-earnings'), 'the hidden block is still hidden');

    // The same page on a phone: one column, no sideways scrolling.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    const scrollW = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(scrollW <= 360, 'no horizontal scrolling at 360 px', scrollW);
    await screenshot(page, 'home-phone');

    ok(problems.length === 0, 'no script errors, CSP violations or off-site requests', problems.join(' | '));
  } finally {
    await browser.close();
    stack.stop();
  }
}

main().then(
  () => process.exit(done(NAME)),
  (e) => {
    ok(false, 'browser test ran to the end', e.stack);
    process.exit(done(NAME));
  },
);
