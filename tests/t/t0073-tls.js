'use strict';
// t0073-tls.js: security bar test 30 (shared/reference/security-bar.md §7;
// O9): the token endpoint and the GraphQL API served with an untrusted
// certificate. Pass: 0 secrets or tokens sent; the client aborts the
// connection.
//
// The untrusted server is a Node https server on a free loopback port with
// a throwaway self-signed certificate for 127.0.0.1 (openssl req -x509 in a
// temporary directory): the name matches, only the chain is untrusted. It
// counts TCP connections, completed TLS handshakes, TLS client errors and
// HTTP requests (a request is the only way a code, the client secret or a
// bearer token could reach it).
//
// Two stacks (scripts/stack.sh with WORKDESK_CONF: a config this test
// writes, like stack.sh's own, with one Upwork URL changed); the authorize
// step always goes to the real sandbox:
//   1. upwork_token_url on the untrusted server: the code exchange fails,
//      the app's "did not complete the sign-in" page, 0 requests there
//      (no code, no client secret), ≥ 1 handshake aborted by the client;
//   2. upwork_graphql_url on the untrusted server (token URL back on the
//      sandbox): the code exchange works, the Signin query fails, the
//      "cannot be reached" page, 0 requests there (no bearer token), no
//      session issued.
//
//   node tests/t/t0073-tls.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const fs = require('node:fs');
const https = require('node:https');
const os = require('node:os');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { ok, done, diag, suite, startStack, REPO } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const CLIENT_ID = 'workdesk-sandbox';
const CLIENT_SECRET = 'sandbox-secret-not-for-production';
const ERROR_HEADING = /<h1 id="error-heading">([^<]*)<\/h1>/;

// ---- the untrusted server ----------------------------------------------------------------

async function untrustedServer(dir) {
  const key = path.join(dir, 'key.pem'), cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const seen = { connections: 0, handshakes: 0, tlsErrors: 0, requests: 0, bytes: 0, errors: [] };
  const srv = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    seen.requests++;
    req.on('data', (d) => { seen.bytes += d.length; });
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"access_token":"leaked","refresh_token":"leaked","token_type":"Bearer","expires_in":86400}');
    });
  });
  srv.on('connection', () => seen.connections++);
  srv.on('secureConnection', () => seen.handshakes++);
  srv.on('tlsClientError', (err) => {
    seen.tlsErrors++;
    seen.errors.push(err.code || err.message);
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { srv, seen, port: srv.address().port, reset() {
    Object.assign(seen, { connections: 0, handshakes: 0, tlsErrors: 0, requests: 0, bytes: 0, errors: [] });
  } };
}

// ---- a stack with a config of our own ------------------------------------------------------

// A stack whose config is stack.sh's with some Upwork URLs changed.
function startWithConf(urls) {
  return startStack({
    confText: (env) => {
      const v = env.VAR, sb = `http://127.0.0.1:${env.SANDBOX_PORT}`;
      return [
        '# Written by tests/t/t0073-tls.js: scripts/stack.sh\'s config with Upwork URLs changed.',
        `listen = ${v}/workdesk.sock`,
        `data_dir = ${v}/data`,
        `key_file = ${v}/keys/token.key`,
        `templates_dir = ${REPO}/templates`,
        `public_origin = http://localhost:${env.PORT}`,
        `redirect_uri = http://localhost:${env.PORT}/auth/callback`,
        `upwork_authorize_url = ${sb}/ab/account-security/oauth2/authorize`,
        `upwork_token_url = ${urls.token || `${sb}/api/v3/oauth2/token`}`,
        `upwork_graphql_url = ${urls.graphql || `${sb}/graphql`}`,
        `upwork_client_id = ${CLIENT_ID}`,
        `upwork_client_secret = ${CLIENT_SECRET}`,
        'allow_insecure_loopback = yes',
        'threads = 4',
        '',
      ].join('\n');
    },
  });
}

function heading(res) {
  const m = ERROR_HEADING.exec(res.body.toString('utf8'));
  return m ? fcgi.htmlUnescape(m[1]) : null;
}

// ---- the two cases ----------------------------------------------------------------------

async function tokenEndpoint(bad) {
  diag('1. the token endpoint behind an untrusted certificate');
  bad.reset();
  const st = await startWithConf({ token: `https://127.0.0.1:${bad.port}/api/v3/oauth2/token` });
  try {
    const from = st.appLog().length;
    const s = await fcgi.signin(st, 'ada', 'allow');
    const log = await st.sb.log();
    const h = heading(s.res);
    ok(s.res.status === 502 && h === 'Upwork did not complete the sign-in',
      '1. the code exchange fails: 502 "Upwork did not complete the sign-in"', `${s.res.status} ${h}`);
    ok(!s.sid, '1. no session issued');
    ok(bad.seen.requests === 0 && bad.seen.bytes === 0, '1. 0 HTTP requests reached the untrusted server (no code, no client secret)',
      bad.seen.requests);
    ok(bad.seen.handshakes === 0, '1. 0 TLS handshakes completed with it', bad.seen.handshakes);
    ok(bad.seen.tlsErrors >= 1, '1. the client aborted the handshake (≥ 1 TLS client error at the server)', bad.seen.tlsErrors);
    ok(!log.some((e) => e.endpoint === 'token' || e.endpoint === 'graphql'), '1. nothing went to the sandbox\'s token or API endpoint either');
    const why = (st.appLog().slice(from).match(/oauth: [^\n]*/) || [''])[0];
    diag(`1. ${s.res.status} "${h}"; untrusted server: ${bad.seen.connections} connection(s), ${bad.seen.handshakes} handshakes, ` +
      `${bad.seen.tlsErrors} TLS client error(s) (${[...new Set(bad.seen.errors)].join(', ')}), ${bad.seen.requests} requests; ` +
      `app log: ${why}`);
  } finally {
    st.finish('1. ');
  }
}

async function graphqlEndpoint(bad) {
  diag('2. the GraphQL API behind an untrusted certificate');
  bad.reset();
  const st = await startWithConf({ graphql: `https://127.0.0.1:${bad.port}/graphql` });
  try {
    const from = st.appLog().length;
    const s = await fcgi.signin(st, 'ada', 'allow');
    const log = await st.sb.log();
    const h = heading(s.res);
    const exchanges = log.filter((e) => e.endpoint === 'token');
    ok(exchanges.length === 1 && exchanges[0].status === 200, '2. the code exchange with the sandbox works', exchanges.length);
    ok(s.res.status === 503 && h === 'Upwork cannot be reached', '2. the Signin query fails: 503 "Upwork cannot be reached"',
      `${s.res.status} ${h}`);
    ok(!s.sid, '2. no session issued');
    const tokens = fs.readdirSync(path.join(st.var, 'data', 'tokens')).filter((n) => !n.startsWith('.'));
    ok(tokens.length === 0, '2. the tokens of the failed sign-in are not stored', tokens.length);
    ok(bad.seen.requests === 0 && bad.seen.bytes === 0, '2. 0 HTTP requests reached the untrusted server (no bearer token)',
      bad.seen.requests);
    ok(bad.seen.handshakes === 0, '2. 0 TLS handshakes completed with it', bad.seen.handshakes);
    ok(bad.seen.tlsErrors >= 1, '2. the client aborted the handshake (≥ 1 TLS client error at the server)', bad.seen.tlsErrors);
    ok(!log.some((e) => e.endpoint === 'graphql'), '2. no GraphQL call went anywhere else');
    const lines = st.appLog().slice(from).split('\n').filter((l) => / GET callback /.test(l));
    diag(`2. ${s.res.status} "${h}"; untrusted server: ${bad.seen.connections} connection(s), ${bad.seen.handshakes} handshakes, ` +
      `${bad.seen.tlsErrors} TLS client error(s) (${[...new Set(bad.seen.errors)].join(', ')}), ${bad.seen.requests} requests; ` +
      `app: ${lines.map((l) => l.replace(/^.* GET /, 'GET ')).join('; ')}`);
  } finally {
    st.finish('2. ');
  }
}

async function main() {
  const t0 = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workdesk-tls.'));
  let bad;
  try {
    bad = await untrustedServer(dir);
    await tokenEndpoint(bad);
    await graphqlEndpoint(bad);
  } catch (e) {
    ok(false, 'suite ran to the end', e.stack);
  } finally {
    if (bad) bad.srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
    diag(`wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return done(NAME);
}

suite(NAME, main);
