'use strict';
// Injected failures for the token and GraphQL endpoints (switches
// `token_fault` and `graphql_fault`), so tests can drive Workdesk's retry,
// back-off, breaker and error pages through the real code path.
//
// A fault applies before the endpoint looks at the request: rate limiting,
// gateway errors and Cloudflare challenges happen in front of Upwork's
// application, so they hit even requests that would have been invalid.

const http = require('node:http');
const config = require('./config');
const respond = require('./respond');

// Returns the configured fault for one request and counts it down: with
// "count": N the fault hits the next N requests, then the switch is cleared.
// A fault with "operation" hits only requests whose GraphQL operation name
// (`operationName`) is that name; others pass untouched and do not count.
function take(name, operationName) {
  const cfg = config.get();
  const f = cfg[name];
  if (!f) return null;
  if (f.operation !== undefined && f.operation !== operationName) return null;
  const one = { ...f };
  if (f.count !== undefined) {
    f.count -= 1;
    if (f.count <= 0) cfg[name] = null;
  }
  return one;
}

// What a browser-less client gets from Cloudflare's bot check: an HTML page,
// not JSON. Self-contained: no scripts, styles or images from anywhere.
const CHALLENGE_PAGE = `<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8"><title>Just a moment...</title></head>
<body><h1>Just a moment...</h1>
<p>Checking if the site connection is secure.</p>
<p>(Upwork sandbox: simulated bot challenge, not Upwork.)</p>
</body></html>
`;

function gatewayPage(status) {
  const reason = http.STATUS_CODES[status] || 'Error';
  return `<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>\n`;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describe(f) {
  if (f.drop) return 'drop';
  if (f.html) return 'html';
  if (f.errors) return 'errors';
  if (f.status !== undefined) return String(f.status);
  return 'delay';
}

// Applies `fault` (from take) to the request. Returns true when the fault
// answered the request (or dropped it), false when the endpoint should go on
// normally (no fault, or a pure delay that has elapsed).
// The configured fault without counting it down, or null.
function peek(name) {
  return config.get()[name] || null;
}

// Faults with "operation" or "after_execute" are decided only once the
// GraphQL endpoint knows the operation's name; the others apply first.
function isDeferred(f) {
  return Boolean(f && (f.operation !== undefined || f.after_execute));
}

async function apply(fault, req, res, entry) {
  if (!fault) return false;
  entry.fault = describe(fault);
  if (fault.delay_ms) {
    await sleep(fault.delay_ms);
    // The client may have given up meanwhile; nothing left to answer.
    if (req.socket.destroyed) return true;
  }
  if (fault.drop) {
    entry.error = 'fault:drop';
    req.socket.destroy();
    return true;
  }
  if (fault.html) {
    const status = fault.status ?? 403;
    entry.error = 'fault:html';
    respond.html(res, status, CHALLENGE_PAGE, { 'Cache-Control': 'no-store', 'cf-mitigated': 'challenge' });
    return true;
  }
  if (fault.errors) {
    entry.error = 'fault:errors';
    respond.json(res, 200, { errors: fault.errors, data: null }, { 'Cache-Control': 'no-store' });
    return true;
  }
  if (fault.status !== undefined) {
    const status = fault.status;
    entry.error = `fault:${status}`;
    const headers = { 'Cache-Control': 'no-store' };
    // Retry-After exactly as configured: delta-seconds or an HTTP-date.
    if (fault.retry_after !== undefined) headers['Retry-After'] = fault.retry_after;
    if (status === 500) {
      // The body Upwork users report for server-side failures.
      respond.json(res, 500, { message: 'Exception occurred' }, headers);
    } else if (status === 502 || status === 503 || status === 504) {
      // Gateways answer in HTML; the client must check Content-Type.
      respond.html(res, status, gatewayPage(status), headers);
    } else {
      respond.json(res, status, { message: http.STATUS_CODES[status] || 'Error' }, headers);
    }
    return true;
  }
  return false;
}

module.exports = { take, peek, isDeferred, apply };
