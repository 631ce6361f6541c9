'use strict';
// Small HTTP helpers shared by the endpoint modules: writing responses,
// reading bounded request bodies, escaping HTML.

function send(res, status, contentType, body, headers = {}) {
  if (res.headersSent || res.destroyed) return;
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(String(body), 'utf8');
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': buf.length,
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(buf);
}

// JSON is UTF-8 by definition (RFC 8259), so no charset parameter: the C
// client compares the media type exactly.
function json(res, status, obj, headers = {}) {
  send(res, status, 'application/json', JSON.stringify(obj), headers);
}

function text(res, status, body, headers = {}) {
  send(res, status, 'text/plain; charset=utf-8', body, headers);
}

function html(res, status, body, headers = {}) {
  send(res, status, 'text/html; charset=utf-8', body, headers);
}

function redirect(res, location, headers = {}) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(302, { Location: location, 'Content-Length': 0, 'Cache-Control': 'no-store', ...headers });
  res.end();
}

class BodyError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// Reads the whole body, refusing more than `limit` bytes (413) so a broken
// client cannot make the sandbox buffer without bound.
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyError(413, 'request body too large'));
      req.resume();
      return;
    }
    const chunks = [];
    let size = 0;
    let failed = false;
    req.on('data', (c) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new BodyError(413, 'request body too large'));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

// The media type of a request, lower-cased, without parameters.
function mediaType(req) {
  return String(req.headers['content-type'] || '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(v) {
  return String(v).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

// application/x-www-form-urlencoded (or a query string) into a Map of
// name -> value. A repeated name is reported, because RFC 6749 §3.1/§3.2
// forbids repeating a parameter and a server must reject it.
function parseForm(s) {
  const params = new Map();
  const repeated = [];
  for (const [k, v] of new URLSearchParams(s)) {
    if (params.has(k)) repeated.push(k);
    else params.set(k, v);
  }
  return { params, repeated };
}

module.exports = { send, json, text, html, redirect, readBody, BodyError, mediaType, escapeHtml, parseForm };
