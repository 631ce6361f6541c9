#!/usr/bin/env node
'use strict';
// Self-test of the Upwork sandbox: starts tests/sandbox/server.js on a free
// loopback port and checks the contract the C app and the other tests rely
// on. Node built-ins only. Ends with one line "N passed, N failed"; exits
// non-zero on any failure.
//
//   node tests/sandbox/test-sandbox.js

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const assert = require('node:assert/strict');
const { CLIENT_ID, SECRET, REDIRECT, AUTHORIZE, TOKEN, ADA, GRACE, test, run, ctl, gql: request } = require('./test-lib');

const DEAD_REFRESH = 'Refresh token is expired or revoked or not registered';

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'upwork-sandbox-test-'));
const LOG_FILE = path.join(tmpDir, 'requests.jsonl');

let base = null;
// Every token, code, verifier and secret the run sees: none may appear in the log.
const secrets = new Set([SECRET]);

// ---- helpers ----------------------------------------------------------------

function authorizeUrl(extra = {}) {
  const q = new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT, state: 'st-123', ...extra });
  for (const [k, v] of Object.entries(extra)) if (v === null) q.delete(k);
  return `${base}${AUTHORIZE}?${q}`;
}

function form(obj) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(obj)) if (v !== null && v !== undefined) q.append(k, v);
  return q.toString();
}

// POSTs the consent form as a browser would, returns the Location as a URL.
async function decide(fields) {
  const res = await fetch(`${base}${AUTHORIZE}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT, state: 'st-123', user: 'ada', decision: 'allow', ...fields }),
  });
  assert.equal(res.status, 302, `decide: status ${res.status}: ${await res.text()}`);
  const loc = new URL(res.headers.get('location'));
  if (loc.searchParams.get('code')) secrets.add(loc.searchParams.get('code'));
  return loc;
}

async function token(fields, { basic = false, raw = false } = {}) {
  const body = basic ? { ...fields } : { client_id: CLIENT_ID, client_secret: SECRET, ...fields };
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (basic) headers.Authorization = 'Basic ' + Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64');
  const res = await fetch(`${base}${TOKEN}`, { method: 'POST', headers, body: raw ? fields : form(body) });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (fault pages)
  }
  if (json && json.access_token) secrets.add(json.access_token).add(json.refresh_token);
  return { status: res.status, headers: res.headers, json, text };
}

// Full sign-in: consent + code exchange. Returns the token response.
async function login(userKey = 'ada', { pkce = false } = {}) {
  const extra = { user: userKey };
  let verifier;
  if (pkce) {
    verifier = crypto.randomBytes(32).toString('base64url');
    secrets.add(verifier);
    extra.code_challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
    extra.code_challenge_method = 'S256';
  }
  const loc = await decide(extra);
  const r = await token({ grant_type: 'authorization_code', code: loc.searchParams.get('code'), redirect_uri: REDIRECT, code_verifier: verifier });
  assert.equal(r.status, 200, `login: ${r.text}`);
  return r.json;
}

// A GraphQL request; returns { status, headers, json, text }.
const gql = (accessToken, query, { variables, ...opts } = {}) => request(accessToken, query, variables, opts);

const IDENTITY = `query Identity {
  user { id nid rid email name photoUrl }
  organization { id rid legacyId name type legacyType active flag { client vendor agency individual } }
  companySelector { items { title photoUrl organizationId organizationRid organizationType organizationLegacyType typeTitle } }
}`;

// ---- tests: authorize ------------------------------------------------------------

test('health answers ok', async () => {
  assert.equal(await ctl('GET', 'health'), 'ok');
});

test('authorize page shows both demo users, is marked and unframeable', async () => {
  const res = await fetch(authorizeUrl(), { redirect: 'manual' });
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.match(res.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.ok(html.includes('Upwork sandbox (test stand-in, not Upwork)'));
  assert.match(html, /<input type="radio" name="user" value="ada" checked>[^<]*Ada Lovelace/);
  assert.match(html, /<input type="radio" name="user" value="grace">[^<]*Grace Hopper/);
  assert.ok(html.includes('<button type="submit" name="decision" value="allow">Allow</button>'));
  assert.ok(html.includes('<button type="submit" name="decision" value="deny">Deny</button>'));
  assert.ok(html.includes('<input type="hidden" name="state" value="st-123">'));
  assert.ok(html.includes('Workdesk'), 'names the application');
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|src=|url\(/i, 'no external resources');
});

test('authorize escapes echoed values', async () => {
  const res = await fetch(authorizeUrl({ state: '"><script>alert(1)</script>' }));
  const html = await res.text();
  assert.ok(!html.includes('<script>alert(1)'));
  assert.ok(html.includes('&quot;&gt;&lt;script&gt;'));
});

test('unknown client_id: 400 page, no redirect', async () => {
  const res = await fetch(authorizeUrl({ client_id: 'someone-else' }), { redirect: 'manual' });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('location'), null);
  assert.match(await res.text(), /not a registered application/);
});

test('redirect_uri not byte-equal: 400 page, no redirect', async () => {
  for (const uri of [REDIRECT + '/', REDIRECT.toUpperCase(), 'http://localhost:8080/auth/callback?x=1', 'https://evil.example/cb']) {
    const res = await fetch(authorizeUrl({ redirect_uri: uri }), { redirect: 'manual' });
    assert.equal(res.status, 400, uri);
    assert.equal(res.headers.get('location'), null, uri);
    await res.text();
  }
});

async function expectRedirectError(extra, error) {
  const res = await fetch(authorizeUrl(extra), { redirect: 'manual' });
  assert.equal(res.status, 302);
  const loc = new URL(res.headers.get('location'));
  assert.equal(loc.origin + loc.pathname, REDIRECT);
  assert.equal(loc.searchParams.get('error'), error);
  assert.equal(loc.searchParams.get('state'), 'st-123');
  assert.equal(loc.searchParams.get('code'), null);
}

test('response_type other than code: unsupported_response_type', () => expectRedirectError({ response_type: 'token' }, 'unsupported_response_type'));
test('scope parameter: invalid_scope', () => expectRedirectError({ scope: 'read' }, 'invalid_scope'));
test('code_challenge_method plain: invalid_request', () => expectRedirectError({ code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }, 'invalid_request'));

test('allow: 302 with code and state', async () => {
  const loc = await decide({ user: 'grace' });
  assert.equal(loc.origin + loc.pathname, REDIRECT);
  assert.match(loc.searchParams.get('code'), /^[A-Za-z0-9_-]{43}$/);
  assert.equal(loc.searchParams.get('state'), 'st-123');
});

test('allow without state: no state in the redirect', async () => {
  const loc = await decide({ state: null });
  assert.ok(loc.searchParams.get('code'));
  assert.equal(loc.searchParams.has('state'), false);
});

test('deny: access_denied', async () => {
  const res = await fetch(`${base}${AUTHORIZE}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT, state: 'st-9', user: 'ada', decision: 'deny' }),
  });
  assert.equal(res.status, 302);
  const raw = res.headers.get('location');
  assert.ok(raw.includes('error=access_denied&error_description=The+user+denied+access&state=st-9'), raw);
  assert.equal(new URL(raw).searchParams.has('code'), false);
});

test('POST decide re-validates the redirect_uri', async () => {
  const res = await fetch(`${base}${AUTHORIZE}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: 'https://evil.example/cb', user: 'ada', decision: 'allow' }),
  });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('location'), null);
});

// ---- tests: token ---------------------------------------------------------------

test('code exchange: tokens with Upwork shape and no-store', async () => {
  const loc = await decide({});
  const r = await token({ grant_type: 'authorization_code', code: loc.searchParams.get('code'), redirect_uri: REDIRECT });
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.deepEqual(Object.keys(r.json).sort(), ['access_token', 'expires_in', 'refresh_token', 'token_type']);
  assert.match(r.json.access_token, /^oauth2v2_/);
  assert.match(r.json.refresh_token, /^oauth2v2_/);
  assert.equal(r.json.token_type, 'Bearer');
  assert.equal(r.json.expires_in, 86400);
});

test('code reuse: invalid_grant and the first tokens are revoked', async () => {
  const loc = await decide({});
  const code = loc.searchParams.get('code');
  const first = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
  assert.equal(first.status, 200);
  assert.equal((await gql(first.json.access_token, '{ user { id } }')).status, 200);
  const again = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
  assert.equal(again.status, 400);
  assert.equal(again.json.error, 'invalid_grant');
  assert.equal((await gql(first.json.access_token, '{ user { id } }')).status, 401);
  const refresh = await token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token });
  assert.equal(refresh.json.error, 'invalid_grant');
});

test('wrong redirect_uri at exchange: invalid_grant', async () => {
  const loc = await decide({});
  const r = await token({ grant_type: 'authorization_code', code: loc.searchParams.get('code'), redirect_uri: REDIRECT + '/' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error, 'invalid_grant');
  assert.equal(typeof r.json.error_description, 'string');
});

test('expired code (10 minutes): invalid_grant', async () => {
  const loc = await decide({});
  await ctl('POST', 'config', { clock_offset_s: 601 });
  const r = await token({ grant_type: 'authorization_code', code: loc.searchParams.get('code'), redirect_uri: REDIRECT });
  assert.equal(r.json.error, 'invalid_grant');
});

test('client authentication: missing client_id 400, wrong secret 401, Basic accepted', async () => {
  const loc = await decide({});
  const code = loc.searchParams.get('code');
  const missing = await token(form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }), { raw: true });
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.json, { error: 'invalid_request', error_description: 'Missing parameters: client_id' });
  const wrong = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_secret: 'nope' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.json.error, 'invalid_client');
  // The failed client authentication did not burn the code.
  const basic = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { basic: true });
  assert.equal(basic.status, 200, basic.text);
});

test('unsupported grant type', async () => {
  const r = await token({ grant_type: 'password', username: 'a', password: 'b' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error, 'unsupported_grant_type');
});

test('PKCE S256: right verifier works, wrong or missing verifier fails', async () => {
  await login('ada', { pkce: true });
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  for (const bad of ['wrong-' + 'x'.repeat(40), undefined]) {
    const loc = await decide({ code_challenge: challenge, code_challenge_method: 'S256' });
    const r = await token({ grant_type: 'authorization_code', code: loc.searchParams.get('code'), redirect_uri: REDIRECT, code_verifier: bad });
    assert.equal(r.status, 400, String(bad));
    assert.equal(r.json.error, 'invalid_grant');
  }
});

test('refresh rotates; the old refresh token lives only 24 h more', async () => {
  const t0 = await login('grace');
  const r1 = await token({ grant_type: 'refresh_token', refresh_token: t0.refresh_token });
  assert.equal(r1.status, 200, r1.text);
  assert.notEqual(r1.json.refresh_token, t0.refresh_token);
  assert.notEqual(r1.json.access_token, t0.access_token);
  assert.equal((await gql(r1.json.access_token, '{ user { id } }')).json.data.user.id, GRACE.id);
  // Within 24 h the old refresh token still works (and is not extended).
  await ctl('POST', 'config', { clock_offset_s: 23 * 3600 });
  const r2 = await token({ grant_type: 'refresh_token', refresh_token: t0.refresh_token });
  assert.equal(r2.status, 200, r2.text);
  // After 24 h it is dead; the newest one still works (14 days).
  await ctl('POST', 'config', { clock_offset_s: 25 * 3600 });
  const r3 = await token({ grant_type: 'refresh_token', refresh_token: t0.refresh_token });
  assert.equal(r3.status, 400);
  assert.deepEqual(r3.json, { error: 'invalid_grant', error_description: DEAD_REFRESH });
  const r4 = await token({ grant_type: 'refresh_token', refresh_token: r2.json.refresh_token });
  assert.equal(r4.status, 200, r4.text);
  // Access tokens expire after expires_in.
  assert.equal((await gql(t0.access_token, '{ user { id } }')).status, 401);
  // New refresh tokens die after 14 days.
  await ctl('POST', 'config', { clock_offset_s: 25 * 3600 + 14 * 86400 });
  assert.equal((await token({ grant_type: 'refresh_token', refresh_token: r4.json.refresh_token })).json.error, 'invalid_grant');
});

test('unknown refresh token: invalid_grant with Upwork text', async () => {
  const r = await token({ grant_type: 'refresh_token', refresh_token: 'oauth2v2_doesnotexist' });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json, { error: 'invalid_grant', error_description: DEAD_REFRESH });
});

test('refresh_fail switch and ttl switches', async () => {
  await ctl('POST', 'config', { access_ttl_s: 60 });
  const t = await login('ada');
  assert.equal(t.expires_in, 60);
  await ctl('POST', 'config', { refresh_fail: true });
  const r = await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token });
  assert.deepEqual(r.json, { error: 'invalid_grant', error_description: DEAD_REFRESH });
  await ctl('POST', 'config', { refresh_fail: false, clock_offset_s: 61 });
  assert.equal((await gql(t.access_token, '{ user { id } }')).status, 401, 'access token expired after access_ttl_s');
  assert.equal((await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token })).status, 200);
});

test('config rejects unknown switches and bad faults', async () => {
  for (const bad of [{ nope: 1 }, { graphql_fault: { status: 99 } }, { graphql_fault: { retry_after: '5' } }, { remove_permissions: ['nodot'] }]) {
    const res = await fetch(`${base}/__sandbox/config`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(bad) });
    assert.equal(res.status, 400, JSON.stringify(bad));
    await res.text();
  }
});

// ---- tests: graphql -------------------------------------------------------------

test('graphql: user, organization, companySelector for Ada', async () => {
  const t = await login('ada');
  const r = await gql(t.access_token, IDENTITY);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.errors, undefined, r.text);
  const d = r.json.data;
  assert.equal(d.user.id, ADA.id);
  assert.equal(d.user.nid, ADA.nid);
  assert.equal(d.user.name, 'Ada Lovelace');
  assert.equal(d.organization.id, ADA.org);
  assert.equal(d.organization.flag.individual, true);
  assert.equal(d.companySelector.items.length, 1);
  assert.equal(d.companySelector.items[0].organizationId, ADA.org);
  assert.match(d.user.photoUrl, /^http:\/\/127\.0\.0\.1:\d+\/portraits\/ada\.svg$/);
  const img = await fetch(d.user.photoUrl);
  assert.equal(img.headers.get('content-type'), 'image/svg+xml');
  await img.text();
});

test('graphql: Grace defaults to her agency; tenant header switches organization', async () => {
  const t = await login('grace');
  const r = await gql(t.access_token, IDENTITY);
  const d = r.json.data;
  assert.equal(d.user.id, GRACE.id);
  assert.equal(d.organization.id, GRACE.agency);
  assert.equal(d.organization.name, 'Hopper Digital Agency');
  assert.equal(d.organization.flag.agency, true);
  assert.deepEqual(d.companySelector.items.map((i) => i.organizationId), [GRACE.agency, GRACE.personal, GRACE.client]);
  assert.deepEqual(d.companySelector.items.map((i) => i.typeTitle), ['Agency', 'Freelancer', 'Client']);
  const personal = await gql(t.access_token, '{ organization { id name } }', { tenant: GRACE.personal });
  assert.deepEqual(personal.json.data.organization, { id: GRACE.personal, name: 'Grace Hopper' });
  const agency = await gql(t.access_token, '{ organization { id } }', { tenant: GRACE.agency });
  assert.equal(agency.json.data.organization.id, GRACE.agency);
  const foreign = await gql(t.access_token, '{ organization { id } }', { tenant: ADA.org });
  assert.equal(foreign.status, 200);
  assert.equal(foreign.json.data, undefined);
  assert.equal(foreign.json.errors[0].extensions.classification, 'ExecutionAborted');
});

test('graphql: no bearer or unknown token: 401 Unauthorized', async () => {
  for (const tok of [null, 'oauth2v2_bogus']) {
    const r = await gql(tok, '{ user { id } }');
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, { message: 'Unauthorized' });
  }
});

test('graphql: invalid document: 200 with ValidationError', async () => {
  const t = await login('ada');
  const r = await gql(t.access_token, '{ user { id nope } }');
  assert.equal(r.status, 200);
  assert.equal(r.json.data, undefined);
  const e = r.json.errors[0];
  assert.equal(e.message, "Validation error (FieldUndefined@[user/nope]) : Field 'nope' in type 'CurrentUser' is undefined");
  assert.deepEqual(e.locations, [{ line: 1, column: 13 }]);
  assert.deepEqual(e.extensions, { classification: 'ValidationError' });
  const syntax = await gql(t.access_token, '{ user { id ');
  assert.equal(syntax.status, 200);
  assert.equal(syntax.json.errors[0].extensions.classification, 'ValidationError');
  assert.match(syntax.json.errors[0].message, /^Validation error \(InvalidSyntax\) : /);
});

test('graphql: variables and operationName are honoured', async () => {
  const t = await login('ada');
  const q = 'query A { user { id } } query B($skip: Boolean!) { organization @skip(if: $skip) { id } user { nid } }';
  const r = await gql(t.access_token, q, { operationName: 'B', variables: { skip: true } });
  assert.deepEqual(r.json, { data: { user: { nid: ADA.nid } } });
  const bad = await gql(t.access_token, q, { operationName: 'B', variables: { skip: 'yes' } });
  assert.equal(bad.json.errors[0].extensions.classification, 'ValidationError');
});

test('graphql: body not JSON: 400', async () => {
  const t = await login('ada');
  const r = await gql(t.access_token, null, { body: 'query { user { id } }' });
  assert.equal(r.status, 400);
});

test('graphql_fault 429 with Retry-After and count', async () => {
  const t = await login('ada');
  await ctl('POST', 'config', { graphql_fault: { status: 429, retry_after: '7', count: 2 } });
  for (let i = 0; i < 2; i++) {
    const r = await gql(t.access_token, '{ user { id } }');
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '7');
  }
  assert.equal((await gql(t.access_token, '{ user { id } }')).status, 200);
  assert.equal((await ctl('GET', 'config')).graphql_fault, null);
  const date = 'Wed, 21 Oct 2015 07:28:00 GMT';
  await ctl('POST', 'config', { graphql_fault: { status: 429, retry_after: date } });
  for (let i = 0; i < 3; i++) assert.equal((await gql(t.access_token, '{ user { id } }')).headers.get('retry-after'), date);
});

test('graphql_fault 500, 502, html, drop, delay', async () => {
  const t = await login('ada');
  await ctl('POST', 'config', { graphql_fault: { status: 500, count: 1 } });
  const r500 = await gql(t.access_token, '{ user { id } }');
  assert.equal(r500.status, 500);
  assert.deepEqual(r500.json, { message: 'Exception occurred' });
  await ctl('POST', 'config', { graphql_fault: { status: 502, count: 1 } });
  assert.equal((await gql(t.access_token, '{ user { id } }')).status, 502);
  await ctl('POST', 'config', { graphql_fault: { html: true, count: 1 } });
  const html = await gql(t.access_token, '{ user { id } }');
  assert.equal(html.status, 403);
  assert.match(html.headers.get('content-type'), /^text\/html/);
  assert.match(html.text, /Just a moment\.\.\./);
  await ctl('POST', 'config', { graphql_fault: { html: true, status: 200, count: 1 } });
  assert.equal((await gql(t.access_token, '{ user { id } }')).status, 200);
  await ctl('POST', 'config', { graphql_fault: { drop: true, count: 1 } });
  await assert.rejects(gql(t.access_token, '{ user { id } }'));
  await ctl('POST', 'config', { graphql_fault: { delay_ms: 300, count: 1 } });
  const started = Date.now();
  const slow = await gql(t.access_token, '{ user { id } }');
  assert.equal(slow.status, 200);
  assert.ok(Date.now() - started >= 290, 'delayed');
  assert.equal((await gql(t.access_token, '{ user { id } }')).json.data.user.id, ADA.id);
});

test('token_fault applies to the token endpoint only', async () => {
  await ctl('POST', 'config', { token_fault: { status: 503, retry_after: '3', count: 1 } });
  const loc = await decide({});
  const r = await token({ grant_type: 'authorization_code', code: loc.searchParams.get('code'), redirect_uri: REDIRECT });
  assert.equal(r.status, 503);
  assert.equal(r.headers.get('retry-after'), '3');
  assert.equal((await token({ grant_type: 'authorization_code', code: loc.searchParams.get('code'), redirect_uri: REDIRECT })).status, 200, 'the fault came before the code was looked at');
});

test('remove_permissions: whole query fails with the Upwork missing-scope text', async () => {
  const t = await login('grace');
  await ctl('POST', 'config', { remove_permissions: ['CurrentUser.email', 'CompanySelectorItem.organizationId', 'CurrentOrganization.rid'] });
  const q = 'query Q { companySelector { items { ...Item } } user { id mail: email } organization { id } } fragment Item on CompanySelectorItem { title organizationId }';
  const r = await gql(t.access_token, q);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, {
    errors: [{
      message: "The client or authentication token doesn't have enough oauth2 permissions/scopes to access: [CompanySelectorItem.organizationId, CurrentUser.email].",
      extensions: { classification: 'ExecutionAborted' },
    }],
  });
  const ok = await gql(t.access_token, '{ user { id } organization { id } }');
  assert.equal(ok.json.data.user.id, GRACE.id);
});

test('drop_fields: a dropped field fails validation like schema drift', async () => {
  const t = await login('ada');
  await ctl('POST', 'config', { drop_fields: ['CurrentUser.ciphertext'] });
  const r = await gql(t.access_token, '{ user { id ciphertext } }');
  assert.equal(r.status, 200);
  assert.equal(r.json.errors[0].extensions.classification, 'ValidationError');
  assert.match(r.json.errors[0].message, /ciphertext/);
  const ok = await gql(t.access_token, '{ user { id } }');
  assert.equal(ok.json.data.user.id, ADA.id);
  await ctl('POST', 'config', { drop_fields: null });
  const back = await gql(t.access_token, '{ user { ciphertext } }');
  assert.ok(back.json.data.user.ciphertext);
});

test('revoke and tokens/count', async () => {
  assert.equal(await ctl('GET', 'tokens/count'), 0);
  const a = await login('ada');
  await login('grace');
  assert.equal(await ctl('GET', 'tokens/count'), 2);
  assert.deepEqual(await ctl('POST', 'revoke'), { revoked: 2 });
  assert.equal(await ctl('GET', 'tokens/count'), 0);
  assert.equal((await gql(a.access_token, '{ user { id } }')).status, 401);
  assert.equal((await token({ grant_type: 'refresh_token', refresh_token: a.refresh_token })).json.error, 'invalid_grant');
});

test('log records requests without secrets; DELETE clears it', async () => {
  const t = await login('grace', { pkce: true });
  await gql(t.access_token, 'query Me { user { id } organization { id } }', { tenant: GRACE.personal });
  await gql(null, '{ user { id } }');
  await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token });
  const entries = await ctl('GET', 'log');
  assert.equal(entries.length, 5, `entries: ${entries.length}`);
  assert.ok(entries.every((e) => typeof e.t === 'number' && e.method && e.path && e.endpoint && 'status' in e && typeof e.bearer === 'boolean' && 'tenant' in e));
  assert.ok(!entries.some((e) => e.path.startsWith('/__sandbox/')), 'control requests are not logged');
  const me = entries.find((e) => e.endpoint === 'graphql' && e.operationName === 'Me');
  assert.deepEqual([me.status, me.bearer, me.tenant, me.fields], [200, true, GRACE.personal, ['user', 'organization']]);
  const denied = entries.find((e) => e.endpoint === 'graphql' && e.status === 401);
  assert.deepEqual([denied.bearer, denied.error], [false, 'Unauthorized']);
  const grants = entries.filter((e) => e.endpoint === 'token').map((e) => e.grant_type);
  assert.deepEqual(grants, ['authorization_code', 'refresh_token']);
  const text = JSON.stringify(entries);
  for (const s of secrets) assert.ok(!text.includes(s), 'a secret value is in the log');
  await ctl('DELETE', 'log');
  assert.deepEqual(await ctl('GET', 'log'), []);
});

test('reset restores defaults', async () => {
  await ctl('POST', 'config', { access_ttl_s: 5, refresh_fail: true, graphql_fault: { status: 500 }, jobs_pagination: 'broken', mark_fields: ['CurrentUser.name'], replace_text: { 'Ada Lovelace': 'X' } });
  const cfg = await ctl('POST', 'reset');
  assert.deepEqual(cfg, { access_ttl_s: 86400, refresh_ttl_s: 1209600, refresh_fail: false, graphql_fault: null, token_fault: null, remove_permissions: [], drop_fields: [], clock_offset_s: 0, jobs_pagination: 'offset', mark_fields: [], replace_text: {}, closed_jobs: [], connects_balance: {}, billing_max_range_days: 366 });
});

test('--log file has JSON lines and no secret values', async () => {
  const lines = fs.readFileSync(LOG_FILE, 'utf8').trim().split('\n');
  assert.ok(lines.length > 20, `lines: ${lines.length}`);
  for (const line of lines) JSON.parse(line);
  const text = lines.join('\n');
  for (const s of secrets) assert.ok(!text.includes(s), 'a secret value is in the log file');
});

// ---- main ---------------------------------------------------------------------------

// Clean shutdown on SIGTERM, exit status 0: checkExit counts it as a test.
run({
  args: ['--port', '0', '--log', LOG_FILE],
  setup: ({ url }) => {
    base = url;
  },
  beforeEach: () => ctl('POST', 'reset'),
  checkExit: true,
  afterAll: () => fs.rmSync(tmpDir, { recursive: true, force: true }),
});
