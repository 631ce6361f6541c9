'use strict';
// Every GraphQL document Workdesk embeds (app/graphql/*.graphql) must
// validate against the sandbox schema, which is written from Upwork's
// documented types. A document that drifts from the schema fails here,
// before any page meets Upwork's ValidationError.

const fs = require('node:fs');
const path = require('node:path');
const { parse, validate, getOperationAST } = require('graphql');
const { loadSchema } = require('./graphql');
const { finish } = require('./test-lib');

const dir = path.join(__dirname, '..', '..', 'app', 'graphql');
const schema = loadSchema();
let passed = 0, failed = 0;

function check(ok, name, detail) {
  if (ok) { passed++; return; }
  failed++;
  console.log(`FAIL ${name}${detail ? `: ${detail}` : ''}`);
}

const files = fs.readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort();
check(files.length > 0, 'app/graphql holds documents');
for (const f of files) {
  const text = fs.readFileSync(path.join(dir, f), 'utf8');
  let doc;
  try {
    doc = parse(text);
  } catch (e) {
    check(false, `${f} parses`, e.message);
    continue;
  }
  const errors = validate(schema, doc);
  check(errors.length === 0, `${f} validates against the sandbox schema`,
    errors.map((e) => e.message).join('; '));
  const op = getOperationAST(doc);
  check(op !== null && op.name !== undefined, `${f} holds one named operation`);
  // The embedder names the enum after the file; the operation name must
  // match it, so logs and the sandbox's call log say the same thing.
  const want = path.basename(f, '.graphql').replace(/(^|-)(\w)/g, (_m, _d, c) => c.toUpperCase());
  check(op && op.name && op.name.value === want, `${f} operation is named ${want}`, op && op.name && op.name.value);
}

// The check itself must be able to fail: a broken document is caught.
const broken = parse('query Broken { user { id noSuchField } }');
check(validate(schema, broken).length === 1, 'a document with an unknown field fails validation');

finish('test-documents', passed, failed);
