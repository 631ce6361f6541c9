'use strict';
// tests/lib/fcgi.js: a small FastCGI client that talks straight to the app's
// unix socket, bypassing nginx (whose limit_req/limit_conn are right for
// production but make bulk and concurrent tests impossible through it).
//
//   const fcgi = require('../lib/fcgi');
//   const r = await fcgi.request(sock, { method: 'GET', path: '/?a=b',
//       headers: { Cookie: 'x=y', Origin: 'http://localhost:8080' } });
//   r.status (303), r.headers ([['Set-Cookie', '...'], ...]), r.body (Buffer)
//   fcgi.header(r, 'location')            first value of a header, or undefined
//   fcgi.headerAll(r, 'set-cookie')       every value
//
//   fcgi.exchange(sock, params, stdin)    raw: params is [[name, value], ...] or
//                                         an object, exactly as sent (for
//                                         malformed-request tests)
//   fcgi.signin(ctx, user, decision, opts) a whole sign-in, see below (and its
//                                         steps beginLogin, authorize, callback)
//   fcgi.watchS7()                        watch every exchange for S7
//   fcgi.pool(n, count, fn)               run fn(i) with concurrency n
//
// The protocol (FastCGI 1.0): BEGIN_REQUEST (role RESPONDER, no keep-conn),
// PARAMS records then an empty PARAMS, STDIN records (≤ 65535 bytes each)
// then an empty STDIN; the app answers STDOUT/STDERR records and
// END_REQUEST. One connection per request, as nginx does with
// fastcgi_keep_conn off.

const crypto = require('node:crypto');
const http = require('node:http');
const net = require('node:net');

const VERSION = 1;
const T = {
  BEGIN_REQUEST: 1, ABORT_REQUEST: 2, END_REQUEST: 3, PARAMS: 4, STDIN: 5,
  STDOUT: 6, STDERR: 7, DATA: 8, GET_VALUES: 9, GET_VALUES_RESULT: 10,
  UNKNOWN_TYPE: 11,
};
const ROLE_RESPONDER = 1;
const MAX_CONTENT = 65535;

function record(type, requestId, content) {
  const len = content ? content.length : 0;
  const pad = (8 - (len % 8)) % 8;
  const b = Buffer.alloc(8 + len + pad);
  b[0] = VERSION;
  b[1] = type;
  b.writeUInt16BE(requestId, 2);
  b.writeUInt16BE(len, 4);
  b[6] = pad;
  if (len) content.copy(b, 8);
  return b;
}

// A stream (PARAMS, STDIN) as records of at most 65535 bytes, then the
// empty record that ends it.
function stream(type, requestId, data) {
  const out = [];
  for (let off = 0; off < data.length; off += MAX_CONTENT) {
    out.push(record(type, requestId, data.subarray(off, off + MAX_CONTENT)));
  }
  out.push(record(type, requestId, Buffer.alloc(0)));
  return out;
}

// Name-value pair length: 1 byte below 128, else 4 bytes with the top bit set.
function nvLength(n) {
  if (n < 128) return Buffer.from([n]);
  const b = Buffer.alloc(4);
  b.writeUInt32BE((n | 0x80000000) >>> 0, 0);
  return b;
}

function encodeParams(params) {
  const pairs = Array.isArray(params) ? params : Object.entries(params);
  const parts = [];
  for (const [k, v] of pairs) {
    const kb = Buffer.isBuffer(k) ? k : Buffer.from(String(k), 'utf8');
    const vb = Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8');
    parts.push(nvLength(kb.length), nvLength(vb.length), kb, vb);
  }
  return Buffer.concat(parts);
}

// Split a CGI response (STDOUT) into status, headers and body.
// Every session and sign-in cookie value the app has set in this process
// (tests/lib/stack.js greps each stack's logs for them at its end).
const issuedCookies = new Set();

function noteCookies(headers) {
  for (const [n, v] of headers) {
    if (n.toLowerCase() !== 'set-cookie') continue;
    const m = /^__Host-(?:sid|oauth_tx)=([A-Za-z0-9_-]+)/.exec(v);
    if (m) issuedCookies.add(m[1]);
  }
}

function parseCgi(out) {
  let sep = out.indexOf('\r\n\r\n');
  let sepLen = 4;
  const lf = out.indexOf('\n\n');
  if (sep < 0 || (lf >= 0 && lf < sep)) {
    sep = lf;
    sepLen = 2;
  }
  if (sep < 0) return { status: null, headers: [], body: out, malformed: true };
  const headers = [];
  for (const line of out.subarray(0, sep).toString('latin1').split(/\r?\n/)) {
    if (line === '') continue;
    const c = line.indexOf(':');
    if (c <= 0) return { status: null, headers, body: out.subarray(sep + sepLen), malformed: true };
    headers.push([line.slice(0, c), line.slice(c + 1).replace(/^[ \t]+/, '')]);
  }
  let status = 200;
  const st = headers.find(([n]) => n.toLowerCase() === 'status');
  if (st) {
    const m = /^(\d{3})(?: (.*))?$/.exec(st[1]);
    status = m ? Number(m[1]) : null;
  } else if (headers.some(([n]) => n.toLowerCase() === 'location')) {
    status = 302;
  }
  noteCookies(headers);
  return { status, headers, body: out.subarray(sep + sepLen) };
}

// exchange(sock, params, stdin, {timeoutMs, requestId}): one raw FastCGI
// request. Resolves {status, headers, body, stderr, appStatus,
// protocolStatus, stdout}; rejects on a connection error, a timeout, or a
// connection closed before END_REQUEST.
function exchange(sock, params, stdin = Buffer.alloc(0), opts = {}) {
  const timeoutMs = opts.timeoutMs ?? 30000;
  const id = opts.requestId ?? 1;
  const body = Buffer.isBuffer(stdin) ? stdin : Buffer.from(String(stdin), 'utf8');
  return new Promise((resolve, reject) => {
    const begin = Buffer.alloc(8);
    begin.writeUInt16BE(ROLE_RESPONDER, 0);
    begin[2] = 0; // flags: no FCGI_KEEP_CONN
    const out = Buffer.concat([
      record(T.BEGIN_REQUEST, id, begin),
      ...stream(T.PARAMS, id, encodeParams(params)),
      ...stream(T.STDIN, id, body),
    ]);
    const stdout = [];
    const stderr = [];
    let buf = Buffer.alloc(0);
    let settled = false;
    const c = net.createConnection(sock);
    const timer = setTimeout(() => finish(new Error(`FastCGI timeout after ${timeoutMs} ms`)), timeoutMs);
    function finish(err, val) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      c.destroy();
      if (err) reject(err);
      else resolve(val);
    }
    c.on('connect', () => c.write(out));
    c.on('error', (e) => finish(e));
    c.on('close', () => finish(new Error('FastCGI connection closed before END_REQUEST')));
    c.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      while (buf.length >= 8) {
        const len = buf.readUInt16BE(4);
        const pad = buf[6];
        if (buf.length < 8 + len + pad) break;
        const type = buf[1];
        const content = buf.subarray(8, 8 + len);
        buf = buf.subarray(8 + len + pad);
        if (type === T.STDOUT) stdout.push(Buffer.from(content));
        else if (type === T.STDERR) stderr.push(Buffer.from(content));
        else if (type === T.END_REQUEST) {
          const raw = Buffer.concat(stdout);
          const res = parseCgi(raw);
          res.stdout = raw;
          res.stderr = Buffer.concat(stderr).toString('utf8');
          res.appStatus = content.length >= 4 ? content.readUInt32BE(0) : null;
          res.protocolStatus = content.length >= 5 ? content[4] : null;
          finish(null, res);
          return;
        }
      }
    });
  });
}

// The params nginx's fastcgi_params (plus the example config's additions)
// would send for this request. ctx: {host, port} of the public origin.
function buildParams(opts, ctx = {}) {
  const method = opts.method || 'GET';
  const uri = opts.path || '/';
  const q = uri.indexOf('?');
  const docUri = q >= 0 ? uri.slice(0, q) : uri;
  const query = q >= 0 ? uri.slice(q + 1) : '';
  const body = opts.body === undefined ? Buffer.alloc(0)
    : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(String(opts.body), 'utf8');
  const host = ctx.host || 'localhost';
  const port = String(ctx.port || 80);
  let contentType = opts.contentType;
  if (contentType === undefined && body.length) contentType = 'application/x-www-form-urlencoded';
  const p = [
    ['QUERY_STRING', query],
    ['REQUEST_METHOD', method],
    ['CONTENT_TYPE', contentType || ''],
    ['CONTENT_LENGTH', body.length || method === 'POST' ? String(body.length) : ''],
    ['SCRIPT_NAME', docUri],
    ['REQUEST_URI', uri],
    ['DOCUMENT_URI', docUri],
    ['DOCUMENT_ROOT', '/usr/share/nginx/html'],
    ['SERVER_PROTOCOL', 'HTTP/1.1'],
    ['REQUEST_SCHEME', 'http'],
    ['GATEWAY_INTERFACE', 'CGI/1.1'],
    ['SERVER_SOFTWARE', 'nginx'],
    ['REMOTE_ADDR', opts.remoteAddr || '127.0.0.1'],
    ['REMOTE_PORT', String(40000 + Math.floor(Math.random() * 20000))],
    ['SERVER_ADDR', '127.0.0.1'],
    ['SERVER_PORT', port],
    ['SERVER_NAME', host],
    ['REDIRECT_STATUS', '200'],
    ['HTTP_PROXY', ''],
    ['REQUEST_ID', crypto.randomBytes(16).toString('hex')],
    ['HTTP_HOST', `${host}:${port}`],
  ];
  for (const [name, value] of Object.entries(opts.headers || {})) {
    if (value === undefined || value === null) continue;
    const n = name.toLowerCase();
    if (n === 'content-type' || n === 'content-length') continue;
    const key = 'HTTP_' + name.toUpperCase().replace(/-/g, '_');
    const i = p.findIndex(([k]) => k === key);
    if (i >= 0) p[i] = [key, String(value)];
    else p.push([key, String(value)]);
  }
  for (const [k, v] of Object.entries(opts.params || {})) {
    const i = p.findIndex(([n]) => n === k);
    if (v === undefined || v === null) {
      if (i >= 0) p.splice(i, 1);
    } else if (i >= 0) p[i] = [k, v];
    else p.push([k, v]);
  }
  return { params: p, body };
}

// Observers see every request/response pair (for whole-suite checks such as
// S7: no-store on authenticated responses, no session id in any URL).
const observers = [];
function observe(fn) {
  observers.push(fn);
  return () => observers.splice(observers.indexOf(fn), 1);
}

// request(sock, opts, ctx): opts {method, path (with query), headers
// {Cookie, Origin, Sec-Fetch-Site, X-Forwarded-Host, ...}, body,
// contentType, params (extra or overriding params; null removes one),
// remoteAddr, timeoutMs}. ctx {host, port}: the public origin.
async function request(sock, opts = {}, ctx = {}) {
  const { params, body } = buildParams(opts, ctx);
  const res = await exchange(sock, params, body, { timeoutMs: opts.timeoutMs });
  for (const fn of observers) fn(opts, res);
  return res;
}

function headerAll(res, name) {
  const n = name.toLowerCase();
  return res.headers.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
}

function header(res, name) {
  return headerAll(res, name)[0];
}

// ---- cookies ------------------------------------------------------------------

// A cookie jar: Map name -> value. Set-Cookie with Max-Age=0 or an empty
// value removes the cookie.
class Jar extends Map {
  update(res) {
    for (const sc of headerAll(res, 'set-cookie')) {
      const [pair, ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = value === '' || attrs.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a));
      if (gone) this.delete(name);
      else this.set(name, value);
    }
    return this;
  }

  header(only) {
    const out = [];
    for (const [k, v] of this) if (!only || only.includes(k)) out.push(`${k}=${v}`);
    return out.length ? out.join('; ') : undefined;
  }

  clone() {
    return new Jar(this);
  }
}

// ---- plain HTTP to the sandbox --------------------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

// httpRequest(url, {method, headers, body, timeoutMs}): {status, headers
// (node's lower-cased object), body (string)}. No redirect following.
function httpRequest(url, opts = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const body = opts.body === undefined ? null : Buffer.from(opts.body);
    const headers = { ...(opts.headers || {}) };
    if (body) headers['Content-Length'] = body.length;
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname + u.search,
      method: opts.method || 'GET', headers, agent,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        noteCookies((res.headers['set-cookie'] || []).map((v) => ['set-cookie', v]));
        resolve({
          status: res.statusCode, headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    req.setTimeout(opts.timeoutMs ?? 30000, () => req.destroy(new Error(`HTTP timeout: ${url}`)));
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

// httpRaw(port, bytes, timeoutMs): bytes written as they are on a new
// loopback connection to nginx (for requests no HTTP client would build),
// read to the close: {status (null when no status line came), text (the
// whole answer, latin1), body, ms}. No half-close: nginx takes a client's
// FIN for an abort (499).
function httpRaw(port, bytes, timeoutMs = 15000) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const c = net.createConnection(port, '127.0.0.1');
    const chunks = [];
    const timer = setTimeout(() => c.destroy(), timeoutMs);
    c.on('connect', () => c.write(bytes));
    c.on('data', (d) => chunks.push(d));
    c.on('error', () => {});
    c.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      const sep = text.indexOf('\r\n\r\n');
      resolve({ status: m ? Number(m[1]) : null, text, body: sep >= 0 ? text.slice(sep + 4) : '',
        ms: Number(process.hrtime.bigint() - t0) / 1e6 });
    });
  });
}

// hideHomeBlocks(ctx, sid): hide every block of the dashboard home for
// the user of sid. A user who never chose sees them all, one Upwork call or
// two each on a cold page; suites that use GET / as the page that costs
// exactly one call (Home) call this right after signing in. /account makes
// no Upwork call.
const HOME_BLOCKS = ['searches', 'proposals', 'contracts', 'messages', 'earnings'];
async function hideHomeBlocks(ctx, sid) {
  const headers = { Cookie: `__Host-sid=${sid}` };
  const acc = await request(ctx.sock, { path: '/account', headers }, ctx);
  const csrf = (acc.body.toString('utf8').match(/name="csrf" value="([A-Za-z0-9_-]{43})"/) || [])[1];
  if (!csrf) throw new Error(`hideHomeBlocks: no CSRF token on /account (${acc.status})`);
  for (const b of HOME_BLOCKS) {
    const r = await request(ctx.sock, { method: 'POST', path: '/home/blocks', body: `csrf=${csrf}&block=${b}&op=hide`,
      headers: { ...headers, Origin: ctx.origin } }, ctx);
    if (r.status !== 303) throw new Error(`hideHomeBlocks: ${b}: ${r.status}`);
  }
}

function htmlUnescape(s) {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// The sandbox consent form's hidden fields, as [name, value] pairs.
function hiddenInputs(html) {
  const out = [];
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)) {
    out.push([htmlUnescape(m[1]), htmlUnescape(m[2])]);
  }
  return out;
}

// ---- a whole sign-in ----------------------------------------------------------------

// beginLogin(ctx, jar): GET /auth/login over FastCGI; when the app answers
// 200 with its consent page rather than 303, follow the page's "continue"
// link (/auth/login?agree=VERSION). Returns {login (the 303 response),
// authorizeUrl, consent (whether the consent page was shown)}.
async function beginLogin(ctx, jar) {
  const get = (path) => request(ctx.sock, { path, headers: { Cookie: jar.header() } }, ctx);
  let login = await get('/auth/login');
  jar.update(login);
  let consent = false;
  if (login.status === 200) {
    const m = /href="(\/auth\/login\?agree=[^"]*)"/.exec(login.body.toString('utf8'));
    if (!m) throw new Error('signin: /auth/login answered 200 without an agree link');
    consent = true;
    login = await get(htmlUnescape(m[1]));
    jar.update(login);
  }
  if (login.status !== 303) throw new Error(`signin: /auth/login answered ${login.status}`);
  return { login, authorizeUrl: header(login, 'location'), consent };
}

// authorize(authorizeUrl, user, decision, {direct}): the sandbox's consent
// page (plain HTTP): its hidden inputs plus user and decision POSTed back.
// direct: POST the authorize URL's own query without GETting the page (the
// sandbox checks the POST exactly like the GET). Returns the callback URL.
async function authorize(authorizeUrl, user = 'ada', decision = 'allow', opts = {}) {
  let form;
  if (opts.direct) {
    form = [...new URL(authorizeUrl).searchParams];
  } else {
    const page = await httpRequest(authorizeUrl);
    if (page.status !== 200) throw new Error(`signin: authorize page answered ${page.status}`);
    form = hiddenInputs(page.body);
  }
  form.push(['user', user], ['decision', decision]);
  const au = new URL(authorizeUrl);
  const decided = await httpRequest(au.origin + au.pathname, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  if (decided.status !== 302) throw new Error(`signin: authorize decision answered ${decided.status}`);
  return decided.headers.location;
}

// callback(ctx, jar, callbackUrl): the browser's return to /auth/callback,
// over FastCGI, with the jar's cookies; the jar takes the answer's cookies.
async function callback(ctx, jar, callbackUrl) {
  const cu = new URL(callbackUrl);
  const res = await request(ctx.sock, { path: cu.pathname + cu.search, headers: { Cookie: jar.header() } }, ctx);
  jar.update(res);
  return res;
}

// signin(ctx, user, decision, opts): beginLogin, authorize, callback.
//   ctx    {sock, host, port}: the stack (tests/lib/stack.js)
//   user   'ada' | 'grace';  decision 'allow' | 'deny'
//   opts   jar: a Jar to use and update (default: a new one);
//          loginJar: a Jar for the /auth/login steps only (default: jar);
//          its cookies other than __Host-sid are copied to jar after;
//          direct: see authorize().
// Returns {jar, sid, status, location, res (the callback's response),
//          authorizeUrl, callbackUrl, consent, login}.
async function signin(ctx, user = 'ada', decision = 'allow', opts = {}) {
  const jar = opts.jar || new Jar();
  const loginJar = opts.loginJar || jar;
  const { login, authorizeUrl, consent } = await beginLogin(ctx, loginJar);
  if (loginJar !== jar) {
    for (const [k, v] of loginJar) if (k !== '__Host-sid') jar.set(k, v);
  }
  const callbackUrl = await authorize(authorizeUrl, user, decision, opts);
  const res = await callback(ctx, jar, callbackUrl);
  return {
    jar, sid: jar.get('__Host-sid'), status: res.status, location: header(res, 'location'),
    res, authorizeUrl, callbackUrl, consent, login,
  };
}

// ---- S7: no-store on authenticated responses, no session id in a URL ------------------

// watchS7(): from now on, watch every FastCGI exchange. A response counts as
// authenticated when its request carried a __Host-sid the response did not
// clear, or when it issues a new __Host-sid. check() returns the figures:
// {responses, authenticated, authNoStoreMissing: [...], sids (issued),
//  urls (request URIs, Location headers, href/src/action in bodies),
//  sidInUrl: [...]} and stops watching.
function watchS7() {
  const sids = new Set();
  const urls = [];
  const missing = [];
  let responses = 0, authenticated = 0;
  const off = observe((opts, res) => {
    responses++;
    const cookie = Object.entries(opts.headers || {}).find(([k]) => k.toLowerCase() === 'cookie');
    const sent = cookie && /(?:^|;\s*)__Host-sid=([^;]*)/.exec(cookie[1] || '');
    let cleared = false, issued = false;
    for (const sc of headerAll(res, 'set-cookie')) {
      const m = /^__Host-sid=([^;]*)/.exec(sc);
      if (!m) continue;
      if (m[1] === '' || /;\s*Max-Age=0/i.test(sc)) cleared = true;
      else {
        issued = true;
        sids.add(m[1]);
      }
    }
    if ((sent && sent[1] && !cleared) || issued) {
      authenticated++;
      const cc = headerAll(res, 'cache-control');
      if (!cc.some((v) => /(^|,)\s*no-store\s*(,|$)/i.test(v))) {
        missing.push(`${opts.method || 'GET'} ${opts.path} -> ${res.status}`);
      }
    }
    urls.push(opts.path || '/');
    for (const l of headerAll(res, 'location')) urls.push(l);
    const body = res.body.toString('utf8');
    for (const m of body.matchAll(/\b(?:href|src|action)\s*=\s*"([^"]*)"/gi)) urls.push(m[1]);
  });
  return {
    sids,
    check() {
      off();
      const found = [];
      for (const u of urls) {
        for (const m of u.matchAll(/[A-Za-z0-9_-]{43,}/g)) {
          for (let i = 0; i + 43 <= m[0].length; i++) {
            if (sids.has(m[0].slice(i, i + 43))) found.push(u);
          }
        }
      }
      return { responses, authenticated, authNoStoreMissing: missing, sids: sids.size, urls: urls.length, sidInUrl: found };
    },
  };
}

// pool(n, count, fn): run fn(0..count-1) with at most n at a time; resolves
// to the results in order (a rejection is kept as {error}).
async function pool(n, count, fn) {
  const results = new Array(count);
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      try {
        results[i] = await fn(i);
      } catch (error) {
        results[i] = { error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, count) }, worker));
  return results;
}

module.exports = {
  exchange, request, buildParams, encodeParams, parseCgi, header, headerAll,
  observe, Jar, httpRequest, httpRaw, hideHomeBlocks, hiddenInputs, htmlUnescape, beginLogin, authorize, callback,
  signin, watchS7, pool, T, issuedCookies, noteCookies,
};
