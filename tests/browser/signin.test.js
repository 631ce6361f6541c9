'use strict';
// signin.test.js: a person signs in with Upwork (the sandbox) in Chromium by
// clicking, sees the dashboard, signs out; and declines once.

const fs = require('node:fs');
const { ok, done, startStack, launch, watch, screenshot } = require('./lib');

// Click "Sign in with Upwork" and, when the consent page comes (a browser
// that has not agreed, or whose site data was cleared at sign-out), agree.
async function startSignin(page, stack) {
  await page.click('#signin');
  await page.waitForURL((u) => u.href.startsWith(`${stack.sandboxUrl}/`) ||
    u.href === `${stack.origin}/auth/login`);
  if (page.url().startsWith(stack.origin)) {
    await page.click('#agree');
    await page.waitForURL(`${stack.sandboxUrl}/**`);
  }
}

async function main() {
  const stack = await startStack();
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    const problems = watch(page);

    // Signed out: the front page.
    await page.goto(`${stack.origin}/`);
    ok(await page.isVisible('#sandbox-banner'), 'sandbox banner visible when signed out');
    ok(await page.isVisible('#signin'), '"Sign in with Upwork" button visible');

    // Sign in: Upwork's (the sandbox's) page in the top window, not a frame.
    await page.click('#signin');
    // First sign-in in this browser: the consent page, on our own origin.
    await page.waitForURL(`${stack.origin}/auth/login`);
    ok(await page.isVisible('text=What Workdesk collects'), 'consent page says what is collected');
    ok(await page.isVisible('a[href="/privacy"]') && await page.isVisible('a[href="/terms"]'),
      'consent page links the privacy policy and the user agreement');
    await page.click('#agree');
    await page.waitForURL(`${stack.sandboxUrl}/ab/account-security/oauth2/authorize?**`);
    ok(page.url().startsWith(`${stack.sandboxUrl}/`), 'the authorize page opens in the top window');
    ok(page.frames().length === 1, 'no frames involved');
    await page.check('input[name="user"][value="ada"]');
    await page.click('button[value="allow"]');
    await page.waitForURL(`${stack.origin}/`);
    ok(!page.url().includes('code='), 'the callback URL (code, state) left the address bar');

    const name = (await page.textContent('#user-name')).trim();
    ok(name === 'Ada Lovelace', 'dashboard shows the user name', name);
    const org = (await page.textContent('#org-name')).trim();
    ok(org === 'Ada Lovelace', 'dashboard shows the organization', org);
    ok(await page.isVisible('#sandbox-banner'), 'sandbox banner visible on the dashboard');
    ok(await page.isVisible('#upwork-attribution'), 'Upwork attribution visible');
    const attr = await page.getAttribute('#upwork-attribution a', 'href');
    ok(attr === 'https://www.upwork.com/', 'attribution links to upwork.com', attr);

    // Test 11 (security bar): the cookie as Chromium stored it.
    const cookies = await ctx.cookies(stack.origin);
    const sid = cookies.find((c) => c.name === '__Host-sid');
    ok(sid && /^[A-Za-z0-9_-]{43}$/.test(sid.value), 'session cookie stored by Chromium');
    ok(sid && sid.secure && sid.httpOnly && sid.sameSite === 'Lax' && sid.path === '/',
      'session cookie is Secure, HttpOnly, SameSite=Lax, Path=/', JSON.stringify(sid));
    ok(sid && sid.expires === -1, 'session cookie is not persistent');
    ok(!cookies.some((c) => c.name === '__Host-oauth_tx'), 'pre-login cookie gone after sign-in');
    const shot = await screenshot(page, 'dashboard-desktop');
    ok(fs.statSync(shot).size > 10000, 'desktop screenshot saved', shot);

    // The same page on a phone.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    const scrollW = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(scrollW <= 360, 'no horizontal scrolling at 360 px', scrollW);
    await screenshot(page, 'dashboard-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Sign out returns to the signed-out page.
    await page.click('form[action="/auth/logout"] button');
    await page.waitForURL(`${stack.origin}/?signin=out`);
    ok((await page.textContent('#notice')).includes('signed out'), 'signed-out notice after sign-out');
    ok(await page.isVisible('#signin'), 'sign-in button offered again');
    ok(!(await ctx.cookies(stack.origin)).some((c) => c.name === '__Host-sid'),
      'session cookie removed');
    await page.goBack();
    await page.reload();
    ok(await page.isVisible('#signin') && !(await page.isVisible('#user-name')),
      'back button after sign-out shows no dashboard');

    // Deny: a clear message, not an error.
    await page.goto(`${stack.origin}/`);
    await startSignin(page, stack);
    await page.check('input[name="user"][value="grace"]');
    await page.click('button[value="deny"]');
    await page.waitForURL(`${stack.origin}/?signin=denied`);
    const notice = await page.textContent('#notice');
    ok(notice.includes('chose not to connect'), 'deny shows a clear message', notice);
    ok(!(await page.isVisible('#error-heading')), 'deny is not an error page');
    await screenshot(page, 'signin-denied');

    // Grace, the agency member, sees her agency.
    await startSignin(page, stack);
    await page.check('input[name="user"][value="grace"]');
    await page.click('button[value="allow"]');
    await page.waitForURL(`${stack.origin}/`);
    const gorg = (await page.textContent('#org-name')).trim();
    ok(gorg === 'Hopper Digital Agency', 'agency member sees her agency', gorg);

    ok(problems.length === 0, 'no script errors, CSP violations or off-site requests',
      problems.join(' | '));
  } finally {
    await browser.close();
    stack.stop();
  }
}

main().then(
  () => process.exit(done('signin.test.js')),
  (e) => {
    ok(false, 'browser test ran to the end', e.stack);
    process.exit(done('signin.test.js'));
  },
);
