'use strict';
// nojs.test.js: every core flow with JavaScript off (issue 13, Done when 2),
// on a 360x740 phone, so the folded navigation ("Menu") and job filters are
// opened as a person would, by their <details> summaries, with no script:
// sign in (front page, consent, the sandbox's authorize page), search jobs
// with keywords and a filter, open a job, apply and see the new proposal
// (first on /proposals too), read a room and send a reply, filter billing by
// days and kind and open an invoice, sign out. Each step asserts the page
// that results against the sandbox's own data, and that no page carries a
// <script>. No off-site request, no page error (watch).
//
//   node tests/browser/nojs.test.js

const { ok, done, startStack, launch, watch } = require('./lib');
const { suite } = require('../lib/stack');
const { httpRequest } = require('../lib/fcgi');

const ADA_ORG = '1390042875009613825';
const norm = (s) => String(s).replace(/\s+/g, ' ').trim();

async function main() {
  const stack = await startStack();
  const browser = await launch();
  const o = stack.origin;
  const sb = async (p) => JSON.parse((await httpRequest(`${stack.sandboxUrl}/__sandbox/${p}`)).body);
  try {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const page = await ctx.newPage();
    const problems = watch(page);
    const withScript = [];
    let documents = 0;
    page.on('response', async (r) => {
      if (r.request().resourceType() !== 'document' || !r.url().startsWith(o)) return;
      documents++;
      if (/<script/i.test(await r.text().catch(() => ''))) withScript.push(r.url());
    });
    await page.goto('data:text/html,<noscript><p id="off">off</p></noscript>');
    ok(await page.isVisible('#off'), 'JavaScript is off in this browser (a <noscript> shows)');
    // The phone's navigation: open "Menu" (a <details>), follow a link.
    const nav = async (href) => {
      await page.click('.menu > summary');
      await Promise.all([page.waitForURL(`${o}${href}`), page.click(`nav[aria-label="Main"] a[href="${href}"]`)]);
    };

    // ---- sign in ----
    await page.goto(`${o}/`);
    await page.click('#signin');
    await page.waitForURL(`${o}/auth/login`);
    await page.click('#agree');
    await page.waitForURL(`${stack.sandboxUrl}/ab/account-security/oauth2/authorize?**`);
    await page.check('input[name="user"][value="ada"]');
    await page.click('button[value="allow"]');
    await page.waitForURL(`${o}/`);
    ok(norm(await page.textContent('#user-name')) === 'Ada Lovelace', 'sign in: the dashboard greets Ada');
    ok(!(await page.isVisible('nav[aria-label="Main"] a[href="/jobs"]')), 'the phone navigation starts folded');

    // ---- search ----
    await nav('/jobs');
    ok(!(await page.isVisible('#type')), 'the job filters start folded');
    await page.fill('#q', 'data');
    await page.click('.filters > summary');
    await page.selectOption('#type', 'hourly');
    await Promise.all([page.waitForURL(/\/jobs\?/), page.click('#search-button')]);
    const sp = new URL(page.url()).searchParams;
    ok(sp.get('q') === 'data' && sp.get('type') === 'hourly', 'search: the form sends the keywords and the filter', page.url());
    const count = norm(await page.textContent('#result-count'));
    const cards = await page.$$eval('article.card.job', (as) => as.map((a) => ({
      id: a.id.replace(/^job-/, ''), title: a.querySelector('h2 a').textContent, meta: a.querySelector('.job-meta').textContent,
    })));
    ok(/^\d+ jobs/.test(count) && cards.length > 0, `search: results (${count})`);
    ok(cards.every((c) => c.meta.includes('· Hourly ·')), 'search: every result is an hourly job');
    ok(await page.inputValue('#q') === 'data' && await page.inputValue('#type') === 'hourly', 'search: the form keeps what was asked');

    // ---- open a job Ada has not applied to ----
    const jobs = new Map((await sb('jobs')).jobs.map((j) => [j.id, j]));
    const applied = new Set((await sb('proposals')).proposals.filter((p) => p.organizationId === ADA_ORG).map((p) => p.jobId));
    const card = cards.find((c) => jobs.has(c.id) && !jobs.get(c.id).hostile && !applied.has(c.id));
    ok(card, 'search: a job to apply to among the results');
    const job = jobs.get(card.id);
    await Promise.all([page.waitForURL(new RegExp(`/jobs/${job.id}\\?`)), page.click(`#job-title-${job.id} a`)]);
    ok(norm(await page.textContent('#job-title')) === norm(job.title), 'job: its title');
    ok((await page.$$('.description .para')).length > 0, 'job: its description');

    // ---- apply ----
    await Promise.all([page.waitForURL(new RegExp(`/jobs/${job.id}/apply`)), page.click('#apply-here')]);
    const cover = 'Hello,\nI did this kind of work last month.\nAda';
    const amount = job.jobType === 'HOURLY' ? '55' : '900';
    await page.fill('#cover', cover);
    await page.fill('#amount', amount);
    for (const q of await page.$$eval('textarea[id^="q_"]', (ts) => ts.map((t) => t.id))) await page.fill(`#${q}`, `Yes (${q}).`);
    await Promise.all([page.waitForURL(/\/proposals\/\d+\?applied=1$/), page.click('#apply-send')]);
    const made = (await sb('proposals')).proposals.find((p) => p.created && p.jobId === job.id);
    ok(made && made.coverLetter === cover, 'apply: Upwork has the proposal with its cover letter');
    ok(/sent to Upwork/.test(await page.textContent('#proposal-applied')), 'apply: the page says it was sent');
    ok(norm(await page.textContent('#proposal-title')) === norm(job.title) &&
      norm(await page.textContent('#proposal-cover')) === norm(cover), 'apply: the new proposal shows the job and the letter');
    await nav('/proposals');
    ok(await page.$eval('li.proposal-row', (li) => li.id) === `proposal-${made && made.id}`, 'apply: /proposals lists it first');

    // ---- read a room and reply ----
    const writable = new Set((await sb('rooms?user=ada')).filter((r) => r.organizationId === ADA_ORG && !r.readOnly && !r.hidden).map((r) => r.id));
    await nav('/messages');
    const roomId = (await page.$$eval('li.room-row', (ls) => ls.map((l) => l.id))).find((id) => writable.has(id));
    ok(roomId, 'messages: a room Ada can write in is listed');
    await Promise.all([page.waitForURL(`${o}/messages/${roomId}`), page.click(`#${roomId} h2 a`)]);
    const stories = (await sb(`rooms/${roomId}/stories`)).filter((s) => s.message);
    const shown = await page.$$eval('ol.stories .story-text', (ps) => ps.map((p) => p.textContent));
    ok(shown.length > 0 && norm(shown[shown.length - 1]) === norm(stories[stories.length - 1].message),
      `messages: the room shows its messages, the newest last (${shown.length})`);
    const reply = 'Sent without any script.';
    await page.fill('#message', reply);
    await Promise.all([page.waitForURL(/\?sent=1/), page.click('#send')]);
    const sent = (await sb('rooms/mutations')).filter((m) => m.input && m.input.roomId === roomId);
    ok(sent.length === 1, 'messages: one message reached Upwork', sent.length);
    const last = await page.$$eval('ol.stories .story-text', (ps) => ps[ps.length - 1].textContent);
    ok(norm(last) === reply, 'messages: the reply is at the bottom', last);

    // ---- billing: days and kind, then an invoice ----
    const ledger = await sb(`transactions?org=${ADA_ORG}`);
    const today = ledger.today || new Date().toISOString().slice(0, 10);
    const from = new Date(Date.parse(today) - 120 * 86400e3).toISOString().slice(0, 10);
    const want = ledger.rows.filter((r) => r.date >= from && r.date <= today && r.accountingSubtype === 'Bonus');
    await nav('/billing');
    await page.fill('#from', from);
    await page.fill('#to', today);
    await page.selectOption('#kind', 'Bonus');
    await Promise.all([page.waitForURL(/\/billing\?/), page.click('#billing-form button[type="submit"]')]);
    const bp = new URL(page.url()).searchParams;
    ok(bp.get('from') === from && bp.get('to') === today && bp.get('kind') === 'Bonus', 'billing: the form sends days and kind', page.url());
    const kinds = await page.$$eval('#transactions tbody .r-kind', (ks) => ks.map((k) => k.textContent));
    ok(want.length > 0 && kinds.length === want.length && kinds.every((k) => k === 'Bonus'),
      `billing: exactly the sandbox's bonus rows of those days (${kinds.length} of ${want.length})`);
    ok(await page.isVisible('#totals tbody tr'), 'billing: totals for them');
    const inv = await page.$eval('#transactions a[href^="/billing/invoices/"]', (a) => a.getAttribute('href')).catch(() => null);
    ok(inv, 'billing: a row links its invoice');
    if (inv) {
      await Promise.all([page.waitForURL(`${o}${inv}`), page.click(`#transactions a[href="${inv}"]`)]);
      ok(await page.isVisible('#invoice-rows tfoot .t-net'), 'billing: the invoice opens with its total');
    }

    // ---- sign out ----
    await page.click('.menu > summary');
    await Promise.all([page.waitForURL(`${o}/**`), page.click('form[action="/auth/logout"] button')]);
    ok(await page.isVisible('#signin'), 'sign out: the signed-out front page');
    await page.goto(`${o}/jobs`);
    ok(!(await page.isVisible('article.card.job')) && !(await page.isVisible('nav[aria-label="Main"]')), 'sign out: /jobs no longer shows jobs');

    ok(documents > 15 && withScript.length === 0, `none of the ${documents} pages carries a <script>`, withScript);
    ok(problems.length === 0, 'no page error or off-site request', problems);
  } finally {
    await browser.close();
    stack.finish();
  }
  return done('nojs.test.js');
}

suite('nojs.test.js', main);
