'use strict';
// POST /graphql: Upwork's GraphQL endpoint, validated and executed by
// graphql-js (the reference implementation) against schema/*.graphql.
//
// Upwork runs graphql-java; its error shapes are mirrored here as far as
// graphql-js allows (upwork-api.md §2.13): HTTP 200 with errors[] holding
// message, locations and extensions.classification.
//
// To add an area of the API: add schema/AREA.graphql (types plus
// `extend type Query/Mutation`), resolvers/AREA.js (an object
// {TypeName: {field: resolver}}) and its demo data in data.js. Nothing here
// needs to change.

const fs = require('node:fs');
const path = require('node:path');
const {
  parse, validate, execute, buildSchema, specifiedRules, visit, visitWithTypeInfo,
  TypeInfo, getOperationAST, Kind, buildASTSchema, defaultFieldResolver, getNullableType,
  isListType, isEnumType, isScalarType, isObjectType, getNamedType,
} = require('graphql');
const config = require('./config');
const faults = require('./faults');
const respond = require('./respond');
const data = require('./data');

const TENANT_HEADER = 'x-upwork-api-tenantid';
const BODY_LIMIT = 1024 * 1024;

// ---- schema and resolvers ------------------------------------------------

function loadSdl(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort();
  let sdl = files.map((f) => `# ---- ${f}\n` + fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
  const defs = parse(sdl).definitions;
  const has = (kind) => defs.some((d) => d.kind === kind && d.name.value === 'Mutation');
  if (has(Kind.OBJECT_TYPE_EXTENSION) && !has(Kind.OBJECT_TYPE_DEFINITION)) sdl = 'type Mutation\n' + sdl;
  return sdl;
}

// Merges resolvers/*.js. A type.field defined twice, or one the schema does
// not have, is a programming error: fail at start-up, not at request time.
function attachResolvers(schema, dir) {
  const seen = new Map();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.js')).sort()) {
    const mod = require(path.resolve(dir, f));
    for (const [typeName, fields] of Object.entries(mod)) {
      const type = schema.getType(typeName);
      if (!type || typeof type.getFields !== 'function') throw new Error(`resolvers/${f}: no object type ${typeName} in the schema`);
      const schemaFields = type.getFields();
      for (const [fieldName, fn] of Object.entries(fields)) {
        const key = `${typeName}.${fieldName}`;
        if (!schemaFields[fieldName]) throw new Error(`resolvers/${f}: no field ${key} in the schema`);
        if (seen.has(key)) throw new Error(`resolvers/${f}: ${key} already resolved in resolvers/${seen.get(key)}`);
        if (typeof fn !== 'function') throw new Error(`resolvers/${f}: ${key} is not a function`);
        seen.set(key, f);
        schemaFields[fieldName].resolve = fn;
      }
    }
  }
}

// ---- marked fields (switch mark_fields) ---------------------------------------

// The value a marked field answers instead of `value`, by the field's type:
// String and ID get "MARK·Type.field" appended; Int +7777 (-7777 where that
// would pass 2^31 - 1); Float +0.7, or -0.7 where a value from 0 to 5 (a
// rating) would pass 5; Boolean flips; an enum rotates to the next value of
// its definition (the last to the first). A list has every element marked
// and keeps its length. null stays null, and an object stays as it is:
// its leaves are marked one by one.
const MARK = 'MARK·';
function markValue(value, type, key) {
  if (value === null || value === undefined) return value;
  const t = getNullableType(type);
  if (isListType(t)) return Array.isArray(value) ? value.map((v) => markValue(v, t.ofType, key)) : value;
  if (isEnumType(t)) {
    const names = t.getValues().map((v) => v.value);
    const i = names.indexOf(value);
    return i < 0 ? value : names[(i + 1) % names.length];
  }
  if (!isScalarType(t)) return value;
  switch (t.name) {
    case 'Boolean':
      return !value;
    case 'Int': {
      const n = Number(value);
      return n + 7777 > 2147483647 ? n - 7777 : n + 7777;
    }
    case 'Float': {
      const n = Number(value);
      const down = n >= 0 && n <= 5 && n + 0.7 > 5;
      return Math.round((down ? n - 0.7 : n + 0.7) * 1e6) / 1e6;
    }
    default:
      return `${value}${MARK}${key}`;
  }
}

// ---- replaced text (switch replace_text) ---------------------------------------

// A String value that is exactly a key of `table` answers the key's
// replacement; a list of String has each element looked up. Anything else
// (ID, enums, numbers, objects) stays as it is.
function replaceText(value, type, table) {
  if (value === null || value === undefined) return value;
  const t = getNullableType(type);
  if (isListType(t)) return Array.isArray(value) ? value.map((v) => replaceText(v, t.ofType, table)) : value;
  return typeof value === 'string' && Object.hasOwn(table, value) ? table[value] : value;
}

// Without building the list of keys on every field of every answer.
function notEmpty(table) {
  for (const k in table) if (Object.hasOwn(table, k)) return true;
  return false;
}

// Every field of every object type answers through this wrapper: a String
// field's value is looked up in replace_text, then, when its "Type.field"
// is in mark_fields, the value is marked. Fields the operation does not
// select never run, so they change nothing.
function attachMarks(schema) {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const key = `${type.name}.${field.name}`;
      const isText = getNamedType(field.type).name === 'String';
      const resolve = field.resolve || defaultFieldResolver;
      field.resolve = (source, args, ctx, info) => {
        const out = resolve(source, args, ctx, info);
        const { mark_fields: marks, replace_text: texts } = config.get();
        const replace = isText && notEmpty(texts);
        const mark = marks.includes(key);
        if (!replace && !mark) return out;
        const edit = (v) => {
          const w = replace ? replaceText(v, field.type, texts) : v;
          return mark ? markValue(w, field.type, key) : w;
        };
        if (out && typeof out.then === 'function') return out.then(edit);
        return edit(out);
      };
    }
  }
}

function loadSchema(baseDir = __dirname) {
  const sdl = loadSdl(path.join(baseDir, 'schema'));
  const schema = buildSchema(sdl);
  attachResolvers(schema, path.join(baseDir, 'resolvers'));
  attachMarks(schema);
  schema.sandboxSdl = sdl;
  return schema;
}

// Schema drift (switch drop_fields): the same schema without some fields,
// as when Upwork removes or renames a field. Documents are validated against
// it, so the app meets the ValidationError it would meet on the real API.
const driftCache = new Map();
function driftedSchema(schema, dropped) {
  if (!dropped.length) return schema;
  const key = [...dropped].sort().join(',');
  if (!driftCache.has(key)) {
    const drop = new Set(dropped);
    let edited = visit(parse(schema.sandboxSdl), {
      FieldDefinition(node, _key, _parent, _path, ancestors) {
        const owner = ancestors[ancestors.length - 1];
        if (owner && owner.name && drop.has(`${owner.name.value}.${node.name.value}`)) return null;
        return undefined;
      },
    });
    edited = withoutEmptyMutation(edited);
    const drifted = buildASTSchema(edited);
    copyResolvers(schema, drifted);
    driftCache.set(key, drifted);
  }
  return driftCache.get(key);
}

// When every Mutation field is dropped, the Mutation type goes too (an
// object type without fields is not a valid schema).
function withoutEmptyMutation(doc) {
  const isMutation = (d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) && d.name.value === 'Mutation';
  const parts = doc.definitions.filter(isMutation);
  if (!parts.length || parts.some((d) => d.fields && d.fields.length)) return doc;
  return { ...doc, definitions: doc.definitions.filter((d) => !isMutation(d)) };
}

// The drifted schema answers with the same resolvers (marks included), so
// requests run against it and introspection shows the drift.
function copyResolvers(from, to) {
  for (const type of Object.values(to.getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    const original = from.getType(type.name);
    if (!original || !isObjectType(original)) continue;
    const originalFields = original.getFields();
    for (const field of Object.values(type.getFields())) {
      if (originalFields[field.name]) field.resolve = originalFields[field.name].resolve;
    }
  }
}

// ---- error shapes ---------------------------------------------------------

// An error that aborts the request before execution, like Upwork's
// permission errors: {"errors":[{message, extensions:{classification}}]}.
function abortBody(message, classification = 'ExecutionAborted') {
  return { errors: [{ message, extensions: { classification } }] };
}

// graphql-java's names for the validation rules, used in its messages
// "Validation error (FieldUndefined@[user/foo]) : ...".
const RULE_ERROR_TYPES = {
  ExecutableDefinitionsRule: 'NonExecutableDefinition',
  UniqueOperationNamesRule: 'DuplicateOperationName',
  LoneAnonymousOperationRule: 'LoneAnonymousOperationViolation',
  SingleFieldSubscriptionsRule: 'SubscriptionMultipleRootFields',
  KnownTypeNamesRule: 'UnknownType',
  FragmentsOnCompositeTypesRule: 'InlineFragmentTypeConditionInvalid',
  VariablesAreInputTypesRule: 'NonInputTypeOnVariable',
  FieldsOnCorrectTypeRule: 'FieldUndefined',
  UniqueFragmentNamesRule: 'DuplicateFragmentName',
  KnownFragmentNamesRule: 'UndefinedFragment',
  NoUnusedFragmentsRule: 'UnusedFragment',
  PossibleFragmentSpreadsRule: 'InvalidFragmentType',
  NoFragmentCyclesRule: 'FragmentCycle',
  UniqueVariableNamesRule: 'DuplicateVariableName',
  NoUndefinedVariablesRule: 'UndefinedVariable',
  NoUnusedVariablesRule: 'UnusedVariable',
  KnownDirectivesRule: 'UnknownDirective',
  UniqueDirectivesPerLocationRule: 'DuplicateDirectiveName',
  KnownArgumentNamesRule: 'UnknownArgument',
  UniqueArgumentNamesRule: 'DuplicateArgumentNames',
  ValuesOfCorrectTypeRule: 'WrongType',
  ProvidedRequiredArgumentsRule: 'MissingFieldArgument',
  VariablesInAllowedPositionRule: 'VariableTypeMismatch',
  OverlappingFieldsCanBeMergedRule: 'FieldsConflict',
  UniqueInputFieldNamesRule: 'DuplicateInputField',
  MaxIntrospectionDepthRule: 'MaxIntrospectionDepth',
};

function errorType(rule, message) {
  if (rule.name === 'ScalarLeafsRule') {
    return /must have a selection of subfields/.test(message) ? 'SubselectionRequired' : 'SubselectionNotAllowed';
  }
  return RULE_ERROR_TYPES[rule.name] || rule.name.replace(/Rule$/, '');
}

// Maps every AST node to its query path ("room/stories/edges"), the way
// graphql-java names the place of a validation error (field names, not
// aliases; inside a fragment, relative to the fragment).
function nodePaths(doc) {
  const paths = new Map();
  const stack = [];
  visit(doc, {
    enter(node) {
      if (node.kind === Kind.FIELD) stack.push(node.name.value);
      paths.set(node, stack.join('/'));
    },
    leave(node) {
      if (node.kind === Kind.FIELD) stack.pop();
    },
  });
  return paths;
}

function locations(err) {
  return err.locations ? err.locations.map(({ line, column }) => ({ line, column })) : undefined;
}

// Runs the standard rules one by one to know which rule found what, then
// words each error like graphql-java.
function validationErrors(schema, doc) {
  const paths = nodePaths(doc);
  const out = [];
  for (const rule of specifiedRules) {
    for (const err of validate(schema, doc, [rule])) {
      const type = errorType(rule, err.message);
      const where = err.nodes && err.nodes.length ? paths.get(err.nodes[0]) : '';
      let message = err.message;
      const m = /^Cannot query field "([^"]+)" on type "([^"]+)"/.exec(message);
      if (m) message = `Field '${m[1]}' in type '${m[2]}' is undefined`;
      const first = err.locations && err.locations[0];
      out.push({
        sort: first ? first.line * 1e6 + first.column : 0,
        error: {
          message: `Validation error (${type}${where ? `@[${where}]` : ''}) : ${message}`,
          locations: locations(err),
          extensions: { classification: 'ValidationError' },
        },
      });
    }
  }
  out.push(...missingRootTypeErrors(schema, doc));
  return out.sort((a, b) => a.sort - b.sort).map((e) => e.error);
}

// A mutation against a schema without Mutation (every mutation dropped by
// drop_fields): each root field is undefined, as graphql-java says it.
function missingRootTypeErrors(schema, doc) {
  const out = [];
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION || schema.getRootType(def.operation)) continue;
    const typeName = def.operation[0].toUpperCase() + def.operation.slice(1);
    for (const sel of def.selectionSet.selections) {
      if (sel.kind !== Kind.FIELD) continue;
      const loc = sel.loc && sel.loc.startToken;
      out.push({
        sort: loc ? loc.line * 1e6 + loc.column : 0,
        error: {
          message: `Validation error (FieldUndefined@[${sel.name.value}]) : Field '${sel.name.value}' in type '${typeName}' is undefined`,
          locations: loc ? [{ line: loc.line, column: loc.column }] : undefined,
          extensions: { classification: 'ValidationError' },
        },
      });
    }
  }
  return out;
}

// Upwork's "good faith" introspection rule (upwork-api.md §2.1, graphql-java
// GoodFaithIntrospection): each of these may appear at most once in the
// operation, counted through fragments (a fragment counts at every spread).
const INTROSPECTION_LIMITED = new Set(['__schema', '__type', '__Type.fields', '__Type.inputFields', '__Type.interfaces', '__Type.possibleTypes']);

function badFaithIntrospection(schema, doc, op) {
  const fragments = new Map();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const counts = new Map();
  const walk = (set, parentType, depth) => {
    if (!set || depth > 50) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        const isRoot = parentType === schema.getQueryType();
        const key = isRoot && (name === '__schema' || name === '__type') ? name : `${parentType && parentType.name}.${name}`;
        if (INTROSPECTION_LIMITED.has(key)) counts.set(key, (counts.get(key) || 0) + 1);
        let next = null;
        if (name === '__schema') next = schema.getType('__Schema');
        else if (name === '__type') next = schema.getType('__Type');
        else if (parentType && parentType.getFields && parentType.getFields()[name]) next = getNamedType(parentType.getFields()[name].type);
        walk(sel.selectionSet, next, depth + 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parentType, depth + 1);
      } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        if (frag) walk(frag.selectionSet, schema.getType(frag.typeCondition.name.value), depth + 1);
      }
    }
  };
  walk(op.selectionSet, schema.getRootType(op.operation), 0);
  for (const [key, n] of counts) {
    if (n > 1) return `This request is not asking for introspection in good faith - ${key} is present too often!`;
  }
  return null;
}

function syntaxError(err) {
  return {
    errors: [{
      // Upwork (graphql-java) says InvalidSyntax here; the contract of this
      // sandbox keeps every document error under ValidationError.
      message: `Validation error (InvalidSyntax) : ${err.message}`,
      locations: locations(err),
      extensions: { classification: 'ValidationError' },
    }],
  };
}

// Execution errors. Errors raised before any field ran (no path: bad
// variables, unknown operation) are validation errors to Upwork; errors in
// a resolver are DataFetchingException unless the resolver set its own
// classification (e.g. ExecutionAborted for permission checks).
function formatExecutionError(err) {
  const classification = err.originalError && err.originalError.classification;
  if (!err.path) {
    return { message: `Validation error : ${err.message}`, locations: locations(err), extensions: { classification: 'ValidationError' } };
  }
  const where = '/' + err.path.join('/');
  return {
    message: classification ? err.message : `Exception while fetching data (${where}) : ${err.message}`,
    locations: locations(err),
    path: err.path,
    extensions: { classification: classification || 'DataFetchingException' },
  };
}

// ---- document analysis -----------------------------------------------------

// The operation's definition plus the fragments it uses, transitively.
function operationDefinitions(doc, op) {
  const fragments = new Map();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const used = new Map();
  const walk = (node) => {
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (!used.has(name) && fragments.has(name)) {
          used.set(name, fragments.get(name));
          walk(fragments.get(name));
        }
      },
    });
  };
  walk(op);
  return [op, ...used.values()];
}

// Root field names the operation selects (through fragments too), for the log.
function rootFields(doc, op) {
  const fragments = new Map();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const names = [];
  const seenFragments = new Set();
  const collect = (set) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (!names.includes(sel.name.value)) names.push(sel.name.value);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        collect(sel.selectionSet);
      } else if (sel.kind === Kind.FRAGMENT_SPREAD && !seenFragments.has(sel.name.value)) {
        seenFragments.add(sel.name.value);
        const frag = fragments.get(sel.name.value);
        if (frag) collect(frag.selectionSet);
      }
    }
  };
  collect(op.selectionSet);
  return names;
}

// The blocked Type.field coordinates that the operation selects, sorted as in
// Upwork's message. Uses TypeInfo, so fields reached through fragments and
// aliases count by their real parent type and name.
function blockedSelections(schema, doc, op, blocked) {
  const found = new Set();
  for (const def of operationDefinitions(doc, op)) {
    const typeInfo = new TypeInfo(schema);
    visit(def, visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const key = parent && `${parent.name}.${node.name.value}`;
        if (key && blocked.has(key)) found.add(key);
      },
    }));
  }
  return [...found].sort();
}

// ---- the endpoint ------------------------------------------------------------

function bearerToken(req) {
  const m = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i.exec(req.headers.authorization || '');
  return m ? m[1] : null;
}

// `env`: { lookupAccess(token) -> {userKey} | null, portraitUrl(name) -> URL }
function createHandler(schema, env) {
  return async function handleGraphql(req, res, entry) {
    if (req.method !== 'POST') {
      entry.error = 'method_not_allowed';
      respond.json(res, 405, { message: 'Method Not Allowed' }, { Allow: 'POST' });
      return;
    }
    if (!faults.isDeferred(faults.peek('graphql_fault')) && await faults.apply(faults.take('graphql_fault'), req, res, entry)) return;

    // Upwork's exact 401 body is not documented; {"message":"Unauthorized"}
    // is the sandbox's choice. Workdesk must rely on the status code only.
    const grant = env.lookupAccess(bearerToken(req));
    if (!grant) {
      entry.error = 'Unauthorized';
      const challenge = entry.bearer ? 'Bearer realm="api.upwork.com", error="invalid_token"' : 'Bearer realm="api.upwork.com"';
      respond.json(res, 401, { message: 'Unauthorized' }, { 'WWW-Authenticate': challenge });
      return;
    }
    const user = data.userByKey(grant.userKey);
    entry.user = user._key;

    if (respond.mediaType(req) !== 'application/json') {
      entry.error = 'bad_request';
      respond.json(res, 400, { message: 'Bad Request: Content-Type must be application/json' });
      return;
    }
    let body;
    try {
      body = JSON.parse(await respond.readBody(req, BODY_LIMIT));
    } catch (e) {
      entry.error = e instanceof respond.BodyError ? 'body_too_large' : 'bad_request';
      respond.json(res, e.status || 400, { message: e.status ? e.message : 'Bad Request: the body is not JSON' });
      return;
    }
    const shapeError = checkBody(body);
    if (shapeError) {
      entry.error = 'bad_request';
      respond.json(res, 400, { message: `Bad Request: ${shapeError}` });
      return;
    }
    const variables = body.variables ?? undefined;
    const operationName = body.operationName || undefined;
    if (operationName) entry.operationName = operationName;

    let doc = null;
    let parseError = null;
    try {
      doc = parse(body.query, { maxTokens: 20000 });
    } catch (e) {
      parseError = e;
    }
    const op = doc && getOperationAST(doc, operationName);
    if (op) {
      entry.operationName = op.name ? op.name.value : operationName ?? null;
      entry.fields = rootFields(doc, op);
    }
    // graphql_fault with "operation"/"after_execute": decided now that the
    // operation's name is known. after_execute faults hit the answer below.
    let afterFault = null;
    if (faults.isDeferred(faults.peek('graphql_fault'))) {
      const fault = faults.take('graphql_fault', entry.operationName ?? undefined);
      if (fault && fault.after_execute) {
        afterFault = fault;
        entry.after_execute = true;
      } else if (await faults.apply(fault, req, res, entry)) {
        return;
      }
    }
    const reply = async (status, answer, headers) => {
      if (afterFault && await faults.apply(afterFault, req, res, entry)) return;
      respond.json(res, status, answer, headers);
    };
    if (parseError) {
      entry.error = 'ValidationError';
      await reply(200, syntaxError(parseError));
      return;
    }
    const drifted = driftedSchema(schema, config.get().drop_fields);
    const invalid = validationErrors(drifted, doc);
    if (invalid.length) {
      entry.error = 'ValidationError';
      await reply(200, { errors: invalid });
      return;
    }
    if (!op) {
      entry.error = 'ValidationError';
      const message = operationName ? `Unknown operation named '${operationName}'.` : 'Must provide operation name if query contains multiple operations.';
      await reply(200, { errors: [{ message: `Validation error : ${message}`, extensions: { classification: 'ValidationError' } }] });
      return;
    }
    const badFaith = badFaithIntrospection(drifted, doc, op);
    if (badFaith) {
      entry.error = 'BadFaithIntrospection';
      await reply(200, abortBody(badFaith, 'BadFaithIntrospection'));
      return;
    }

    // Missing scopes: one blocked field fails the whole query (upwork-api.md §2.1).
    const removed = config.get().remove_permissions;
    if (removed.length) {
      const hit = blockedSelections(schema, doc, op, new Set(removed));
      if (hit.length) {
        entry.error = 'ExecutionAborted';
        await reply(200, abortBody(`The client or authentication token doesn't have enough oauth2 permissions/scopes to access: [${hit.join(', ')}].`));
        return;
      }
    }

    const tenant = req.headers[TENANT_HEADER];
    const organization = data.organizationFor(user, tenant === undefined ? null : tenant);
    if (!organization) {
      // Upwork's wording for this case is not documented; the class is.
      entry.error = 'ExecutionAborted';
      await reply(200, abortBody('Authorization failed: the user has no access to the organization in X-Upwork-API-TenantId.'));
      return;
    }

    const contextValue = { user, organization, data, portraitUrl: env.portraitUrl, now: config.now };
    let result;
    try {
      result = await execute({ schema: drifted, document: doc, variableValues: variables, operationName, contextValue });
    } catch (e) {
      // execute() only throws for programming errors in the sandbox itself.
      process.stderr.write(`sandbox: graphql execute failed: ${e.stack}\n`);
      entry.error = 'DataFetchingException';
      await reply(500, { message: 'Exception occurred' });
      return;
    }
    // A resolver that throws httpError(status, message) fails the whole
    // request with that HTTP status, as when Upwork's backend breaks
    // (e.g. jobs_pagination "broken": HTTP 500 {"message":"Exception occurred"}).
    const httpFailure = (result.errors || []).find((e) => e.originalError && e.originalError.httpStatus);
    if (httpFailure) {
      entry.error = `http:${httpFailure.originalError.httpStatus}`;
      await reply(httpFailure.originalError.httpStatus, { message: httpFailure.originalError.message }, { 'Cache-Control': 'no-store' });
      return;
    }
    const out = {};
    if (result.errors && result.errors.length) {
      out.errors = result.errors.map(formatExecutionError);
      entry.error = out.errors[0].extensions.classification;
    }
    if (result.data !== undefined) out.data = result.data;
    await reply(200, out);
  };
}

function checkBody(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object';
  if (typeof body.query !== 'string' || body.query.trim() === '') return 'missing "query"';
  if (body.variables != null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) return '"variables" must be an object';
  if (body.operationName != null && typeof body.operationName !== 'string') return '"operationName" must be a string';
  return null;
}

// Errors a resolver can throw to choose its classification, e.g.
// throw classifiedError('Authorization failed', 'ExecutionAborted').
function classifiedError(message, classification) {
  const e = new Error(message);
  e.classification = classification;
  return e;
}

// An error that makes the whole request fail with an HTTP status and
// {"message": message} instead of a GraphQL errors[] entry.
function httpError(status, message) {
  const e = new Error(message);
  e.httpStatus = status;
  return e;
}

module.exports = { loadSchema, createHandler, classifiedError, httpError, bearerToken };
