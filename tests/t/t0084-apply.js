'use strict';
// t0084-apply.js: applying to a job (/jobs/ID/apply, issue 6) and the
// proposals pages, through FastCGI against the sandbox.
//
//   (a) the form: the job's questions, durations, Connects balance, the
//       user's name on Upwork; opening it changes nothing
//   (b) each Upwork error re-renders the form with every input kept and the
//       reason next to its field (cover, amount, duration, question, top),
//       and local checks refuse before anything is sent
//   (c) security-bar test 28: a double click (two POSTs of one form at
//       once) and a replayed POST cause exactly one mutation
//   (d) drafts survive a failed send, a restart of the whole stack and a
//       new sign-in; "Save draft" sends nothing; success deletes the draft
//   (e) outcome unknown: the mutation ran but the answer was lost: the page
//       says so, links to /proposals, and a resend of the form sends nothing
//   (f) missing permission / operation missing from the schema: the page
//       offers "Apply on Upwork" and no form, before and after a try
//   (g) /proposals lists, sorts and pages exactly as the sandbox data say;
//       /proposals/ID shows one; another organization's id is a 404
//   (h) a draft's tie to its job ends at 24 h (DESIGN.md rule 1): the
//       sweep 25 h on turns it into a letter: the text is kept on /account
//       and in the export, the job's id is nowhere in the user's record;
//       letters and drafts can be deleted (CSRF-checked)
//
//   node tests/t/t0084-apply.js     (WORKDESK_BIN=build/asan/workdesk for ASan)
// needs: app

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ok, done, diag, suite, startStack, REPO } = require('../lib/stack');
const fcgi = require('../lib/fcgi');

const NAME = path.basename(__filename);
const CONF = 'upstream_rate_per_s = 0\nupstream_daily_cap = 0\nhttp_timeout_ms = 1500';
const BIN = process.env.WORKDESK_BIN || path.join(REPO, 'build', 'workdesk');
const STORE_RECORD = path.join(REPO, 'build', 'tools', 'store-record');
const ADA = '1390042875001225216';

let st = null;
let sid = null;

async function get(p, s = sid) {
  const r = await fcgi.request(st.sock, { path: p, headers: { Cookie: `__Host-sid=${s}` } }, st);
  return { status: r.status, html: r.body.toString('utf8'), location: fcgi.header(r, 'location') };
}

async function post(p, form, s = sid) {
  const body = new URLSearchParams(form).toString();
  const r = await fcgi.request(st.sock, { method: 'POST', path: p, body, headers: { Cookie: `__Host-sid=${s}`, Origin: st.origin } }, st);
  return { status: r.status, html: r.body.toString('utf8'), location: fcgi.header(r, 'location') };
}

const unescape = (s) => fcgi.htmlUnescape(s);
const field = (html, name) => {
  const m = html.match(new RegExp(`<input [^>]*name="${name}"[^>]* value="([^"]*)"`));
  return m ? unescape(m[1]) : null;
};
const textarea = (html, id) => {
  const m = html.match(new RegExp(`<textarea id="${id}"[^>]*>([\\s\\S]*?)</textarea>`));
  return m ? unescape(m[1]) : null;
};
const errorOf = (html, id) => {
  const m = html.match(new RegExp(`id="${id}-error">([^<]*)<`));
  return m ? unescape(m[1]) : null;
};

async function proposalsDump() {
  return JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/proposals`)).body);
}
async function attempts() {
  return (await proposalsDump()).attempts.length;
}

// The sequence numbers of job j's questions (the dump lists their texts;
// the API numbers them from 1).
const seqs = (j) => j.screeningQuestions.map((_q, k) => k + 1);

// A filled form for job j (sandbox dump entry), from the GET page.
async function formFor(j, extra = {}) {
  const page = await get(`/jobs/${j.id}/apply?k=${encodeURIComponent(j.ciphertext)}`);
  const f = { csrf: field(page.html, 'csrf'), nonce: field(page.html, 'nonce'), k: j.ciphertext,
    cover: 'I have done this before.\nTwice, in fact: <b>really</b> & "truly".', amount: '45.50',
    duration: 'MONTH', action: 'send' };
  for (const n of seqs(j)) f[`q_${n}`] = `Answer ${n}: yes`;
  return { page, form: { ...f, ...extra } };
}

async function main() {
  st = await startStack({ confExtra: CONF });
  try {
    const s = await fcgi.signin(st, 'ada', 'allow');
    if (!s.sid) throw new Error(`sign-in failed: ${s.status}`);
    sid = s.sid;
    const jobs = JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/jobs`)).body).jobs;
    const costs = JSON.parse((await fcgi.httpRequest(`${st.sandboxUrl}/__sandbox/connects`)).body).jobCosts;
    const applied = new Set((await proposalsDump()).proposals.filter((p) => p.organizationId === '1390042875009613825').map((p) => p.jobId));
    const free = jobs.filter((j) => !j.hostile && !applied.has(j.id));
    const withQ = free.filter((j) => j.screeningQuestions.length >= 2);
    const plain = free.filter((j) => j.screeningQuestions.length === 0);
    ok(withQ.length > 8 && plain.length > 8, 'the sandbox has jobs with and without questions that Ada has not applied to');

    // ---- (a) the form --------------------------------------------------------------------------
    const jq = withQ[0];
    const before = (await st.sb.log()).length;
    let { page } = await formFor(jq);
    ok(page.status === 200, '(a) the apply form answers 200', page.status);
    ok(page.html.includes('id="apply-form"') && page.html.includes(`action="/jobs/${jq.id}/apply"`), '(a) it is a form posting to the job');
    for (const n of seqs(jq)) ok(page.html.includes(`name="q_${n}"`), `(a) question ${n} has its field`);
    ok(/id="connects-balance">80</.test(page.html), "(a) Ada's Connects balance (80) is shown");
    ok(/id="apply-nid">adalovelace</.test(page.html), '(a) the form says who applies');
    ok(/<option value="MONTH">1 to 3 months<\/option>/.test(page.html), '(a) durations come from proposalMetadata');
    ok(/name="nonce" value="[A-Za-z0-9_-]{43}"/.test(page.html), '(a) the form carries a one-time token');
    const again = await get(`/jobs/${jq.id}/apply`);
    ok(field(again.html, 'nonce') !== field(page.html, 'nonce'), '(a) each rendering gets a new token');
    ok(await attempts() === 0, '(a) opening the form sends nothing');
    ok((await st.sb.log()).slice(before).every((e) => e.operationName !== 'CreateJobProposal'), '(a) no mutation in the sandbox log');

    // ---- (b) errors keep the input -------------------------------------------------------------
    const cases = [
      { name: 'cover letter too long (Upwork)', extra: { cover: 'x'.repeat(5001) }, field: 'cover', status: 422, code: 'VJCA-8' },
      { name: 'rate below Upwork minimum', extra: { amount: '2.50' }, field: 'amount', status: 422, code: 'VJCA-10' },
      { name: 'a question left blank', local: true, blankQ: true, status: 422 },
      { name: 'amount with three decimals (local)', extra: { amount: '12.345' }, field: 'amount', status: 422, local: true },
      { name: 'unknown duration (local)', extra: { duration: 'DECADE' }, field: 'duration', status: 422, local: true },
    ];
    for (const c of cases) {
      const { form } = await formFor(jq, c.extra || {});
      if (c.blankQ) form.q_2 = '   ';
      const n0 = await attempts();
      const r = await post(`/jobs/${jq.id}/apply`, form);
      const fieldId = c.blankQ ? 'q_2' : c.field;
      ok(r.status === c.status, `(b) ${c.name}: ${c.status}`, r.status);
      const msg = errorOf(r.html, fieldId);
      ok(msg !== null && (!c.code || msg.startsWith(c.code)), `(b) ${c.name}: the reason is next to ${fieldId}`, msg);
      ok(textarea(r.html, 'cover') === form.cover, `(b) ${c.name}: the cover letter is kept exactly`);
      ok(field(r.html, 'amount') === form.amount, `(b) ${c.name}: the amount is kept`);
      ok(new RegExp(`<option value="${form.duration}" selected>`).test(r.html) || c.field === 'duration', `(b) ${c.name}: the duration is kept`);
      ok(seqs(jq).every((n) => textarea(r.html, `q_${n}`) === form[`q_${n}`]), `(b) ${c.name}: every answer is kept`);
      ok(await attempts() === n0 + (c.local ? 0 : 1), `(b) ${c.name}: ${c.local ? 'nothing was sent' : 'one attempt reached Upwork'}`);
    }
    // Job closed, not enough Connects, applied before: reasons at the top, 409.
    const closed = plain[0];
    await st.sb.config({ closed_jobs: [closed.id] });
    let { form } = await formFor(closed);
    let r = await post(`/jobs/${closed.id}/apply`, form);
    ok(r.status === 409 && /id="apply-error">VJCA-2: /.test(r.html), '(b) job closed: 409 with the reason at the top', r.status);
    ok(textarea(r.html, 'cover') === form.cover, '(b) job closed: the cover letter is kept');
    await st.sb.config({ closed_jobs: [] });
    await st.sb.config({ connects_balance: { '1390042875009613825': 1 } });
    ({ form } = await formFor(closed));
    r = await post(`/jobs/${closed.id}/apply`, form);
    ok(r.status === 409 && /id="apply-error">VJCA-17: Not enough Connects/.test(r.html), '(b) not enough Connects: 409 with the reason', r.status);
    ok(/id="connects-balance">1</.test(r.html), '(b) ... and the balance shown is current (1)');
    await st.sb.config({ connects_balance: null });

    // ---- (c) test 28: double click and replay ----------------------------------------------------
    const jc = plain[1];
    ({ form } = await formFor(jc));
    const n0 = await attempts();
    const [r1, r2] = await Promise.all([post(`/jobs/${jc.id}/apply`, form), post(`/jobs/${jc.id}/apply`, form)]);
    const dump = await proposalsDump();
    const made = dump.proposals.filter((p) => p.created && p.jobId === jc.id);
    ok(dump.attempts.length === n0 + 1, '(c) test 28: a double click causes exactly one mutation', dump.attempts.length - n0);
    ok(made.length === 1, '(c) ... and one proposal', made.length);
    // The first click's answer names the new proposal; the second (the one
    // a browser shows) waits for the first and leads to the list, since
    // the claim keeps no id of Upwork's.
    const target = `/proposals/${made[0] && made[0].id}?applied=1`;
    const locs = [r1.location, r2.location].sort();
    ok(r1.status === 303 && r2.status === 303 && locs[0] === target && locs[1] === '/proposals?applied=1',
      '(c) one click ends on the new proposal, the other on the list', [r1.status, r1.location, r2.status, r2.location]);
    const r3 = await post(`/jobs/${jc.id}/apply`, form);
    ok(r3.status === 303 && r3.location === '/proposals?applied=1', '(c) a replayed POST leads to the list', [r3.status, r3.location]);
    const lp = await get('/proposals?applied=1');
    const firstRow = (lp.html.match(/<li class="card proposal-row" id="proposal-(\d+)"/) || [])[1];
    ok(/id="proposal-applied"/.test(lp.html) && firstRow === made[0].id, '(c) which says it was sent and shows it first', firstRow);
    ok(await attempts() === n0 + 1, '(c) test 28: the replay sends nothing');
    ok((await proposalsDump()).connects.balances['1390042875009613825'] === 80 - costs[jc.id], '(c) Connects were spent once', costs[jc.id]);
    const shown = await get(target);
    ok(shown.status === 200 && /id="proposal-applied"/.test(shown.html) && /id="proposal-status">Submitted</.test(shown.html), '(c) the proposal page confirms it');
    ok(unescape(shown.html.match(/id="proposal-cover">([\s\S]*?)<\/p>/)[1]) === form.cover, '(c) with the cover letter as written');
    const list = await get('/proposals?list=submitted&sort=created&order=desc');
    ok(list.html.includes(`id="proposal-${made[0].id}"`), '(c) and /proposals lists it first', list.status);
    ok(list.html.indexOf(`id="proposal-${made[0].id}"`) === list.html.indexOf('id="proposal-'), '(c) ... first');
    const formsDir = path.join(st.var, 'data', 'forms');
    const formFiles = () => fs.readdirSync(formsDir).filter((f) => !f.startsWith('.'));
    ok(formFiles().length > 0 && formFiles().every((f) => !fs.readFileSync(path.join(formsDir, f)).includes(made[0].id)),
      '(c) the sent-form records hold no id of Upwork\'s (rule 1)', formFiles().length);
    const export1 = JSON.parse((await get('/account/export')).html);
    ok(!export1.workdesk.drafts || !export1.workdesk.drafts[jc.id], '(c) a sent proposal leaves no draft');

    // ---- (d) drafts -------------------------------------------------------------------------------
    const jd = withQ[1];
    ({ form } = await formFor(jd, { amount: '', action: 'save', cover: 'Draft text\nwith two lines' }));
    r = await post(`/jobs/${jd.id}/apply`, form);
    ok(r.status === 303 && r.location.startsWith(`/jobs/${jd.id}/apply?saved=1`), '(d) "Save draft" answers 303 back to the form', [r.status, r.location]);
    ok(await attempts() === n0 + 1, '(d) "Save draft" sends nothing');
    page = await get(r.location);
    ok(/id="apply-notice">Your draft is saved/.test(page.html) && textarea(page.html, 'cover') === form.cover, '(d) the form shows the draft');
    // A failed send keeps it, changed.
    ({ form } = await formFor(jd, { cover: 'Second version', amount: '2.00' }));
    r = await post(`/jobs/${jd.id}/apply`, form);
    ok(r.status === 422, '(d) a failed send (rate too low)', r.status);
    st.restart && await st.restart();
    const s2 = await fcgi.signin(st, 'ada', 'allow');
    page = await get(`/jobs/${jd.id}/apply`, s2.sid);
    ok(page.status === 200 && textarea(page.html, 'cover') === 'Second version' && field(page.html, 'amount') === '2.00',
      '(d) after a restart of the whole stack and a new sign-in, the draft is there', [page.status, textarea(page.html, 'cover')]);
    ok(seqs(jd).every((n) => textarea(page.html, `q_${n}`) === form[`q_${n}`]), '(d) ... with every answer');
    ok(/id="apply-draft">Draft saved /.test(page.html), '(d) ... and says when it was saved');
    const ex = JSON.parse((await get('/account/export', s2.sid)).html);
    ok(ex.workdesk.drafts && ex.workdesk.drafts[jd.id] && ex.workdesk.drafts[jd.id].cover === 'Second version', '(d) the draft is in "download your data"');
    sid = s2.sid;

    // Line ends as browsers send them (CR LF) are kept as LF; an oversized
    // field is cut at 20000 bytes, never inside a character (the record
    // must stay valid UTF-8 JSON, or the user's other data would be lost).
    const jlong = plain[7];
    // 20 bytes + 19979 + "é" (2 bytes: the cut at 20000 falls inside it).
    ({ form } = await formFor(jlong, { action: 'save', cover: `line one\r\nline two\r\n${'a'.repeat(19979)}éEND` }));
    r = await post(`/jobs/${jlong.id}/apply`, form);
    ok(r.status === 303, '(d) an oversized draft is saved', r.status);
    page = await get(`/jobs/${jlong.id}/apply`);
    const kept = textarea(page.html, 'cover');
    ok(kept !== null && kept === `line one\nline two\n${'a'.repeat(19979)}`,
    '(d) CR LF kept as LF, cut at 20000 bytes on a character boundary', kept && Buffer.byteLength(kept));
    ok(JSON.parse((await get('/account/export')).html).workdesk.drafts[jd.id].cover === 'Second version',
      '(d) the user record still reads whole after it');

    // ---- (e) outcome unknown -----------------------------------------------------------------------
    const je = plain[2];
    ({ form } = await formFor(je));
    await st.sb.config({ graphql_fault: { drop: true, operation: 'CreateJobProposal', after_execute: true, count: 1 } });
    const e0 = await attempts();
    r = await post(`/jobs/${je.id}/apply`, form);
    ok(r.status === 504 && /The outcome is unknown/.test(r.html) && /\/proposals/.test(r.html), '(e) answer lost: 504 "outcome unknown" pointing to /proposals', r.status);
    ok(await attempts() === e0 + 1, '(e) exactly one attempt (never retried)', (await attempts()) - e0);
    ok((await proposalsDump()).proposals.some((p) => p.created && p.jobId === je.id), '(e) (the proposal did reach Upwork)');
    r = await post(`/jobs/${je.id}/apply`, form);
    ok(r.status === 409 && (await attempts()) === e0 + 1, '(e) sending the same form again sends nothing (409)', r.status);
    page = await get(`/jobs/${je.id}/apply`);
    ok(textarea(page.html, 'cover') === form.cover, '(e) the draft is kept for the user to check');
    // Test 28's own case: the upstream times out after the send (the
    // answer comes 3 s late; Workdesk waits 1.5 s).
    const je2 = plain[8];
    ({ form } = await formFor(je2));
    await st.sb.config({ graphql_fault: { delay_ms: 3000, operation: 'CreateJobProposal', after_execute: true, count: 1 } });
    const t0 = Date.now();
    r = await post(`/jobs/${je2.id}/apply`, form);
    ok(r.status === 504 && /The outcome is unknown/.test(r.html), '(e) test 28: upstream timeout after the send: "outcome unknown"', r.status);
    ok(Date.now() - t0 < 2900, '(e) ... answered when Workdesk stopped waiting, not when Upwork answered', Date.now() - t0);
    await new Promise((res) => setTimeout(res, 1700));
    ok((await proposalsDump()).attempts.filter((a) => a.jobReference === je2.id).length === 1, '(e) test 28: exactly one mutation for the form');
    const late = (await proposalsDump()).proposals.find((p) => p.created && p.jobId === je2.id);
    ok(late && (await get('/proposals?list=submitted&sort=created&order=desc')).html.includes(`id="proposal-${late.id}"`),
      '(e) the proposals page it points to shows what Upwork did (not a stale list)');
    r = await post(`/jobs/${je2.id}/apply`, form);
    ok(r.status === 409 && (await proposalsDump()).attempts.filter((a) => a.jobReference === je2.id).length === 1,
      '(e) test 28: resending the form after the timeout sends nothing', r.status);

    // ---- (f) no permission, no operation -------------------------------------------------------------
    // (Grace: Ada's answer about the schema is cached for an hour.)
    const jf = plain[3];
    const gs = await fcgi.signin(st, 'grace', 'allow');
    await st.sb.config({ drop_fields: ['Mutation.createJobProposal'] });
    page = await get(`/jobs/${jf.id}/apply?k=${encodeURIComponent(jf.ciphertext)}`, gs.sid);
    ok(page.status === 200 && /id="apply-blocked"/.test(page.html) && !/id="apply-form"/.test(page.html), '(f) operation not in the schema: no form', page.status);
    ok(page.html.includes(`id="apply-upwork" href="https://www.upwork.com/jobs/${jf.ciphertext}"`), '(f) ... and "Apply on Upwork" links to the job');
    await st.sb.config({ drop_fields: [] });
    // The permission is learnt from the first refusal, then no form for 24 h.
    const jg = plain[4];
    ({ form } = await formFor(jg));
    ok(/id="apply-form"/.test((await get(`/jobs/${jg.id}/apply`)).html), '(f) the form is offered while nothing says otherwise');
    await st.sb.config({ remove_permissions: ['Mutation.createJobProposal'] });
    const f0 = await attempts();
    r = await post(`/jobs/${jg.id}/apply`, form);
    ok(r.status === 403 && /Submit Proposal/.test(r.html) && !/id="apply-form"/.test(r.html), '(f) permission refused: 403, says which, no form', r.status);
    ok(/id="apply-upwork"/.test(r.html) && textarea(r.html, 'draft-cover') === form.cover, '(f) ... with the Upwork link and the draft to copy');
    ok(await attempts() === f0, '(f) nothing was created');
    for (const j of [jg, plain[5], withQ[2]]) {
      page = await get(`/jobs/${j.id}/apply?k=${encodeURIComponent(j.ciphertext)}`);
      ok(/id="apply-blocked"/.test(page.html) && !/id="apply-form"/.test(page.html) && /id="apply-upwork"/.test(page.html), `(f) afterwards job ${j.id}: no form, the Upwork link`);
    }
    await st.sb.config({ remove_permissions: [] });

    // ---- (g) proposals pages -------------------------------------------------------------------------
    // Forget the learnt refusal (a cache note) by restarting with an empty cache is not needed here.
    const all = (await proposalsDump()).proposals.filter((p) => p.organizationId === '1390042875009613825' && p.userId === ADA);
    const buckets = { submitted: ['SUBMITTED'], active: ['ACTIVE'], archived: ['HIRED', 'DECLINED', 'WITHDRAWN', 'JOB_CLOSED'] };
    for (const [list, st8] of Object.entries(buckets)) {
      for (const [sortKey, field2] of [['created', 'createdDateTime'], ['modified', 'modifiedDateTime']]) {
        for (const order of ['desc', 'asc']) {
          const want = all.filter((p) => st8.includes(p.status))
            .sort((a, b) => (a[field2] < b[field2] ? -1 : a[field2] > b[field2] ? 1 : a.id < b.id ? -1 : 1));
          if (order === 'desc') want.reverse();
          const pg = await get(`/proposals?list=${list}&sort=${sortKey}&order=${order}`);
          const got = [...pg.html.matchAll(/id="proposal-(\d+)"/g)].map((m) => m[1]);
          ok(pg.status === 200 && JSON.stringify(got) === JSON.stringify(want.slice(0, 20).map((p) => p.id)),
            `(g) ${list}/${sortKey}/${order}: the ids in order`, { got, want: want.slice(0, 20).map((p) => p.id) });
        }
      }
    }
    for (const bad of ['list=mine', 'sort=price', 'order=up', 'after=7', 'after=-20', 'after=x']) {
      const pg = await get(`/proposals?${bad}`);
      ok(pg.status === 400, `(g) /proposals?${bad}: 400`, pg.status);
    }
    const grace = (await proposalsDump()).proposals.find((p) => p.userId !== ADA);
    const pg = await get(`/proposals/${grace.id}`);
    ok(pg.status === 404, "(g) another user's proposal: 404", pg.status);
    const hostile = all.find((p) => /<script/i.test(p.coverLetter || ''));
    const hp = await get(`/proposals/${hostile.id}`);
    ok(hp.status === 200 && !/<script/i.test(hp.html.replace(/<script[^>]*nonce/gi, '')) && /&lt;script/i.test(hp.html), '(g) a hostile cover letter is shown as text');
    ok(/href="https:\/\/www\.upwork\.com\/nx\/proposals\/\d+"/.test(hp.html), '(g) the proposal links to its page on Upwork');

    // ---- (h) drafts older than 24 h lose their job ------------------------------------------------
    const jh = plain[6];
    ({ form } = await formFor(jh, { action: 'save', cover: 'A letter\nworth keeping', amount: '77' }));
    r = await post(`/jobs/${jh.id}/apply`, form);
    ok(r.status === 303, '(h) a draft saved', r.status);
    const sweepAt = (offset) => execFileSync('env', [
      'LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', `FAKETIME=${offset}`,
      'FAKETIME_DONT_FAKE_MONOTONIC=1',
      // ASan must tolerate the preload that comes before it (as stack.sh does).
      `ASAN_OPTIONS=${process.env.ASAN_OPTIONS ? `${process.env.ASAN_OPTIONS}:` : ''}verify_asan_link_order=0`,
      BIN, 'sweep', '-c', path.join(st.var, 'workdesk.conf')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const record = () => execFileSync(STORE_RECORD, [path.join(st.var, 'data'), 'users', 'get', ADA], { encoding: 'utf8' });
    sweepAt('+23h');
    ok(record().includes(`"${jh.id}"`), '(h) 23 h on, the sweep leaves it (the record still names the job)');
    sweepAt('+25h');
    ok(formFiles().length > 0, '(h) sent-form records outlive a day (they stop resends for 7 days)');
    // (The sweep, a day on, also ended the idle session: sign in again.)
    sid = (await fcgi.signin(st, 'ada', 'allow')).sid;
    const rec = record();
    ok(!rec.includes(jh.id), '(h) 25 h on, the job\'s id is gone from the user record');
    ok(rec.includes('A letter\\nworth keeping'), '(h) ... and the text is kept', rec.slice(0, 200));
    page = await get(`/jobs/${jh.id}/apply`);
    ok(textarea(page.html, 'cover') === '', '(h) the apply form no longer has it');
    const acc = await get('/account');
    const letterId = (acc.html.match(/id="letter-(\d{16})"/) || [])[1];
    ok(letterId && /A letter\nworth keeping/.test(acc.html), '(h) /account shows the text to copy', acc.status);
    const exp = JSON.parse((await get('/account/export')).html);
    ok(new RegExp(`id="account-letters">${(exp.workdesk.letters || []).length}<`).test(acc.html) && exp.workdesk.letters.length >= 1,
      '(h) ... and counts the texts (every draft of this suite is one by now)', (exp.workdesk.letters || []).length);
    ok(!Object.keys(exp.workdesk.drafts || {}).length, '(h) no draft is tied to a job any more');
    ok(exp.workdesk.letters && exp.workdesk.letters.some((l) => l.cover === 'A letter\nworth keeping' && !('job' in l)), '(h) the export has it, without a job');
    const csrf = field(acc.html, 'csrf');
    r = await post(`/account/letters/${letterId}/delete`, { csrf: 'x' });
    ok(r.status === 403, '(h) deleting without the CSRF token: 403', r.status);
    r = await post(`/account/letters/${letterId}/delete`, { csrf });
    ok(r.status === 303 && !(await get('/account')).html.includes(`id="letter-${letterId}"`), '(h) deleting it: gone');
    ({ form } = await formFor(jh, { action: 'save', cover: 'Another draft' }));
    await post(`/jobs/${jh.id}/apply`, form);
    ok(new RegExp(`id="draft-${jh.id}"`).test((await get('/account')).html), '(h) a draft is listed on /account');
    r = await post(`/account/drafts/${jh.id}/delete`, { csrf });
    ok(r.status === 303 && textarea((await get(`/jobs/${jh.id}/apply`)).html, 'cover') === '', '(h) deleting a draft: gone');
    sweepAt('+6d');
    ok(formFiles().length > 0, '(h) 6 days on, the sweep keeps the sent-form records');
    sweepAt('+8d');
    ok(formFiles().length === 0, '(h) 8 days on, it has deleted them', formFiles().length);
  } finally {
    await st.sb.reset().catch(() => null);
    st.finish();
  }
  return done(NAME);
}

suite(NAME, main);
