'use strict';
// ui.test.js: every page, on a phone and a desktop, light and dark (issue 13,
// Done when 1). For each of 360x740 and 1280x800 in each colour scheme, one
// browser context opens the signed-out front page and the consent page,
// signs in as Ada, and opens every signed-in page: home, a job search with
// results, a job, its apply form, proposals, a proposal, contracts, a
// contract, an action's confirmation page, messages, a room, billing, an
// invoice, org, account, privacy, terms and an error page. On each page:
//   - axe-core (the local node_modules copy, run in the page) finds no
//     serious or critical violation; the others are listed as diagnostics;
//   - no horizontal scrolling (scrollWidth <= innerWidth);
//   - HTML + the page's same-origin stylesheets and scripts < 50 KB
//     (50,000 bytes, uncompressed);
//   - every request the page made went to Workdesk's own origin;
//   - a full-page screenshot, build/screenshots/ui-PAGE-VIEWPORT-SCHEME.png.
// Then the layout's promises: on a phone the navigation and the job filters
// are folded into disclosures that open without script, on a desktop they
// are shown; in print a job and an invoice keep their content and lose the
// navigation and buttons. No script error or CSP violation anywhere (watch).
//
// CSP stays on: axe is evaluated through the DevTools protocol (which CSP
// does not govern) instead of page.addScriptTag, whose inline <script> the
// policy (script-src 'self') rightly refuses.
//
//   node tests/browser/ui.test.js

const fs = require('node:fs');
const path = require('node:path');
const { ok, done, startStack, launch, watch, screenshot, signIn, REPO } = require('./lib');
const { diag, suite } = require('../lib/stack');
const { httpRequest } = require('../lib/fcgi');

const VIEWPORTS = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 800 } };
const SCHEMES = ['light', 'dark'];
const WEIGHT_LIMIT = 50000;
const AXE_SOURCE = fs.readFileSync(path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

// The signed-in pages, found by following the app's own links from Ada's
// lists, so the test needs no knowledge of the sandbox's ids.
async function findPages(page, origin) {
  const hrefOf = async (url, sel) => {
    await page.goto(origin + url);
    const h = await page.$eval(sel, (a) => a.getAttribute('href')).catch(() => null);
    if (!h) throw new Error(`no ${sel} on ${url}`);
    return h;
  };
  const pages = { home: '/', jobs: '/jobs?q=data' };
  pages.job = await hrefOf(pages.jobs, 'article.card.job h2 a');
  pages.apply = await hrefOf(pages.job, '#apply-here');
  pages.proposals = '/proposals';
  pages.proposal = await hrefOf('/proposals', '.proposal-row h2 a');
  pages.contracts = '/contracts';
  await page.goto(`${origin}/contracts`);
  const contracts = await page.$$eval('.contract-row h3 a', (as) => as.map((a) => a.getAttribute('href')));
  pages.contract = contracts[0];
  for (const c of contracts) {
    await page.goto(origin + c);
    const a = await page.$eval('a[id^="action-"]', (e) => e.getAttribute('href')).catch(() => null);
    if (a) {
      pages.action = a;
      break;
    }
  }
  if (!pages.action) throw new Error('no contract of Ada offers an action');
  pages.messages = '/messages';
  pages.room = await hrefOf('/messages', '.room-row h2 a');
  pages.billing = '/billing';
  const to = new Date();
  const from = new Date(to.getTime() - 300 * 86400e3);
  pages.invoice = await hrefOf(`/billing?from=${isoDay(from)}&to=${isoDay(to)}`, 'a[href^="/billing/invoices/"]');
  Object.assign(pages, { org: '/org', account: '/account', privacy: '/privacy', terms: '/terms', error: '/no-such-page' });
  return pages;
}

// Bytes of a same-origin stylesheet or script, fetched once (uncompressed).
const assetBytes = new Map();
async function assetSize(url) {
  if (!assetBytes.has(url)) {
    const r = await httpRequest(url);
    assetBytes.set(url, r.status === 200 ? Buffer.byteLength(r.body) : NaN);
  }
  return assetBytes.get(url);
}

async function main() {
  const started = Date.now();
  const stack = await startStack();
  const browser = await launch();
  const origin = stack.origin;
  const weights = [];            // [bytes, name]
  const minor = new Map();       // "id (impact)" -> pages, for the diagnostics
  let checked = 0;
  let pages = null;
  try {
    for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
      for (const scheme of SCHEMES) {
        const tag = `${vpName}-${scheme}`;
        const ctx = await browser.newContext({ viewport, colorScheme: scheme });
        const page = await ctx.newPage();
        const problems = watch(page);
        let requests = [];
        page.on('request', (r) => requests.push(r.url()));

        // One page: open it, then every check of the header comment.
        const check = async (name, url, wantStatus = 200) => {
          requests = [];
          const resp = await page.goto(origin + url);
          const label = `${name} (${tag})`;
          ok(resp.status() === wantStatus, `${label}: HTTP ${wantStatus}`, resp.status());
          const html = (await resp.body()).length;
          const assets = await page.$$eval('link[rel~="stylesheet"][href], script[src]', (es) => es.map((e) => e.href || e.src));
          let bytes = html;
          for (const a of assets) bytes += new URL(a).origin === origin ? await assetSize(a) : 0;
          weights.push([bytes, `${name} (${vpName})`]);
          ok(bytes < WEIGHT_LIMIT, `${label}: HTML + CSS + JS ${bytes} bytes < ${WEIGHT_LIMIT}`, `HTML ${html}`);
          const foreign = [...assets, ...requests].filter((u) => new URL(u).origin !== origin);
          ok(foreign.length === 0, `${label}: no request to another origin`, foreign);
          const w = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
          ok(w[0] <= w[1], `${label}: no horizontal scrolling (${w[0]} <= ${w[1]})`);
          if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
          const axe = await page.evaluate(async () => {
            const r = await window.axe.run(document, { resultTypes: ['violations'] });
            return {
              rules: r.passes.length + r.violations.length + r.incomplete.length,
              violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })),
            };
          });
          const violations = axe.violations;
          ok(axe.rules > 20, `${label}: axe ran (${axe.rules} rules applied)`);
          const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          ok(bad.length === 0, `${label}: axe finds no serious or critical violation`, bad);
          for (const v of violations.filter((x) => !bad.includes(x))) {
            const k = `${v.id} (${v.impact})`;
            minor.set(k, [...(minor.get(k) || []), label]);
          }
          const shot = await screenshot(page, `ui-${name}-${tag}`);
          ok(fs.statSync(shot).size > 2000, `${label}: screenshot ${path.relative(REPO, shot)}`);
          checked++;
        };

        // ---- signed out ----
        await check('front', '/');
        await check('consent', '/auth/login');
        ok(await page.isVisible('#agree'), `consent (${tag}): "I agree" is there`);
        await signIn(page, stack, 'ada');
        if (!pages) {
          pages = await findPages(page, origin);
          diag('pages:', JSON.stringify(pages));
        }

        // ---- signed in ----
        for (const [name, url] of Object.entries(pages)) {
          const before = problems.length;
          await check(name, url, name === 'error' ? 404 : 200);
          // The error page's own 404 is the one the console reports.
          if (name === 'error') {
            const own = problems.splice(before).filter((p) => !/status of 404/.test(p));
            problems.push(...own);
          }
        }

        // ---- folding: the navigation and the job filters ----
        await page.goto(`${origin}/jobs`);
        const navShown = await page.isVisible('nav[aria-label="Main"] a[href="/billing"]');
        const filtersShown = await page.isVisible('#category');
        if (vpName === 'phone') {
          ok(!navShown && await page.isVisible('.menu > summary'), `${tag}: the navigation is folded behind "Menu"`);
          ok(!filtersShown && await page.isVisible('#q') && await page.isVisible('#search-button'),
            `${tag}: the job filters are folded; keywords and Search are not`);
          const rows = await page.$eval('.bar', (b) => b.getBoundingClientRect().height);
          ok(rows <= 120, `${tag}: the header takes two short rows (${Math.round(rows)} px)`);
          await page.click('.menu > summary');
          ok(await page.isVisible('nav[aria-label="Main"] a[href="/billing"]') && await page.isVisible('form[action="/auth/logout"] button'),
            `${tag}: "Menu" opens the navigation and Sign out`);
          await page.click('.filters > summary');
          ok(await page.isVisible('#category'), `${tag}: "Filters and sort" opens the filters`);
        } else {
          ok(navShown && !(await page.isVisible('.menu > summary')), `${tag}: the navigation is shown in a row, no "Menu"`);
          ok(filtersShown && !(await page.isVisible('.filters > summary')), `${tag}: the job filters are shown`);
        }

        // ---- print: a job and an invoice ----
        if (scheme === 'light') {
          await page.emulateMedia({ media: 'print' });
          await page.goto(origin + pages.job);
          ok(await page.isVisible('#job-title') && await page.isVisible('.description') && await page.isVisible('#upwork-attribution'),
            `${tag}: a printed job keeps its title, description and attribution`);
          ok(!(await page.isVisible('nav[aria-label="Main"]')) && !(await page.isVisible('#apply-here')) && !(await page.isVisible('.site-header')),
            `${tag}: a printed job has no header, navigation or "Write a proposal"`);
          await page.goto(origin + pages.invoice);
          ok(await page.isVisible('#invoice-rows') && !(await page.isVisible('#invoice-upwork')) && !(await page.isVisible('.site-header')),
            `${tag}: a printed invoice keeps its rows, loses the header and buttons`);
          await page.emulateMedia({ media: 'screen' });
        }
        ok(problems.length === 0, `${tag}: no script error or CSP violation`, problems);
        await ctx.close();
      }
    }
  } finally {
    await browser.close();
    stack.finish();
  }
  weights.sort((a, b) => b[0] - a[0]);
  const heaviest = [];
  for (const [b, n] of weights) if (!heaviest.some(([m]) => m === n) && heaviest.length < 4) heaviest.push([n, b]);
  diag(`${checked} page views; heaviest: ${heaviest.map(([n, b]) => `${n} ${b} B`).join(', ')}`);
  for (const [k, where] of minor) diag(`axe, not serious: ${k} on ${where.length} views, e.g. ${where[0]}`);
  diag(`run time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return done('ui.test.js');
}

suite('ui.test.js', main);
