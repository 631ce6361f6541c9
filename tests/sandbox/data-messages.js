'use strict';
// Deterministic demo rooms and stories (messages) for the Messages area
// (schema/messages.graphql), plus the in-memory state that sending changes.
//
// Seed data is built once, at load time, and frozen:
//   - a contract room's id is its contract's `roomId`; other ids come from
//     SHA-256 of a fixed key ("room:ada:direct:ravi"), so a room keeps its
//     id even if other rooms are added or reordered;
//   - texts, authors and time gaps come from a seeded PRNG (mulberry32), so
//     they are the same on every run and machine;
//   - times are not stored: a seeded story stores how many seconds before
//     "now" it was written (`agoS`), and readers turn that into timestamps
//     with the sandbox clock (config.now()), so the data stays recent and
//     moves with clock_offset_s.
// Sending (createRoomStoryV2) appends a story that stores its absolute time
// (`atS`, sandbox seconds) to `state`; reset() forgets every sent story and
// every recorded call.
//
// Contract rooms come from data-contracts.js: one room per contract, whose
// id is the contract's `roomId`, visible to every demo user on either side
// of the contract, each working in the organization they are on that side
// with (ada's contracts 6 and 7: ada in her organization and grace in her
// client organization). Every other room (proposal, direct, group) belongs
// to one demo user and one of their organizations. A room lists its
// `viewers` ([{user, orgId}]) and its `members` ([{key, orgId}]: each
// person with the organization they are in the room with).

const crypto = require('node:crypto');
const data = require('./data');
const contractsData = require('./data-contracts');
const jobsData = require('./data-jobs');
const proposalsData = require('./data-proposals');
const { mulberry32, deepFreeze } = require('./seeded');

const SEED = 20261129;
const MIN_S = 60;
const HOUR_S = 60 * MIN_S;
const DAY_S = 24 * HOUR_S;
const MESSAGE_MAX = 5000; // Unicode code points; the sandbox's choice
const STORY_ID_BASE = 1800000000000000000n;

const rnd = mulberry32(SEED);
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)); // inclusive
const chance = (p) => rnd() < p;
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];

function hashHex(s) {
  return crypto.createHash('sha256').update(s).digest('hex');
}

// n decimal digits derived from a key (never starts with 0).
function hashDigits(s, n) {
  return BigInt(`0x${hashHex(s)}`).toString().replace(/^0+/, '').slice(0, n);
}

// ---- people on the other side of a conversation ------------------------------------
//
// Clients (each with their own client organization) and freelancers. The
// demo users themselves come from data.js. Hostile names test escaping in
// the room list and in story authors.

const LONG_WORD = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(7) + 'X'; // 316 chars, no spaces
const LONG_URL = `https://example.com/${'a1b2c3d4e5'.repeat(30)}`; // 320 chars

// [key, firstName, lastName, organization name (null: the given orgId), freelancer?, orgId]
const PEOPLE_DEFS = [
  ['morgan', 'Morgan', 'Reyes', 'Northwind Analytics', false],
  ['priya', 'Priya', 'Natarajan', 'Blue Harbor Health', false],
  ['tom', 'Tom', 'Becker', 'Cobalt GmbH', false],
  ['lena', 'Lena', 'Fischer', 'Summit Ltd', false],
  ['kenji', 'Kenji', 'Watanabe', 'Orchard Labs', false],
  ['amara', 'Amara', 'Okafor', 'Juniper Media', false],
  ['sofia', 'Sofía', 'Martínez', 'Redwood Studio', false],
  ['noah', 'Noah', 'Cohen', 'Vertex Partners', false],
  ['olivia', 'Olivia', 'Brown', 'Atlas Inc.', false],
  ['marcus', 'Marcus', 'Lee', 'Helix Digital', false],
  ['hannah', 'Hannah', 'Schmidt', 'Polar Group', false],
  ['rlo', 'Bob', '\u202Egnp.exe\u202C Tables', 'Quote "Corp" & \'Sons\'', false],
  ['layla', 'ليلى', 'حداد', 'שלום Consulting ltd.', false],
  ['ravi', 'Ravi', 'Kumar', 'Ravi Kumar', true],
  ['jules', 'Jules', 'Moreau', 'Jules Moreau', true],
];

const COUNTERPART_ORGS = {}; // id -> GenericOrganization-shaped record
const PEOPLE = {}; // key -> GenericUser-shaped record (+ _orgId)

for (const [key, firstName, lastName, orgName, freelancer, orgId] of PEOPLE_DEFS) {
  let org = orgId;
  if (!org) {
    org = `14${hashDigits(`org:${key}`, 17)}`;
    COUNTERPART_ORGS[org] = {
      id: org,
      rid: hashDigits(`org-rid:${key}`, 7),
      legacyId: hashDigits(`org-legacy:${key}`, 7),
      name: orgName,
      type: freelancer ? 'INDIVIDUAL' : 'BUSINESS',
      legacyType: freelancer ? 'FREELANCER' : 'CLIENT',
      flag: { client: !freelancer, vendor: freelancer, agency: false, individual: freelancer },
      active: true,
      hidden: false,
      creationDate: `20${18 + (Number(hashDigits(`org-year:${key}`, 2)) % 7)}-0${1 + (Number(hashDigits(`org-month:${key}`, 1)) % 9)}-15T09:00:00.000Z`,
    };
  }
  const ciphertext = `~01${hashHex(`cipher:${key}`).slice(0, 18)}`;
  PEOPLE[key] = {
    _key: key,
    _orgId: org,
    _freelancer: freelancer,
    id: `14${hashDigits(`user:${key}`, 17)}`,
    nid: `${key}${hashDigits(`nid:${key}`, 3)}`,
    rid: hashDigits(`rid:${key}`, 7),
    name: `${firstName} ${lastName}`,
    firstName,
    lastName,
    ciphertext,
  };
}

// The contracts area's people (data-contracts.js) take part in contract
// rooms under their own ids; a key names one person in both areas.
for (const key of Object.keys(PEOPLE)) {
  if (contractsData.PEOPLE_KEYS.includes(key)) throw new Error(`data-messages: person ${key} is also the contracts area's`);
}

// The organization a contracts-area person belongs to: the vendor
// organization of a contract they work on, else the client organization of
// one they manage.
function contractsPersonOrg(key) {
  const contracts = contractsData.all();
  const worked = contracts.find((c) => c.freelancer === key);
  if (worked) return worked.vendorOrgId;
  const managed = contracts.find((c) => c.hiringManager === key);
  return managed ? managed.clientOrgId : null;
}

// A person by key: a demo user (data.js), one of this area's counterparts,
// or one of the contracts area's people. Returns
// {key, firstName, name, id, orgId (home organization; null for demo users), demo: bool}.
function personByKey(key) {
  const user = data.userByKey(key);
  if (user) return { key, firstName: user.firstName, name: user.name, id: user.id, orgId: null, demo: true };
  const p = PEOPLE[key];
  if (p) return { key, firstName: p.firstName, name: p.name, id: p.id, orgId: p._orgId, demo: false };
  if (!contractsData.PEOPLE_KEYS.includes(key)) return null;
  const c = contractsData.person(key);
  return { key, firstName: c.firstName, name: c.name, id: c.id, orgId: contractsPersonOrg(key), demo: false };
}

// A person who is not a demo user as a GenericUser-shaped record (+
// `_freelancer`: has a public freelancer profile), or null.
function otherPerson(key) {
  if (Object.hasOwn(PEOPLE, key)) return PEOPLE[key];
  if (!contractsData.PEOPLE_KEYS.includes(key)) return null;
  const c = contractsData.person(key);
  return {
    _key: key,
    _freelancer: contractsData.all().some((x) => x.freelancer === key),
    id: c.id, nid: c.nid, rid: c.rid, name: c.name, firstName: c.firstName, lastName: c.lastName, ciphertext: c.ciphertext,
  };
}

// An organization that is not a demo organization (GenericOrganization-shaped):
// this area's counterparts' or the contracts area's, or null.
function otherOrg(id) {
  if (Object.hasOwn(COUNTERPART_ORGS, id)) return COUNTERPART_ORGS[id];
  if (data.orgById(id)) return null;
  const o = contractsData.orgRecord(id);
  return o ? { id: o.id, rid: o.rid, legacyId: o.legacyId, name: o.name, type: o.type, legacyType: o.legacyType, flag: o.flag, active: o.active, hidden: o.hidden, creationDate: o.creationDate } : null;
}

// ---- texts --------------------------------------------------------------------------

// t: {me, them, title} — first names of the demo user and the other side.
const FROM_THEM = [
  (t) => `Hi ${t.me}, thanks for the update on "${t.title}".`,
  () => 'Could you send me the latest numbers by Friday?',
  () => 'Looks good to me. Please go ahead with the next step.',
  () => 'I uploaded the sample data here: https://example.com/share/sample-data.csv\nLet me know if it opens.',
  (t) => `Quick question about the milestone:\nDoes it include the tests?\n\nThanks,\n${t.them}`,
  () => 'Can we move our call to Thursday 15:00 UTC?',
  () => 'The brief is at http://example.org/briefs/engine-v2 (same password as before).',
  () => 'Great work, thank you!',
  () => "I'm travelling tomorrow, replies may be slow.",
  () => 'Please check the comments I left in the doc: https://docs.example.com/d/8f3a?tab=comments#c12',
  () => 'Is 10 hours this week realistic?',
  () => "Approved. I'll release the payment today.",
  (t) => `${t.me}, one more thing: the deadline moved to the 30th.`,
];

const FROM_ME = [
  (t) => `Hi ${t.them}, thanks! I'll have it ready tomorrow.`,
  () => 'Done. Summary:\n- parsed the input\n- fixed the rounding of the totals\n- added tests for the edge cases',
  () => 'I logged 3.5 hours today; the details are in the work diary.',
  () => 'Here is the draft: https://example.com/drafts/notes?v=2&lang=en',
  () => 'Sure, Thursday 15:00 UTC works for me.',
  () => 'One question before I start: should the output be CSV or JSON?',
  () => 'Pushed the fix. Could you try again?',
  () => "I'll be offline on Monday (public holiday).",
  () => "Thanks for the feedback, I'll update the table tonight.",
  () => 'Status: 80% done, the rest by Wednesday.',
  () => 'Noted.',
  () => 'The report is ready:\nhttps://example.com/reports/week-12.pdf\n\nThe numbers changed a bit since last week, see section 2.',
];

// Text that attacks naive rendering: markup, attribute breakouts, script
// URLs that must never become links, quotes, 300+ character words, RTL and
// bidi controls, CR/LF, template syntax, emoji and Unicode separators.
const HOSTILE_MESSAGES = [
  '<script>alert("xss")</script> is what the page shows instead of the header.',
  'Attribute breakout: "><img src=x onerror=alert(1)> and \'><svg onload=alert(1)>',
  'Please do not click: javascript:alert(1)\nNor this one: JavaScript:alert(document.cookie)\nNor <a href="javascript:alert(1)">this</a> or [that](javascript:alert(1)).',
  'Not links either: data:text/html,<script>alert(1)</script> vbscript:msgbox(1) javascript://example.com/%0Aalert(1)',
  'Quotes: "double" \'single\' `back` and & ampersand, &amp; an entity, &lt;b&gt; escaped and <b>raw</b> markup.',
  `A very long word: ${LONG_WORD}`,
  `A very long link: ${LONG_URL}`,
  'مرحبا، هل الملف جاهز؟ השאלה היא: mixed العربية, עברית and English 123.',
  'Please sign invoice \u202Efdp.exe\u202C today (the name is reversed by U+202E).',
  'Line one\r\nLine two (after CRLF)\n\n    indented after a blank line\n\ttabbed\nlast line',
  'Links with edges: https://example.com/a_(b)?x=1&y=<2>#frag, http://example.org/path. (then www.example.net, mailto:someone@example.com, ftp://example.com/file)',
  'Template probes {{7*7}} ${7*7} <%= 7*7 %> and printf %s %n %x %%, a backslash \\ at the end \\',
  'Emoji 🎉👍🏽 👨‍👩‍👧‍👦, zero\u200Bwidth space, combining e\u0301, U+2028 here:\u2028and U+2029 here:\u2029end.',
];

// ---- room specifications --------------------------------------------------------------
//
// Contract rooms: one per contract of data-contracts.js (CONTRACT_STORIES
// says how many stories each has and how they look). The room's id is the
// contract's `roomId`, its name the contract's title, its topic the client
// organization's name; its members are the client's hiring manager (the
// creator), the freelancer and the agency manager; it is read-only when the
// contract has ended (as seeded).
//
// Other rooms (SPECS): kind proposal | direct | group. `ref`: the proposal
// id or a short name. `others`: person keys of the other members.
// `name`: roomName (default: the job's title for a proposal room, the other
// person's name for a one-to-one room).
//
// Both: `n`: number of seeded stories; `unread`: numUnread (the last
// `unread` stories are written by the other side of the room's first
// viewer); `lastAgo`: seconds between the newest story and now (null:
// drawn from the PRNG).

const ADA_ORG = '1390042875009613825';
const GRACE_AGENCY = '1417508230176432129';
const GRACE_PERSONAL = '1417508230172237824';
// Proposal ids are the Proposals area's seeded ones (data-proposals.js):
// ada's ACTIVE 109-113, HIRED 114-115, DECLINED 117; grace's 203, 302.
const P = (n) => String(1920000000000000000n + BigInt(n));

// By contract number (data-contracts.js). 1: the long thread with files;
// 4 (ada's hostile contract): hostile text in every other story; 6 and 7
// are seen by both ada and grace, so they have no unread stories (numUnread
// is one value per room).
const CONTRACT_STORIES = {
  1: { n: 320, unread: 7, lastAgo: 25 * MIN_S, favorite: true, longThread: true, attachments: true },
  2: { n: 18, unread: 0 },
  3: { n: 16, unread: 12 },
  4: { n: 8, unread: 3, hostileEvery: 2 },
  5: { n: 12, unread: 0 },
  6: { n: 22, unread: 0 },
  7: { n: 11, unread: 0 },
  8: { n: 10, unread: 2 },
  9: { n: 6, unread: 0 },
  10: { n: 5, unread: 1 },
  11: { n: 8, unread: 1 },
  12: { n: 4, unread: 0 },
  13: { n: 9, unread: 2 },
  14: { n: 4, unread: 0 },
};

const SPECS = [
  // Ada: proposal (interview) rooms.
  { user: 'ada', org: ADA_ORG, kind: 'proposal', ref: P(109), others: ['hannah'], n: 5, unread: 1 },
  { user: 'ada', org: ADA_ORG, kind: 'proposal', ref: P(110), others: ['morgan'], n: 3, unread: 0 },
  { user: 'ada', org: ADA_ORG, kind: 'proposal', ref: P(111), others: ['rlo'], n: 6, unread: 0 },
  { user: 'ada', org: ADA_ORG, kind: 'proposal', ref: P(112), others: ['priya'], n: 8, unread: 4 },
  { user: 'ada', org: ADA_ORG, kind: 'proposal', ref: P(113), others: ['kenji'], n: 2, unread: 0 },
  { user: 'ada', org: ADA_ORG, kind: 'proposal', ref: P(117), others: ['tom'], n: 4, unread: 0, readOnly: true }, // declined
  { user: 'ada', org: ADA_ORG, kind: 'proposal', ref: P(114), others: ['lena'], n: 3, unread: 2 },
  { user: 'ada', org: ADA_ORG, kind: 'proposal', ref: P(115), others: ['amara'], n: 2, unread: 0 },
  // Ada: one-to-one rooms without a contract.
  { user: 'ada', org: ADA_ORG, kind: 'direct', ref: 'ravi', others: ['ravi'], n: 10, unread: 0 },
  { user: 'ada', org: ADA_ORG, kind: 'direct', ref: 'sofia', others: ['sofia'], n: 3, unread: 1 },
  { user: 'ada', org: ADA_ORG, kind: 'direct', ref: 'layla', others: ['layla'], n: HOSTILE_MESSAGES.length + 2, unread: 0, hostileAll: true, lastAgo: 3 * HOUR_S },
  { user: 'ada', org: ADA_ORG, kind: 'direct', ref: 'noah', others: ['noah'], n: 6, unread: 0 },
  { user: 'ada', org: ADA_ORG, kind: 'direct', ref: 'jules', others: ['jules'], n: 9, unread: 5 },
  { user: 'ada', org: ADA_ORG, kind: 'direct', ref: 'olivia', others: ['olivia'], n: 2, unread: 0 },
  { user: 'ada', org: ADA_ORG, kind: 'direct', ref: 'marcus', others: ['marcus'], n: 4, unread: 0, muted: true },
  { user: 'ada', org: ADA_ORG, kind: 'direct', ref: 'hannah', others: ['hannah'], n: 3, unread: 0, hidden: true },
  // Ada: group rooms.
  { user: 'ada', org: ADA_ORG, kind: 'group', ref: 'engine-team', others: ['ravi', 'jules'], name: 'Engine team', topic: `Weekly sync; a long word for wrapping: ${LONG_WORD}`, n: 14, unread: 3, mentions: 1, favorite: true },
  { user: 'ada', org: ADA_ORG, kind: 'group', ref: 'conference-2025', others: ['morgan', 'priya'], name: 'Archive: 2025 conference', n: 6, unread: 0, readOnly: true, muted: true },
  // Grace, agency organization (Jean Sammet works for the agency: contract 10).
  { user: 'grace', org: GRACE_AGENCY, kind: 'proposal', ref: P(203), others: ['hannah'], n: 3, unread: 0 },
  { user: 'grace', org: GRACE_AGENCY, kind: 'group', ref: 'agency-team', others: ['jean'], name: 'Hopper Digital — team', n: 7, unread: 0 },
  // Grace, personal organization.
  { user: 'grace', org: GRACE_PERSONAL, kind: 'proposal', ref: P(302), others: ['priya'], n: 2, unread: 0 },
  { user: 'grace', org: GRACE_PERSONAL, kind: 'direct', ref: 'olivia', others: ['olivia'], n: 3, unread: 0 },
];

const ROOM_TYPE = { contract: 'ONE_ON_ONE', proposal: 'INTERVIEW', direct: 'ONE_ON_ONE', group: 'GROUP' };

// Every demo user on either side of a contract, each in the organization
// they are on that side with: [{user, orgId}], vendor side first.
function contractViewers(contract) {
  const viewers = [];
  for (const orgId of [contract.vendorOrgId, contract.clientOrgId]) {
    for (const user of Object.values(data.USERS)) {
      if (user._organizations.includes(orgId)) viewers.push({ user: user._key, orgId });
    }
  }
  return viewers;
}

// A contract's room as a full spec: who sees it, who is in it, which side
// writes what.
function contractSpec(contract) {
  const stories = CONTRACT_STORIES[contract.n];
  if (!stories) throw new Error(`data-messages: no stories for contract ${contract.id}`);
  const client = [contract.hiringManager];
  const vendor = [contract.freelancer];
  if (contract.agencyManager && contract.agencyManager !== contract.freelancer) vendor.push(contract.agencyManager);
  const members = [
    ...client.map((key) => ({ key, orgId: contract.clientOrgId })),
    ...vendor.map((key) => ({ key, orgId: contract.vendorOrgId })),
  ];
  const viewers = contractViewers(contract);
  for (const v of viewers) {
    if (!members.some((m) => m.key === v.user && m.orgId === v.orgId)) {
      throw new Error(`data-messages: ${v.user} sees contract ${contract.id}'s room but is not in it`);
    }
  }
  if (!viewers.length) throw new Error(`data-messages: nobody sees contract ${contract.id}'s room`);
  const pov = viewers[0].user;
  return {
    ...stories,
    kind: 'contract',
    ref: contract.id,
    id: contract.roomId,
    roomKey: `contract:${contract.id}`,
    name: contract.title,
    topic: contractsData.orgRecord(contract.clientOrgId).name,
    readOnly: contract.status === 'ENDED',
    viewers,
    members,
    creator: client[0],
    vendor,
    client,
    pov: vendor.includes(pov) ? vendor : client,
  };
}

// A room of SPECS as a full spec: one viewer; the demo user writes the
// freelancer's texts, the others the client's.
function otherSpec(spec) {
  const members = [spec.user, ...spec.others].map((key) => ({ key, orgId: key === spec.user ? spec.org : personByKey(key).orgId }));
  const clientSide = spec.kind === 'proposal';
  const vendor = [spec.user];
  const creator = clientSide ? spec.others[0] : spec.user;
  return {
    ...spec,
    id: `room_${hashHex(`room:${spec.user}:${spec.kind}:${spec.ref}`).slice(0, 32)}`,
    roomKey: `${spec.user}:${spec.kind}:${spec.ref}`,
    name: spec.name || defaultName(spec),
    topic: spec.topic ?? (clientSide ? personByKey(spec.others[0]).name : null),
    viewers: [{ user: spec.user, orgId: spec.org }],
    members: [members.find((m) => m.key === creator), ...members.filter((m) => m.key !== creator)],
    creator,
    vendor,
    client: spec.others,
    pov: vendor,
  };
}

// ---- generation ---------------------------------------------------------------------------

let storySeq = 0n;
function nextSeedStoryId() {
  storySeq += 1n;
  return String(STORY_ID_BASE + storySeq);
}

// Seconds between two consecutive stories: minutes to days, a few long pauses.
function gapS(longThread) {
  if (longThread) return chance(0.7) ? int(2 * MIN_S, 6 * HOUR_S) : int(6 * HOUR_S, 2 * DAY_S);
  return chance(0.6) ? int(2 * MIN_S, 3 * HOUR_S) : int(3 * HOUR_S, 4 * DAY_S);
}

const oneOf = (keys) => (keys.length === 1 ? keys[0] : pick(keys));

// Who writes story i of n: the last `unread` are the other side's (seen
// from the room's first viewer), the first one in a contract or proposal
// room is the client's.
function authorOf(spec, i) {
  const other = spec.pov === spec.vendor ? spec.client : spec.vendor;
  if (i >= spec.n - spec.unread) return oneOf(other);
  if (i === 0 && (spec.kind === 'contract' || spec.kind === 'proposal')) return spec.client[0];
  return chance(0.5) ? oneOf(spec.pov) : oneOf(other);
}

// The freelancer's side writes FROM_ME texts, the client's side FROM_THEM.
function textOf(spec, i, author, title) {
  if (spec.hostileAll && i < HOSTILE_MESSAGES.length) return HOSTILE_MESSAGES[(i + 1) % HOSTILE_MESSAGES.length];
  if (spec.hostileAll) return i === spec.n - 1 ? HOSTILE_MESSAGES[0] : 'Thanks, got it.';
  if (spec.longThread && i % 30 === 12) return HOSTILE_MESSAGES[((i - 12) / 30) % HOSTILE_MESSAGES.length];
  if (spec.hostileEvery && i % spec.hostileEvery === 1) return HOSTILE_MESSAGES[(i >> 1) % HOSTILE_MESSAGES.length];
  const me = personByKey(spec.vendor[0]).firstName;
  const them = personByKey(spec.client[0]).firstName;
  return pick(spec.vendor.includes(author) ? FROM_ME : FROM_THEM)({ me, them, title });
}

// Files attached to a few stories of the long thread; one story is only a
// file (empty message), one file has a hostile name.
const ATTACHMENTS_AT = {
  20: [{ fileName: 'engine-notes.pdf', fileSize: '48213', mimeType: 'application/pdf' }],
  95: [{ fileName: '"><img src=x onerror=alert(1)>.pdf', fileSize: '1024', mimeType: 'application/pdf' }],
  150: [{ fileName: 'table-of-numbers.csv', fileSize: '7311', mimeType: 'text/csv', onlyFile: true }],
};

function attachmentsOf(spec, i) {
  if (!spec.attachments || !ATTACHMENTS_AT[i]) return [];
  return ATTACHMENTS_AT[i].map((a, k) => ({
    id: `17${hashDigits(`attachment:${spec.roomKey}:${i}:${k}`, 17)}`,
    fileName: a.fileName,
    fileSize: a.fileSize,
    mimeType: a.mimeType,
  }));
}

function buildStories(spec, lastAgoS) {
  const ago = new Array(spec.n);
  ago[spec.n - 1] = lastAgoS;
  for (let i = spec.n - 2; i >= 0; i--) ago[i] = ago[i + 1] + gapS(spec.longThread);
  const stories = [];
  for (let i = 0; i < spec.n; i++) {
    const author = authorOf(spec, i);
    const attachments = attachmentsOf(spec, i);
    const onlyFile = spec.attachments && ATTACHMENTS_AT[i] && ATTACHMENTS_AT[i][0].onlyFile;
    stories.push({
      id: nextSeedStoryId(),
      author,
      message: onlyFile ? '' : textOf(spec, i, author, spec.name),
      agoS: ago[i],
      attachments,
    });
  }
  return stories;
}

// A room without a given name: a proposal room is named after the job
// applied to, a one-to-one room after the other person.
function defaultName(spec) {
  if (spec.kind === 'proposal') {
    const proposal = proposalsData.byId(spec.ref);
    if (!proposal) throw new Error(`data-messages: no seeded proposal ${spec.ref}`);
    return jobsData.jobById(proposal.jobId).title;
  }
  return personByKey(spec.others[0]).name;
}

// spec: a full spec (contractSpec or otherSpec).
function buildRoom(spec) {
  const lastAgoS = spec.lastAgo ?? int(30 * MIN_S, 40 * DAY_S);
  const stories = buildStories(spec, lastAgoS);
  const first = stories[0];
  const lastRead = stories[stories.length - 1 - spec.unread] || null;
  return {
    id: spec.id,
    viewers: spec.viewers,
    kind: spec.kind,
    roomName: spec.name,
    topic: spec.topic,
    roomType: ROOM_TYPE[spec.kind],
    public: false,
    contractId: spec.kind === 'contract' ? spec.ref : null,
    vendorProposalId: spec.kind === 'proposal' ? spec.ref : null,
    offerIds: [],
    members: spec.members,
    creator: spec.creator,
    numUnread: spec.unread,
    numUnreadMentions: spec.mentions || 0,
    favorite: Boolean(spec.favorite),
    muted: Boolean(spec.muted),
    hidden: Boolean(spec.hidden),
    readOnly: Boolean(spec.readOnly),
    roomNote: null,
    createdAgoS: first.agoS + HOUR_S,
    favoriteAgoS: spec.favorite ? first.agoS + 30 * MIN_S : null,
    readOnlyAgoS: spec.readOnly ? Math.max(lastAgoS - MIN_S, 0) : null,
    // When the room was last read: the story before the unread ones (or
    // the room's creation if every story is unread).
    lastReadAgoS: lastRead ? lastRead.agoS : first.agoS + HOUR_S,
    stories,
  };
}

// Contract rooms first (by contract number), then the others; the order
// fixes the PRNG draws and the seeded story ids.
const ROOMS = deepFreeze([...contractsData.all().map(contractSpec), ...SPECS.map(otherSpec)].map(buildRoom));
if (new Set(ROOMS.map((r) => r.id)).size !== ROOMS.length) throw new Error('data-messages: two rooms share an id');
const ROOM_BY_ID = new Map(ROOMS.map((r) => [r.id, r]));
const SEED_STORY_COUNT = storySeq;
deepFreeze(PEOPLE);
deepFreeze(COUNTERPART_ORGS);

// ---- state: sent stories and recorded calls --------------------------------------------

let state = null;

function reset() {
  state = { sent: new Map(), calls: [], storySeq: SEED_STORY_COUNT };
}
reset();

function roomById(id) {
  return typeof id === 'string' && ROOM_BY_ID.has(id) ? ROOM_BY_ID.get(id) : null;
}

// The room if `user` may see it while working in `orgId`, else null (the
// same answer for an unknown id and for another user's or organization's room).
// A contract room is shared by the demo users on both sides of the contract.
function visibleRoom(user, orgId, id) {
  const room = roomById(id);
  return room && room.viewers.some((v) => v.user === user._key && v.orgId === orgId) ? room : null;
}

// The rooms `userKey` sees working in `orgId` (null: in any organization).
function roomsOf(userKey, orgId) {
  return ROOMS.filter((r) => r.viewers.some((v) => v.user === userKey && (orgId === null || v.orgId === orgId)));
}

// The organization a member (person key) is in the room with.
function memberOrg(room, key) {
  const m = room.members.find((x) => x.key === key);
  return m ? m.orgId : personByKey(key).orgId;
}

// Every story of a room in the order written: the seeded ones, then the sent ones.
function storiesOf(room) {
  return room.stories.concat(state.sent.get(room.id) || []);
}

function latestStory(room) {
  const sent = state.sent.get(room.id);
  return sent && sent.length ? sent[sent.length - 1] : room.stories[room.stories.length - 1];
}

// The organization a story was written in: a sent story's is the sender's
// request's, a seeded one's the author's in the room.
function storyOrg(room, story) {
  return story.orgId ?? memberOrg(room, story.author);
}

// A story's time in whole sandbox seconds.
function storyTimeS(story, nowS) {
  return story.atS ?? nowS - story.agoS;
}

// userKey sends `message` to `room` working in orgId.
function appendStory(room, userKey, orgId, message, nowS) {
  state.storySeq += 1n;
  const story = Object.freeze({
    id: String(STORY_ID_BASE + state.storySeq),
    author: userKey,
    orgId,
    message,
    atS: nowS,
    attachments: Object.freeze([]),
    sent: true,
  });
  if (!state.sent.has(room.id)) state.sent.set(room.id, []);
  state.sent.get(room.id).push(story);
  return story;
}

function recordCall(call) {
  state.calls.push(call);
}

function calls() {
  return state.calls;
}

function clearCalls() {
  const n = state.calls.length;
  state.calls = [];
  return n;
}

// ---- GET /__sandbox/rooms and /__sandbox/rooms/ID/stories -----------------------------

const iso = (s) => new Date(s * 1000).toISOString();
const isoAgo = (nowS, agoS) => (agoS === null || agoS === undefined ? null : iso(nowS - agoS));

// `user` and `organizationId`: the viewer the dump is for (the first one
// when the dump is not for one user); `viewers`: everyone who sees the room.
function dumpRoom(room, viewer, nowS) {
  const latest = latestStory(room);
  return {
    id: room.id,
    user: viewer.user,
    organizationId: viewer.orgId,
    viewers: room.viewers.map((v) => ({ user: v.user, organizationId: v.orgId })),
    kind: room.kind,
    roomName: room.roomName,
    topic: room.topic,
    roomType: room.roomType,
    contractId: room.contractId,
    vendorProposalId: room.vendorProposalId,
    numUnread: room.numUnread,
    numUnreadMentions: room.numUnreadMentions,
    favorite: room.favorite,
    muted: room.muted,
    hidden: room.hidden,
    readOnly: room.readOnly,
    storiesCount: storiesOf(room).length,
    sentCount: (state.sent.get(room.id) || []).length,
    latestStoryId: latest.id,
    lastActivityDateTime: iso(storyTimeS(latest, nowS)),
    lastReadDateTime: isoAgo(nowS, room.lastReadAgoS),
    createdAtDateTime: isoAgo(nowS, room.createdAgoS),
    members: room.members.map((m) => {
      const p = personByKey(m.key);
      return { key: m.key, id: p.id, name: p.name, organizationId: m.orgId, role: m.key === room.creator ? 'OWNER' : 'MEMBER' };
    }),
  };
}

// Rooms in roomList's default order: latest story first, then id.
function sortByActivity(rooms, nowS, dir = -1) {
  return rooms
    .map((room) => ({ room, t: storyTimeS(latestStory(room), nowS) }))
    .sort((a, b) => (a.t !== b.t ? dir * (a.t - b.t) : dir * (a.room.id < b.room.id ? -1 : a.room.id > b.room.id ? 1 : 0)))
    .map((x) => x.room);
}

function dumpRooms(userKey, nowS) {
  const rooms = userKey === null ? ROOMS.slice() : roomsOf(userKey, null);
  return sortByActivity(rooms, nowS).map((r) => dumpRoom(r, userKey === null ? r.viewers[0] : r.viewers.find((v) => v.user === userKey), nowS));
}

function dumpStories(room, nowS) {
  return storiesOf(room).map((s) => {
    const p = personByKey(s.author);
    return {
      id: s.id,
      roomId: room.id,
      createdDateTime: iso(storyTimeS(s, nowS)),
      user: { key: s.author, id: p.id, name: p.name },
      organizationId: storyOrg(room, s),
      message: s.message,
      attachments: s.attachments.map((a) => ({ ...a })),
      sent: Boolean(s.sent),
    };
  });
}

module.exports = {
  SEED, MESSAGE_MAX, DAY_S, ROOMS, PEOPLE, COUNTERPART_ORGS, HOSTILE_MESSAGES, LONG_WORD, LONG_URL,
  reset, roomById, visibleRoom, roomsOf, memberOrg, storyOrg, storiesOf, latestStory, storyTimeS, appendStory,
  recordCall, calls, clearCalls, personByKey, otherPerson, otherOrg, sortByActivity, iso, isoAgo,
  dumpRooms, dumpStories,
};
