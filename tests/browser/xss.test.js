'use strict';
// xss.test.js: security-bar test 16 (rule I7, output encoding). Every
// payload of xss-payloads.js is put, through the sandbox, into job titles,
// job descriptions, client names and message text, and Workdesk's real
// pages show them in Chromium with CSP bypassed, so what is proven is the
// escaping and not the policy (OWASP's anti-pattern "sole reliance on
// CSP"). Pass: 0 dialogs, the canary window.__xss still 0 after every page
// (alert, confirm and prompt are overridden to count, and still open their
// dialog so the dialog counter sees frames too), no element, handler or
// script URL made from data anywhere, no script error or off-site request,
// and each payload's text shown as text, exactly (modulo white space), in
// the element that holds the field.
//
// How the text gets there (tests/sandbox/README.md):
//   - the switch replace_text maps a string Upwork answers to a payload,
//     wherever it appears: the newest job postings' titles and
//     descriptions (fixed for the whole run); per batch, the titles of
//     Ada's 25 proposals' jobs (so also her proposal rooms' names) and 25
//     client names: her contracts' client organizations, the clients of
//     her proposal rooms and the hiring managers of her contract rooms,
//     and the companies named on her invoices;
//   - POST /__sandbox/rooms/ID/stories: the client of one of her contract
//     rooms writes every payload as a message.
// Pages: /jobs result pages and every job page; every page of the room
// with the messages; per batch /contracts and every contract, /messages and
// the contract rooms, /proposals' three lists, the invoices; in the first
// batch also every proposal and proposal room (the lists show the other
// batches' titles and clients). The app runs with cache_ttl_s = 0, so each
// batch's names are fetched afresh.
// Then a raw U+0000 in a job title: Workdesk refuses such an answer
// (strict JSON), and nothing runs.
//
// One assertion per (field, payload) counts the pages that showed it and
// lists every miss; one per kind of page for injected markup.
//
//   node tests/browser/xss.test.js      (after make all)

const { ok, done, startStack, launch, watch, signIn } = require('./lib');
const { diag } = require('../lib/stack');
const { httpRequest } = require('../lib/fcgi');
const { PAYLOADS, NUL_PAYLOAD } = require('./xss-payloads');

const NAME = 'xss.test.js';
const CONF = 'upstream_rate_per_s = 0\nupstream_daily_cap = 0\ncache_ttl_s = 0';
const ADA_ORG = '1390042875009613825';
const TABS = 4; // pages loaded at once
const SLOTS = 25; // client names per batch
const TEXTS = PAYLOADS.map(([, text]) => text);
const N = TEXTS.length;
const FIELDS = ['job title', 'job description', 'client name', 'message'];

const norm = (s) => String(s).replace(/\s+/g, ' ').trim();
const label = (k) => `#${k} ${PAYLOADS[k][0]} ${JSON.stringify(TEXTS[k]).slice(0, 60)}`;

// ---- what each page shows (runs in the page) ----------------------------------

// For one kind of page: the elements holding Upwork's text, each as
// {text, kids, visible} (kids: element children that only markup from data
// could have made; a story may hold http(s) links), and what in the whole
// document only injected markup could be: elements Workdesk never writes,
// on* handlers, script URLs, style attributes, autofocus. Plus the canary.
async function scan(kind) {
  // Late handlers first: autofocus waits for a frame, ontoggle for a task.
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const one = (el, links = false) => (el ? {
    text: el.textContent,
    kids: [...el.querySelectorAll('*')]
      .filter((c) => !(links && c.tagName === 'A' && /^https?:\/\//.test(c.getAttribute('href') || '') && c.children.length === 0))
      .map((c) => c.tagName.toLowerCase()),
    visible: el.checkVisibility(),
  } : null);
  const all = (sel, links) => [...document.querySelectorAll(sel)].map((el) => one(el, links));
  const id = (el, prefix) => el.id.slice(prefix.length);
  const href = (sel) => {
    const a = document.querySelector(sel);
    return a ? a.getAttribute('href') : null;
  };
  let held;
  switch (kind) {
    case 'jobs results':
      held = {
        cards: [...document.querySelectorAll('article.card.job')].map((c) => ({
          id: id(c, 'job-'), title: one(c.querySelector('h2 a')), excerpt: one(c.querySelector('.excerpt')),
        })),
        next: href('#next-page'),
      };
      break;
    case 'job page':
      held = { title: one(document.querySelector('#job-title')), paras: all('.description .para'), doc: document.title };
      break;
    case 'proposals':
      held = { rows: [...document.querySelectorAll('li.proposal-row')].map((r) => ({ id: id(r, 'proposal-'), title: one(r.querySelector('h2 a')) })) };
      break;
    case 'proposal':
      held = { title: one(document.querySelector('#proposal-title')) };
      break;
    case 'contracts':
      held = { rows: [...document.querySelectorAll('li.contract-row')].map((r) => ({ id: id(r, 'contract-'), party: one(r.querySelector('.party')) })) };
      break;
    case 'contract':
      held = { client: one(document.querySelector('#contract-client')) };
      break;
    case 'rooms':
      held = {
        rows: [...document.querySelectorAll('li.room-row')].map((r) => ({
          id: r.id, name: one(r.querySelector('h2 a')), topic: one(r.querySelector('p.meta[dir="auto"]')),
        })),
      };
      break;
    case 'room':
      held = {
        name: one(document.querySelector('#room-name')),
        topic: one(document.querySelector('.page-head .meta span[dir="auto"]')),
        stories: all('ol.stories .story-text', true),
        authors: all('ol.stories .story-head strong'),
      };
      break;
    case 'invoice':
      held = { client: one(document.querySelector('#invoice-client')) };
      break;
    default:
      held = {};
  }

  const bad = [];
  const note = (el, why) => bad.push(`${why}: ${el.outerHTML.slice(0, 120)}`);
  const NEVER = 'script, iframe, frame, frameset, object, embed, video, audio, source, picture, style, link, meta, base, ' +
    'marquee, math, svg, noscript, template, xmp, plaintext, form:not([action]), main img, header img:not([src="/static/logo.svg"])';
  for (const el of document.body.querySelectorAll(NEVER)) note(el, 'element');
  const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'background', 'poster', 'xlink:href', 'srcset', 'dynsrc', 'lowsrc'];
  for (const el of document.querySelectorAll('*')) {
    if (el instanceof HTMLUnknownElement) note(el, 'unknown element');
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      const v = a.value.replace(/[\u0000-\u0020]/g, '');
      if (n.startsWith('on')) note(el, `handler ${n}`);
      else if (['style', 'autofocus', 'contenteditable', 'srcdoc', 'formaction'].includes(n)) note(el, `attribute ${n}`);
      else if (URL_ATTRS.includes(n) && /^(javascript|data|vbscript):/i.test(v)) note(el, `script URL in ${n}`);
    }
  }
  return { held, bad, xss: window.__xss };
}

// Counted calls to alert/confirm/prompt; the dialog still opens, so the
// page's dialog handler counts it too (from any frame).
function canary() {
  window.__xss = 0;
  for (const name of ['alert', 'confirm', 'prompt']) {
    const real = window[name];
    window[name] = function counted(...args) {
      window.__xss++;
      return real.apply(this, args);
    };
  }
}

// ---- the run ------------------------------------------------------------------------------

async function main() {
  const t0 = Date.now();
  const stack = await startStack({ confExtra: CONF });
  const browser = await launch();
  const sbGet = async (p) => JSON.parse((await httpRequest(`${stack.sandboxUrl}/__sandbox/${p}`)).body);
  const sbPost = async (p, body) => {
    const r = await httpRequest(`${stack.sandboxUrl}/__sandbox/${p}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    if (r.status !== 200) throw new Error(`sandbox POST ${p}: ${r.status} ${r.body.slice(0, 200)}`);
    return JSON.parse(r.body);
  };
  // Per field and payload: the pages that showed it as text, and misses.
  const seen = Object.fromEntries(FIELDS.map((f) => [f, TEXTS.map(() => ({ pages: 0, misses: [] }))]));
  const injected = new Map(); // kind of page -> { pages, bad: [] }
  const figures = { pages: 0, dialogs: 0, canary: 0 };
  const problems = [];
  const dialogAt = [];

  // Does `h` (a holder from scan) show payload k as text, exactly?
  function check(field, k, where, h) {
    if (!Number.isInteger(k)) throw new Error(`${where}: no payload for this ${field}`);
    const s = seen[field][k];
    let why = null;
    if (!h) why = 'not on the page';
    else if (norm(h.text) !== norm(TEXTS[k])) why = `shows ${JSON.stringify(norm(h.text).slice(0, 80))}`;
    else if (h.kids.length) why = `holds elements ${h.kids.join(',')}`;
    else if (!h.visible) why = 'not visible';
    if (why) s.misses.push(`${where}: ${why}`);
    else s.pages++;
  }

  try {
    // CSP bypassed: the page would run injected script, so only escaping
    // stands between the payloads and the canary.
    const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
    await ctx.addInitScript(canary);
    const tabs = [];
    for (let i = 0; i < TABS; i++) {
      const page = await ctx.newPage();
      problems.push(watch(page));
      page.on('dialog', (d) => {
        figures.dialogs++;
        dialogAt.push(`${d.type()} "${d.message()}" on ${page.url()}`);
        d.dismiss().catch(() => {});
      });
      tabs.push(page);
    }
    await signIn(tabs[0], stack, 'ada');
    // The sandbox's consent page has no favicon: its 404 is not ours.
    for (const p of problems) p.length = 0;

    // The harness itself: CSP really is off, and the canary sees a payload
    // that runs (in a page of its own, so the run's counts stay clean).
    {
      const probe = await ctx.newPage();
      let probeDialogs = 0;
      probe.on('dialog', (d) => { probeDialogs++; d.dismiss().catch(() => {}); });
      await probe.goto(`${stack.origin}/jobs`);
      const ran = await probe.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__cspProbe = 1';
        document.body.append(s);
        return window.__cspProbe === 1;
      });
      ok(ran, 'CSP is bypassed: an inline script added to a Workdesk page runs');
      await probe.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(1)>'));
      await probe.waitForTimeout(200);
      ok(await probe.evaluate(() => window.__xss) === 1 && probeDialogs === 1,
        'the canary works: markup that runs alert(1) counts 1 and opens a dialog', `${probeDialogs}`);
      await probe.close();
    }

    // Load `url` in `page` and scan it as a page of `kind`; the canary,
    // the status and anything injected count for that kind.
    async function visit(page, kind, url) {
      const res = await page.goto(stack.origin + url);
      const out = await page.evaluate(scan, kind);
      figures.pages++;
      figures.canary += out.xss;
      if (!injected.has(kind)) injected.set(kind, { pages: 0, bad: [] });
      const inj = injected.get(kind);
      inj.pages++;
      if (out.xss) inj.bad.push(`${url}: canary ${out.xss}`);
      if (!res || res.status() !== 200) inj.bad.push(`${url}: HTTP ${res ? res.status() : 'none'}`);
      for (const b of out.bad) inj.bad.push(`${url}: ${b}`);
      return out;
    }
    // [kind, url, then(scan)] entries, TABS at a time.
    async function visitAll(list) {
      let i = 0;
      await Promise.all(tabs.map(async (page) => {
        while (i < list.length) {
          const [kind, url, then] = list[i++];
          then(await visit(page, kind, url));
        }
      }));
    }

    // ---- the data ----
    const jobs = (await sbGet('jobs')).jobs;
    const proposals = (await sbGet('proposals')).proposals.filter((p) => p.organizationId === ADA_ORG);
    const proposalJobs = new Set(proposals.map((p) => p.jobId));
    const jobById = new Map(jobs.map((j) => [j.id, j]));
    const count = (key) => {
      const m = new Map();
      for (const j of jobs) m.set(j[key], (m.get(j[key]) || 0) + 1);
      return m;
    };
    const titles = count('title');
    const descriptions = count('description');
    // The newest postings with a title and a description of their own.
    const newest = jobs.slice().sort((a, b) => a.postedSecondsAgo - b.postedSecondsAgo);
    const chosen = newest.filter((j) => titles.get(j.title) === 1 && descriptions.get(j.description) === 1 &&
      norm(j.description) !== '' && !proposalJobs.has(j.id)).slice(0, N);
    ok(chosen.length === N, `${N} job postings carry one payload each in title and description`, chosen.length);
    const jobPayload = new Map(chosen.map((j, k) => [j.id, k]));
    const fixedTexts = {};
    chosen.forEach((j, k) => {
      fixedTexts[j.title] = TEXTS[k];
      fixedTexts[j.description] = TEXTS[k];
    });

    // Client names: Ada's contracts' client organizations and hiring
    // managers, her proposal rooms' clients, her invoices' companies.
    const contracts = (await sbGet('contracts')).contracts.filter((c) => c.vendorOrganization.id === ADA_ORG);
    const rooms = (await sbGet('rooms?user=ada')).filter((r) => r.organizationId === ADA_ORG);
    const contractRooms = rooms.filter((r) => r.kind === 'contract');
    const proposalRooms = rooms.filter((r) => r.kind === 'proposal');
    const orgs = [...new Map(contracts.map((c) => [c.clientOrganization.name, c.clientOrganization])).values()];
    const owner = (r) => r.members.find((m) => m.role === 'OWNER');
    const people = [...new Set([...proposalRooms, ...contractRooms].map((r) => owner(r).name))]
      .filter((n) => n !== 'Ada Lovelace' && n !== 'Grace Hopper');
    const ledger = (await sbGet(`transactions?org=${ADA_ORG}`)).rows;
    const invoices = [...new Map(ledger.filter((r) => r.relatedInvoiceId && r.assignmentCompanyName)
      .map((r) => [r.assignmentCompanyName, { id: r.relatedInvoiceId, day: r.date, name: r.assignmentCompanyName }])).values()];
    const clientSlots = [
      ...orgs.map((o) => ({ kind: 'org', name: o.name })),
      ...people.map((name) => ({ kind: 'person', name })),
      ...invoices.map((i) => ({ kind: 'invoice', name: i.name, invoice: i })),
    ];
    ok(clientSlots.length === SLOTS && new Set(clientSlots.map((s) => s.name)).size === SLOTS,
      `${SLOTS} client names per batch: ${orgs.length} organizations, ${people.length} people, ${invoices.length} invoice companies`,
      clientSlots.map((s) => s.name));
    // One slot per title: two of her proposals are for jobs of one title.
    const proposalTitle = new Map(proposals.map((p) => [p.id, jobById.get(p.jobId).title]));
    const proposalSlots = [...new Set(proposalTitle.values())];
    ok(proposals.length === 25 && proposalSlots.length >= 20 && proposalSlots.every((t) => !fixedTexts[t]),
      `Ada's ${proposals.length} proposals name ${proposalSlots.length} job titles, none of the postings above`);

    // Messages: the client of Ada's shortest contract room she can write
    // in writes every payload.
    const talk = contractRooms.filter((r) => !r.readOnly).sort((a, b) => a.storiesCount - b.storiesCount)[0];
    for (const text of TEXTS) await sbPost(`rooms/${talk.id}/stories`, { author: owner(talk).key, message: text });
    const talkStories = await sbGet(`rooms/${talk.id}/stories`);
    ok(talkStories.slice(-N).every((s, k) => s.message === TEXTS[k]), `${N} messages in room ${talk.id}, byte for byte`);

    const lap = () => ((Date.now() - t0) / 1000).toFixed(1);
    figures.setup_s = lap();
    // ---- fixed texts: job result pages, job pages, the messages ----
    await stack.sb.config({ replace_text: fixedTexts });
    let url = '/jobs';
    const onCards = new Set();
    for (let n = 0; url && onCards.size < N && n < 20; n++) {
      const out = await visit(tabs[0], 'jobs results', url);
      for (const c of out.held.cards) {
        if (!jobPayload.has(c.id)) continue;
        const k = jobPayload.get(c.id);
        onCards.add(c.id);
        check('job title', k, `${url} card ${c.id}`, c.title);
        check('job description', k, `${url} card ${c.id} excerpt`, c.excerpt);
      }
      url = out.held.next;
    }
    ok(onCards.size === N, `the ${N} postings are on the first result pages, newest first`, onCards.size);
    await visitAll(chosen.map((j, k) => ['job page', `/jobs/${j.id}?k=${j.ciphertext}`, (out) => {
      const where = `/jobs/${j.id}`;
      check('job title', k, where, out.held.title);
      const paras = out.held.paras;
      check('job description', k, where, paras.length ? {
        text: paras.map((p) => p.text).join('\n\n'), kids: paras.flatMap((p) => p.kids), visible: paras.every((p) => p.visible),
      } : null);
      if (!norm(out.held.doc).startsWith(norm(TEXTS[k]))) seen['job title'][k].misses.push(`${where}: <title> ${JSON.stringify(out.held.doc.slice(0, 60))}`);
    }]));
    const storyPages = Math.ceil(talkStories.length / 30);
    const storyTexts = [];
    await visitAll(Array.from({ length: storyPages }, (_, p) => ['room', `/messages/${talk.id}${p ? `?after=${p * 30}` : ''}`, (out) => {
      storyTexts.push(...out.held.stories);
    }]));
    TEXTS.forEach((text, k) => {
      const h = storyTexts.find((s) => norm(s.text) === norm(text));
      check('message', k, `/messages/${talk.id} (${storyPages} pages)`, h || null);
    });

    figures.fixed_done_s = lap();
    // ---- batches: client names and proposal jobs ----
    const roomOf = new Map(rooms.map((r) => [r.id, r]));
    const roomPages = Math.ceil(rooms.filter((r) => !r.hidden).length / 20);
    // Rooms whose client wrote one of the 30 stories a room page shows.
    const ownerWrote = new Set();
    for (const r of [...contractRooms, ...proposalRooms]) {
      const stories = r.id === talk.id ? talkStories : await sbGet(`rooms/${r.id}/stories`);
      if (stories.slice(-30).some((s) => s.user.key === owner(r).key)) ownerWrote.add(r.id);
    }
    const batches = Math.ceil(N / SLOTS);
    for (let b = 0; b < batches; b++) {
      const payloadOf = (s) => (b * SLOTS + s) % N;
      const texts = { ...fixedTexts };
      const clientK = new Map(); // original name -> payload
      clientSlots.forEach((slot, s) => {
        texts[slot.name] = TEXTS[payloadOf(s)];
        clientK.set(slot.name, payloadOf(s));
      });
      const titleK = new Map(); // job title -> payload
      proposalSlots.forEach((title, s) => {
        texts[title] = TEXTS[payloadOf(s)];
        titleK.set(title, payloadOf(s));
      });
      const proposalK = new Map(proposals.map((p) => [p.id, titleK.get(proposalTitle.get(p.id))]));
      await stack.sb.config({ replace_text: texts });
      const list = [];
      list.push(['contracts', '/contracts', (out) => {
        for (const c of contracts.filter((x) => x.status !== 'ENDED')) {
          const row = out.held.rows.find((r) => r.id === c.id);
          check('client name', clientK.get(c.clientOrganization.name), `/contracts row ${c.id}`, row ? row.party : null);
        }
      }]);
      for (const c of contracts) {
        list.push(['contract', `/contracts/${c.id}`, (out) => check('client name', clientK.get(c.clientOrganization.name), `/contracts/${c.id}`, out.held.client)]);
      }
      for (const after of Array.from({ length: roomPages }, (_, p) => (p ? `?after=${p * 20}` : ''))) {
        list.push(['rooms', `/messages${after}`, (out) => {
          for (const row of out.held.rows) {
            const r = roomOf.get(row.id);
            if (!r) continue;
            if (r.kind === 'contract') check('client name', clientK.get(r.topic), `/messages${after} ${r.id} topic`, row.topic);
            if (r.kind === 'proposal') {
              check('client name', clientK.get(r.topic), `/messages${after} ${r.id} topic`, row.topic);
              check('job title', proposalK.get(r.vendorProposalId), `/messages${after} ${r.id} name`, row.name);
            }
          }
        }]);
      }
      // A page per proposal and per proposal room only in the first batch
      // (the lists show every batch's titles and clients); contract rooms
      // in every batch, for their hiring managers' names.
      for (const r of b === 0 ? [...contractRooms, ...proposalRooms] : contractRooms) {
        list.push(['room', `/messages/${r.id}`, (out) => {
          const where = `/messages/${r.id}`;
          check('client name', clientK.get(r.topic), `${where} topic`, out.held.topic);
          if (r.kind === 'proposal') check('job title', proposalK.get(r.vendorProposalId), `${where} name`, out.held.name);
          const k = clientK.get(owner(r).name);
          if (ownerWrote.has(r.id) && k !== undefined) {
            check('client name', k, `${where} author`, out.held.authors.find((a) => norm(a.text) === norm(TEXTS[k])) || null);
          }
        }]);
      }
      for (const tab of ['submitted', 'active', 'archived']) {
        list.push(['proposals', `/proposals?list=${tab}`, (out) => {
          for (const row of out.held.rows) {
            if (proposalK.has(row.id)) check('job title', proposalK.get(row.id), `/proposals?list=${tab} ${row.id}`, row.title);
          }
        }]);
      }
      for (const proposal of b === 0 ? proposals : []) {
        list.push(['proposal', `/proposals/${proposal.id}`, (out) => check('job title', proposalK.get(proposal.id), `/proposals/${proposal.id}`, out.held.title)]);
      }
      for (const i of invoices) {
        list.push(['invoice', `/billing/invoices/${i.id}?day=${i.day}`, (out) => check('client name', clientK.get(i.name), `/billing/invoices/${i.id}`, out.held.client)]);
      }
      await visitAll(list);
    }

    figures.batches_done_s = lap();
    // ---- a raw U+0000 ----
    // The oldest posting, on no result page visited above. A tab of its
    // own: the error page's failed loads are expected there.
    const oldest = newest[newest.length - 1];
    await stack.sb.config({ replace_text: { [oldest.title]: NUL_PAYLOAD } });
    const nulTab = await ctx.newPage();
    nulTab.on('dialog', (d) => {
      figures.dialogs++;
      dialogAt.push(`${d.type()} "${d.message()}" on ${nulTab.url()}`);
      d.dismiss().catch(() => {});
    });
    const nul = await nulTab.goto(`${stack.origin}/jobs/${oldest.id}?k=${oldest.ciphertext}`);
    const nulScan = await nulTab.evaluate(scan, 'job page');
    figures.pages++;
    figures.canary += nulScan.xss;
    const shown = nulScan.held.title ? norm(nulScan.held.title.text) : null;
    diag(`a raw U+0000 in a job title: HTTP ${nul.status()}, title ${JSON.stringify(shown)}`);
    ok(nulScan.xss === 0 && nulScan.bad.length === 0,
      `a raw U+0000 in a job title: nothing runs or is made (HTTP ${nul.status()}, ${shown === null ? 'the answer refused' : 'shown as text'})`,
      nulScan.bad.slice(0, 3));
    // The answer is still Upwork's data: the page shows the title as text,
    // cut at the NUL (JSON_ALLOW_NUL; C strings end there).
    const cut = norm(NUL_PAYLOAD.slice(0, NUL_PAYLOAD.indexOf('\u0000')));
    ok(nul.status() === 200 && shown === cut,
      'a raw U+0000 in a job title: the page still loads (200) and shows the text up to the NUL',
      `HTTP ${nul.status()}, ${JSON.stringify(shown)}`);
    await stack.sb.config({ replace_text: null });

    // ---- verdicts ----
    for (const field of FIELDS) {
      seen[field].forEach((s, k) => {
        ok(s.pages > 0 && s.misses.length === 0, `${field} ${label(k)}: shown as text on ${s.pages} pages`,
          s.misses.slice(0, 4).join(' | '));
      });
    }
    for (const [kind, inj] of injected) {
      ok(inj.bad.length === 0, `${kind}: ${inj.pages} pages, no element, handler or script URL from data, HTTP 200, canary 0`,
        inj.bad.slice(0, 4).join(' | '));
    }
    ok(figures.dialogs === 0, `no dialog in ${figures.pages} pages`, dialogAt.slice(0, 4).join(' | '));
    ok(figures.canary === 0, `the canary window.__xss stayed 0 on all ${figures.pages} pages`, figures.canary);
    const all = problems.flat();
    ok(all.length === 0, 'no script error, console error or off-site request', all.slice(0, 4).join(' | '));
    diag(`${N} payloads; ${Object.values(seen).flat().reduce((n, s) => n + s.pages, 0)} field checks; ${JSON.stringify(figures)}`);
  } finally {
    await browser.close();
    stack.finish();
    diag(`wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return done(NAME);
}

main().then((rc) => process.exit(rc), (e) => {
  ok(false, 'suite ran to the end', e.stack);
  process.exit(done(NAME));
});
