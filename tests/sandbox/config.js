'use strict';
// Run-time switches of the sandbox (POST /__sandbox/config) and its clock.
//
// Everything that tests may change while the sandbox runs lives here, in one
// object, so that GET /__sandbox/config shows the whole behaviour at a glance
// and POST /__sandbox/reset can restore it in one step.

const DAY_S = 24 * 60 * 60;

const DEFAULTS = Object.freeze({
  access_ttl_s: DAY_S, // Upwork: expires_in 86400
  refresh_ttl_s: 14 * DAY_S, // Upwork: a new refresh token lives 14 days
  refresh_fail: false,
  graphql_fault: null,
  token_fault: null,
  remove_permissions: [],
  // "Type.field" names removed from the schema before validation: Upwork's
  // schema drifting away from our documents.
  drop_fields: [],
  // Added to the wall clock for every expiry decision (codes, tokens), so a
  // test can jump 25 hours ahead without waiting. Log timestamps stay real.
  clock_offset_s: 0,
  // How marketplaceJobPostingsSearch pages (upwork-api.md §2.4 has
  // conflicting reports): "offset" (after = numeric offset string),
  // "cursor" (opaque base64 cursors), "broken" (any pagination_eq -> HTTP
  // 500), "fixed10" (pagination_eq ignored, always the first 10).
  jobs_pagination: 'offset',
  // "Type.field" names whose value is changed in every answer (strings get
  // "MARK·Type.field" appended, numbers move, booleans flip, enums rotate):
  // a test marks one field and sees whether the page that shows it changes.
  mark_fields: [],
  // {"<exact text>": "<replacement>"}: every String value in every answer
  // that is exactly a key answers its replacement instead (after the query
  // ran, like mark_fields), so a test can put chosen text (hostile markup,
  // say) into any field a page shows: a job's title, an organization's
  // name, a story's message.
  replace_text: {},
  // Job ids closed to applications: createJobProposal fails for them.
  closed_jobs: [],
  // {"<organization id>": n}: Connects balance before spending, instead of
  // the seeded one (data-proposals.js).
  connects_balance: {},
  // The longest transactionDateTime_bt that transactionHistory accepts, in
  // days counted inclusively (366: any calendar year, or the same date a
  // year back to today). Upwork's limit is undocumented: the sandbox's choice.
  billing_max_range_days: 366,
});

const REPLACE_TEXT_MAX_ENTRIES = 5000;
const REPLACE_TEXT_MAX_CHARS = 20000; // per key and per replacement

const JOBS_PAGINATION_MODES = ['offset', 'cursor', 'broken', 'fixed10'];

let current = structuredClone(DEFAULTS);

function get() {
  return current;
}

function snapshot() {
  return structuredClone(current);
}

function reset() {
  current = structuredClone(DEFAULTS);
}

// The sandbox's notion of "now" in ms since the epoch.
function now() {
  return Date.now() + current.clock_offset_s * 1000;
}

function isInt(v, min, max) {
  return Number.isInteger(v) && v >= min && v <= max;
}

const FAULT_KEYS = new Set(['status', 'retry_after', 'html', 'drop', 'delay_ms', 'count', 'errors', 'operation', 'after_execute']);
// Keys only graphql_fault understands: aim at one operation, or hit the
// answer after the request was executed.
const GRAPHQL_ONLY_KEYS = new Set(['operation', 'after_execute']);

// A fault is null or an object such as {"status":429,"retry_after":"7","count":2}.
// Checked strictly: a typo in a test's switch should fail loudly, not be ignored.
function checkFault(name, f) {
  if (f === null) return null;
  if (typeof f !== 'object' || Array.isArray(f)) throw new Error(`${name}: must be null or an object`);
  for (const k of Object.keys(f)) {
    if (!FAULT_KEYS.has(k)) throw new Error(`${name}: unknown key "${k}"`);
    if (GRAPHQL_ONLY_KEYS.has(k) && name !== 'graphql_fault') throw new Error(`${name}: "${k}" is only for graphql_fault`);
  }
  const out = {};
  if (f.html !== undefined) {
    if (f.html !== true) throw new Error(`${name}.html: must be true`);
    out.html = true;
  }
  if (f.drop !== undefined) {
    if (f.drop !== true) throw new Error(`${name}.drop: must be true`);
    out.drop = true;
  }
  if (f.status !== undefined) {
    if (out.html) {
      if (f.status !== 200 && f.status !== 403) throw new Error(`${name}.status: with html it must be 200 or 403`);
    } else if (!isInt(f.status, 400, 599)) {
      throw new Error(`${name}.status: must be an integer 400..599`);
    }
    out.status = f.status;
  }
  if (out.drop && (out.html || out.status !== undefined)) {
    throw new Error(`${name}: drop cannot be combined with status or html`);
  }
  if (f.retry_after !== undefined) {
    if (out.status !== 429 && out.status !== 503) throw new Error(`${name}.retry_after: only with status 429 or 503`);
    const ra = f.retry_after;
    if (typeof ra === 'number' ? !isInt(ra, 0, 1e9) : typeof ra !== 'string' || !/^[\x20-\x7e]{1,100}$/.test(ra)) {
      throw new Error(`${name}.retry_after: must be a non-negative integer or a printable string (seconds or HTTP-date)`);
    }
    out.retry_after = String(ra);
  }
  if (f.delay_ms !== undefined) {
    if (!isInt(f.delay_ms, 0, 600000)) throw new Error(`${name}.delay_ms: must be an integer 0..600000`);
    out.delay_ms = f.delay_ms;
  }
  if (f.errors !== undefined) {
    // An answer of HTTP 200 with this errors[] (Upwork's in-band errors,
    // e.g. "Authorization failed"): any shape a test needs.
    if (!Array.isArray(f.errors) || f.errors.length === 0 ||
        !f.errors.every((e) => e && typeof e === 'object' && typeof e.message === 'string')) {
      throw new Error(`${name}.errors: must be a non-empty list of objects with a message`);
    }
    if (out.html || out.drop || out.status !== undefined) throw new Error(`${name}: errors cannot be combined with status, html or drop`);
    out.errors = structuredClone(f.errors);
  }
  if (out.status === undefined && !out.html && !out.drop && out.delay_ms === undefined && !out.errors) {
    throw new Error(`${name}: needs one of status, html, drop, delay_ms, errors`);
  }
  if (f.count !== undefined) {
    if (!isInt(f.count, 1, 1e9)) throw new Error(`${name}.count: must be a positive integer`);
    out.count = f.count;
  }
  if (f.operation !== undefined) {
    if (typeof f.operation !== 'string' || !/^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(f.operation)) throw new Error(`${name}.operation: must be a GraphQL operation name`);
    out.operation = f.operation;
  }
  if (f.after_execute !== undefined) {
    if (f.after_execute !== true) throw new Error(`${name}.after_execute: must be true`);
    out.after_execute = true;
  }
  return out;
}

const CHECKS = {
  access_ttl_s(v) {
    if (!isInt(v, 1, 10 * 365 * DAY_S)) throw new Error('access_ttl_s: must be a positive integer');
    return v;
  },
  refresh_ttl_s(v) {
    if (!isInt(v, 1, 10 * 365 * DAY_S)) throw new Error('refresh_ttl_s: must be a positive integer');
    return v;
  },
  refresh_fail(v) {
    if (typeof v !== 'boolean') throw new Error('refresh_fail: must be true or false');
    return v;
  },
  graphql_fault: (v) => checkFault('graphql_fault', v),
  token_fault: (v) => checkFault('token_fault', v),
  remove_permissions(v) {
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(s))) {
      throw new Error('remove_permissions: must be a list of "Type.field" strings');
    }
    return [...new Set(v)];
  },
  drop_fields(v) {
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(s))) {
      throw new Error('drop_fields: must be a list of "Type.field" strings');
    }
    return [...new Set(v)];
  },
  mark_fields(v) {
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(s))) {
      throw new Error('mark_fields: must be a list of "Type.field" strings');
    }
    return [...new Set(v)];
  },
  replace_text(v) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      throw new Error('replace_text: must be an object {"<exact text>": "<replacement>"}');
    }
    const entries = Object.entries(v);
    if (entries.length > REPLACE_TEXT_MAX_ENTRIES) throw new Error(`replace_text: at most ${REPLACE_TEXT_MAX_ENTRIES} entries`);
    for (const [from, to] of entries) {
      if (from === '' || from.length > REPLACE_TEXT_MAX_CHARS || typeof to !== 'string' || to.length > REPLACE_TEXT_MAX_CHARS) {
        throw new Error(`replace_text: keys must be non-empty strings and values strings, each at most ${REPLACE_TEXT_MAX_CHARS} characters`);
      }
    }
    // fromEntries: a key such as "__proto__" stays an ordinary key.
    return Object.fromEntries(entries);
  },
  clock_offset_s(v) {
    if (!isInt(v, -10 * 365 * DAY_S, 10 * 365 * DAY_S)) throw new Error('clock_offset_s: must be an integer');
    return v;
  },
  closed_jobs(v) {
    // Strict: every id must be a seeded job posting's id.
    const { jobById } = require('./data-jobs');
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && jobById(s))) {
      throw new Error('closed_jobs: must be a list of job posting ids (strings) of the data set');
    }
    return [...new Set(v)];
  },
  connects_balance(v) {
    const { orgById } = require('./data');
    if (v === null || typeof v !== 'object' || Array.isArray(v) ||
        !Object.entries(v).every(([org, n]) => orgById(org) && isInt(n, 0, 1e6))) {
      throw new Error('connects_balance: must be an object {"<organization id>": integer 0..1000000}');
    }
    return { ...v };
  },
  billing_max_range_days(v) {
    if (!isInt(v, 1, 100000)) throw new Error('billing_max_range_days: must be an integer 1..100000');
    return v;
  },
  jobs_pagination(v) {
    if (!JOBS_PAGINATION_MODES.includes(v)) throw new Error(`jobs_pagination: must be one of ${JOBS_PAGINATION_MODES.join(', ')}`);
    return v;
  },
};

// Applies a partial update. All keys are checked before any is applied, so a
// bad request changes nothing. A key set to null returns to its default
// (for the two faults, null is also the default: no fault).
function update(patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new Error('config: body must be a JSON object');
  }
  const next = {};
  for (const [k, v] of Object.entries(patch)) {
    if (!Object.hasOwn(CHECKS, k)) throw new Error(`config: unknown switch "${k}"`);
    next[k] = v === null ? structuredClone(DEFAULTS[k]) : CHECKS[k](v);
  }
  Object.assign(current, next);
  return snapshot();
}

module.exports = { DEFAULTS, get, snapshot, reset, update, now };
