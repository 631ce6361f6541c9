'use strict';
// Upwork's OAuth 2.0 server as Upwork runs it (upwork-api.md §1):
//   GET/POST /ab/account-security/oauth2/authorize   consent page and decision
//   POST     /api/v3/oauth2/token                    code exchange and refresh
// with client authentication in the body (HTTP Basic also accepted),
// single-use codes, rotating refresh tokens (new one 14 days, old one cut to
// now + 24 h), no scopes in the request, and RFC 6749 §5.2 error bodies.
// PKCE (S256 only) is optional here; Upwork shows no sign of supporting it,
// so Workdesk must work without it.
//
// All state lives in memory and dies with the process.

const crypto = require('node:crypto');
const fs = require('node:fs');
const config = require('./config');
const faults = require('./faults');
const respond = require('./respond');
const data = require('./data');

const AUTHORIZE_PATH = '/ab/account-security/oauth2/authorize';
const CODE_TTL_MS = 10 * 60 * 1000;
const OLD_REFRESH_GRACE_MS = 24 * 60 * 60 * 1000;
const FORM_LIMIT = 64 * 1024;
const DEAD_REFRESH = 'Refresh token is expired or revoked or not registered';

function b64url(buf) {
  return buf.toString('base64url');
}

function sha256(s) {
  return crypto.createHash('sha256').update(s).digest();
}

// Constant-time comparison of two strings of any length.
function sameSecret(a, b) {
  return crypto.timingSafeEqual(sha256(String(a)), sha256(String(b)));
}

// ---- HTML ------------------------------------------------------------------

const STYLE = `
body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f4f5f2}
.banner{background:#8a1c1c;color:#fff;padding:.6em 1em;font-weight:700}
main{max-width:34em;margin:2em auto;background:#fff;padding:1.5em 2em;border:1px solid #ccc;border-radius:6px}
fieldset{border:1px solid #ccc;border-radius:4px;margin:1em 0}
label{display:block;padding:.4em 0}
small{color:#555}
code{word-break:break-all}
button{font:inherit;padding:.5em 1.4em;margin-right:.6em}
.error{color:#8a1c1c}
`;
const STYLE_HASH = `'sha256-${sha256(STYLE).toString('base64')}'`;
const BANNER = 'Upwork sandbox (test stand-in, not Upwork)';

// Never framed (clickjacking a consent page is the classic attack), no
// external resources at all. form-action must allow the client's callback
// origin too: Chrome applies form-action to the redirect that follows the
// form submission.
function pageHeaders(formOrigin) {
  const formAction = formOrigin ? `form-action 'self' ${formOrigin}; ` : '';
  return {
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': `default-src 'none'; style-src ${STYLE_HASH}; ${formAction}frame-ancestors 'none'; base-uri 'none'`,
    'Referrer-Policy': 'no-referrer',
  };
}

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${respond.escapeHtml(title)} - ${BANNER}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="banner" role="note">${BANNER}. No real Upwork account is involved.</div>
<main>
${body}
</main>
</body>
</html>
`;
}

// ---- the server ---------------------------------------------------------------

// client: { clientId, clientSecret, redirectUris: [..], appName }
// note(client, value): append a secret the sandbox handed out (a code, an
// access or refresh token) to client.secretsFile, one a line, so the test
// harness can grep every log of a run for each (issue 14: no secret in logs).
function note(client, value) {
  if (client.secretsFile) fs.appendFileSync(client.secretsFile, value + '\n');
}

function createOAuth(client) {
  let codes = new Map(); // code -> { clientId, redirectUri, userKey, challenge, expiresAt, used, grantId }
  let accessTokens = new Map(); // token -> { userKey, clientId, grantId, expiresAt }
  let refreshTokens = new Map(); // token -> { userKey, clientId, grantId, expiresAt }
  let revokedGrants = new Set(); // grants (one per code) revoked after code reuse
  let grantSeq = 0;

  function reset() {
    codes = new Map();
    accessTokens = new Map();
    refreshTokens = new Map();
    revokedGrants = new Set();
  }

  // Forget records long dead (by the sandbox clock), so a long `make run`
  // does not grow without bound. Generous margin: tests move the clock.
  function purge() {
    const limit = config.now() - 30 * 24 * 60 * 60 * 1000;
    for (const map of [codes, accessTokens, refreshTokens]) {
      for (const [k, v] of map) if (v.expiresAt < limit) map.delete(k);
    }
  }

  function issueTokens(userKey, clientId, grantId) {
    purge();
    const cfg = config.get();
    const now = config.now();
    // Upwork's tokens carry this prefix; clients must not rely on it.
    const access = 'oauth2v2_' + crypto.randomBytes(16).toString('hex');
    const refresh = 'oauth2v2_' + crypto.randomBytes(16).toString('hex');
    accessTokens.set(access, { userKey, clientId, grantId, expiresAt: now + cfg.access_ttl_s * 1000 });
    refreshTokens.set(refresh, { userKey, clientId, grantId, expiresAt: now + cfg.refresh_ttl_s * 1000 });
    note(client, access);
    note(client, refresh);
    return { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: cfg.access_ttl_s };
  }

  function lookupAccess(token) {
    if (!token) return null;
    const rec = accessTokens.get(token);
    if (!rec || revokedGrants.has(rec.grantId) || config.now() >= rec.expiresAt) return null;
    return { userKey: rec.userKey };
  }

  function liveAccessCount() {
    const now = config.now();
    let n = 0;
    for (const rec of accessTokens.values()) if (!revokedGrants.has(rec.grantId) && now < rec.expiresAt) n++;
    return n;
  }

  // Every token and pending code becomes invalid (Upwork-side revocation).
  function revokeAll() {
    const n = liveAccessCount();
    codes = new Map();
    accessTokens = new Map();
    refreshTokens = new Map();
    return n;
  }

  // ---- authorize ----

  function registeredOrigin(uri) {
    try {
      return new URL(uri).origin;
    } catch {
      return null;
    }
  }

  // Checks an authorization request (query of the GET, form of the POST).
  // Returns { fatal, code } when the client or redirect URI cannot be trusted:
  // then the user sees an error page and is NOT redirected (RFC 6749
  // §4.1.2.1). Returns { fail } for errors reported to the client by
  // redirect, or { ok }.
  function checkAuthorize(params, repeated) {
    if (repeated.includes('client_id') || repeated.includes('redirect_uri')) return { fatal: 'The parameter client_id or redirect_uri is repeated.', code: 'invalid_request' };
    const clientId = params.get('client_id');
    if (!clientId) return { fatal: 'The request has no client_id.', code: 'invalid_client' };
    if (clientId !== client.clientId) return { fatal: 'The client_id is not a registered application.', code: 'invalid_client' };
    const redirectUri = params.get('redirect_uri');
    if (!redirectUri) return { fatal: 'The request has no redirect_uri.', code: 'invalid_redirect_uri' };
    // Byte-for-byte: no normalisation, no prefix or trailing-slash leniency.
    if (!client.redirectUris.includes(redirectUri)) return { fatal: 'The redirect_uri is not registered for this application.', code: 'invalid_redirect_uri' };
    const state = params.get('state');
    const fail = (error, description) => ({ fail: { redirectUri, state, error, description } });
    if (repeated.length) return fail('invalid_request', `Repeated parameter: ${repeated[0]}`);
    const responseType = params.get('response_type');
    if (!responseType) return fail('invalid_request', 'Missing parameters: response_type');
    if (responseType !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported');
    // Upwork binds scopes to the API key; a scope parameter is refused.
    if (params.has('scope')) return fail('invalid_scope', 'Scopes are set on the API key and cannot be requested');
    const challenge = params.get('code_challenge');
    const method = params.get('code_challenge_method');
    if (challenge !== undefined || method !== undefined) {
      if (challenge === undefined) return fail('invalid_request', 'code_challenge_method without code_challenge');
      // A missing method means "plain" (RFC 7636 §4.3), which is refused.
      if (method !== 'S256') return fail('invalid_request', 'Only code_challenge_method=S256 is supported');
      if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', 'code_challenge must be 43 base64url characters');
    }
    return { ok: { clientId, redirectUri, state, challenge } };
  }

  function callbackUrl(redirectUri, pairs) {
    const u = new URL(redirectUri);
    for (const [k, v] of pairs) if (v !== undefined) u.searchParams.append(k, v);
    return u.toString();
  }

  function errorPage(res, reason) {
    respond.html(res, 400, page('Authorization error', `<h1 class="error">Authorization error</h1>
<p>${respond.escapeHtml(reason)}</p>
<p>The application's request cannot be trusted, so you are not sent back to it.</p>`), pageHeaders(null));
  }

  function consentPage(res, req) {
    const e = respond.escapeHtml;
    const users = Object.values(data.USERS).map((u, i) => `<label><input type="radio" name="user" value="${e(u._key)}"${i === 0 ? ' checked' : ''}> ${e(u.name)} <small>(${e(u._role)}, ${e(u.nid)})</small></label>`).join('\n');
    const hidden = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method']
      .filter((k) => req.params.has(k))
      .map((k) => `<input type="hidden" name="${k}" value="${e(req.params.get(k))}">`).join('\n');
    const body = `<h1>Authorize ${e(client.appName)}</h1>
<p>The application <strong>${e(client.appName)}</strong> (client id <code>${e(req.ok.clientId)}</code>) asks for access to your Upwork account.
After your decision you return to <code>${e(req.ok.redirectUri)}</code>.</p>
<form method="post" action="${AUTHORIZE_PATH}">
<fieldset>
<legend>Continue as a demo user</legend>
${users}
</fieldset>
${hidden}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`;
    respond.html(res, 200, page(`Authorize ${client.appName}`, body), pageHeaders(registeredOrigin(req.ok.redirectUri)));
  }

  async function authorize(req, res, entry) {
    let source;
    if (req.method === 'GET') {
      source = new URL(req.url, 'http://sandbox').search;
    } else if (req.method === 'POST') {
      if (respond.mediaType(req) !== 'application/x-www-form-urlencoded') {
        entry.error = 'invalid_request';
        errorPage(res, 'The form must be sent as application/x-www-form-urlencoded.');
        return;
      }
      try {
        source = await respond.readBody(req, FORM_LIMIT);
      } catch (err) {
        entry.error = 'invalid_request';
        errorPage(res, err.message);
        return;
      }
    } else {
      entry.error = 'method_not_allowed';
      respond.text(res, 405, 'Method Not Allowed\n', { Allow: 'GET, POST' });
      return;
    }
    const { params, repeated } = respond.parseForm(source);
    const checked = checkAuthorize(params, repeated);
    if (checked.fatal) {
      entry.error = checked.code;
      errorPage(res, checked.fatal);
      return;
    }
    if (checked.fail) {
      const f = checked.fail;
      entry.error = f.error;
      respond.redirect(res, callbackUrl(f.redirectUri, [['error', f.error], ['error_description', f.description], ['state', f.state]]));
      return;
    }
    const ok = checked.ok;
    // "S256" (the only method accepted) when a challenge is involved.
    entry.pkce = ok.challenge !== undefined ? 'S256' : false;
    if (req.method === 'GET') {
      consentPage(res, { params, ok });
      return;
    }

    const decision = params.get('decision');
    entry.decision = decision === 'allow' || decision === 'deny' ? decision : null;
    if (decision === 'deny') {
      entry.error = 'access_denied';
      respond.redirect(res, callbackUrl(ok.redirectUri, [['error', 'access_denied'], ['error_description', 'The user denied access'], ['state', ok.state]]));
      return;
    }
    const user = data.userByKey(params.get('user'));
    if (decision !== 'allow' || !user) {
      entry.error = 'invalid_request';
      errorPage(res, 'Choose a demo user and Allow or Deny.');
      return;
    }
    entry.user = user._key;
    const code = b64url(crypto.randomBytes(32));
    note(client, code);
    codes.set(code, {
      clientId: ok.clientId,
      redirectUri: ok.redirectUri,
      userKey: user._key,
      challenge: ok.challenge,
      expiresAt: config.now() + CODE_TTL_MS,
      used: false,
      grantId: ++grantSeq,
    });
    respond.redirect(res, callbackUrl(ok.redirectUri, [['code', code], ['state', ok.state]]));
  }

  // ---- token ----

  // RFC 6749 §5.2 error. invalid_client is 401 (with a Basic challenge when
  // the client tried Basic, §5.2), everything else 400.
  function tokenError(res, entry, error, description, basic = false) {
    entry.error = error;
    const status = error === 'invalid_client' ? 401 : 400;
    const headers = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
    if (status === 401 && basic) headers['WWW-Authenticate'] = 'Basic realm="upwork"';
    respond.json(res, status, { error, error_description: description }, headers);
  }

  // Basic credentials (RFC 6749 §2.3.1: each part form-urlencoded first).
  // null: no Basic header; {bad:true}: a malformed one.
  function basicCredentials(req) {
    const m = /^Basic[ \t]+([A-Za-z0-9+/]+=*)[ \t]*$/i.exec(req.headers.authorization || '');
    if (!m) return /^Basic\b/i.test(req.headers.authorization || '') ? { bad: true } : null;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { bad: true };
    try {
      const unform = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
      return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
    } catch {
      return { bad: true };
    }
  }

  function codeGrant(res, entry, params, clientId) {
    const code = params.get('code');
    if (!code) return tokenError(res, entry, 'invalid_request', 'Missing parameters: code');
    const rec = codes.get(code);
    if (!rec || rec.clientId !== clientId) return tokenError(res, entry, 'invalid_grant', 'Authorization code is invalid or expired');
    entry.user = rec.userKey;
    entry.pkce = rec.challenge !== undefined ? 'S256' : false;
    if (rec.used) {
      // RFC 6749 §4.1.2: a code used twice may be stolen; revoke what it gave.
      revokedGrants.add(rec.grantId);
      return tokenError(res, entry, 'invalid_grant', 'Authorization code has already been used');
    }
    // Burnt by any attempt, failed or not: a code is good for one try.
    rec.used = true;
    if (config.now() >= rec.expiresAt) return tokenError(res, entry, 'invalid_grant', 'Authorization code is invalid or expired');
    if (params.get('redirect_uri') !== rec.redirectUri) return tokenError(res, entry, 'invalid_grant', 'redirect_uri does not match the authorization request');
    const verifier = params.get('code_verifier');
    if (rec.challenge !== undefined) {
      if (verifier === undefined) return tokenError(res, entry, 'invalid_grant', 'Missing code_verifier');
      if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier) || b64url(sha256(verifier)) !== rec.challenge) {
        return tokenError(res, entry, 'invalid_grant', 'code_verifier does not match the code_challenge');
      }
      // A test observation, not a secret: the first 12 hex digits of
      // SHA-256(verifier) are the first 6 bytes of the code_challenge the
      // authorize URL already showed (base64url-decoded). Logged only once the
      // verifier matched, so tests can count verified exchanges and find
      // duplicate verifiers without the verifier itself ever being logged.
      entry.pkce_verifier_sha256_12 = sha256(verifier).toString('hex').slice(0, 12);
    } else if (verifier !== undefined) {
      // A verifier for a code issued without a challenge is a downgrade
      // attempt (RFC 9700 §2.1.1).
      return tokenError(res, entry, 'invalid_grant', 'code_verifier sent but the authorization request had no code_challenge');
    }
    return issueTokens(rec.userKey, clientId, rec.grantId);
  }

  function refreshGrant(res, entry, params, clientId) {
    const token = params.get('refresh_token');
    if (!token) return tokenError(res, entry, 'invalid_request', 'Missing parameters: refresh_token');
    if (config.get().refresh_fail) return tokenError(res, entry, 'invalid_grant', DEAD_REFRESH);
    const rec = refreshTokens.get(token);
    const now = config.now();
    if (!rec || rec.clientId !== clientId || revokedGrants.has(rec.grantId) || now >= rec.expiresAt) {
      return tokenError(res, entry, 'invalid_grant', DEAD_REFRESH);
    }
    entry.user = rec.userKey;
    // Upwork: the new refresh token is valid 14 days, the old one until
    // now + 24 h (never longer than it already had).
    rec.expiresAt = Math.min(rec.expiresAt, now + OLD_REFRESH_GRACE_MS);
    return issueTokens(rec.userKey, clientId, rec.grantId);
  }

  async function token(req, res, entry) {
    if (req.method !== 'POST') {
      entry.error = 'method_not_allowed';
      respond.json(res, 405, { error: 'invalid_request', error_description: 'The token endpoint accepts POST only' }, { Allow: 'POST' });
      return;
    }
    if (await faults.apply(faults.take('token_fault'), req, res, entry)) return;
    if (respond.mediaType(req) !== 'application/x-www-form-urlencoded') {
      return tokenError(res, entry, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    }
    let body;
    try {
      body = await respond.readBody(req, FORM_LIMIT);
    } catch (err) {
      return tokenError(res, entry, 'invalid_request', err.message);
    }
    const { params, repeated } = respond.parseForm(body);
    const grantType = params.get('grant_type');
    if (grantType !== undefined) entry.grant_type = /^[\w:.-]{1,80}$/.test(grantType) ? grantType : '(invalid)';
    if (repeated.length) return tokenError(res, entry, 'invalid_request', `Repeated parameter: ${repeated[0]}`);

    // Client authentication: body (what Upwork's SDKs send) or Basic.
    const basic = basicCredentials(req);
    let clientId;
    let secret;
    if (basic) {
      entry.client_auth = 'basic';
      if (basic.bad) return tokenError(res, entry, 'invalid_client', 'Malformed Basic credentials', true);
      if (params.has('client_secret')) return tokenError(res, entry, 'invalid_request', 'Use one client authentication method, not Basic and client_secret');
      if (params.has('client_id') && params.get('client_id') !== basic.id) return tokenError(res, entry, 'invalid_client', 'client_id does not match the Basic credentials', true);
      clientId = basic.id;
      secret = basic.secret;
    } else {
      clientId = params.get('client_id');
      secret = params.get('client_secret');
      if (clientId !== undefined) entry.client_auth = 'body';
    }
    // Upwork's answer to a request without client_id (node SDK issue #29).
    if (!clientId) return tokenError(res, entry, 'invalid_request', 'Missing parameters: client_id');
    if (clientId !== client.clientId || secret === undefined || !sameSecret(secret, client.clientSecret)) {
      return tokenError(res, entry, 'invalid_client', 'Client authentication failed', Boolean(basic));
    }

    let issued;
    if (!grantType) return tokenError(res, entry, 'invalid_request', 'Missing parameters: grant_type');
    if (grantType === 'authorization_code') issued = codeGrant(res, entry, params, clientId);
    else if (grantType === 'refresh_token') issued = refreshGrant(res, entry, params, clientId);
    else return tokenError(res, entry, 'unsupported_grant_type', `Unsupported grant type: ${entry.grant_type}`);
    if (issued) respond.json(res, 200, issued, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  }

  return { authorize, token, lookupAccess, liveAccessCount, revokeAll, reset };
}

module.exports = { createOAuth, AUTHORIZE_PATH };
