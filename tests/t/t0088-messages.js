'use strict';
// t0088-messages.js: /messages and /messages/ROOM (issue 9) against the
// sandbox's demo rooms (tests/sandbox/README.md "Messages"); every
// expectation is computed from the sandbox's own dump.
//
//   (a) the room list: newest activity first, exactly the sandbox's order,
//       unread counts, "unread only", the next page, links to a room's
//       contract and to Upwork
//   (b) a room: the latest 30 messages, the newest at the bottom, "Older
//       messages" pages back
//   (c) hostile text is inert: escaped, line breaks kept, only http(s)
//       addresses become links (rel=nofollow noopener noreferrer), never
//       javascript:
//   (d) replying: the message arrives once and shows at the bottom right
//       away (the room's cache is dropped); a double click and a replay
//       send one message; Upwork refusing keeps the typed text; an empty
//       message is refused before Upwork; a lost answer is "outcome
//       unknown"; a read-only room has no reply box
//   (e) another organization's or an unknown room: 404
//   (f) messages are cached briefly: a room 30 s, the list 60 s (the app's
//       clock moved with libfaketime)
//
//   node tests/t/t0088-messages.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const path = require('node:path');
const { ok, done, suite, startStack } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const CONF = 'upstream_rate_per_s = 0\nupstream_daily_cap = 0\nhttp_timeout_ms = 1500';

let st = null;

async function get(sid, p) {
  const r = await fcgi.request(st.sock, { path: p, headers: { Cookie: `__Host-sid=${sid}` } }, st);
  return { status: r.status, html: r.body.toString('utf8'), location: fcgi.header(r, 'location') };
}
async function post(sid, p, form) {
  const r = await fcgi.request(st.sock, { method: 'POST', path: p, body: new URLSearchParams(form).toString(),
    headers: { Cookie: `__Host-sid=${sid}`, Origin: st.origin } }, st);
  return { status: r.status, html: r.body.toString('utf8'), location: fcgi.header(r, 'location') };
}
const un = (s) => fcgi.htmlUnescape(s);
const field = (html, n) => un((html.match(new RegExp(`<input [^>]*name="${n}"[^>]* value="([^"]*)"`)) || [])[1] || '');
const rowIds = (html) => [...html.matchAll(/<li class="card room-row" id="(room_[0-9a-f]+)">/g)].map((m) => m[1]);
const storyTexts = (html) => [...html.matchAll(/<p class="para story-text" dir="auto">([\s\S]*?)<\/p>/g)].map((m) => m[1]);
// A story's text as the page shows it, back to plain text.
const plain = (h) => un(h.replace(/<a href="[^"]*" rel="nofollow noopener noreferrer">([^<]*)<\/a>/g, '$1'));
const sb = async (p) => JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/${p}`)).body);

async function main() {
  st = await startStack({ confExtra: CONF, faketime: true });
  try {
    const a = await fcgi.signin(st, 'ada', 'allow');
    const rooms = (await sb('rooms?user=ada')).filter((r) => r.organizationId === '1390042875009613825');
    const listed = rooms.filter((r) => !r.hidden);

    // ---- (a) the list ----
    let r = await get(a.sid, '/messages');
    ok(r.status === 200, '(a) /messages answers 200', r.status);
    ok(JSON.stringify(rowIds(r.html)) === JSON.stringify(listed.slice(0, 20).map((x) => x.id)), "(a) the first 20 rooms in the sandbox's order (newest activity first)", rowIds(r.html).slice(0, 3));
    ok(new RegExp(`id="rooms-total">${listed.length} rooms<`).test(r.html), `(a) the count (${listed.length})`);
    for (const x of listed.slice(0, 20)) {
      const li = (r.html.match(new RegExp(`<li class="card room-row" id="${x.id}">([\\s\\S]*?)</li>`)) || [])[1] || '';
      ok(x.numUnread > 0 ? li.includes(`>${x.numUnread} unread<`) : !li.includes('unread<'), `(a) ${x.id}: unread ${x.numUnread}`);
      ok(x.contractId ? li.includes(`href="/contracts/${x.contractId}"`) : !li.includes('/contracts/'), `(a) ${x.id}: ${x.contractId ? 'links to its contract' : 'no contract'}`);
      ok(li.includes(`href="https://www.upwork.com/ab/messages/rooms/${x.id}"`), `(a) ${x.id}: links to the room on Upwork`);
    }
    ok(r.html.includes('href="/messages?after=20"'), '(a) a next page');
    r = await get(a.sid, '/messages?after=20');
    ok(JSON.stringify(rowIds(r.html)) === JSON.stringify(listed.slice(20, 40).map((x) => x.id)), '(a) page 2: the next rooms');
    r = await get(a.sid, '/messages?unread=1');
    const unread = listed.filter((x) => x.numUnread > 0);
    ok(JSON.stringify(rowIds(r.html)) === JSON.stringify(unread.slice(0, 20).map((x) => x.id)), `(a) unread only: ${unread.length} rooms`);
    for (const bad of ['after=7', 'after=-20', 'after=x']) ok((await get(a.sid, `/messages?${bad}`)).status === 400, `(a) /messages?${bad}: 400`);

    // ---- (b) a long room ----
    const long = listed.reduce((m, x) => (x.storiesCount > m.storiesCount ? x : m));
    const stories = await sb(`rooms/${long.id}/stories`);
    r = await get(a.sid, `/messages/${long.id}`);
    let shown = storyTexts(r.html).map(plain);
    ok(r.status === 200 && shown.length === 30, `(b) ${long.id} (${stories.length} messages): a page of 30`, shown.length);
    ok(JSON.stringify(shown) === JSON.stringify(stories.slice(-30).map((s) => s.message)), '(b) the latest 30, oldest first, the newest at the bottom');
    ok(r.html.includes(`id="older" href="/messages/${long.id}?after=30"`), '(b) "Older messages"');
    r = await get(a.sid, `/messages/${long.id}?after=30`);
    shown = storyTexts(r.html).map(plain);
    ok(JSON.stringify(shown) === JSON.stringify(stories.slice(-60, -30).map((s) => s.message)), '(b) the 30 before them');

    // ---- (c) hostile text ----
    let hostile = null;
    for (const x of listed) {
      const ss = await sb(`rooms/${x.id}/stories`);
      if (ss.some((s) => /<script/i.test(s.message))) { hostile = { room: x, stories: ss }; break; }
    }
    ok(hostile, '(c) the sandbox has a room with hostile messages');
    r = await get(a.sid, `/messages/${hostile.room.id}`);
    const body = r.html.slice(r.html.indexOf('<ol class="stories">'), r.html.indexOf('</ol>', r.html.indexOf('<ol class="stories">')));
    ok(!/<script|<img|<svg|<iframe|\sonerror=|\sonload=/i.test(body), '(c) no markup from messages');
    ok(!/href="javascript:/i.test(body), '(c) no javascript: link');
    const texts = storyTexts(r.html);
    const want = hostile.stories.slice(-30).map((s) => s.message);
    ok(JSON.stringify(texts.map(plain)) === JSON.stringify(want), '(c) every message reads exactly as written (escaped, line breaks kept)');
    const links = [...body.matchAll(/<a href="([^"]*)" rel="nofollow noopener noreferrer">/g)].map((m) => un(m[1]));
    ok(links.every((h) => /^https?:\/\//.test(h)), '(c) links only to http(s) addresses', links);
    const withUrl = want.filter((m) => /(^|\s)https?:\/\/\S/.test(m)).length;
    ok(withUrl === 0 || links.length > 0, `(c) http(s) addresses in ${withUrl} messages became links (${links.length})`);

    // ---- (d) replying ----
    const room = listed.find((x) => !x.readOnly && x.id !== hostile.room.id);
    const mutations = async () => (await sb('rooms/mutations')).filter((m) => m.input && m.input.roomId === room.id);
    r = await get(a.sid, `/messages/${room.id}`);
    ok(/id="reply-form"/.test(r.html), '(d) a reply box');
    let form = { csrf: field(r.html, 'csrf'), nonce: field(r.html, 'nonce'), message: 'Thanks!\r\nSee https://example.org/a, and <b>this</b>.' };
    const [r1, r2] = await Promise.all([post(a.sid, `/messages/${room.id}`, form), post(a.sid, `/messages/${room.id}`, form)]);
    let sent = await mutations();
    ok(sent.length === 1 && sent[0].ok, '(d) a double click sends one message', sent.length);
    ok(sent[0] && sent[0].input.message === 'Thanks!\nSee https://example.org/a, and <b>this</b>.', '(d) as typed (CR LF as LF)');
    const firstAnswer = [r1, r2].find((x) => x.location && x.location.includes('#s-'));
    ok(r1.status === 303 && r2.status === 303 && firstAnswer && firstAnswer.location === `/messages/${room.id}?sent=1#s-${sent[0].storyId}` &&
      [r1, r2].every((x) => x.location.startsWith(`/messages/${room.id}?sent=1`)), '(d) both clicks lead back to the room (the first to the new message)', [r1.status, r1.location, r2.location]);
    r = await get(a.sid, `/messages/${room.id}?sent=1`);
    ok(r.html.includes(`<li class="story" id="s-${sent[0].storyId}">`), '(d) the new message has its anchor');
    shown = storyTexts(r.html);
    ok(plain(shown[shown.length - 1]) === 'Thanks!\nSee https://example.org/a, and <b>this</b>.', '(d) the reply is at the bottom right away');
    ok(shown[shown.length - 1].includes('<a href="https://example.org/a" rel="nofollow noopener noreferrer">https://example.org/a</a>,'), '(d) its address is a link (the comma is not part of it)');
    ok(/id="send-notice">Your message was sent/.test(r.html), '(d) and says it was sent');
    r = await post(a.sid, `/messages/${room.id}`, form);
    ok(r.status === 303 && r.location === `/messages/${room.id}?sent=1` && (await mutations()).length === 1, '(d) a replay sends nothing', r.status);
    // Upwork refuses: the text stays.
    r = await get(a.sid, `/messages/${room.id}`);
    form = { csrf: field(r.html, 'csrf'), nonce: field(r.html, 'nonce'), message: 'x'.repeat(5001) };
    r = await post(a.sid, `/messages/${room.id}`, form);
    ok(r.status === 409 && /id="send-error">[^<]*too long/.test(r.html), '(d) too long for Upwork: 409 with its reason', r.status);
    ok((r.html.match(/<textarea id="message"[^>]*>([\s\S]*?)<\/textarea>/) || [])[1] === 'x'.repeat(5001), '(d) the typed text is kept');
    // Empty: refused here.
    const before = (await sb('rooms/mutations')).length;
    r = await get(a.sid, `/messages/${room.id}`);
    r = await post(a.sid, `/messages/${room.id}`, { csrf: field(r.html, 'csrf'), nonce: field(r.html, 'nonce'), message: '  \r\n ' });
    ok(r.status === 422 && (await sb('rooms/mutations')).length === before, '(d) an empty message: 422, nothing sent', r.status);
    // Lost answer.
    r = await get(a.sid, `/messages/${room.id}`);
    form = { csrf: field(r.html, 'csrf'), nonce: field(r.html, 'nonce'), message: 'Did this arrive?' };
    await st.sb.config({ graphql_fault: { drop: true, operation: 'SendMessage', after_execute: true, count: 1 } });
    r = await post(a.sid, `/messages/${room.id}`, form);
    ok(r.status === 504 && /The outcome is unknown/.test(r.html), '(d) a lost answer: 504 "outcome unknown"', r.status);
    r = await post(a.sid, `/messages/${room.id}`, form);
    ok(r.status === 409 && (await mutations()).filter((m) => m.input.message === 'Did this arrive?').length === 1, '(d) sending it again sends nothing', r.status);
    r = await get(a.sid, `/messages/${room.id}`);
    ok(plain(storyTexts(r.html).pop()) === 'Did this arrive?', '(d) the room shows what Upwork got');
    // CSRF.
    r = await post(a.sid, `/messages/${room.id}`, { ...form, csrf: 'y'.repeat(43), nonce: field((await get(a.sid, `/messages/${room.id}`)).html, 'nonce') });
    ok(r.status === 403, '(d) a wrong CSRF token: 403', r.status);
    // Read-only.
    const ro = rooms.find((x) => x.readOnly);
    if (ro) {
      r = await get(a.sid, `/messages/${ro.id}`);
      ok(r.status === 200 && /id="read-only"/.test(r.html) && !/id="reply-form"/.test(r.html), '(d) a read-only room: no reply box');
    }

    // ---- short cache lifetimes: a room 30 s, the list 60 s ----
    const calls = async (op) => (await st.sb.log()).filter((e) => e.endpoint === 'graphql' && e.operationName === op).length;
    const quiet = listed.find((x) => x.id !== room.id && x.id !== long.id && x.id !== hostile.room.id);
    await get(a.sid, `/messages/${quiet.id}`);
    await get(a.sid, '/messages?unread=1');
    await get(a.sid, '/jobs');
    const c0 = { room: await calls('Room'), rooms: await calls('Rooms'), jobs: await calls('JobsSearch') };
    await get(a.sid, `/messages/${quiet.id}`);
    ok(await calls('Room') === c0.room, '(f) a room opened again at once comes from the cache');
    st.setClock(31);
    await get(a.sid, `/messages/${quiet.id}`);
    await get(a.sid, '/messages?unread=1');
    await get(a.sid, '/jobs');
    ok(await calls('Room') === c0.room + 1, '(f) 31 s later the room is asked again (30 s lifetime)');
    ok(await calls('Rooms') === c0.rooms && await calls('JobsSearch') === c0.jobs, '(f) ... while the list (60 s) and jobs (10 min) are not');
    st.setClock(61);
    await get(a.sid, '/messages?unread=1');
    ok(await calls('Rooms') === c0.rooms + 1, '(f) 61 s later the list is asked again (60 s lifetime)');
    // (The clock stays ahead: moving it back would make sessions look
    // used in the future, which ends them.)

    // ---- (e) not this organization's ----
    const g = await fcgi.signin(st, 'grace', 'allow');
    r = await get(g.sid, `/messages/${room.id}`);
    ok(r.status === 404, "(e) Ada's room, as Grace: 404", r.status);
    r = await get(a.sid, '/messages/room_0123456789abcdef0123456789abcdef');
    ok(r.status === 404, '(e) an unknown room: 404', r.status);
    r = await get(a.sid, '/messages/room_XYZ');
    ok(r.status === 404, '(e) a malformed room id: 404', r.status);
  } finally {
    await st.sb.reset().catch(() => null);
    st.finish();
  }
  return done(NAME);
}

suite(NAME, main);
