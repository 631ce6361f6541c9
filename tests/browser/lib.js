'use strict';
// tests/browser/lib.js: what every browser suite shares: the real stack on
// free loopback ports (scripts/stack.sh), Debian's Chromium through
// playwright-core, and the counting assertions that end in the closing
// "N passed, N failed" line.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const REPO = path.resolve(__dirname, '..', '..');
const SHOTS = path.join(REPO, 'build', 'screenshots');

let passed = 0, failed = 0;

function ok(cond, name, detail) {
  if (cond) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}${detail !== undefined ? ` (${detail})` : ''}`);
  }
  return cond;
}

function done(name) {
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Start sandbox + workdesk + nginx; returns {origin, sandbox, env, stop()}.
async function startStack() {
  const env = {
    ...process.env,
    PORT: String(await freePort()),
    SANDBOX_PORT: String(await freePort()),
    VAR: fs.mkdtempSync(path.join(os.tmpdir(), 'workdesk-browser.')),
  };
  const stack = path.join(REPO, 'scripts', 'stack.sh');
  const stop = () => {
    try {
      execFileSync(stack, ['stop'], { env, stdio: 'ignore' });
    } finally {
      if (process.env.KEEP_VAR !== '1') fs.rmSync(env.VAR, { recursive: true, force: true });
    }
  };
  try {
    execFileSync(stack, ['start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    stop();
    throw e;
  }
  return {
    origin: `http://localhost:${env.PORT}`,
    sandbox: `http://127.0.0.1:${env.SANDBOX_PORT}`,
    env,
    stop,
  };
}

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

module.exports = { ok, done, startStack, launch, watch, screenshot, REPO };
