'use strict';
// tests/lib/stack.js: what the Node suites in tests/t/ share: the real stack
// (scripts/stack.sh: sandbox, workdesk, nginx) on free loopback ports with a
// fresh VAR, an optional libfaketime clock for the app, the sandbox's
// control API, and the counting assertions that end in the closing line
// "NAME: N passed, N failed".
//
//   const { ok, done, diag, startStack } = require('../lib/stack');
//   const st = await startStack({ faketime: true });
//       options: faketime (run the app under libfaketime, clock at +0);
//       confExtra: lines appended to the generated workdesk.conf
//       (WORKDESK_CONF_EXTRA), e.g. 'upstream_rate_per_s = 0' for bulk tests
//   st.sock, st.host, st.port, st.origin ('http://localhost:PORT'), st.var
//   st.setClock(660)          the app's clock is now real time + 660 s
//   await st.sb.log()         the sandbox's request log; st.sb.clearLog(),
//   st.sb.config({...}), st.sb.reset(), st.sb.tokensCount()
//   st.restart()              stop and start all three again (stack.sh stop,
//       start) with the same env: same VAR (data/, keys/, clock file), ports
//       and config. The sandbox comes back fresh (its tokens, codes and
//       switches live in memory only); the previous logs become *.1
//   st.stop()                 (also run at exit)
//
// Env: WORKDESK_BIN (e.g. build/asan/workdesk) and ASAN_OPTIONS pass through
// to stack.sh; KEEP_VAR=1 keeps VAR.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { httpRequest, issuedCookies } = require('./fcgi');

const REPO = path.resolve(__dirname, '..', '..');

let passed = 0, failed = 0;

function ok(cond, name, detail) {
  if (cond) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}${detail !== undefined ? ` (${typeof detail === 'string' ? detail : JSON.stringify(detail)})` : ''}`);
  }
  return Boolean(cond);
}

function diag(...a) {
  console.log('# ' + a.join(' '));
}

// The closing line; returns the exit status.
function done(name) {
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const running = new Set();
function stopAll() {
  for (const st of [...running]) st.stop();
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopAll();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  });
}

// Issue 14: no secret in any log. Every code and token the sandbox issued
// (it writes them to VAR/sandbox-secrets), every session and sign-in cookie
// the app set (tests/lib/fcgi.js notes them), the client secret, and any
// string shaped like an Upwork token, looked for in the app's log (and its
// rotations) and nginx's access and error logs.
function leakedSecrets(dir) {
  const secrets = new Set();
  try {
    for (const l of fs.readFileSync(path.join(dir, 'sandbox-secrets'), 'utf8').split('\n')) if (l) secrets.add(l);
  } catch { /* none issued */ }
  const logs = fs.readdirSync(dir).filter((f) => /^(workdesk\.log|nginx-access\.log|nginx-error\.log)(\.\d+)?$/.test(f));
  const found = [];
  let bytes = 0;
  for (const f of logs) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    bytes += text.length;
    if (text.includes('sandbox-secret-not-for-production')) found.push(`${f}: the client secret`);
    for (const m of text.matchAll(/oauth2v2_[0-9a-f]+|[A-Za-z0-9_-]{43}/g)) {
      if (m[0].startsWith('oauth2v2_') || secrets.has(m[0]) || issuedCookies.has(m[0])) {
        found.push(`${f}: ${m[0].slice(0, 12)}… at ${m.index}`);
      }
    }
  }
  return { found, secrets: secrets.size, cookies: issuedCookies.size, bytes };
}

async function startStack(opts = {}) {
  const env = {
    ...process.env,
    PORT: String(await freePort()),
    SANDBOX_PORT: String(await freePort()),
    VAR: fs.mkdtempSync(path.join(os.tmpdir(), 'workdesk-t.')),
  };
  env.SANDBOX_SECRETS = path.join(env.VAR, 'sandbox-secrets');
  if (opts.confExtra !== undefined) env.WORKDESK_CONF_EXTRA = opts.confExtra;
  else delete env.WORKDESK_CONF_EXTRA;
  // A whole config of the test's own (opts.confText(env) returns its
  // text), used as it is, as an operator's WORKDESK_CONF would be.
  if (opts.confText) {
    env.WORKDESK_CONF = path.join(env.VAR, 'custom.conf');
    fs.writeFileSync(env.WORKDESK_CONF, opts.confText(env), { mode: 0o600 });
  } else {
    delete env.WORKDESK_CONF;
  }
  const clockFile = path.join(env.VAR, 'faketime');
  if (opts.faketime) {
    fs.writeFileSync(clockFile, '+0\n');
    env.WORKDESK_FAKETIME = clockFile;
  } else {
    delete env.WORKDESK_FAKETIME;
  }
  const script = path.join(REPO, 'scripts', 'stack.sh');
  let stopped = false;
  const st = {
    env,
    var: env.VAR,
    port: Number(env.PORT),
    host: 'localhost',
    origin: `http://localhost:${env.PORT}`,
    sandboxUrl: `http://127.0.0.1:${env.SANDBOX_PORT}`,
    sock: path.join(env.VAR, 'workdesk.sock'),
    clockFile,
    stop() {
      if (stopped) return;
      stopped = true;
      running.delete(st);
      try {
        execFileSync(script, ['stop'], { env, stdio: 'ignore' });
      } finally {
        if (process.env.KEEP_VAR === '1') console.log(`# KEEP_VAR=1: kept ${env.VAR}`);
        else fs.rmSync(env.VAR, { recursive: true, force: true });
      }
    },
    // Stop and start the whole stack with the same env (see the header).
    restart() {
      if (stopped) throw new Error('restart: the stack was stopped');
      execFileSync(script, ['stop'], { env, stdio: 'ignore' });
      execFileSync(script, ['start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    },
    // The app's clock: real time + seconds (libfaketime re-reads the file on
    // every clock call; the rename makes the change atomic).
    setClock(seconds) {
      if (!opts.faketime) throw new Error('setClock: stack started without faketime');
      const tmp = `${clockFile}.tmp`;
      fs.writeFileSync(tmp, `+${Math.round(seconds)}\n`);
      fs.renameSync(tmp, clockFile);
    },
    appLog() {
      try {
        return fs.readFileSync(path.join(env.VAR, 'workdesk.log'), 'utf8');
      } catch {
        return '';
      }
    },
    // The end of a stack's life in a suite: its app log must hold no
    // sanitizer report (the ASan run of the suite), and no log of the
    // stack a secret (see leakedSecrets); then stop it.
    finish(label = '') {
      ok(!/AddressSanitizer|runtime error:|LeakSanitizer/.test(st.appLog()),
        `${label}no sanitizer report in the app log`);
      const leaks = leakedSecrets(env.VAR);
      ok(leaks.found.length === 0,
        `${label}no token, code, session cookie or client secret in the app's or nginx's logs ` +
        `(${leaks.secrets} issued by the sandbox, ${leaks.cookies} cookies set, ${leaks.bytes} bytes of logs)`,
        leaks.found.slice(0, 3));
      st.stop();
    },
  };
  const sbCall = async (method, p, body) => {
    const r = await httpRequest(st.sandboxUrl + p, {
      method,
      headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (r.status !== 200) throw new Error(`sandbox ${method} ${p}: ${r.status} ${r.body}`);
    return r.body ? JSON.parse(r.body) : null;
  };
  st.sb = {
    log: () => sbCall('GET', '/__sandbox/log'),
    clearLog: () => sbCall('DELETE', '/__sandbox/log').catch(() => null),
    config: (c) => sbCall('POST', '/__sandbox/config', c),
    reset: () => sbCall('POST', '/__sandbox/reset'),
    tokensCount: () => sbCall('GET', '/__sandbox/tokens/count'),
  };
  running.add(st);
  try {
    execFileSync(script, ['start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    st.stop();
    throw e;
  }
  return st;
}

// The security bar's S7 over everything a fcgi.watchS7() watcher saw:
// no-store on every authenticated response, no session id in any URL.
function assertS7(s7) {
  const r = s7.check();
  ok(r.authNoStoreMissing.length === 0, `S7: Cache-Control: no-store on ${r.authenticated}/${r.authenticated} authenticated responses`,
    r.authNoStoreMissing.slice(0, 5).join('; '));
  ok(r.sidInUrl.length === 0, `S7: none of ${r.sids} session ids in ${r.urls} URLs (request URIs, Location, links)`,
    r.sidInUrl.slice(0, 3).join('; '));
  diag(`S7: ${r.responses} responses, ${r.authenticated} authenticated, ${r.authNoStoreMissing.length} without no-store; ` +
    `${r.sidInUrl.length} session ids in URLs`);
}

// Run a suite's main (which returns its exit status, usually done(name)) and
// exit with it; an exception counts as one more failure, not a crash.
function suite(name, main) {
  main().then((code) => process.exit(code), (e) => {
    ok(false, 'suite ran to the end', e && e.stack);
    process.exit(done(name));
  });
}

module.exports = { ok, done, diag, suite, assertS7, startStack, freePort, REPO };
