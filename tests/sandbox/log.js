'use strict';
// The request log that tests read through GET /__sandbox/log.
//
// Entries are built field by field from a fixed list of names (see ALLOWED),
// never from request bodies or headers as a whole: tokens, codes, secrets and
// PKCE verifiers must never reach the log, not even by accident.

const fs = require('node:fs');

const ALLOWED = [
  't', 'method', 'path', 'endpoint', 'status', 'error', 'bearer', 'tenant',
  'grant_type', 'client_auth', 'pkce', 'pkce_verifier_sha256_12', 'decision', 'user',
  'operationName', 'fields', 'fault', 'after_execute',
];

let entries = [];
let file = null;

function setFile(path) {
  file = path;
}

function add(entry) {
  const clean = {};
  for (const k of ALLOWED) if (entry[k] !== undefined) clean[k] = entry[k];
  entries.push(clean);
  // Bound memory in a long `make run`: keep the newest 10,000 entries.
  if (entries.length > 10000) entries = entries.slice(-10000);
  if (file) {
    try {
      fs.appendFileSync(file, JSON.stringify(clean) + '\n');
    } catch (e) {
      process.stderr.write(`sandbox: cannot append to log file ${file}: ${e.message}\n`);
    }
  }
}

function list() {
  return entries;
}

function clear() {
  entries = [];
}

module.exports = { setFile, add, list, clear };
