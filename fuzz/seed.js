'use strict';
// fuzz/seed.js: write seed inputs for the fuzz targets from a real run:
// the whole stack on the sandbox (tests/lib/stack.js), one sign-in, a walk
// over the dashboard's pages, then the records it left on disk (sessions,
// users, tokens, cached Upwork answers) and the answers themselves, in
// each target's input format (see the comment at the top of each
// fuzz/fuzz-*.c). Hand-written seeds for the request parsers sit beside
// them in fuzz/corpus/ already.
//
//   make all && node fuzz/seed.js        (then make fuzz to grow them)

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { startStack } = require('../tests/lib/stack');
const fcgi = require('../tests/lib/fcgi');

const CORPUS = path.join(__dirname, 'corpus');

function save(target, bytes) {
  const dir = path.join(CORPUS, target);
  fs.mkdirSync(dir, { recursive: true });
  const name = crypto.createHash('sha1').update(bytes).digest('hex');
  fs.writeFileSync(path.join(dir, name), bytes);
}

// A store record: "WDR1" | 1 | kind | 0 0 | time(8) | klen(4) | plen(4) | key | payload | sum(32).
function unframe(buf) {
  if (buf.length < 56 || buf.toString('latin1', 0, 4) !== 'WDR1') return null;
  const klen = buf.readUInt32BE(16), plen = buf.readUInt32BE(20);
  return { kind: buf[5], payload: buf.subarray(24 + klen, 24 + klen + plen) };
}

async function main() {
  const st = await startStack({ confExtra: 'upstream_rate_per_s = 0\nupstream_daily_cap = 0' });
  try {
    const a = await fcgi.signin(st, 'ada', 'allow');
    const get = (p) => fcgi.request(st.sock, { path: p, headers: { Cookie: `__Host-sid=${a.sid}` } }, st);
    const jobs = (await get('/jobs?q=python&type=hourly&sort=recency')).body.toString();
    const ids = [...new Set([...jobs.matchAll(/href="\/jobs\/(\d+)"/g)].map((m) => m[1]))].slice(0, 3);
    const pages = ['/', '/jobs', '/jobs?level=expert&verified=1&posted=7', '/proposals', '/contracts',
      '/messages', '/billing', '/account', '/org', ...ids.map((id) => `/jobs/${id}`),
      ...ids.map((id) => `/jobs/${id}/apply`)];
    for (const p of pages) await get(p);
    const contracts = (await get('/contracts')).body.toString();
    for (const m of [...contracts.matchAll(/href="(\/contracts\/\d+)"/g)].slice(0, 2)) await get(m[1]);
    const rooms = (await get('/messages')).body.toString();
    for (const m of [...rooms.matchAll(/href="(\/messages\/room_[0-9a-f]+)"/g)].slice(0, 2)) await get(m[1]);

    // Store records: fuzz-store's first byte is the case (0 session, 1 user,
    // 2 tokens, 3 cache) with mode 0 (the file as it is), the second the age.
    const data = path.join(st.var, 'data');
    const cases = { sessions: 0, users: 1, tokens: 2, cache: 3 };
    for (const [dir, which] of Object.entries(cases)) {
      const d = path.join(data, dir);
      for (const f of fs.existsSync(d) ? fs.readdirSync(d) : []) {
        if (f.startsWith('.')) continue;
        const rec = fs.readFileSync(path.join(d, f));
        save('store', Buffer.concat([Buffer.from([which, 2]), rec]));
        const u = unframe(rec);
        if (u === null) continue;
        // Mode 2: the payload in a well-framed record for the case's key.
        save('store', Buffer.concat([Buffer.from([which | 8, 2]), u.payload]));
        if (dir === 'cache') {
          // fuzz-json: first byte 0 is HTTP 200 with application/json; an
          // entry holds the answer's "data".
          save('json', Buffer.concat([Buffer.from([0]), Buffer.from('{"data":'), u.payload, Buffer.from('}')]));
          save('md', u.payload.subarray(0, 4096));
        }
      }
    }
    // The configuration the stack ran with.
    save('conf', fs.readFileSync(path.join(st.var, 'workdesk.conf')));
  } finally {
    st.finish();
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
