'use strict';
// readme-screenshots.js: the README's screenshots (docs/screenshots/*.png),
// not a test. The main pages on a 360x740 phone and a 1280x800 desktop,
// light and dark, the first screen of each only (a full page is tall and
// heavy), then quantised by pngquant when it is installed
// (apt-get install pngquant) so that the whole set stays small.
//
//   node tests/browser/readme-screenshots.js

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startStack, launch, signIn, REPO } = require('./lib');

const OUT = path.join(REPO, 'docs', 'screenshots');
const SHOTS = [
  // [file, viewport, scheme, page, what to open first]
  ['front-phone', 'phone', 'light', '/'],
  ['jobs-phone', 'phone', 'light', '/jobs?q=data'],
  ['menu-phone', 'phone', 'dark', '/jobs?q=data', '.menu > summary'],
  ['room-phone', 'phone', 'dark', 'room'],
  ['billing-phone', 'phone', 'light', '/billing'],
  ['jobs-desktop', 'desktop', 'light', '/jobs?q=data'],
  ['job-desktop', 'desktop', 'dark', 'job'],
  ['billing-desktop', 'desktop', 'light', '/billing'],
];
const VIEWPORTS = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 800 } };

async function main() {
  const stack = await startStack();
  const browser = await launch();
  try {
    fs.mkdirSync(OUT, { recursive: true });
    const contexts = new Map();
    const found = {};
    for (const [file, vp, scheme, where, open] of SHOTS) {
      const key = `${vp}-${scheme}`;
      if (!contexts.has(key)) {
        const ctx = await browser.newContext({ viewport: VIEWPORTS[vp], colorScheme: scheme });
        const page = await ctx.newPage();
        if (file !== 'front-phone') await signIn(page, stack, 'ada');
        contexts.set(key, page);
      }
      const page = contexts.get(key);
      if (where === 'job' || where === 'room') {
        if (!found[where]) {
          await page.goto(stack.origin + (where === 'job' ? '/jobs?q=data' : '/messages'));
          found[where] = await page.$eval(where === 'job' ? 'article.card.job h2 a' : '.room-row h2 a', (a) => a.getAttribute('href'));
        }
        await page.goto(stack.origin + found[where]);
      } else {
        await page.goto(stack.origin + where);
      }
      if (open) await page.click(open);
      const png = path.join(OUT, `${file}.png`);
      await page.screenshot({ path: png });
      try {
        execFileSync('pngquant', ['--force', '--skip-if-larger', '--quality', '60-85', '--strip', '--ext', '.png', png]);
      } catch (e) {
        if (e.code === 'ENOENT') console.log('pngquant is not installed: the PNGs are not quantised');
      }
      console.log(`${path.relative(REPO, png)} ${fs.statSync(png).size} bytes`);
      if (file === 'front-phone') {
        await page.context().close();
        contexts.delete(key);
      }
    }
  } finally {
    await browser.close();
    stack.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
