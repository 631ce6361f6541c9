'use strict';
// messages.test.js: a freelancer answers a client in Chromium (issue 9,
// Done when 2 and 3): Ada opens a contract, follows "Messages" to its
// room, replies with a double click, and sees her reply at the bottom;
// exactly one message reaches the sandbox. Then the rooms with hostile
// text are opened: no dialog, no injected element, the payload shown as
// text. Screenshots of the list and of a room at 360x740 and 1280x800
// (build/screenshots/messages-*.png, room-*.png), no horizontal scrolling
// at 360 px; no script error, CSP violation or off-site request (watch).
//
//   node tests/browser/messages.test.js

const fs = require('node:fs');
const { ok, done, startStack, launch, watch, screenshot, signIn } = require('./lib');
const { httpRequest } = require('../lib/fcgi');

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const ADA_ORG = '1390042875009613825';
const INJECTED = ['script', 'img', 'svg', 'iframe', 'object', 'embed', 'style', 'math',
  'a[href^="javascript:" i]', '[onerror]', '[onload]', '[onclick]'].map((e) => `ol.stories ${e}`).join(', ');

async function main() {
  const stack = await startStack();
  const browser = await launch();
  const sb = async (p) => JSON.parse((await httpRequest(`${stack.sandboxUrl}/__sandbox/${p}`)).body);
  try {
    const ctx = await browser.newContext({ viewport: DESKTOP });
    await ctx.addInitScript(() => {
      window.__xss = 0;
      const alert0 = window.alert;
      window.alert = function (...a) { window.__xss++; return alert0.apply(this, a); };
    });
    const page = await ctx.newPage();
    const problems = watch(page);
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; d.dismiss().catch(() => {}); });

    await signIn(page, stack, 'ada');

    // ---- from a contract to its room ----
    const rooms = (await sb('rooms?user=ada')).filter((r) => r.organizationId === ADA_ORG);
    const contracts = (await sb('contracts')).contracts.filter((c) => c.vendorOrganization.id === ADA_ORG && c.status !== 'ENDED');
    const c = contracts.find((x) => rooms.some((r) => r.contractId === x.id && !r.readOnly));
    ok(c, 'Ada has a contract with a room she can write in');
    await page.click('nav[aria-label="Main"] a[href="/contracts"]');
    await page.waitForURL(`${stack.origin}/contracts`);
    await Promise.all([page.waitForURL(new RegExp(`/contracts/${c.id}$`)), page.click(`#contract-${c.id} h3 a`)]);
    await Promise.all([page.waitForURL(/\/messages\/room_[0-9a-f]+$/), page.click('#contract-room')]);
    const roomId = /\/messages\/(room_[0-9a-f]+)$/.exec(page.url())[1];
    ok(rooms.find((r) => r.id === roomId).contractId === c.id, "the contract's Messages open its room");
    ok((await page.getAttribute('#room-contract', 'href')) === `/contracts/${c.id}`, 'and the room links back to the contract');

    // ---- reply, with a double click ----
    const text = 'Thanks, the figures are in.\nSee https://example.org/report for the details.';
    await page.fill('#message', text);
    await Promise.all([page.waitForURL(/\?sent=1/), page.dblclick('#send')]);
    const sent = (await sb('rooms/mutations')).filter((m) => m.input && m.input.roomId === roomId);
    ok(sent.length === 1, 'a double click sends exactly one message', sent.length);
    const last = await page.$$eval('ol.stories li.story .story-text', (ps) => ps[ps.length - 1].innerText);
    ok(last.replace(/\r\n/g, '\n') === text, 'the reply is at the bottom, as written', last);
    ok(await page.$eval('ol.stories li.story:last-child .story-text a', (a) => a.href) === 'https://example.org/report', 'its address is a link');
    ok((await page.inputValue('#message')) === '', 'the reply box is empty again');
    let shot = await screenshot(page, 'room-desktop');
    ok(fs.statSync(shot).size > 10000, 'room-desktop.png saved');
    await page.setViewportSize(PHONE);
    let w = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(w <= 360, 'room: no horizontal scrolling at 360 px', w);
    shot = await screenshot(page, 'room-phone');
    ok(fs.statSync(shot).size > 10000, 'room-phone.png saved');
    await page.setViewportSize(DESKTOP);

    // ---- the list ----
    await page.click('nav[aria-label="Main"] a[href="/messages"]');
    await page.waitForURL(`${stack.origin}/messages`);
    ok((await page.$eval('li.room-row', (li) => li.id)) === roomId, 'the room just answered is first in the list');
    await page.setViewportSize(PHONE);
    w = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(w <= 360, 'messages: no horizontal scrolling at 360 px', w);
    shot = await screenshot(page, 'messages-phone');
    ok(fs.statSync(shot).size > 10000, 'messages-phone.png saved');
    await page.setViewportSize(DESKTOP);
    shot = await screenshot(page, 'messages-desktop');
    ok(fs.statSync(shot).size > 10000, 'messages-desktop.png saved');

    // ---- hostile text is inert ----
    let opened = 0;
    for (const r of rooms.filter((x) => !x.hidden)) {
      const stories = await sb(`rooms/${r.id}/stories`);
      const bad = stories.slice(-30).filter((s) => /<script|onerror|javascript:/i.test(s.message));
      if (!bad.length) continue;
      opened++;
      await page.goto(`${stack.origin}/messages/${r.id}`);
      ok(await page.$$eval(INJECTED, (es) => es.length) === 0, `${r.id}: no element made from message text`);
      const texts = await page.$$eval('ol.stories .story-text', (ps) => ps.map((p) => p.innerText.replace(/\r\n/g, '\n')));
      ok(bad.every((s) => texts.includes(s.message)), `${r.id}: the hostile messages show literally (${bad.length})`);
    }
    ok(opened > 0, `rooms with hostile messages opened: ${opened}`);
    ok(dialogs === 0 && await page.evaluate(() => window.__xss) === 0, 'no script from a message ran (0 dialogs)');
    ok(problems.length === 0, 'no script error, CSP violation or off-site request', problems);
  } finally {
    await browser.close();
    stack.finish();
  }
  return done('messages.test.js');
}

main().then((rc) => process.exit(rc), (e) => {
  console.log(`not ok - suite ran to the end (${e.stack})`);
  console.log('messages.test.js: 0 passed, 1 failed');
  process.exit(1);
});
