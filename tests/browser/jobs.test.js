'use strict';
// jobs.test.js: a person searches Upwork's jobs in Chromium (Done when 3 and
// 4): signs in, opens Jobs from the navigation, types keywords and picks
// filters, sees the results (exactly the sandbox's matching postings, newest
// first), pages forward and back, opens a job, goes back, saves the search,
// runs it from the saved list; screenshots of the results and of a job at
// 360x740 and 1280x800 (build/screenshots/jobs-*.png, job-*.png) with no
// horizontal scrolling at 360 px. Hostile text (Done when 3): the sandbox's
// hostile postings (<script>, onerror=, javascript:, quotes, very long
// words, RTL) are searched for and opened; they must show as text and never
// run: no dialog (their payloads call alert(1)), window.__xss still 0 (the
// init script counts alert calls), no <script>/<img>/<svg>/<iframe> from data
// in the cards or the job page, the payload readable literally, and
// watch(page) sees no script error, CSP violation or off-site request.
//
//   node tests/browser/jobs.test.js

const fs = require('node:fs');
const { ok, done, startStack, launch, watch, screenshot, signIn } = require('./lib');
const { httpRequest } = require('../lib/fcgi');

const PAGE = 20;
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
// Elements that only injected markup could have made.
const INJECTED = ['script', 'img', 'svg', 'iframe', 'object', 'embed', 'style', 'math',
  'a[href^="javascript:" i]', '[onerror]', '[onload]', '[onclick]'];
const injectedIn = (scopes) => scopes.flatMap((s) => INJECTED.map((e) => `${s} ${e}`)).join(', ');

const norm = (s) => String(s).replace(/\s+/g, ' ').trim();

// The sandbox's search rules for keywords (each term a case-insensitive
// substring of the title or the description), newest first.
function expected(jobs, { q = '', type = null, verified = false } = {}) {
  const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
  return jobs.filter((j) => {
    const text = `${j.title}\n${j.description}`.toLowerCase();
    return terms.every((t) => text.includes(t)) &&
      (!type || j.jobType === type) &&
      (!verified || j.client.verificationStatus === 'VERIFIED');
  }).sort((a, b) => a.postedSecondsAgo - b.postedSecondsAgo);
}

// Two /jobs URLs ask for the same search: the same non-empty parameters
// (sort=recency is the default).
function sameSearch(a, b) {
  const set = (u) => [...new URL(u).searchParams]
    .filter(([k, v]) => v !== '' && !(k === 'sort' && v === 'recency')).map(([k, v]) => `${k}=${v}`).sort().join('&');
  return new URL(a).pathname === new URL(b).pathname && set(a) === set(b);
}

const cardIds = (page) => page.$$eval('article.card.job', (as) => as.map((a) => a.id.replace(/^job-/, '')));

async function scrollWidthAt360(page) {
  await page.setViewportSize(PHONE);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  return w;
}

async function main() {
  const t0 = Date.now();
  const stack = await startStack();
  const browser = await launch();
  const figures = {};
  try {
    const data = JSON.parse((await httpRequest(`${stack.sandboxUrl}/__sandbox/jobs`)).body);
    const byId = new Map(data.jobs.map((j) => [j.id, j]));
    const ctx = await browser.newContext({ viewport: DESKTOP });
    // Injected script would call alert(1): count the calls, and let the
    // dialog itself be seen too.
    await ctx.addInitScript(() => {
      window.__xss = 0;
      const alert0 = window.alert;
      window.alert = function (...a) {
        window.__xss++;
        return alert0.apply(this, a);
      };
    });
    const page = await ctx.newPage();
    const problems = watch(page);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      d.dismiss().catch(() => {});
    });
    const xss = () => page.evaluate(() => window.__xss);

    // ---- sign in (consent page first, as in signin.test.js) ----
    await signIn(page, stack, 'ada');
    ok((await page.textContent('#user-name')).trim() === 'Ada Lovelace', 'signed in as Ada');

    // ---- Jobs from the navigation ----
    await page.click('nav[aria-label="Main"] a[href="/jobs"]');
    await page.waitForURL(`${stack.origin}/jobs`);
    ok((await page.textContent('h1')).trim() === 'Find jobs', 'Jobs opens from the navigation');
    ok(await page.getAttribute('nav[aria-label="Main"] a[href="/jobs"]', 'aria-current') === 'page',
      'the navigation marks Jobs as the current page');
    // Before any search: Upwork's newest postings, unfiltered.
    ok((await cardIds(page)).join() === expected(data.jobs).slice(0, PAGE).map((j) => j.id).join(),
      'before a search: the newest postings', (await cardIds(page)).length);

    // ---- keywords and filters ----
    const want = expected(data.jobs, { q: 'design', type: 'HOURLY', verified: true });
    await page.fill('#q', 'design');
    await page.selectOption('#type', 'hourly');
    await page.check('#verified');
    await Promise.all([page.waitForURL(/\/jobs\?/), page.click('#search-button')]);
    const searchUrl = page.url();
    const sp = new URL(searchUrl).searchParams;
    ok(sp.get('q') === 'design' && sp.get('type') === 'hourly' && sp.get('verified') === '1',
      'the form submits the keywords and filters', new URL(searchUrl).search);
    let ids = await cardIds(page);
    const count = norm(await page.textContent('#result-count'));
    figures.search = `${want.length} matches`;
    ok(want.length > PAGE, `the search has more than one page (${want.length} matches)`);
    ok(count === `${want.length} jobs, showing 1–${PAGE}`, 'the result count', count);
    ok(ids.join() === want.slice(0, PAGE).map((j) => j.id).join(),
      'page 1: exactly the sandbox\'s matching postings, newest first', ids.slice(0, 3));
    ok(await page.inputValue('#q') === 'design' && await page.inputValue('#type') === 'hourly' &&
      await page.isChecked('#verified'), 'the form keeps what was asked');
    // An hourly search shows hourly jobs; some have no rate (NOT_PROVIDED).
    const labels = await page.$$eval('article.card.job .job-meta', (ps) => ps.map((p) => p.textContent));
    const wrong = ids.filter((id, i) => !labels[i].includes('· Hourly ·'))
      .map((id) => `${id} (${byId.get(id).jobType}/${byId.get(id).hourlyBudgetType}): "${norm(labels[ids.indexOf(id)]).slice(0, 40)}"`);
    ok(wrong.length === 0, 'every card of an hourly search says "Hourly"', wrong.join('; '));
    const firstTitle = norm(await page.textContent(`#job-title-${ids[0]}`));
    ok(firstTitle === norm(want[0].title), 'the first card shows its title', firstTitle);

    // Screenshots of the results, desktop then phone.
    let shot = await screenshot(page, 'jobs-desktop');
    ok(fs.statSync(shot).size > 10000, 'jobs-desktop.png saved', shot);
    let w = await scrollWidthAt360(page);
    ok(w <= 360, 'results: no horizontal scrolling at 360 px', w);
    figures.jobsPhoneWidth = w;
    shot = await screenshot(page, 'jobs-phone');
    ok(fs.statSync(shot).size > 10000, 'jobs-phone.png saved', shot);
    await page.setViewportSize(DESKTOP);

    // ---- next page and back to the first ----
    await Promise.all([page.waitForURL(/after=/), page.click('#next-page')]);
    ids = await cardIds(page);
    const rest = want.slice(PAGE, 2 * PAGE);
    ok(ids.join() === rest.map((j) => j.id).join(), `page 2: the next ${rest.length} postings`, ids.length);
    ok(norm(await page.textContent('#result-count')) === `${want.length} jobs, showing ${PAGE + 1}–${PAGE + rest.length}`,
      'page 2: its count', norm(await page.textContent('#result-count')));
    ok(want.length > 2 * PAGE || !(await page.isVisible('#next-page')), 'the last page has no "Next page"');
    await Promise.all([page.waitForURL((u) => !u.search.includes('after=')), page.click('#first-page')]);
    ids = await cardIds(page);
    ok(ids.join() === want.slice(0, PAGE).map((j) => j.id).join(), '"First page" returns to page 1');
    ok(sameSearch(page.url(), searchUrl), 'with the same search', page.url());
    const resultsUrl = page.url();

    // ---- a job page ----
    const job = want[1];
    await Promise.all([page.waitForURL(new RegExp(`/jobs/${job.id}`)), page.click(`#job-title-${job.id} a`)]);
    ok(norm(await page.textContent('#job-title')) === norm(job.title), 'the job page shows its title', job.id);
    const paras = await page.$$eval('.description .para', (ps) => ps.map((p) => p.textContent));
    ok(paras.length > 0 && norm(paras.join(' ')) === norm(job.description),
      'the whole description, as text', `${paras.length} paragraphs`);
    ok(await page.isVisible('#apply-upwork') &&
      (await page.getAttribute('#apply-upwork', 'href')) === `https://www.upwork.com/jobs/${job.ciphertext}`,
    'the job links to its page on Upwork', await page.getAttribute('#apply-upwork', 'href').catch(() => null));
    shot = await screenshot(page, 'job-desktop');
    ok(fs.statSync(shot).size > 10000, 'job-desktop.png saved', shot);
    w = await scrollWidthAt360(page);
    figures.jobPhoneWidth = w;
    ok(w <= 360, 'job page: no horizontal scrolling at 360 px', w);
    shot = await screenshot(page, 'job-phone');
    ok(fs.statSync(shot).size > 10000, 'job-phone.png saved', shot);
    await page.setViewportSize(DESKTOP);

    // ---- back, save the search, run it from the list ----
    await page.goBack();
    await page.waitForURL(resultsUrl);
    ok((await cardIds(page)).join() === want.slice(0, PAGE).map((j) => j.id).join(), 'Back returns to the results');
    const saveName = 'Hourly design, verified clients';
    await page.fill('#save-name', saveName);
    await Promise.all([page.waitForURL(/\/jobs\?saved=\d{16}$/), page.click('#save-search')]);
    const savedId = /saved=(\d{16})/.exec(page.url())[1];
    ok(norm(await page.textContent(`#saved-${savedId} a.saved-run`)) === saveName, 'saved: listed with its name');
    ok((await cardIds(page)).join() === want.slice(0, PAGE).map((j) => j.id).join(), 'saved: shows the same results');
    await page.click('a.button[href="/jobs"]'); // Clear
    await page.waitForURL(`${stack.origin}/jobs`);
    await Promise.all([page.waitForURL(`**/jobs?saved=${savedId}`), page.click(`#saved-${savedId} a.saved-run`)]);
    ids = await cardIds(page);
    ok(ids.join() === want.slice(0, PAGE).map((j) => j.id).join(), 'run from the saved list: the same results');
    ok(await page.isVisible(`#saved-${savedId} .tag`), 'the list marks the search that is shown');
    ok(await page.inputValue('#q') === 'design' && await page.inputValue('#type') === 'hourly' &&
      await page.isChecked('#verified'), 'the form shows the saved search\'s filters');

    // An hourly posting whose client gave no rate (NOT_PROVIDED) is still
    // an hourly job: its card must not call it fixed-price at $0.
    const np = data.jobs.find((j) => !j.hostile && j.jobType === 'HOURLY' && j.hourlyBudgetType === 'NOT_PROVIDED');
    await page.goto(`${stack.origin}/jobs?q=${encodeURIComponent(`"${np.title}"`)}&type=hourly`);
    const npMeta = norm(await page.textContent(`#job-${np.id} .job-meta`).catch(() => 'card not found'));
    ok(npMeta.includes('· Hourly ·') && !npMeta.includes('Fixed price') && !/^\$0 /.test(npMeta),
      `an hourly posting without a rate (${np.id}) is shown as hourly, not "$0 · Fixed price"`, npMeta);

    // ---- hostile postings: results ----
    const hostile = data.jobs.filter((j) => j.hostile);
    const wantH = expected(data.jobs, { q: 'alert' });
    ok(wantH.length >= 2 && wantH.every((j) => j.hostile), `"alert" finds ${wantH.length} hostile postings`);
    await page.goto(`${stack.origin}/jobs`);
    await page.fill('#q', 'alert');
    await Promise.all([page.waitForURL(/q=alert/), page.click('#search-button')]);
    ids = await cardIds(page);
    ok(ids.join() === wantH.map((j) => j.id).join(), 'hostile: the cards are the postings with "alert"', ids.length);
    let n = await page.$$eval(injectedIn(['.job', '.results']), (e) => e.length);
    ok(n === 0, 'hostile results: no script, img, svg, iframe or handler from data in the cards', n);
    const scriptJob = hostile.find((j) => j.title.startsWith('<script>'));
    const imgJob = hostile.find((j) => j.title.startsWith('"><img'));
    for (const j of [scriptJob, imgJob]) {
      const t = await page.textContent(`#job-title-${j.id} a`);
      ok(t === j.title, `hostile card: the title reads literally: ${j.title}`, t);
    }
    ok((await page.textContent(`#job-title-${scriptJob.id}`)).includes('<script>'),
      'the card\'s title textContent contains "<script>"');
    const skillTexts = await page.$$eval('.job .skills li', (li) => li.map((x) => x.textContent));
    ok(skillTexts.includes('"><img src=x onerror=alert(1)>') || skillTexts.includes('<script>alert(1)</script>'),
      'hostile skill names read literally', skillTexts.filter((s) => /[<>]/.test(s)).slice(0, 3));
    w = await scrollWidthAt360(page);
    ok(w <= 360, 'hostile results: no horizontal scrolling at 360 px', w);
    await screenshot(page, 'jobs-hostile-phone');
    await page.setViewportSize(DESKTOP);
    ok(dialogs === 0 && await xss() === 0, 'hostile results: nothing ran (0 dialogs, __xss 0)', `${dialogs} ${await xss()}`);

    // ---- hostile postings: job pages (two opened from the cards, more by address) ----
    const opened = [];
    async function checkJobPage(j, how) {
      ok(norm(await page.textContent('#job-title')) === norm(j.title), `hostile job ${j.id} (${how}): the title as text`,
        norm(await page.textContent('#job-title')).slice(0, 60));
      n = await page.$$eval(injectedIn(['.job-detail', 'main']), (e) => e.length);
      ok(n === 0, `hostile job ${j.id}: no element from data`, n);
      const desc = await page.$$eval('.description .para', (ps) => ps.map((p) => p.textContent).join('\n\n'));
      if (norm(j.description)) {
        ok(norm(desc) === norm(j.description), `hostile job ${j.id}: the description reads literally`,
          `${norm(desc).slice(0, 80)} | ${norm(j.description).slice(0, 80)}`);
      }
      ok(dialogs === 0 && await xss() === 0, `hostile job ${j.id}: nothing ran`, `${dialogs} ${await xss()}`);
      opened.push(j.id);
    }
    for (const j of [scriptJob, imgJob]) {
      await page.goto(`${stack.origin}/jobs?q=alert`);
      await Promise.all([page.waitForURL(new RegExp(`/jobs/${j.id}`)), page.click(`#job-title-${j.id} a`)]);
      await checkJobPage(j, 'clicked');
    }
    ok((await page.textContent('#job-title')).includes('<img src=x onerror=alert(1)>'),
      'the onerror job page shows the payload as text');
    // More: markup in the description (svg, math, img with onerror), quotes,
    // RTL, a very long word, a 300+ character title, CR LF in the title.
    const pick = (f) => hostile.find(f);
    const more = [
      pick((j) => j.title.startsWith('<svg')),
      pick((j) => j.title.startsWith('Need "quotes"')),
      pick((j) => /[\u0600-\u06ff]/.test(j.title)),
      pick((j) => /[\u0590-\u05ff]/.test(j.title) && !/Hello/.test(j.title)),
      pick((j) => j.title.startsWith('Very long word')),
      pick((j) => j.title.length > 300 && !j.title.startsWith('Very long word')),
      pick((j) => j.title.includes('Set-Cookie')),
      pick((j) => j.title.startsWith('Fix <a href')),
    ].filter(Boolean);
    const wide = [];
    for (const j of more) {
      await page.goto(`${stack.origin}/jobs/${j.id}?k=${j.ciphertext}`);
      await checkJobPage(j, 'by address');
      w = await scrollWidthAt360(page);
      if (w > 360) wide.push(`${j.id} "${j.title.slice(0, 30)}": ${w} px`);
      if (j.title.startsWith('Very long word')) await screenshot(page, 'job-longword-phone');
      if (/[\u0600-\u06ff]/.test(j.title)) await screenshot(page, 'job-rtl-phone');
      await page.setViewportSize(DESKTOP);
    }
    ok(wide.length === 0, 'hostile job pages: no horizontal scrolling at 360 px', wide.join('; '));
    ok(!(await ctx.cookies(stack.origin)).some((c) => c.name === 'session'),
      'the CR LF title set no cookie');
    // Long words on the result cards at 360 px.
    await page.goto(`${stack.origin}/jobs?q=${encodeURIComponent('Pneumonoultramicroscopicsilicovolcanoconiosis')}`);
    ok((await cardIds(page)).length >= 1, 'the very long word is found');
    w = await scrollWidthAt360(page);
    ok(w <= 360, 'a card with a very long word: no horizontal scrolling at 360 px', w);
    await page.setViewportSize(DESKTOP);
    figures.hostileOpened = opened.length;

    ok(dialogs === 0, 'no dialog opened in the whole run', dialogs);
    ok(problems.length === 0, 'no script errors, CSP violations or off-site requests', problems.join(' | '));
  } finally {
    await browser.close();
    stack.stop();
    console.log(`# figures: ${JSON.stringify(figures)}; wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

main().then(
  () => process.exit(done('jobs.test.js')),
  (e) => {
    ok(false, 'browser test ran to the end', e.stack);
    process.exit(done('jobs.test.js'));
  },
);
