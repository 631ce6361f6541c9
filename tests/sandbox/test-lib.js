'use strict';
// Shared plumbing of the sandbox self-tests (test-sandbox.js, test-jobs.js,
// test-proposals.js, test-contracts.js, test-messages.js, test-billing.js;
// test-documents.js uses only finish()). Node built-ins only; not a test
// itself. It offers:
//
//   constants  SERVER, CLIENT_ID, SECRET, REDIRECT, AUTHORIZE, TOKEN, and the
//              demo users' ids ADA and GRACE (data.js)
//   test(name, fn)          register a test; run() runs them in order
//   run(opts)               start the sandbox, run every test, print
//                           "ok - NAME" / "not ok - NAME" and the closing
//                           line "NAME: N passed, N failed", stop the sandbox
//                           and exit (1 on any failure)
//   finish(name, p, f)      print that closing line and exit
//   startServer(args)       spawn server.js (default --port 0), resolve
//                           { proc, url } from "sandbox listening on URL"
//   url()                   the running sandbox's base URL
//   ctl(method, path, body, { status })
//                           call /__sandbox/PATH, assert the status (200),
//                           return the parsed JSON or the text
//   login(user)             authorize as user ('ada', 'grace') + code
//                           exchange; returns the access token
//   loginAll(tokens)        tokens.ada and tokens.grace from login()
//   gql(token, query, variables, { tenant, operationName, body, headers })
//                           POST /graphql; returns { status, headers, json, text }
//   gqlOk(token, query, variables, opts)
//                           the same, asserting 200; returns the parsed body
//
// A self-test requires what it needs, registers its tests and calls run():
//
//   const { test, run, ctl, login, gql } = require('./test-lib');
//   let token = null;
//   test('health answers ok', async () => assert.equal(await ctl('GET', 'health'), 'ok'));
//   run({
//     name: 'test-foo',                           // prefix of the closing line ('' for none)
//     args: ['--port', '0'],                      // server.js options (this is the default)
//     setup: async ({ url, proc }) => { token = await login('ada'); },  // once, after start
//     beforeEach: () => ctl('POST', 'reset'),     // before every test
//     checkExit: false,                           // true: "exits 0 on SIGTERM" counts as a test
//     afterAll: () => {},                         // after the sandbox has stopped
//   });
//
// Helpers that only one self-test needs stay in that file.

const { spawn } = require('node:child_process');
const path = require('node:path');
const assert = require('node:assert/strict');

const SERVER = path.join(__dirname, 'server.js');
const CLIENT_ID = 'workdesk-sandbox';
const SECRET = 'sandbox-secret-not-for-production';
const REDIRECT = 'http://localhost:8080/auth/callback';
const AUTHORIZE = '/ab/account-security/oauth2/authorize';
const TOKEN = '/api/v3/oauth2/token';

// The demo users (data.js): user id, nid and their organizations.
const ADA = { key: 'ada', id: '1390042875001225216', nid: 'adalovelace', org: '1390042875009613825' };
const GRACE = { key: 'grace', id: '1417508230163849216', nid: 'gracehopper', agency: '1417508230176432129', personal: '1417508230172237824', client: '1417508230184820737' };

let base = null;
let child = null;

// ---- tiny runner -------------------------------------------------------------------

const tests = [];
function test(name, fn) {
  tests.push({ name, fn });
}

function finish(name, passed, failed) {
  console.log(`${name ? `${name}: ` : ''}${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

async function run({ name = '', args = ['--port', '0'], setup, beforeEach, checkExit = false, afterAll } = {}) {
  let passed = 0;
  let failed = 0;
  try {
    const started = await startServer(args);
    child = started.proc;
    base = started.url;
    if (setup) await setup(started);
  } catch (e) {
    console.log(`not ok - start sandbox: ${(e && e.stack) || e}`);
    if (child) child.kill('SIGTERM');
    finish(name, 0, 1);
  }
  for (const t of tests) {
    try {
      if (beforeEach) await beforeEach();
      await t.fn();
      passed++;
      console.log(`ok - ${t.name}`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${t.name}\n  ${String((e && e.stack) || e).split('\n').slice(0, 8).join('\n  ')}`);
    }
  }
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGTERM');
  const { code, signal } = await exited;
  if (checkExit) {
    if (code === 0) {
      passed++;
      console.log('ok - exits 0 on SIGTERM');
    } else {
      failed++;
      console.log(`not ok - exits 0 on SIGTERM (code ${code}, signal ${signal})`);
    }
  }
  if (afterAll) await afterAll();
  finish(name, passed, failed);
}

// ---- the sandbox -------------------------------------------------------------------

function startServer(args = ['--port', '0']) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${err}`)), 10000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /^sandbox listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1] });
      }
    });
    proc.stderr.on('data', (d) => {
      err += d;
      process.stderr.write(`[sandbox] ${d}`);
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited early (${code}): ${err}`));
    });
  });
}

function url() {
  return base;
}

async function ctl(method, p, body, { status = 200 } = {}) {
  const res = await fetch(`${base}/__sandbox/${p}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, status, `${method} /__sandbox/${p}: ${res.status} ${text}`);
  return res.headers.get('content-type').startsWith('application/json') ? JSON.parse(text) : text;
}

// Consent as `user`, then the code exchange; returns the access token.
async function login(user = 'ada') {
  const form = new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT, state: 's', user, decision: 'allow' });
  const res = await fetch(`${base}${AUTHORIZE}`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(),
  });
  assert.equal(res.status, 302);
  const code = new URL(res.headers.get('location')).searchParams.get('code');
  const tok = await fetch(`${base}${TOKEN}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: CLIENT_ID, client_secret: SECRET }).toString(),
  });
  const json = await tok.json();
  assert.ok(json.access_token, JSON.stringify(json));
  return json.access_token;
}

async function loginAll(tokens = {}) {
  tokens.ada = await login('ada');
  tokens.grace = await login('grace');
  return tokens;
}

// A GraphQL request with `token` (none if falsy) in `tenant` (the
// X-Upwork-API-TenantId header, none if falsy); `body` replaces the JSON
// body, `headers` adds headers.
async function gql(token, query, variables, { tenant, operationName, body, headers: extra } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (tenant) headers['X-Upwork-API-TenantId'] = tenant;
  Object.assign(headers, extra);
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers,
    body: body !== undefined ? body : JSON.stringify({ query, variables, operationName }),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, json, text };
}

// gql() that must answer 200; returns the parsed body.
async function gqlOk(token, query, variables, opts) {
  const r = await gql(token, query, variables, opts);
  assert.equal(r.status, 200, r.text);
  return JSON.parse(r.text);
}

module.exports = {
  SERVER, CLIENT_ID, SECRET, REDIRECT, AUTHORIZE, TOKEN, ADA, GRACE,
  test, run, finish, startServer, url, ctl, login, loginAll, gql, gqlOk,
};
