'use strict';
// t0090-cache-memo.js: the parsed answers cache.c keeps in memory (so a
// warm page skips the JSON parse) never show anything the disk does not
// hold: a re-fetched entry shows Upwork's new data at once, and neither a
// deleted one (Disconnect) nor one damaged on disk is answered from memory.
//
//   node tests/t/t0090-cache-memo.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const fs = require('node:fs');
const path = require('node:path');
const { ok, done, suite, startStack } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const CONF = 'upstream_rate_per_s = 0\nupstream_daily_cap = 0';

let st = null;

async function get(sid, p) {
  const r = await fcgi.request(st.sock, { path: p, headers: { Cookie: `__Host-sid=${sid}` } }, st);
  return { status: r.status, html: r.body.toString('utf8') };
}
const calls = async (op) => (await st.sb.log()).filter((e) => e.endpoint === 'graphql' && e.operationName === op).length;

async function main() {
  st = await startStack({ confExtra: CONF, faketime: true });
  try {
    const a = await fcgi.signin(st, 'ada', 'allow');
    let r = await get(a.sid, '/jobs');
    ok(r.status === 200 && !r.html.includes('MARK·'), 'the job search page, from Upwork');
    const c0 = await calls('JobsSearch');
    for (let i = 0; i < 5; i++) r = await get(a.sid, '/jobs');
    ok(await calls('JobsSearch') === c0 && !r.html.includes('MARK·'), 'five more looks come from the cache (the memory copy)');

    // Upwork's data changes; once the entry is due, the page shows it.
    await st.sb.config({ mark_fields: ['MarketplaceJobPostingSearchResult.title'] });
    r = await get(a.sid, '/jobs');
    ok(!r.html.includes('MARK·'), 'within its lifetime the cached answer stands');
    st.setClock(601);
    r = await get(a.sid, '/jobs');
    ok(await calls('JobsSearch') === c0 + 1 && r.html.includes('MARK·MarketplaceJobPostingSearchResult.title'),
      'after 10 min the entry is fetched again and the page shows the new data, not the memory copy');
    r = await get(a.sid, '/jobs');
    ok(r.html.includes('MARK·MarketplaceJobPostingSearchResult.title') && await calls('JobsSearch') === c0 + 1,
      'and the new answer is the one served from the cache after that');

    // Disconnect deletes the entries: a new sign-in asks Upwork again.
    const csrf = ((await get(a.sid, '/account/disconnect')).html.match(/name="csrf" value="([^"]+)"/) || [])[1];
    await fcgi.request(st.sock, { method: 'POST', path: '/account/disconnect', body: `csrf=${csrf}`,
      headers: { Cookie: `__Host-sid=${a.sid}`, Origin: st.origin } }, st);
    await st.sb.config({ mark_fields: [] });
    const b = await fcgi.signin(st, 'ada', 'allow');
    r = await get(b.sid, '/jobs');
    ok(await calls('JobsSearch') === c0 + 2 && !r.html.includes('MARK·'), 'after Disconnect nothing is answered from memory: Upwork is asked again');

    // A record damaged on disk is not answered from memory either: its
    // bytes differ from the ones checked before, so it is checked again,
    // fails, is dropped and fetched anew.
    r = await get(b.sid, '/jobs');
    ok(await calls('JobsSearch') === c0 + 2, 'the entry is warm again');
    const dir = path.join(st.var, 'data', 'cache');
    const big = fs.readdirSync(dir).map((n) => path.join(dir, n))
      .sort((x, y) => fs.statSync(y).size - fs.statSync(x).size)[0];
    const bytes = fs.readFileSync(big);
    const at = bytes.length >> 1;
    bytes[at] ^= 0x01;
    fs.writeFileSync(big, bytes);
    r = await get(b.sid, '/jobs');
    ok(r.status === 200 && await calls('JobsSearch') === c0 + 3,
      'a record damaged in place (one bit, same size) is checked again, dropped and fetched from Upwork');
    ok(fs.existsSync(big) && !fs.readFileSync(big).equals(bytes), 'and the file on disk is a new record, not the damaged one');
  } finally {
    await st.sb.reset().catch(() => null);
    st.finish();
  }
  return done(NAME);
}

suite(NAME, main);
