'use strict';
// keyboard.test.js: keyboard only (issue 13, Done when 3). No mouse and no
// element.click(): only Tab, Shift, Enter, Space, arrows and typing. On a
// 1280x800 desktop a person signs in (front page, consent page, the
// sandbox's authorize page), goes to Jobs by the navigation, types keywords,
// picks a job type in the folded filters' select with the arrow keys, sends
// the search, and opens a job from the results. On a 360x740 phone the same
// person opens the folded "Menu" with Space and follows a link in it.
//
// Focus is visible: before Tab reaches an element, its outline and
// box-shadow are recorded; once focused, they must differ and show a ring
// (outline wider than 0 or a box-shadow). Every element tabbed through on
// Workdesk's pages is checked, the skip link first. No script error, CSP
// violation or off-site request (watch).
//
//   node tests/browser/keyboard.test.js

const { ok, done, startStack, launch, watch } = require('./lib');
const { diag, suite } = require('../lib/stack');

const norm = (s) => String(s).replace(/\s+/g, ' ').trim();

// Record the unfocused look of everything focusable on the page.
async function record(page) {
  await page.evaluate(() => {
    const look = (e) => {
      const c = getComputedStyle(e);
      return { outline: `${c.outlineStyle} ${c.outlineWidth} ${c.outlineColor}`, width: parseFloat(c.outlineWidth) || 0,
        style: c.outlineStyle, shadow: c.boxShadow };
    };
    window.__look = look;
    window.__focusable = [...document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]')];
    window.__before = window.__focusable.map(look);
  });
}

async function main() {
  const stack = await startStack();
  const browser = await launch();
  const o = stack.origin;
  const seen = [];        // every element tabbed through on our pages
  const unseen = [];      // ... whose focus did not show
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    const problems = watch(page);

    // Tab until the focused element matches sel; on our own pages check
    // that each element reached shows its focus.
    const tabTo = async (sel, { max = 80, shift = false } = {}) => {
      const ours = page.url().startsWith(o);
      if (ours) await record(page);
      for (let i = 0; i < max; i++) {
        await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
        const r = await page.evaluate((s) => {
          const e = document.activeElement;
          const name = `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${(e.textContent || e.value || '').trim().slice(0, 24)}"`;
          if (!window.__focusable) return { name, match: e.matches(s) };
          const k = window.__focusable.indexOf(e);
          const now = window.__look(e);
          const was = k >= 0 ? window.__before[k] : null;
          const ring = (now.style !== 'none' && now.width > 0) || now.shadow !== 'none';
          const changed = was !== null && (now.outline !== was.outline || now.shadow !== was.shadow);
          const box = e.getBoundingClientRect();
          const inView = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
          return { name, match: e.matches(s), shown: ring && changed && inView };
        }, sel);
        if (ours) {
          seen.push(r.name);
          if (!r.shown) unseen.push(`${page.url().slice(o.length)} ${r.name}`);
        }
        if (r.match) return true;
      }
      return false;
    };
    const press = async (key, urlPattern) => {
      await Promise.all([page.waitForURL(urlPattern), page.keyboard.press(key)]);
    };

    // ---- sign in ----
    await page.goto(`${o}/`);
    await page.keyboard.press('Tab');
    ok(await page.evaluate(() => document.activeElement.matches('.skip-link')), 'the first Tab reaches "Skip to content"');
    const skipBox = await page.$eval('.skip-link', (e) => e.getBoundingClientRect().top);
    ok(skipBox >= 0, 'and it comes into view when focused', skipBox);
    await page.keyboard.press('Shift+Tab');
    ok(await tabTo('#signin'), 'Tab reaches "Sign in with Upwork"');
    await press('Enter', `${o}/auth/login`);
    ok(await tabTo('#agree'), 'Tab reaches "I agree" on the consent page');
    await press('Enter', `${stack.sandboxUrl}/**`);
    ok(await tabTo('input[name="user"][value="ada"]'), "Tab reaches the sandbox's user choice (Ada)");
    await page.keyboard.press('Space');
    ok(await tabTo('button[value="allow"]'), 'Tab reaches Allow');
    await press('Enter', `${o}/`);
    ok(norm(await page.textContent('#user-name')) === 'Ada Lovelace', 'signed in as Ada, by keyboard');

    // ---- search ----
    ok(await tabTo('nav[aria-label="Main"] a[href="/jobs"]'), 'Tab reaches Jobs in the navigation');
    await press('Enter', `${o}/jobs`);
    ok(await tabTo('#q'), 'Tab reaches the keywords');
    await page.keyboard.type('data');
    ok(await tabTo('#type'), 'Tab reaches the job type');
    for (let i = 0; i < 5 && await page.inputValue('#type') !== 'hourly'; i++) await page.keyboard.press('ArrowDown');
    ok(await page.inputValue('#type') === 'hourly', 'the arrow keys pick "Hourly"');
    ok(await tabTo('#search-button'), 'Tab reaches Search');
    await press('Enter', /\/jobs\?/);
    const sp = new URL(page.url()).searchParams;
    ok(sp.get('q') === 'data' && sp.get('type') === 'hourly', 'the search is sent with the keywords and the type', page.url());
    const count = norm(await page.textContent('#result-count'));
    ok(/^\d+ jobs/.test(count), `results: ${count}`);

    // ---- open a job ----
    const first = await page.$eval('article.card.job', (a) => ({ id: a.id.replace(/^job-/, ''), title: a.querySelector('h2 a').textContent }));
    ok(await tabTo(`#job-title-${first.id} a`), 'Tab reaches the first result');
    await press('Enter', new RegExp(`/jobs/${first.id}\\?`));
    ok(norm(await page.textContent('#job-title')) === norm(first.title), 'the job opens: its title');
    ok(await tabTo('#apply-here'), 'Tab reaches "Write a proposal"');

    // ---- a phone: Menu by keyboard ----
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${o}/jobs`);
    ok(await tabTo('.menu > summary'), 'phone: Tab reaches "Menu"');
    await page.keyboard.press('Space');
    ok(await page.isVisible('nav[aria-label="Main"] a[href="/messages"]'), 'phone: Space opens the menu');
    ok(await tabTo('nav[aria-label="Main"] a[href="/messages"]'), 'phone: Tab reaches Messages in it');
    await press('Enter', `${o}/messages`);
    ok((await page.$$('li.room-row')).length > 0, 'phone: the messages open');

    ok(seen.length >= 20 && unseen.length === 0, `focus visible on all ${seen.length} elements tabbed through`, unseen);
    ok(problems.length === 0, 'no script error, CSP violation or off-site request', problems);
    diag(`tabbed through: ${seen.length} elements on Workdesk's pages`);
  } finally {
    await browser.close();
    stack.finish();
  }
  return done('keyboard.test.js');
}

suite('keyboard.test.js', main);
