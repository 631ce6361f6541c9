'use strict';
// several-hosts.test.js: two Workdesk hosts behind one nginx (issue 14,
// Done when 4), with the routing of dist/nginx-several-hosts.conf: nginx
// pins each browser to one host by its __Host-node cookie. Host A is the
// stack's own app; host B a second `workdesk serve` with its own data
// directory, key and socket, as on another machine. Browsers sign in until
// each host has served at least one (the pin is a random id: at most 20
// tries), and for every browser:
//   - every request, from the front page through Upwork's consent and back
//     to the dashboard and three more pages, went to one host only (counted
//     in each host's request log);
//   - the sign-in worked there: the dashboard greets the user, and the
//     pages after it are signed in;
//   - the session lives on that host only: its record is in that host's
//     data directory and not the other's.
//
//   node tests/browser/several-hosts.test.js

const fs = require('node:fs');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { ok, done, startStack, launch, watch, signIn, REPO } = require('./lib');

const NAME = path.basename(__filename);
const TRIES = 20;

// The stack's nginx config, with the documented lines in its http block,
// the two hosts' sockets as the upstream's servers, and every fastcgi_pass
// sent to the upstream.
function severalHostsConf(text, sockA, sockB) {
  const snippet = fs.readFileSync(path.join(REPO, 'dist', 'nginx-several-hosts.conf'), 'utf8')
    .replace(/^(\s*)server [^;]+;\n(\s*server [^;]+;\n)*/m, `$1server unix:${sockA};\n$1server unix:${sockB};\n`);
  if (!/^http \{$/m.test(text)) throw new Error('no "http {" line in the stack\'s nginx.conf');
  const out = text.replace(/^http \{$/m, `http {\n${snippet}`)
    .replace(/fastcgi_pass unix:[^;]+;/g, 'fastcgi_pass workdesk_hosts;');
  if (out.includes('fastcgi_pass unix:')) throw new Error('a fastcgi_pass left unchanged');
  return out;
}

// Request lines so far in a host's log (one per request, "... GET route 200 ...").
const requests = (log) => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((l) => /^\d{4}-\d\d-\d\dT\S+ [0-9a-f-]+ \S+ \S+ \d{3} \d+ms/.test(l)).length : 0);

async function waitFor(cond, ms) {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

async function main() {
  const st = await startStack();
  const bDir = path.join(st.var, 'host-b');
  fs.mkdirSync(bDir, { mode: 0o700 });
  const sockA = st.sock;
  const sockB = path.join(bDir, 'workdesk.sock');
  const confA = fs.readFileSync(path.join(st.var, 'workdesk.conf'), 'utf8');
  const confB = confA
    .replace(/^listen = .*$/m, `listen = ${sockB}`)
    .replace(/^data_dir = .*$/m, `data_dir = ${path.join(bDir, 'data')}`)
    .replace(/^key_file = .*$/m, `key_file = ${path.join(bDir, 'keys', 'token.key')}`);
  fs.mkdirSync(path.join(bDir, 'keys'), { mode: 0o700 });
  fs.writeFileSync(path.join(bDir, 'workdesk.conf'), confB, { mode: 0o600 });
  const logA = path.join(st.var, 'workdesk.log');
  const logB = path.join(bDir, 'workdesk.log');
  const bin = process.env.WORKDESK_BIN ? path.resolve(REPO, process.env.WORKDESK_BIN) : path.join(REPO, 'build', 'workdesk');
  const hostB = spawn(bin, ['serve', '-c', path.join(bDir, 'workdesk.conf')],
    { stdio: ['ignore', 'ignore', fs.openSync(logB, 'a')] });
  process.on('exit', () => hostB.kill('SIGTERM'));
  let browser = null;
  try {
    ok(confB !== confA && confB.includes(sockB) && !confB.includes(st.var + '/data'), 'host B: its own socket, data directory and key');
    ok(await waitFor(() => fs.existsSync(sockB), 10000), 'host B: serving on its socket');

    // nginx in front of both, reloaded with the documented routing.
    const nginxConf = path.join(st.var, 'nginx.conf');
    fs.writeFileSync(nginxConf, severalHostsConf(fs.readFileSync(nginxConf, 'utf8'), sockA, sockB));
    execFileSync('nginx', ['-t', '-q', '-c', nginxConf, '-p', st.var + '/', '-e', path.join(st.var, 'nginx-error.log')]);
    process.kill(Number(fs.readFileSync(path.join(st.var, 'nginx.pid'), 'utf8')), 'SIGHUP');
    await new Promise((r) => setTimeout(r, 1000));

    browser = await launch();
    const served = { A: 0, B: 0 };
    const seen = [];
    for (let i = 0; i < TRIES && (served.A === 0 || served.B === 0 || i < 4); i++) {
      const user = i % 2 ? 'grace' : 'ada';
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      const problems = watch(page);
      const a0 = requests(logA), b0 = requests(logB);
      await signIn(page, st, user);
      const hello = await page.textContent('h1');
      let signedIn = 0;
      for (const p of ['/jobs', '/account', '/']) {
        await page.goto(`${st.origin}${p}`);
        if (await page.isVisible('.who-user')) signedIn++;
      }
      const da = requests(logA) - a0, db = requests(logB) - b0;
      const host = da > 0 && db === 0 ? 'A' : db > 0 && da === 0 ? 'B' : null;
      const node = (await ctx.cookies()).find((c) => c.name === '__Host-node');
      const sid = (await ctx.cookies()).find((c) => c.name === '__Host-sid');
      seen.push({ user, host, da, db, hello, signedIn, problems: problems.length, node: !!node, sid: !!sid });
      if (host) served[host]++;
      await ctx.close();
    }
    for (const [i, s] of seen.entries()) {
      ok(s.host !== null, `browser ${i + 1} (${s.user}): every request went to one host (${s.host || '?'}: A ${s.da}, B ${s.db} requests)`);
      ok(/^Hello, /.test(s.hello || '') && s.signedIn === 3 && s.sid, `browser ${i + 1}: signed in on host ${s.host} and stays signed in on 3 more pages`,
        `${s.hello} ${s.signedIn}`);
      ok(s.node && s.problems === 0, `browser ${i + 1}: pinned by nginx's __Host-node cookie; no script error or off-site request`);
    }
    ok(served.A > 0 && served.B > 0, `both hosts served browsers (A ${served.A}, B ${served.B}, of ${seen.length})`);

    // Sessions live where they were made.
    const count = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.startsWith('.')).length : 0);
    const sessA = count(path.join(st.var, 'data', 'sessions')), sessB = count(path.join(bDir, 'data', 'sessions'));
    ok(sessA === served.A && sessB === served.B, `each host holds the sessions of its own browsers only (A ${sessA}, B ${sessB})`);
    const secretB = fs.readFileSync(path.join(bDir, 'keys', 'token.key'));
    const secretA = fs.readFileSync(path.join(st.var, 'keys', 'token.key'));
    ok(!secretA.equals(secretB), 'each host has its own token key');
  } finally {
    if (browser) await browser.close();
    hostB.kill('SIGTERM');
    await waitFor(() => hostB.exitCode !== null, 10000);
    ok(hostB.exitCode === 0 && !/AddressSanitizer|runtime error:/.test(fs.readFileSync(logB, 'utf8')), 'host B stops cleanly on SIGTERM');
    st.finish();
  }
  return done(NAME);
}

main().then((rc) => process.exit(rc), (e) => {
  console.error(e);
  ok(false, `no exception: ${e.message}`);
  process.exit(done(NAME) || 1);
});
