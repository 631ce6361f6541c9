#!/usr/bin/env node
'use strict';
// Upwork sandbox: a loopback stand-in for Upwork's OAuth 2.0 server and
// GraphQL API, for Workdesk's tests and `make run`. Not Upwork.
//
//   node tests/sandbox/server.js --port 8081 [--host 127.0.0.1] [--log FILE]
//        [--client-id ID] [--client-secret S] [--redirect-uri URI]... [--app-name NAME]
//
// Prints "sandbox listening on http://HOST:PORT" once it accepts requests
// (--port 0 picks a free port). See README.md for every endpoint and switch.

const http = require('node:http');
const path = require('node:path');
const config = require('./config');
const log = require('./log');
const respond = require('./respond');
const data = require('./data');
const jobsData = require('./data-jobs');
const proposalsData = require('./data-proposals');
const messagesData = require('./data-messages');
const messagesControl = require('./messages-control');
const billingData = require('./data-billing');
const contractsData = require('./data-contracts');
const { createOAuth, AUTHORIZE_PATH } = require('./oauth');
const { loadSchema, createHandler } = require('./graphql');

const TOKEN_PATH = '/api/v3/oauth2/token';
const GRAPHQL_PATH = '/graphql';
const CONTROL_PREFIX = '/__sandbox/';

const USAGE = `usage: node tests/sandbox/server.js [--port N] [--host ADDR] [--log FILE] [--secrets FILE]
       [--client-id ID] [--client-secret S] [--redirect-uri URI]... [--app-name NAME]
defaults: --port 8081 --host 127.0.0.1 --client-id workdesk-sandbox
          --client-secret sandbox-secret-not-for-production
          --redirect-uri http://localhost:8080/auth/callback --app-name Workdesk
`;

function die(message) {
  process.stderr.write(`sandbox: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {
    port: 8081,
    host: '127.0.0.1',
    logFile: null,
    secretsFile: null,
    clientId: 'workdesk-sandbox',
    clientSecret: 'sandbox-secret-not-for-production',
    redirectUris: [],
    appName: 'Workdesk',
  };
  const takesValue = { '--port': 'port', '--host': 'host', '--log': 'logFile', '--secrets': 'secretsFile', '--client-id': 'clientId', '--client-secret': 'clientSecret', '--redirect-uri': 'redirectUris', '--app-name': 'appName' };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    const key = takesValue[arg];
    if (!key) die(`unknown option ${arg}`);
    if (value === undefined) {
      if (i + 1 >= argv.length) die(`${arg} needs a value`);
      value = argv[++i];
    }
    if (key === 'redirectUris') opts.redirectUris.push(value);
    else opts[key] = value;
  }
  if (!/^\d+$/.test(String(opts.port)) || Number(opts.port) > 65535) die(`bad --port ${opts.port}`);
  opts.port = Number(opts.port);
  if (!opts.clientId || !opts.clientSecret) die('--client-id and --client-secret must not be empty');
  // Given --redirect-uri options replace the default list.
  if (opts.redirectUris.length === 0) opts.redirectUris.push('http://localhost:8080/auth/callback');
  for (const uri of opts.redirectUris) {
    let u;
    try {
      u = new URL(uri);
    } catch {
      die(`--redirect-uri ${uri} is not an absolute URL`);
    }
    // RFC 6749 §3.1.2: absolute, no fragment.
    if (u.hash || uri.includes('#')) die(`--redirect-uri ${uri} must not have a fragment`);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') die(`--redirect-uri ${uri} must be http or https`);
  }
  return opts;
}

function isLoopback(addr) {
  return typeof addr === 'string' && (/^127\./.test(addr) || addr === '::1' || /^::ffff:127\./.test(addr));
}

function endpointOf(pathname) {
  if (pathname === AUTHORIZE_PATH) return 'authorize';
  if (pathname === TOKEN_PATH) return 'token';
  if (pathname === GRAPHQL_PATH) return 'graphql';
  if (pathname.startsWith('/portraits/')) return 'portrait';
  return 'other';
}

// Deterministic SVG initials for photoUrl/logoURL: no network needed.
function portrait(res, name) {
  const p = Object.hasOwn(data.PORTRAITS, name) ? data.PORTRAITS[name] : null;
  if (!p) {
    respond.text(res, 404, 'Not Found\n');
    return;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100" role="img" aria-label="${respond.escapeHtml(p.initials)}"><rect width="100" height="100" fill="${p.color}"/><text x="50" y="62" font-family="sans-serif" font-size="36" fill="#fff" text-anchor="middle">${respond.escapeHtml(p.initials)}</text></svg>\n`;
  respond.send(res, 200, 'image/svg+xml', svg, { 'Cache-Control': 'public, max-age=3600', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" });
}

function createApp(opts) {
  const oauth = createOAuth({ clientId: opts.clientId, clientSecret: opts.clientSecret, redirectUris: opts.redirectUris, appName: opts.appName, secretsFile: opts.secretsFile });
  let publicBase = null; // set once listening
  const schema = loadSchema(path.join(__dirname));
  const graphql = createHandler(schema, {
    lookupAccess: oauth.lookupAccess,
    portraitUrl: (name) => (name ? `${publicBase}/portraits/${encodeURIComponent(name)}.svg` : null),
  });

  async function control(req, res, pathname) {
    const route = `${req.method} ${pathname.slice(CONTROL_PREFIX.length)}`;
    switch (route) {
      case 'GET health':
        return respond.text(res, 200, 'ok');
      case 'GET log':
        return respond.json(res, 200, log.list());
      case 'DELETE log':
        log.clear();
        return respond.json(res, 200, { cleared: true });
      case 'GET config':
        return respond.json(res, 200, config.snapshot());
      case 'POST config': {
        let patch;
        try {
          // 1 MiB: replace_text tables carry whole job descriptions.
          patch = JSON.parse(await respond.readBody(req, 1024 * 1024));
        } catch (e) {
          return respond.json(res, e.status || 400, { error: e.status ? e.message : 'body is not JSON' });
        }
        try {
          return respond.json(res, 200, config.update(patch));
        } catch (e) {
          return respond.json(res, 400, { error: e.message });
        }
      }
      case 'POST reset':
        config.reset();
        oauth.reset();
        log.clear();
        proposalsData.reset();
        messagesData.reset();
        contractsData.reset();
        return respond.json(res, 200, config.snapshot());
      case 'POST revoke':
        return respond.json(res, 200, { revoked: oauth.revokeAll() });
      case 'GET jobs':
        // The whole job data set at the sandbox's current time, for tests
        // to compute expected search results (README.md "Jobs").
        return respond.json(res, 200, jobsData.dump(config.now()));
      case 'GET jobs/categories':
        return respond.json(res, 200, jobsData.categoriesDump());
      case 'GET proposals':
        // Every proposal (seeded and created), every createJobProposal
        // execution, Connects balances and costs (README.md "Proposals").
        return respond.json(res, 200, proposalsData.dump(config.now()));
      case 'GET connects':
        return respond.json(res, 200, proposalsData.connectsDump());
      case 'GET transactions': {
        // Every ledger row of ?org=ORGANIZATION_ID at the sandbox's current
        // time, for tests to compute totals (README.md "Billing").
        const org = new URL(req.url, 'http://sandbox').searchParams.get('org');
        if (!org) return respond.json(res, 400, { error: 'missing ?org=ORGANIZATION_ID' });
        const dump = billingData.dump(org, config.now());
        return dump ? respond.json(res, 200, dump) : respond.json(res, 404, { error: `no organization ${org}` });
      }
      case 'GET contracts':
        // Every contract (state, milestones, time at the sandbox's current
        // time, room id) and every executed contract mutation (README.md
        // "Contracts").
        return respond.json(res, 200, contractsData.dump(config.now()));
      case 'GET tokens/count':
        // A bare JSON number: easy to compare in shell and C tests.
        return respond.json(res, 200, oauth.liveAccessCount());
      default:
        // Areas with their own endpoints (rooms/...: messages-control.js).
        if (messagesControl.handle(req, res, route)) return undefined;
        return respond.json(res, 404, { error: `no control endpoint ${route}` });
    }
  }

  async function handle(req, res) {
    let pathname;
    try {
      pathname = new URL(req.url, 'http://sandbox').pathname;
    } catch {
      return respond.text(res, 400, 'Bad Request\n');
    }
    if (pathname.startsWith(CONTROL_PREFIX)) {
      // Tests only: never reachable from another host, even if --host
      // binds a public address.
      if (!isLoopback(req.socket.remoteAddress)) return respond.text(res, 403, 'Forbidden\n');
      return control(req, res, pathname);
    }

    const tenant = req.headers['x-upwork-api-tenantid'];
    const entry = {
      t: Date.now(),
      method: req.method,
      path: pathname, // never the query: it may carry state or a challenge
      endpoint: endpointOf(pathname),
      status: null,
      error: null,
      bearer: /^Bearer\s/i.test(req.headers.authorization || ''),
      tenant: tenant === undefined ? null : String(tenant).slice(0, 100),
    };
    res.on('close', () => {
      entry.status = res.headersSent ? res.statusCode : null;
      log.add(entry);
    });

    switch (entry.endpoint) {
      case 'authorize':
        return oauth.authorize(req, res, entry);
      case 'token':
        return oauth.token(req, res, entry);
      case 'graphql':
        return graphql(req, res, entry);
      case 'portrait':
        return portrait(res, pathname.slice('/portraits/'.length).replace(/\.svg$/, ''));
      default:
        entry.error = 'not_found';
        return respond.json(res, 404, { message: 'Not Found' });
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      process.stderr.write(`sandbox: ${req.method} ${req.url}: ${e.stack}\n`);
      if (!res.headersSent) respond.json(res, 500, { message: 'Exception occurred' });
      else res.destroy();
    });
  });
  server.setBase = (base) => {
    publicBase = base;
  };
  return server;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.logFile) log.setFile(opts.logFile);
  const server = createApp(opts);
  server.on('error', (e) => {
    process.stderr.write(`sandbox: ${e.message}\n`);
    process.exit(1);
  });
  server.listen(opts.port, opts.host, () => {
    const { port } = server.address();
    const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    // URLs handed out (photoUrl) must be reachable from this machine.
    const reachable = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host === '::' ? '[::1]' : host;
    server.setBase(`http://${reachable}:${port}`);
    process.stdout.write(`sandbox listening on http://${host}:${port}\n`);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    // Keep-alive connections would hold close() open; end them now.
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) main();

module.exports = { createApp, parseArgs };
