'use strict';
// t0093-slow.js: security-bar §7 test 21 (rule I2): slow clients. For
// 120 s three slowhttptest attackers hold 1,000 connections each, at the
// same time, against the stack's nginx, while a legitimate client asks for
// pages at a steady 15 requests a second:
//
//   slowloris   -H  headers trickled every 5 s, never finished
//   slow body   -B  a POST body (Content-Length 8192), a few bytes every 20 s
//   slow read   -X  10 pipelined GETs of /static/style.css (17 KB), read
//               5 bytes a second through a window of 1-16 bytes
//
// Each attacker opens its 1,000 at once and starts a new round as soon as
// nginx has closed them all; slow-read rounds end after 20 s instead (a
// slow reader never sees nginx's close: the FIN waits behind the answers
// it has not read). The legitimate client comes from 127.0.0.2, the
// attackers from 127.0.0.1: limit_conn and limit_req are per address and
// stay as shipped. Its requests cycle through a static file, two
// signed-out pages and a signed-in one (/account; signed in beforehand
// through the app's socket), sent on schedule whether or not earlier ones
// have answered, so a slow nginx shows as latency.
//
// Pass (the bar): 100 % of the legitimate requests succeed (200) with
// p99 < 1 s; nginx closes every slow connection within 15 s of its
// opening. Each connection's life is read from the kernel: `ss` every
// 0.5 s lists the established connections to nginx's port; nginx's side
// of one is open from the first list that has it to the first that does
// not (nginx closed it), and the attacker's side says whose it is (an fd
// of which slowhttptest). Lifetimes are good to about one sampling gap
// (printed: 0.5 s, more when the machine is busy). Also checked: each
// attacker really held ~1,000 connections at once, and nginx never ran
// out of worker_connections.
//
// What "slow connection" covers, and what it does not:
//  - client_header_timeout runs for the whole header: slowloris is cut
//    off at 10 s however often it trickles.
//  - client_body_timeout and send_timeout run between two reads or two
//    writes, not for the whole body or answer. A client that sends or
//    reads a little more often than every 10 s is never cut off (measured
//    with a body trickled every 5 s: 20 connections held for the whole 40 s
//    run); what bounds it is limit_conn, 20 per address. So the slow body
//    here pauses longer than the timeout, which is what the 15 s can
//    promise. 20 s, not slowhttptest's 10 or 12: it sends to all of a
//    round's connections at the same ticks (-i after the round's start),
//    so one that opened late in the round got its next bytes sooner than
//    12 s after its first, and lived up to 19 s (measured).
//  - limit_conn answers most slow-body and slow-read requests 429 at once.
//    A 429'd slow body is drained by lingering close (lingering_timeout
//    5s, by default). A 429'd slow reader has its answers in the kernel's
//    send queue and is, for nginx, an idle keep-alive connection (one it
//    closes first when short of connections), held up to keepalive_timeout
//    (65 s, also I2) rather than 15 s. A slow reader counts as one nginx
//    was still sending to when its send queue held more than
//    SENDING_QUEUE_BYTES at some sample (a 17 KB style.css it did not
//    take; ten 429 pages are under 8 KB).
//
// The network: the whole test (stack, attackers, client) runs in a network
// namespace of its own (unshare -n; -rn as a non-root user) whose loopback
// has an MTU of 1500, as an Internet path has. Two reasons. On the host's
// loopback (MTU 64 KiB) the kernel grows nginx's send buffer to tcp_wmem's
// 4 MiB at once and takes every answer whole, so nginx never waits on a
// slow reader and send_timeout is never exercised (measured: ten answers,
// 170 KB, logged as sent in 0 ms; the connections then idle until
// keepalive_timeout). And 3,000 attack connections stay off the loopback
// other suites share: they cannot leave 127.0.0.0/8 either, as the
// namespace has no other interface. Without a namespace (no permission)
// the test runs on the host loopback and skips the slow-read figure.
//
// nginx runs as shipped. It ships worker_connections 4096 because of this
// test: the attack's 3,000 connections are more than 2 x 1024
// (worker_processes auto: two workers on this 2-core machine); with 1024,
// nginx logged 330 "worker_connections are not enough", dropped 9 of 1,800
// legitimate requests and kept slow bodies up to 19.7 s. The test checks
// the shipped value is at least WORKER_CONNECTIONS.
//
//   node tests/t/t0093-slow.js      (about 2 min 15 s)
// Env: NGINX_EXAMPLE (a scratch copy of nginx.conf.example to test instead
// of the repo's, e.g. with client_header_timeout 60s to see the test fail),
// KEEP_VAR=1 (also keeps slowhttptest's own CSV and HTML reports, one a
// round). Not in the ASan pass (no "needs: app"): it tests nginx.

const { spawn, spawnSync, execFile } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const NAME = path.basename(__filename);
const NETNS_ENV = 'WORKDESK_T0093_NETNS';
const SYS_PATH = `${process.env.PATH || '/usr/bin:/bin'}:/usr/sbin:/sbin`;

// ---- the network namespace: run this file again inside one --------------------------

// unshareArgs(): the unshare flags that work here (-n as root, -rn through
// a user namespace otherwise), or null.
function unshareArgs() {
  for (const flags of [['-n'], ['-rn']]) {
    const r = spawnSync('unshare', [...flags, 'sh', '-c', 'ip link set lo up && ip link set lo mtu 1500'],
      { stdio: 'ignore', env: { ...process.env, PATH: SYS_PATH } });
    if (r.status === 0) return flags;
  }
  return null;
}

if (process.env[NETNS_ENV] === undefined) {
  const flags = unshareArgs();
  if (flags) {
    const child = spawn('unshare', [...flags, 'sh', '-c',
      'ip link set lo up && ip link set lo mtu 1500 && exec "$0" "$@"', process.execPath, __filename],
    { stdio: 'inherit', env: { ...process.env, PATH: SYS_PATH, [NETNS_ENV]: flags.join('') } });
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
    child.on('exit', (code, sig) => process.exit(code ?? (sig === 'SIGINT' ? 130 : 143)));
    return;
  }
  process.env[NETNS_ENV] = '';
}

// ---- from here on: inside the namespace (or on the host loopback) ---------------------

const { ok, done, diag, suite, startStack } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const IN_NETNS = process.env[NETNS_ENV] !== '';
const ATTACK_S = 120;
const CONNECTIONS = 1000;
const LEGIT_RATE = 15;              // requests a second
const LEGIT_ADDR = '127.0.0.2';
const LEGIT_TIMEOUT_MS = 10000;
const BASELINE_S = 5;
const CLOSE_LIMIT_S = 15;           // the bar
const KEEPALIVE_S = 65;             // keepalive_timeout, I2
const SAMPLE_MS = 500;
const SENDING_QUEUE_BYTES = 12 * 1024;
const WORKER_CONNECTIONS = 4096;
const SUITE_LIMIT_MS = (ATTACK_S + 120) * 1000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => Number(process.hrtime.bigint() / 1000000n);

// Every process this suite starts is in here, killed at exit whatever happens.
const children = new Set();
process.on('exit', () => {
  for (const c of children) {
    try { c.kill('SIGKILL'); } catch { /* gone */ }
  }
});

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// nginxExample(tmp): the nginx config to derive the stack's from: NGINX_EXAMPLE
// (or the repo's), used as it is; it must allow WORKER_CONNECTIONS (see the header).
function nginxExample(tmp) {
  const src = process.env.NGINX_EXAMPLE || path.join(__dirname, '..', '..', 'nginx.conf.example');
  const text = fs.readFileSync(src, 'utf8');
  const m = text.match(/^\s*worker_connections\s+(\d+);/m);
  if (!m || Number(m[1]) < WORKER_CONNECTIONS) {
    throw new Error(`${src}: worker_connections ${m ? m[1] : '(none)'} is below ${WORKER_CONNECTIONS}`);
  }
  const out = path.join(tmp, 'nginx.conf.example');
  fs.writeFileSync(out, text);
  return out;
}

// ---- the legitimate client ------------------------------------------------------------

// legitLoad(st, cookie, seconds): LEGIT_RATE requests a second from LEGIT_ADDR for
// `seconds`, sent on schedule whether or not earlier ones have answered (so a
// slow nginx shows as latency, not as fewer requests). Resolves to the results.
async function legitLoad(st, cookie, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const targets = [
    { path: '/static/style.css' },
    { path: '/' },
    { path: '/privacy' },
    { path: '/account', cookie },      // 200 only when signed in (else 303)
  ];
  const results = [];
  const count = Math.round(seconds * LEGIT_RATE);
  const t0 = now();
  const pending = [];
  for (let i = 0; i < count; i++) {
    const wait = t0 + (i * 1000) / LEGIT_RATE - now();
    if (wait > 0) await sleep(wait);
    const target = targets[i % targets.length];
    pending.push(new Promise((resolve) => {
      const start = now();
      let settled = false;
      const finish = (status, error) => {
        if (settled) return;
        settled = true;
        results.push({ path: target.path, status, error, ms: now() - start });
        resolve();
      };
      const req = http.request({
        host: '127.0.0.1', port: st.port, path: target.path, localAddress: LEGIT_ADDR, agent,
        headers: { Host: `localhost:${st.port}`, ...(target.cookie ? { Cookie: target.cookie } : {}) },
      }, (res) => {
        res.resume();
        res.on('end', () => finish(res.statusCode));
        res.on('error', (e) => finish(0, e.message));
      });
      req.setTimeout(LEGIT_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
      req.on('error', (e) => finish(0, e.message));
      req.end();
    }));
  }
  await Promise.all(pending);
  agent.destroy();
  return results;
}

function legitFigures(results) {
  const good = results.filter((r) => r.status === 200);
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    n: results.length,
    good: good.length,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    max: ms[ms.length - 1],
    bad: results.filter((r) => r.status !== 200),
  };
}

// ---- the attackers ----------------------------------------------------------------------

const ATTACKS = {
  slowloris: (url) => ['-H', '-i', '5', '-x', '24', '-u', `${url}/`],
  'slow body': (url) => ['-B', '-i', '20', '-s', '8192', '-x', '24', '-u', `${url}/`],
  'slow read': (url) => ['-X', '-k', '10', '-w', '1', '-y', '16', '-n', '1', '-z', '5',
    '-u', `${url}/static/style.css`],
};

// Slow-read rounds end on the clock (see the header): 20 s, past nginx's
// send_timeout and short of keepalive_timeout.
const ROUND_S = { 'slow read': 20 };

// attacker(kind, url, endAt, pidKind, tmp): rounds of slowhttptest until endAt; each
// round opens CONNECTIONS at once and ends when nginx has closed them all, after
// ROUND_S[kind] or at endAt. pidKind maps each round's pid to its kind for the monitor.
async function attacker(kind, url, endAt, pidKind, tmp) {
  const rounds = [];
  while (endAt - now() > 3000) {
    const length = Math.min(Math.ceil((endAt - now()) / 1000), ROUND_S[kind] || Infinity);
    const csv = path.join(tmp, `${kind.replace(' ', '-')}-${rounds.length + 1}`);
    const args = [...ATTACKS[kind](url), '-c', String(CONNECTIONS), '-r', String(CONNECTIONS),
      '-l', String(length), '-p', '5', '-g', '-o', csv];
    const child = spawn('slowhttptest', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    pidKind.set(child.pid, kind);
    let out = '';
    child.stdout.on('data', (d) => { out = (out + d).slice(-4000); });
    child.stderr.on('data', (d) => { out = (out + d).slice(-4000); });
    const killer = setTimeout(() => child.kill('SIGKILL'), endAt - now() + 10000);
    const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? s)));
    clearTimeout(killer);
    children.delete(child);
    const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
    const m = /Exit status:\s*(.*)/.exec(plain);
    rounds.push({ code, exit: m ? m[1].trim() : `no exit status (exit ${code}): ${plain.slice(-300)}` });
    if (code !== 0) break;
  }
  return rounds;
}

// ---- the monitor: every connection to nginx, from the kernel's side --------------------

// socketKinds(pidKind): socket inode -> attack kind, from the fds of the live
// slowhttptest processes (/proc/PID/fd links read "socket:[INODE]").
function socketKinds(pidKind) {
  const kinds = new Map();
  for (const [pid, kind] of pidKind) {
    let fds;
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;                        // that round is over
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) kinds.set(m[1], kind);
      } catch { /* closed meanwhile */ }
    }
  }
  return kinds;
}

// monitor(port, pidKind): lists the established connections to nginx's port with
// `ss` every SAMPLE_MS until stop(). nginx's side of each (keyed by the kernel's
// socket cookie, sk:) is open from the first sample that lists it to the first
// that does not; the attacker's side (its inode, in a slowhttptest's fds) says
// whose it is. Returns {stop, conns (Map sk -> {kind, peer, first, closed,
// maxSendQ}), samples, longestGap (ms between two samples)}. `ss -p` would name
// the owners too but reads every process's fds: 0.5-2 s a sample here.
function monitor(port, pidKind) {
  const conns = new Map();
  const self = `127.0.0.1:${port}`;
  let inodeKind = new Map();
  let running = true;
  let samples = 0, longestGap = 0, previous = null;
  const sample = () => new Promise((resolve) => {
    const t = now();
    execFile('ss', ['-tneH', 'state', 'established', `( sport = :${port} or dport = :${port} )`],
      { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PATH: SYS_PATH } }, (err, stdout) => {
        if (err) return resolve();
        if (previous !== null) longestGap = Math.max(longestGap, t - previous);
        previous = t;
        samples++;
        const clientInode = new Map();     // client address:port -> socket inode
        const server = [];
        for (const line of stdout.split('\n')) {
          const f = line.trim().split(/\s+/);
          if (f.length < 4) continue;
          const [, sendQ, local, peer] = f;  // state is not printed with a state filter
          if (local === self) {
            const sk = /\bsk:([0-9a-f]+)/.exec(line);
            if (sk) server.push({ sk: sk[1], sendQ: Number(sendQ), peer });
          } else if (peer === self) {
            const ino = /\bino:(\d+)/.exec(line);
            if (ino) clientInode.set(local, ino[1]);
          }
        }
        const kindOf = (peer) => {
          if (peer.startsWith(`${LEGIT_ADDR}:`)) return 'legit';
          const ino = clientInode.get(peer);
          if (ino === undefined) return null;
          if (!inodeKind.has(ino)) inodeKind = socketKinds(pidKind);
          return inodeKind.get(ino) || null;
        };
        const seen = new Set();
        for (const s of server) {
          seen.add(s.sk);
          let c = conns.get(s.sk);
          if (!c) {
            c = { kind: null, peer: s.peer, first: t, closed: null, maxSendQ: 0 };
            conns.set(s.sk, c);
          }
          if (!c.kind) c.kind = kindOf(s.peer);
          c.maxSendQ = Math.max(c.maxSendQ, s.sendQ);
        }
        for (const [sk, c] of conns) {
          if (c.closed === null && !seen.has(sk)) c.closed = t;
        }
        resolve();
      });
  });
  const loop = (async () => {
    while (running) {
      const t = now();
      await sample();
      await sleep(Math.max(0, SAMPLE_MS - (now() - t)));
    }
  })();
  return {
    conns,
    get samples() { return samples; },
    get longestGap() { return longestGap; },
    async stop() {
      running = false;
      await loop;
    },
  };
}

// lifetimes(conns, kind, endAt, filter): the lives (s) of one kind's connections; a
// connection still open at endAt counts up to endAt.
function lifetimes(conns, kind, endAt, filter = () => true) {
  const lives = [];
  for (const c of conns.values()) {
    if (c.kind !== kind || !filter(c)) continue;
    const end = c.closed !== null ? c.closed : endAt;
    lives.push({ s: (end - c.first) / 1000, c });
  }
  lives.sort((a, b) => a.s - b.s);
  return lives;
}

// peak(conns, kind): the most connections of a kind open at one sample time.
function peak(conns, kind) {
  const ev = [];
  for (const c of conns.values()) {
    if (c.kind !== kind) continue;
    ev.push([c.first, 1]);
    ev.push([c.closed !== null ? c.closed : Infinity, -1]);
  }
  ev.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0, most = 0;
  for (const [, d] of ev) {
    open += d;
    most = Math.max(most, open);
  }
  return most;
}

function describe(lives) {
  if (!lives.length) return 'none';
  const s = lives.map((l) => l.s);
  return `${s.length} connections, median ${percentile(s, 50).toFixed(1)} s, max ${s[s.length - 1].toFixed(1)} s`;
}

// ---- the suite ---------------------------------------------------------------------------

async function main() {
  const watchdog = setTimeout(() => {
    ok(false, `suite finished within ${SUITE_LIMIT_MS / 1000} s`);
    process.exit(done(NAME));
  }, SUITE_LIMIT_MS);
  watchdog.unref();

  if (IN_NETNS) diag(`own network namespace (unshare ${process.env[NETNS_ENV]}), loopback MTU 1500`);
  else diag('no network namespace (unshare not permitted): host loopback, MTU 64 KiB; the slow-read figure is skipped');
  for (const tool of ['slowhttptest', 'ss']) {
    const r = spawnSync('sh', ['-c', `command -v ${tool}`], { env: { ...process.env, PATH: SYS_PATH } });
    if (!ok(r.status === 0, `${tool} is installed`)) return done(NAME);
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't0093.'));
  process.on('exit', () => {
    if (process.env.KEEP_VAR === '1') console.log(`# KEEP_VAR=1: kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  });
  process.env.NGINX_EXAMPLE = nginxExample(tmp);
  const st = await startStack();
  const url = `http://127.0.0.1:${st.port}`;
  const conf = fs.readFileSync(path.join(st.var, 'nginx.conf'), 'utf8');
  diag('nginx: ' + ['worker_processes', 'worker_rlimit_nofile', 'worker_connections', 'client_header_timeout',
    'client_body_timeout', 'send_timeout', 'keepalive_timeout', 'lingering_timeout', 'limit_conn ']
    .map((d) => (new RegExp(`^\\s*(${d}[^;]*);`, 'm').exec(conf) || [null, `${d.trim()} (default)`])[1])
    .join('; '));

  const signed = await fcgi.signin(st, 'ada', 'allow');
  if (!ok(signed.status === 303 && signed.sid, 'signed in as ada (for the signed-in page)')) return done(NAME);
  const cookie = `__Host-sid=${signed.sid}`;

  // Baseline: the same client with no attack, for scale.
  const base = legitFigures(await legitLoad(st, cookie, BASELINE_S));
  ok(base.good === base.n, `baseline: ${base.good}/${base.n} legitimate requests succeed before the attack`,
    base.bad.slice(0, 5));
  diag(`baseline (${BASELINE_S} s, no attack): ${base.n} requests, p50 ${base.p50} ms, p99 ${base.p99} ms`);

  // The attack, the client and the monitor, all at once.
  const pidKind = new Map();
  const mon = monitor(st.port, pidKind);
  await sleep(SAMPLE_MS);
  const startAt = now();
  const endAt = startAt + ATTACK_S * 1000;
  const attackers = Object.keys(ATTACKS).map((kind) => attacker(kind, url, endAt, pidKind, tmp));
  const legit = legitLoad(st, cookie, ATTACK_S);
  const rounds = await Promise.all(attackers);
  const results = await legit;
  const attackEnd = now();
  await sleep(2 * SAMPLE_MS);
  await mon.stop();
  diag(`attack: ${((attackEnd - startAt) / 1000).toFixed(1)} s; monitor: ${mon.samples} samples, longest gap ${mon.longestGap} ms`);

  Object.keys(ATTACKS).forEach((kind, i) => {
    const r = rounds[i];
    diag(`${kind}: ${r.length} rounds of ${CONNECTIONS}: ${r.map((x) => x.exit).join(' | ')}`);
    ok(r.length > 0 && r.every((x) => x.code === 0), `${kind}: slowhttptest ran to its end every round`,
      r.map((x) => `${x.code} ${x.exit}`).join('; '));
    const most = peak(mon.conns, kind);
    ok(most >= CONNECTIONS * 0.95, `${kind}: nginx held ≥ ${CONNECTIONS * 0.95} of its connections at once (peak ${most})`);
  });

  // The legitimate client.
  const lf = legitFigures(results);
  const expected = Math.round(ATTACK_S * LEGIT_RATE);
  ok(lf.n === expected, `legitimate client sent ${lf.n}/${expected} requests over ${ATTACK_S} s`);
  ok(lf.good === lf.n, `100 % of legitimate requests succeed under attack (${lf.good}/${lf.n})`,
    lf.bad.slice(0, 5).map((b) => `${b.path} ${b.status} ${b.error || ''} ${b.ms} ms`).join('; '));
  ok(lf.p99 < 1000, `legitimate p99 < 1 s under attack (${lf.p99} ms)`);
  diag(`legitimate: ${lf.n} requests, ${lf.good} succeeded (${((100 * lf.good) / lf.n).toFixed(1)} %), ` +
    `p50 ${lf.p50} ms, p99 ${lf.p99} ms, max ${lf.max} ms`);
  for (const p of ['/static/style.css', '/', '/privacy', '/account']) {
    const per = legitFigures(results.filter((r) => r.path === p));
    diag(`  ${p}: ${per.good}/${per.n}, p50 ${per.p50} ms, p99 ${per.p99} ms`);
  }

  // The slow connections.
  const openAt = attackEnd;
  const check = (label, lives, limit) => {
    const worst = lives.length ? lives[lives.length - 1].s : 0;
    ok(lives.length > 0 && worst <= limit, `${label}: every connection closed within ${limit} s (${describe(lives)})`,
      lives.filter((l) => l.s > limit).slice(0, 3).map((l) => `${l.c.peer} ${l.s.toFixed(1)} s`).join('; '));
  };
  check('slowloris', lifetimes(mon.conns, 'slowloris', openAt), CLOSE_LIMIT_S);
  check('slow body', lifetimes(mon.conns, 'slow body', openAt), CLOSE_LIMIT_S);
  const sending = lifetimes(mon.conns, 'slow read', openAt, (c) => c.maxSendQ > SENDING_QUEUE_BYTES);
  const answered = lifetimes(mon.conns, 'slow read', openAt, (c) => c.maxSendQ <= SENDING_QUEUE_BYTES);
  if (IN_NETNS) {
    check('slow read, nginx still sending', sending, CLOSE_LIMIT_S);
  } else {
    ok(true, 'slow read, nginx still sending # SKIP no network namespace: the host loopback takes whole answers');
    diag(`slow read, nginx still sending: ${describe(sending)}`);
  }
  check('slow read, answered in full (429), idle keep-alive', answered, KEEPALIVE_S + 2);
  diag(`owner not seen (closed before a sample found its attacker's fd): ${describe(lifetimes(mon.conns, null, openAt))}`);

  const errlog = fs.readFileSync(path.join(st.var, 'nginx-error.log'), 'utf8');
  const short = (errlog.match(/worker_connections are not enough/g) || []).length;
  ok(short === 0, `nginx never ran out of worker_connections (${short} error lines)`);

  // Still serving afterwards.
  const after = legitFigures(await legitLoad(st, cookie, 1));
  ok(after.good === after.n, `after the attack: ${after.good}/${after.n} legitimate requests succeed`);
  st.stop();
  return done(NAME);
}

suite(NAME, main);
