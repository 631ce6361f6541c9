'use strict';
// tests/browser/lib.js: what every browser suite shares: Debian's Chromium
// through playwright-core, and, from tests/lib/stack.js, the real stack on
// free loopback ports and the counting assertions that end in the closing
// "N passed, N failed" line.

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { ok, done, startStack, REPO } = require('../lib/stack');

const SHOTS = path.join(REPO, 'build', 'screenshots');

// Chromium as the machine allows it: headless, no sandbox when root, and no
// background networking (the machine has no network beyond loopback).
async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Collect what a person would not see but must not happen: script errors,
// console errors (CSP violations land there), requests off loopback.
function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['localhost', '127.0.0.1'].includes(u.hostname) && u.protocol !== 'data:') {
      problems.push(`off-site request: ${r.url()}`);
    }
  });
  return problems;
}

async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// Sign in as a person would: the front page's button, the consent page's
// "I agree", the sandbox's authorize page (user ada or grace), Allow.
async function signIn(page, stack, user) {
  await page.goto(`${stack.origin}/`);
  await page.click('#signin');
  await page.waitForURL(`${stack.origin}/auth/login`);
  await page.click('#agree');
  await page.waitForURL(`${stack.sandboxUrl}/ab/account-security/oauth2/authorize?**`);
  await page.check(`input[name="user"][value="${user}"]`);
  await page.click('button[value="allow"]');
  await page.waitForURL(`${stack.origin}/`);
}

module.exports = { ok, done, startStack, launch, watch, screenshot, signIn, REPO };
