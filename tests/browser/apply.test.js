'use strict';
// apply.test.js: a person applies to a job in Chromium (issue 6, Done when
// 5): signs in, searches, opens a job from the results, presses "Write a
// proposal", fills the form (cover letter, rate or bid, duration, the
// screening questions), first forgets an answer (the browser's own
// required check stops the send: nothing reaches Upwork), saves a draft,
// comes back to it, sends with a double click, lands on the new proposal,
// and finds it first on /proposals. Exactly one createJobProposal reaches
// the sandbox. Screenshots of the form and of /proposals at 360x740 and
// 1280x800 (build/screenshots/apply-*.png, proposals-*.png) with no
// horizontal scrolling at 360 px; no script error, CSP violation or
// off-site request (watch).
//
//   node tests/browser/apply.test.js

const fs = require('node:fs');
const { ok, done, startStack, launch, watch, screenshot, signIn } = require('./lib');
const { httpRequest } = require('../lib/fcgi');

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const ADA_ORG = '1390042875009613825';

const norm = (s) => String(s).replace(/\s+/g, ' ').trim();

async function main() {
  const stack = await startStack();
  const browser = await launch();
  const dumpOf = async (what) => JSON.parse((await httpRequest(`${stack.sandboxUrl}/__sandbox/${what}`)).body);
  try {
    const jobs = (await dumpOf('jobs')).jobs;
    const applied = new Set((await dumpOf('proposals')).proposals.filter((p) => p.organizationId === ADA_ORG).map((p) => p.jobId));
    const ctx = await browser.newContext({ viewport: DESKTOP });
    const page = await ctx.newPage();
    const problems = watch(page);

    // ---- sign in ----
    await signIn(page, stack, 'ada');
    ok((await page.textContent('#user-name')).trim() === 'Ada Lovelace', 'signed in as Ada');

    // ---- from the search page to a job with questions ----
    await page.click('nav[aria-label="Main"] a[href="/jobs"]');
    await page.waitForURL(`${stack.origin}/jobs`);
    const ids = await page.$$eval('article.card.job', (as) => as.map((a) => a.id.replace(/^job-/, '')));
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const job = ids.map((id) => byId.get(id)).find((j) => j && !j.hostile && !applied.has(j.id) && j.screeningQuestions.length >= 1);
    ok(job, 'the first search page has a job with screening questions Ada has not applied to');
    await Promise.all([page.waitForURL(new RegExp(`/jobs/${job.id}\\?k=`)), page.click(`#job-title-${job.id} a`)]);
    await Promise.all([page.waitForURL(new RegExp(`/jobs/${job.id}/apply`)), page.click('#apply-here')]);
    ok(norm(await page.textContent('#apply-title')) === norm(`Apply: ${job.title}`), 'the apply form names the job');
    ok(norm(await page.textContent('#connects-balance')) === '80', 'it shows the Connects balance (80)');

    // ---- fill it, forget one answer ----
    const cover = 'Dear client,\n\nI have built this twice before.\nBest regards, Ada';
    const amount = job.jobType === 'HOURLY' ? '62.50' : '1250';
    await page.fill('#cover', cover);
    await page.fill('#amount', amount);
    await page.selectOption('#duration', 'QUARTER');
    const qs = job.screeningQuestions.map((_q, k) => `#q_${k + 1}`);
    for (const q of qs.slice(1)) await page.fill(q, `My answer to ${q}`);
    await page.click('#apply-send');
    ok(await page.evaluate((sel) => !document.querySelector(sel).checkValidity(), qs[0]),
      'with an answer missing, the browser stops the send (the field is required)');
    ok((await dumpOf('proposals')).attempts.length === 0, '... and nothing reached Upwork');

    // ---- save a draft, come back to it ----
    await Promise.all([page.waitForURL(/saved=1/), page.click('#apply-save')]);
    ok(/Your draft is saved/.test(await page.textContent('#apply-notice')), '"Save draft" keeps the text and says so');
    await page.goto(`${stack.origin}/jobs`);
    await page.goto(`${stack.origin}/jobs/${job.id}/apply`);
    ok(await page.inputValue('#cover') === cover && await page.inputValue('#amount') === amount &&
      await page.inputValue('#duration') === 'QUARTER', 'the draft is there when the form is opened again');
    ok((await dumpOf('proposals')).attempts.length === 0, 'saving sent nothing');
    await page.fill(qs[0], 'Yes, every day.');

    let shot = await screenshot(page, 'apply-desktop');
    ok(fs.statSync(shot).size > 10000, 'apply-desktop.png saved');
    await page.setViewportSize(PHONE);
    let w = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(w <= 360, 'apply form: no horizontal scrolling at 360 px', w);
    shot = await screenshot(page, 'apply-phone');
    ok(fs.statSync(shot).size > 10000, 'apply-phone.png saved');
    await page.setViewportSize(DESKTOP);

    // ---- send with a double click ----
    // The browser shows the second click's answer: it waits for the first
    // and leads to the proposals list (or, if only one click was sent, to
    // the new proposal).
    await Promise.all([page.waitForURL(/\/proposals(\/\d+)?\?applied=1$/), page.dblclick('#apply-send')]);
    const dump = await dumpOf('proposals');
    ok(dump.attempts.length === 1, 'a double click sends exactly one proposal', dump.attempts.length);
    const made = dump.proposals.find((p) => p.created && p.jobId === job.id);
    ok(made, 'Upwork has the new proposal');
    ok(/sent to Upwork/.test(await page.textContent('#proposal-applied')), 'the page says it was sent', page.url());
    await page.goto(`${stack.origin}/proposals/${made.id}`);
    ok(norm(await page.textContent('#proposal-cover')) === norm(cover), 'the proposal shows the cover letter as written');
    const rate = made.terms.chargeRate;
    ok(made.coverLetter === cover && Number(rate.rawValue ?? rate) === Number(amount),
      'Upwork got the text and the amount exactly', rate);

    // ---- find it on /proposals ----
    await page.click('nav[aria-label="Main"] a[href="/proposals"]');
    await page.waitForURL(`${stack.origin}/proposals`);
    const first = await page.$eval('li.proposal-row', (li) => li.id).catch(() => null);
    ok(first === `proposal-${made.id}`, '/proposals lists it first', first);
    ok(norm(await page.textContent(`#proposal-${made.id} h2`)) === norm(job.title), 'under the job\'s title');
    shot = await screenshot(page, 'proposals-desktop');
    ok(fs.statSync(shot).size > 10000, 'proposals-desktop.png saved');
    await page.setViewportSize(PHONE);
    w = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(w <= 360, '/proposals: no horizontal scrolling at 360 px', w);
    shot = await screenshot(page, 'proposals-phone');
    ok(fs.statSync(shot).size > 10000, 'proposals-phone.png saved');

    // Back to the form: the draft went with the send.
    await page.goto(`${stack.origin}/jobs/${job.id}/apply`);
    ok(await page.inputValue('#cover') === '', 'after sending, the form has no draft left');
    ok(problems.length === 0, 'no script error, CSP violation or off-site request', problems);
  } finally {
    await browser.close();
    stack.finish();
  }
  return done('apply.test.js');
}

main().then((rc) => process.exit(rc), (e) => {
  console.log(`not ok - suite ran to the end (${e.stack})`);
  console.log('apply.test.js: 0 passed, 1 failed');
  process.exit(1);
});
