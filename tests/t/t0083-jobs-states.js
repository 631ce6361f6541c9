'use strict';
// t0083-jobs-states.js: the job search's clear states when Upwork cannot
// give results: a missing API permission, Upwork unavailable with and
// without cached results (and their age), and no results.
// needs: app

const path = require('node:path');
const { ok, done, diag, suite, startStack } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const ctx = (st) => ({ sock: st.sock, host: st.host, port: st.port });

async function get(st, jar, p) {
  const r = await fcgi.request(st.sock, { path: p, headers: { Cookie: jar.header() } }, ctx(st));
  jar.update(r);
  return { status: r.status, body: r.body.toString('utf8') };
}

const cards = (html) => (html.match(/<article class="card job"/g) || []).length;
const notice = (html) => {
  const m = /id="search-error">([^<]*)</.exec(html);
  return m ? m[1] : null;
};

async function main() {
  const st = await startStack({ faketime: true,
    confExtra: 'upstream_rate_per_s = 0\nupstream_daily_cap = 0' });
  try {
    const s = await fcgi.signin(ctx(st), 'ada', 'allow');
    ok(s.status === 303 && s.sid, 'signed in as Ada');
    const jar = s.jar;

    // Missing permission: Upwork fails the whole query, naming the field.
    await st.sb.config({ remove_permissions: ['MarketplaceJobPostingSearchResult.totalApplicants'] });
    let r = await get(st, jar, '/jobs?q=design');
    ok(r.status === 403, 'missing permission: 403', r.status);
    ok(/lacks a permission/.test(notice(r.body) || ''), 'missing permission: the notice says so', notice(r.body));
    ok(/MarketplaceJobPostingSearchResult\.totalApplicants/.test(notice(r.body) || ''),
      'missing permission: the notice names the field', notice(r.body));
    ok(/id="q"[^>]*value="design"/.test(r.body), 'missing permission: the form keeps the search');
    ok(cards(r.body) === 0, 'missing permission: no results shown');
    await st.sb.config({ remove_permissions: null });

    // Upwork unavailable, nothing cached: a clear notice, 502/503.
    await st.sb.config({ graphql_fault: { status: 503 } });
    r = await get(st, jar, '/jobs?q=writer');
    ok(r.status === 502 || r.status === 503, 'Upwork down, nothing cached: 502/503', r.status);
    ok(/Upwork/.test(notice(r.body) || ''), 'Upwork down: the notice says Upwork had a problem', notice(r.body));
    ok(/id="q"[^>]*value="writer"/.test(r.body), 'Upwork down: the form keeps the search');
    await st.sb.config({ graphql_fault: null });

    // Cached results while Upwork is down: a fresh entry is served with no
    // call at all; past its fresh lifetime (cache_ttl_s, 600 s) it is
    // served with its age while Upwork fails, as long as it is < 24 h old.
    r = await get(st, jar, '/jobs?q=design');
    const fresh = cards(r.body);
    ok(r.status === 200 && fresh > 0, 'Upwork back: results', `${r.status}, ${fresh} cards`);
    ok(/Results from Upwork, \d{4}-\d\d-\d\d \d\d:\d\d UTC/.test(r.body), 'results say when they came from Upwork');
    await st.sb.clearLog();
    await st.sb.config({ graphql_fault: { status: 503 } });
    r = await get(st, jar, '/jobs?q=design');
    ok(r.status === 200 && cards(r.body) === fresh, 'Upwork down, fresh cache: the results are shown', `${r.status}, ${cards(r.body)}`);
    let calls = (await st.sb.log()).filter((e) => e.endpoint === 'graphql').length;
    ok(calls === 0, 'fresh cached results cost no call', calls);
    st.setClock(900);	// 15 min later: past the fresh lifetime
    r = await get(st, jar, '/jobs?q=design');
    ok(r.status === 200 && cards(r.body) === fresh, 'Upwork down, stale cache: the results are still shown', `${r.status}, ${cards(r.body)}`);
    ok(/id="stale-banner"[^>]*>[^<]*data from \d{4}-\d\d-\d\d \d\d:\d\d UTC/.test(r.body),
      'stale results carry the banner with their age');
    calls = (await st.sb.log()).filter((e) => e.endpoint === 'graphql').length;
    ok(calls >= 1 && calls <= 3, 'stale results: Upwork was asked first (1-3 attempts)', calls);
    await st.sb.config({ graphql_fault: null });

    // No results: its own state, not an error.
    r = await get(st, jar, '/jobs?q=zzzqqqxxnothing');
    ok(r.status === 200 && /id="no-results"/.test(r.body), 'no results: 200 with its own notice', r.status);
    ok(notice(r.body) === null, 'no results: not an error');
  } catch (e) {
    ok(false, 'suite ran to the end', e.stack);
  } finally {
    st.finish();
  }
  return done(NAME);
}

suite(NAME, main);
