#!/usr/bin/env node
'use strict';
// Self-test of the sandbox's Messages area (schema/messages.graphql):
// roomList, room, roomStories, roomStory, contractRoom, proposalRoom,
// createRoomStoryV2 and the control endpoints /__sandbox/rooms....
// Starts tests/sandbox/server.js on a free loopback port, signs in as Ada
// and Grace, and checks every answer against expectations computed here
// from GET /__sandbox/rooms, /__sandbox/rooms/ID/stories and
// /__sandbox/contracts (contract rooms are the contracts' rooms) and the
// rules in README.md ("Messages"). Node built-ins only. Ends with "N passed, N failed".
//
//   node tests/sandbox/test-messages.js

const path = require('node:path');
const assert = require('node:assert/strict');
const { ADA, GRACE, test, run, url, ctl, loginAll: signIn, gqlOk } = require('./test-lib');

const ADA_ORG = ADA.org;
const GRACE_AGENCY = GRACE.agency;
const GRACE_PERSONAL = GRACE.personal;
const GRACE_CLIENT = GRACE.client;
// The demo users' organizations (data.js): who works in which.
const USER_OF_ORG = { [ADA_ORG]: 'ada', [GRACE_AGENCY]: 'grace', [GRACE_PERSONAL]: 'grace', [GRACE_CLIENT]: 'grace' };
const ORG_LABEL = { [ADA_ORG]: 'ada', [GRACE_AGENCY]: 'grace, agency', [GRACE_PERSONAL]: 'grace, personal', [GRACE_CLIENT]: 'grace, client' };
const ADA_ID = ADA.id;
const GRACE_ID = GRACE.id;
const CONTRACT = (n) => `15000000000000000${String(n).padStart(2, '0')}`;
const PROPOSAL = (n) => String(1920000000000000000n + BigInt(n)); // the Proposals area's seeded ids
const ADA_PROPOSALS = [109, 110, 111, 112, 113, 114, 115, 117].map(PROPOSAL);
const LONG_THREAD = 'room_16c3564fb21a29fc104dba69bf9b07b2'; // contract 1's room (README)
const HOSTILE_ROOM = 'room_b69ba9ad45a23d78e749f1b97f394c94'; // contract 4's room (README)
const SHARED = [6, 7].map(CONTRACT); // ada's contracts whose client is grace's client organization

let base = null;
const tokens = {}; // user -> access token

// Seeded times are "now minus N seconds" in whole sandbox seconds, so two
// requests in different seconds see every seeded time move by one. A test
// that compares times across requests runs inside one wall-clock second
// and is tried again (up to 4 times) if a failure came with a new second.
// Only for tests that change nothing.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function withinOneSecond(fn) {
  for (let attempt = 1; ; attempt++) {
    const ms = Date.now() % 1000;
    if (ms > 500) await sleep(1000 - ms + 5);
    const second = Math.floor(Date.now() / 1000);
    try {
      return await fn();
    } catch (e) {
      if (attempt >= 4 || Math.floor(Date.now() / 1000) === second) throw e;
    }
  }
}
function timedTest(name, fn) {
  test(name, () => withinOneSecond(fn));
}

// ---- plumbing --------------------------------------------------------------------

function loginAll() {
  return signIn(tokens);
}

// opts: {as: 'ada' | 'grace', tenant: organization id}
const gql = (query, variables, { as = 'ada', tenant } = {}) => gqlOk(tokens[as], query, variables, { tenant });

// The data of an answer that must have no errors.
async function ok(query, variables, opts) {
  const r = await gql(query, variables, opts);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data;
}

// An answer with exactly one DataFetchingException at `field`.
function assertFetchError(r, field, message) {
  assert.ok(r.errors && r.errors.length === 1, JSON.stringify(r));
  const e = r.errors[0];
  assert.equal(e.message, `Exception while fetching data (/${field}) : ${message}`);
  assert.deepEqual(e.path, [field]);
  assert.equal(e.extensions.classification, 'DataFetchingException');
}

const ROOM_LIST = `query L($filter: RoomFilter, $pagination: Pagination, $sortOrder: SortOrder) {
  roomList(filter: $filter, pagination: $pagination, sortOrder: $sortOrder) {
    totalCount
    edges { node { id numUnread roomType contractId hidden } }
    pageInfo { endCursor hasNextPage }
  }
}`;

async function roomPage(variables, opts) {
  return (await ok(ROOM_LIST, variables, opts)).roomList;
}

// Every room id of a roomList, following endCursor with pages of `size`.
async function allRoomIds(variables = {}, opts, size = 7) {
  const ids = [];
  let after = '0';
  let total = null;
  for (let guard = 0; guard < 50; guard++) {
    const page = await roomPage({ ...variables, pagination: { first: size, after } }, opts);
    if (total === null) total = page.totalCount;
    assert.equal(page.totalCount, total, 'totalCount is the same on every page');
    assert.ok(page.edges.length <= size);
    ids.push(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasNextPage) break;
    assert.equal(page.pageInfo.endCursor, String(ids.length));
    after = page.pageInfo.endCursor;
  }
  assert.equal(ids.length, total, 'pages add up to totalCount');
  return ids;
}

const STORIES = `query S($filter: RoomStoryFilter) {
  roomStories(filter: $filter) {
    totalCount
    edges { cursor node { id createdDateTime updatedDateTime message user { id name } organization { id } } }
    pageInfo { endCursor hasNextPage }
  }
}`;

async function storyPage(roomId, storyFilter, opts) {
  return (await ok(STORIES, { filter: { roomId_eq: roomId, storyFilter } }, opts)).roomStories;
}

const SEND = `mutation Send($input: RoomStoryCreateInputV2!) {
  createRoomStoryV2(input: $input) { id createdDateTime updatedDateTime message user { id name } organization { id } attachments { objectType } room { id latestStory { id } } }
}`;

const rooms = (user) => ctl('GET', `rooms?user=${user}`);
const contracts = async () => (await ctl('GET', 'contracts')).contracts;
// The first of `list` that `user` does not see (a room only the other user sees).
const notSeenBy = async (list, user) => {
  const seen = new Set((await rooms(user)).map((r) => r.id));
  return list.find((r) => !seen.has(r.id));
};
const storiesOf = (roomId) => ctl('GET', `rooms/${roomId}/stories`);
const visible = (list) => list.filter((r) => !r.hidden);
const byKind = (list, kind) => list.filter((r) => r.kind === kind);
const secondsOf = (iso) => Date.parse(iso) / 1000;

// ---- data set and control endpoints ------------------------------------------------

test('GET /__sandbox/rooms: ada 25 rooms of every kind, grace in three organizations, contract rooms shared', async () => {
  const ada = await rooms('ada');
  assert.equal(ada.length, 25);
  assert.ok(ada.every((r) => r.user === 'ada' && r.organizationId === ADA_ORG));
  assert.deepEqual(byKind(ada, 'contract').map((r) => r.contractId).sort(), Array.from({ length: 7 }, (_, k) => CONTRACT(k + 1)));
  assert.deepEqual(byKind(ada, 'proposal').map((r) => r.vendorProposalId).sort(), ADA_PROPOSALS);
  assert.equal(byKind(ada, 'direct').length, 8);
  assert.equal(byKind(ada, 'group').length, 2);
  assert.ok(ada.every((r) => /^room_[0-9a-f]{32}$/.test(r.id)));
  assert.equal(new Set(ada.map((r) => r.id)).size, 25);
  const unread = ada.map((r) => r.numUnread);
  assert.ok(unread.includes(0) && Math.max(...unread) >= 10, `unread counts 0..n: ${unread}`);
  assert.ok(ada.some((r) => r.storiesCount >= 300), 'one long thread');
  assert.equal(ada.filter((r) => r.hidden).length, 1);
  assert.ok(ada.filter((r) => r.readOnly).length >= 2);
  for (let k = 1; k < ada.length; k++) {
    assert.ok(ada[k - 1].lastActivityDateTime >= ada[k].lastActivityDateTime, 'latest activity first');
  }
  const grace = await rooms('grace');
  const inOrg = (org) => grace.filter((r) => r.organizationId === org);
  assert.ok(grace.every((r) => r.user === 'grace'));
  assert.deepEqual([inOrg(GRACE_AGENCY).length, inOrg(GRACE_PERSONAL).length, inOrg(GRACE_CLIENT).length], [5, 4, 4]);
  assert.equal(grace.length, 13);
  assert.deepEqual(grace.filter((r) => r.contractId).map((r) => r.contractId).sort(), [6, 7, 8, 9, 10, 11, 12, 13, 14].map(CONTRACT));
  assert.deepEqual(inOrg(GRACE_CLIENT).map((r) => r.contractId).sort(), [6, 7, 13, 14].map(CONTRACT));
  // Contracts 6 and 7: one room each, seen by ada in her organization and grace in her client organization.
  for (const id of SHARED) {
    const a = ada.find((r) => r.contractId === id);
    const g = grace.find((r) => r.contractId === id);
    assert.equal(a.id, g.id, `one room for ${id}`);
    assert.deepEqual(a.viewers, [{ user: 'ada', organizationId: ADA_ORG }, { user: 'grace', organizationId: GRACE_CLIENT }]);
    assert.deepEqual(g.viewers, a.viewers);
    assert.deepEqual([g.organizationId, a.numUnread, g.numUnread], [GRACE_CLIENT, 0, 0]);
  }
  const shared = ada.filter((r) => grace.some((g) => g.id === r.id));
  assert.deepEqual(shared.map((r) => r.contractId).sort(), SHARED, 'only the rooms of contracts 6 and 7 are shared');
  const all = await ctl('GET', 'rooms');
  assert.equal(all.length, 36);
  assert.equal(new Set(all.map((r) => r.id)).size, 36, 'a shared room is listed once');
  for (const r of all) {
    assert.deepEqual([r.user, r.organizationId], [r.viewers[0].user, r.viewers[0].organizationId], 'without ?user: the first viewer');
    assert.equal(r.viewers.length, SHARED.includes(r.contractId) ? 2 : 1, r.id);
  }
  await ctl('GET', 'rooms?user=nobody', undefined, { status: 404 });
  await ctl('GET', 'rooms/room_00000000000000000000000000000000/stories', undefined, { status: 404 });
});

test('contract rooms are the contracts\' rooms: one per contract, its roomId, title, client, parties', async () => {
  const all = await ctl('GET', 'rooms');
  const list = await contracts();
  assert.equal(list.length, 14);
  const contractRooms = byKind(all, 'contract');
  assert.equal(contractRooms.length, list.length, 'exactly one room per contract');
  assert.deepEqual(contractRooms.map((r) => r.contractId).sort(), list.map((c) => c.id).sort());
  for (const c of list) {
    const r = all.find((x) => x.contractId === c.id);
    assert.equal(r.id, c.roomId, `${c.id}: the contract's roomId`);
    assert.equal(r.roomName, c.title);
    assert.equal(r.topic, c.clientOrganization.name, 'topic: the client organization\'s name');
    assert.equal(r.roomType, 'ONE_ON_ONE');
    assert.equal(r.readOnly, c.status === 'ENDED', 'an ended contract\'s room is read-only');
    // Viewers: every demo user on either side, in that side's organization.
    const sides = [c.vendorOrganization.id, c.clientOrganization.id].filter((org) => USER_OF_ORG[org]);
    assert.deepEqual(r.viewers, sides.map((org) => ({ user: USER_OF_ORG[org], organizationId: org })));
    // Members: the hiring manager (owner, client side), the freelancer and the agency manager (vendor side).
    const want = [[c.hiringManager.id, c.clientOrganization.id, 'OWNER'], [c.freelancer.id, c.vendorOrganization.id, 'MEMBER']];
    if (c.agencyManager && c.agencyManager.id !== c.freelancer.id) want.push([c.agencyManager.id, c.vendorOrganization.id, 'MEMBER']);
    assert.deepEqual(r.members.map((m) => [m.id, m.organizationId, m.role]), want, c.id);
    assert.deepEqual(r.members.map((m) => m.name), [c.hiringManager.name, c.freelancer.name, ...(want.length === 3 ? [c.agencyManager.name] : [])]);
  }
  // Rooms that are not contract rooms have no contract.
  assert.ok(all.filter((r) => r.kind !== 'contract').every((r) => r.contractId === null));
});

test('data set: deterministic ids; the long thread; hostile text; attachments', async () => {
  const ada = await rooms('ada');
  const long = ada.find((r) => r.contractId === CONTRACT(1));
  assert.equal(long.id, LONG_THREAD, 'README names this id');
  assert.equal(long.storiesCount, 320);
  assert.equal(long.numUnread, 7);
  const stories = await storiesOf(long.id);
  assert.equal(stories.length, 320);
  assert.ok(stories.every((s, k) => k === 0 || s.createdDateTime >= stories[k - 1].createdDateTime), 'oldest first');
  assert.ok(stories.slice(-7).every((s) => s.user.key === 'charles'), 'the unread stories are the client\'s');
  assert.ok(stories.some((s) => s.message.includes('\n')), 'line breaks');
  assert.ok(stories.some((s) => /https:\/\//.test(s.message)) && stories.some((s) => /http:\/\//.test(s.message)), 'http and https URLs');
  assert.ok(stories.some((s) => /javascript:/i.test(s.message)), 'javascript: URLs');
  const files = stories.filter((s) => s.attachments.length);
  assert.equal(files.length, 3);
  assert.ok(files.some((s) => s.message === '' && s.attachments[0].fileName === 'table-of-numbers.csv'), 'a story that is only a file');
  assert.ok(files.some((s) => s.attachments[0].fileName.includes('onerror')), 'a hostile file name');
  // The room of hostile text: every kind of attack, byte for byte.
  const gallery = ada.find((r) => r.kind === 'direct' && r.roomName === 'ليلى حداد');
  const texts = (await storiesOf(gallery.id)).map((s) => s.message);
  const all = texts.join('\n');
  for (const needle of ['<script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '"double" \'single\'', '\u202E', 'مرحبا', 'עברית', '\r\n', '{{7*7}}']) {
    assert.ok(all.includes(needle) || texts.some((t) => t.includes(needle)), `hostile text has ${JSON.stringify(needle)}`);
  }
  assert.ok(texts.some((t) => t.split(/\s/).some((w) => w.length >= 300)), 'a 300-character word');
  assert.ok(texts[texts.length - 1].startsWith('<script>'), 'the latest story (the list preview) is hostile');
  assert.ok(ada.some((r) => r.roomName.includes('onerror')) && ada.some((r) => r.roomName.includes('\u202E')), 'hostile room names');
  // The hostile contract room (contract 4, ada's): hostile name, topic and stories.
  const hostile = ada.find((r) => r.id === HOSTILE_ROOM);
  assert.equal(hostile.contractId, CONTRACT(4));
  assert.ok(hostile.roomName.includes('<script>') && hostile.topic.includes('onerror') && hostile.numUnread === 3);
  const hostileTexts = (await storiesOf(HOSTILE_ROOM)).map((s) => s.message);
  assert.ok(hostileTexts.filter((t, k) => k % 2 === 1).every((t) => /[<\u202E"]|javascript:|\r\n|\{\{|[\u0590-\u06FF]|\S{300}/.test(t)), 'every other story is hostile');
});

test('README.md "Demo rooms" lists every room with its id, object, stories and unread count', async () => {
  const text = require('node:fs').readFileSync(path.join(__dirname, 'README.md'), 'utf8');
  const rows = [...text.matchAll(/^\| `(room_[0-9a-f]{32})` \| ([^|]+) \| (\w+) \| ([^|]+) \|[^|]*\|[^|]*\| (\d+) \| (\d+) \|/gm)];
  const all = await ctl('GET', 'rooms');
  assert.equal(rows.length, all.length);
  assert.equal(new Set(rows.map((row) => row[1])).size, rows.length, 'each room once');
  for (const [, id, org, type, object, stories, unread] of rows) {
    const r = all.find((x) => x.id === id);
    assert.ok(r, `${id} exists`);
    assert.equal(org.trim(), r.viewers.map((v) => ORG_LABEL[v.organizationId]).join(' + '), id);
    assert.equal(type, r.roomType);
    assert.equal(object.trim(), r.contractId ? `contract \`${r.contractId}\`` : r.vendorProposalId ? `proposal \`${r.vendorProposalId}\`` : '—');
    assert.deepEqual([Number(stories) + r.sentCount, Number(unread)], [r.storiesCount, r.numUnread], id);
  }
});

// ---- roomList ------------------------------------------------------------------------

test('roomList without arguments: first 10 of the visible rooms, latest activity first', async () => {
  const expected = visible(await rooms('ada'));
  const page = await roomPage({});
  assert.equal(page.totalCount, expected.length);
  assert.equal(page.totalCount, 24, 'the hidden room is left out');
  assert.deepEqual(page.edges.map((e) => e.node.id), expected.slice(0, 10).map((r) => r.id));
  assert.deepEqual(page.pageInfo, { endCursor: '10', hasNextPage: true });
});

test('roomList pagination: after = offset, first capped at 50, errors', async () => {
  const expected = visible(await rooms('ada')).map((r) => r.id);
  assert.deepEqual(await allRoomIds({}, undefined, 7), expected);
  assert.deepEqual(await allRoomIds({}, undefined, 1), expected);
  const big = await roomPage({ pagination: { first: 500 } });
  assert.equal(big.edges.length, 24);
  assert.equal(big.pageInfo.hasNextPage, false);
  const zero = await roomPage({ pagination: { first: 0, after: '3' } });
  assert.deepEqual(zero.edges, []);
  assert.deepEqual(zero.pageInfo, { endCursor: '3', hasNextPage: true });
  const past = await roomPage({ pagination: { first: 5, after: '100' } });
  assert.deepEqual([past.edges.length, past.pageInfo.hasNextPage, past.totalCount], [0, false, 24]);
  for (const pagination of [{ first: -1 }, { first: 5, after: 'abc' }, { first: 5, after: '' }, { first: 5, after: '-1' }]) {
    const r = await gql(ROOM_LIST, { pagination });
    assert.equal(r.data, null, 'roomList is non-null: the error nulls data');
    assertFetchError(r, 'roomList', 'Exception occurred');
  }
});

test('roomList sortOrder: DESC by default, ASC is the reverse', async () => {
  const desc = await allRoomIds({ sortOrder: 'DESC' });
  assert.deepEqual(desc, await allRoomIds({}));
  assert.deepEqual(await allRoomIds({ sortOrder: 'ASC' }), desc.slice().reverse());
});

test('roomList filter: unreadRoomsOnly_eq, roomType_eq, objectReferenceId_eq', async () => {
  const ada = visible(await rooms('ada'));
  const unread = await allRoomIds({ filter: { unreadRoomsOnly_eq: true } });
  assert.deepEqual(unread, ada.filter((r) => r.numUnread > 0).map((r) => r.id));
  assert.ok(unread.length >= 8 && unread.length < 24);
  assert.deepEqual(await allRoomIds({ filter: { unreadRoomsOnly_eq: false } }), ada.map((r) => r.id));
  const page = await roomPage({ filter: { unreadRoomsOnly_eq: true }, pagination: { first: 50 } });
  for (const e of page.edges) assert.equal(e.node.numUnread, ada.find((r) => r.id === e.node.id).numUnread);
  const types = { ONE_ON_ONE: 0, GROUP: 0, INTERVIEW: 0 };
  for (const t of Object.keys(types)) {
    const ids = await allRoomIds({ filter: { roomType_eq: t } });
    assert.deepEqual(ids, ada.filter((r) => r.roomType === t).map((r) => r.id), t);
    types[t] = ids.length;
  }
  assert.deepEqual(types, { ONE_ON_ONE: 14, GROUP: 2, INTERVIEW: 8 });
  const both = await allRoomIds({ filter: { roomType_eq: 'INTERVIEW', unreadRoomsOnly_eq: true } });
  assert.deepEqual(both, ada.filter((r) => r.roomType === 'INTERVIEW' && r.numUnread > 0).map((r) => r.id));
  const c5 = await roomPage({ filter: { objectReferenceId_eq: CONTRACT(5) } });
  assert.deepEqual(c5.edges.map((e) => [e.node.id, e.node.contractId]), [[ada.find((r) => r.contractId === CONTRACT(5)).id, CONTRACT(5)]]);
  const p4 = await roomPage({ filter: { objectReferenceId_eq: PROPOSAL(112) } });
  assert.deepEqual(p4.edges.map((e) => e.node.id), [ada.find((r) => r.vendorProposalId === PROPOSAL(112)).id]);
  for (const n of [8, 10, 13]) {
    assert.equal((await roomPage({ filter: { objectReferenceId_eq: CONTRACT(n) } })).totalCount, 0, `grace's contract ${n} is not ada's`);
  }
  assert.equal((await roomPage({ filter: { objectReferenceId_eq: '42' } })).totalCount, 0);
  // Every contract id finds its contract's room for each demo user on either side, in that side's organization.
  for (const c of await contracts()) {
    for (const org of [c.vendorOrganization.id, c.clientOrganization.id].filter((o) => USER_OF_ORG[o])) {
      const got = await roomPage({ filter: { objectReferenceId_eq: c.id } }, { as: USER_OF_ORG[org], tenant: org });
      assert.deepEqual(got.edges.map((e) => [e.node.id, e.node.contractId]), [[c.roomId, c.id]], `${c.id} in ${org}`);
    }
  }
  assert.equal((await roomPage({ filter: { objectReferenceId_eq: CONTRACT(6) } }, { as: 'grace' })).totalCount, 0, 'contract 6 is not the agency\'s');
});

timedTest('roomList filter: includeHidden_eq, activeSince_eq, roomPrivacy_eq; the rest accepted and ignored', async () => {
  const all = await rooms('ada');
  assert.deepEqual(await allRoomIds({ filter: { includeHidden_eq: true } }), all.map((r) => r.id));
  const since = all[5].lastActivityDateTime;
  assert.deepEqual(await allRoomIds({ filter: { activeSince_eq: since } }), visible(all).filter((r) => r.lastActivityDateTime >= since).map((r) => r.id));
  assert.equal((await roomPage({ filter: { activeSince_eq: '2000-01-01' } })).totalCount, 24);
  assert.equal((await roomPage({ filter: { activeSince_eq: '2999-01-01T00:00:00Z' } })).totalCount, 0);
  for (const bad of ['yesterday', '2026-11-29T12:00:00', '']) {
    const r = await gql(ROOM_LIST, { filter: { activeSince_eq: bad } });
    assert.equal(r.data, null);
    assertFetchError(r, 'roomList', `Invalid activeSince_eq: ${bad}`);
  }
  assert.equal((await roomPage({ filter: { roomPrivacy_eq: 'PUBLIC' } })).totalCount, 0);
  assert.equal((await roomPage({ filter: { roomPrivacy_eq: 'PRIVATE' } })).totalCount, 24);
  const ignored = { subscribed_eq: true, includeFavorites_eq: true, includeUnreadIfActive_eq: true, local_eq: 'en', roomCategory_eq: 'CONTRACTS' };
  assert.deepEqual(await allRoomIds({ filter: ignored }), visible(all).map((r) => r.id));
  const r = await gql(ROOM_LIST, { filter: { roomType_eq: 'PRIVATE_CHAT' } });
  assert.equal(r.errors[0].extensions.classification, 'ValidationError', 'enum values are checked');
});

test('roomList follows the organization: grace agency, personal and client organization, never mixed', async () => {
  const grace = await rooms('grace');
  const agency = grace.filter((r) => r.organizationId === GRACE_AGENCY && !r.hidden).map((r) => r.id);
  const personal = grace.filter((r) => r.organizationId === GRACE_PERSONAL && !r.hidden).map((r) => r.id);
  assert.deepEqual(await allRoomIds({}, { as: 'grace' }), agency, 'no header: her default (agency) organization');
  assert.deepEqual(await allRoomIds({}, { as: 'grace', tenant: GRACE_AGENCY }), agency);
  assert.deepEqual(await allRoomIds({}, { as: 'grace', tenant: GRACE_PERSONAL }), personal);
  const client = grace.filter((r) => r.organizationId === GRACE_CLIENT && !r.hidden).map((r) => r.id);
  assert.deepEqual(await allRoomIds({}, { as: 'grace', tenant: GRACE_CLIENT }), client);
  assert.equal(new Set([...agency, ...personal, ...client]).size, agency.length + personal.length + client.length, 'no room in two of her organizations');
  const adaIds = new Set((await rooms('ada')).map((r) => r.id));
  assert.ok(agency.concat(personal).every((id) => !adaIds.has(id)));
  assert.deepEqual(grace.filter((r) => adaIds.has(r.id)).map((r) => [r.contractId, r.organizationId]).sort(), SHARED.map((id) => [id, GRACE_CLIENT]), 'shared with ada: contracts 6 and 7, in the client organization');
  const r = await gql(ROOM_LIST, {}, { as: 'ada', tenant: GRACE_AGENCY });
  assert.equal(r.errors[0].extensions.classification, 'ExecutionAborted', 'ada cannot work in grace\'s organization');
});

// ---- room, contractRoom, proposalRoom ----------------------------------------------------

const ROOM_FIELDS = `id roomName topic numUnread numUnreadMentions numUsers roomType contractId lastReadDateTime lastVisitedDateTime
  createdAtDateTime joinDateTime favorite roomFavoriteDateTime muted hidden readOnly readOnlyDateTime public roomNote roomNotePresent
  offerIds blockDateTime blockedBy { role } recruiters { id }
  organization { id name }
  creator { role user { id } } owner { role user { id } }
  roomUsers { role user { id name nid publicUrl photoUrl email } organization { id name type legacyType } }
  latestStory { id message createdDateTime user { id } }`;

test('room(id): every field agrees with the data set, for each user in each organization', async () => {
  for (const user of ['ada', 'grace']) {
    for (const { id, organizationId } of await rooms(user)) await withinOneSecond(() => checkRoom(user, organizationId, id));
  }
});

const USER_ID = { ada: ADA_ID, grace: GRACE_ID };

// Room `id` as `user` sees it working in `org`.
async function checkRoom(user, org, id) {
  const r = (await rooms(user)).find((x) => x.id === id);
  assert.equal(r.organizationId, org);
  {
    const answer = await ok(`query R($id: ID!) { organization { id name } room(id: $id) { ${ROOM_FIELDS} stories(filter: {pagination: {first: 50}}) { edges { node { createdDateTime } } } } }`, { id: r.id }, { as: user, tenant: org });
    const room = answer.room;
    assert.equal(room.id, r.id);
    assert.equal(room.roomName, r.roomName);
    assert.equal(room.topic, r.topic);
    assert.equal(room.numUnread, r.numUnread);
    assert.equal(room.numUnreadMentions, r.numUnreadMentions);
    assert.equal(room.roomType, r.roomType);
    assert.equal(room.contractId, r.contractId);
    assert.deepEqual([room.favorite, room.muted, room.hidden, room.readOnly, room.public], [r.favorite, r.muted, r.hidden, r.readOnly, false]);
    assert.equal(room.readOnlyDateTime !== null, r.readOnly);
    assert.equal(room.roomFavoriteDateTime !== null, r.favorite);
    assert.equal(room.lastReadDateTime, r.lastReadDateTime);
    assert.equal(room.lastVisitedDateTime, r.lastReadDateTime);
    assert.equal(room.createdAtDateTime, r.createdAtDateTime);
    assert.equal(room.joinDateTime, r.createdAtDateTime);
    assert.deepEqual([room.roomNote, room.roomNotePresent, room.offerIds, room.blockDateTime, room.blockedBy, room.recruiters], [null, false, [], null, null, []]);
    assert.deepEqual(room.organization, answer.organization, 'the organization the request works in');
    assert.equal(room.organization.id, org);
    if (user === 'ada') assert.deepEqual(room.organization, { id: ADA_ORG, name: 'Ada Lovelace' });
    assert.equal(room.numUsers, r.members.length);
    assert.deepEqual(room.roomUsers.map((u) => [u.user.id, u.user.name, u.organization.id, u.role]), r.members.map((m) => [m.id, m.name, m.organizationId, m.role]));
    const me = room.roomUsers.find((u) => u.user.id === USER_ID[user]);
    assert.ok(me, `${user} is a member`);
    assert.match(me.user.photoUrl, new RegExp(`/portraits/${user}\\.svg$`));
    assert.equal(me.organization.id, org, 'in the room with the organization the request works in');
    if (user === 'ada') assert.equal(me.organization.type, 'INDIVIDUAL');
    for (const u of room.roomUsers.filter((x) => x.user.id !== USER_ID[user])) {
      assert.equal(u.user.email, null, 'no email of other people, demo users included');
      const demo = Object.entries(USER_ID).find(([, uid]) => uid === u.user.id);
      if (demo) assert.match(u.user.photoUrl, new RegExp(`/portraits/${demo[0]}\\.svg$`), 'the other side\'s demo user');
      else assert.equal(u.user.photoUrl, null);
    }
    assert.deepEqual(room.owner, room.creator);
    assert.equal(room.creator.role, 'OWNER');
    assert.equal(room.latestStory.id, r.latestStoryId);
    assert.equal(room.latestStory.createdDateTime, r.lastActivityDateTime);
    // numUnread agrees with lastReadDateTime: that many stories are newer.
    assert.equal(room.stories.edges.filter((e) => e.node.createdDateTime > room.lastReadDateTime).length, r.numUnread, r.id);
  }
}

test('room(id): another user\'s or organization\'s room, or an unknown id, is null plus an error', async () => {
  const grace = await rooms('grace');
  const ada = await rooms('ada');
  const graceOnly = await notSeenBy(grace, 'ada');
  const adaOnly = await notSeenBy(ada, 'grace');
  const q = 'query R($id: ID!) { room(id: $id) { id roomName } }';
  for (const id of [graceOnly.id, 'room_00000000000000000000000000000000', 'nope']) {
    const r = await gql(q, { id });
    assert.equal(r.data, null, 'room is non-null (Room!): the error nulls data');
    assertFetchError(r, 'room', `Room not found for id=${id}`);
  }
  for (const tenant of [GRACE_AGENCY, GRACE_PERSONAL, GRACE_CLIENT]) {
    assertFetchError(await gql(q, { id: adaOnly.id }, { as: 'grace', tenant }), 'room', `Room not found for id=${adaOnly.id}`);
  }
  const personal = grace.find((x) => x.organizationId === GRACE_PERSONAL);
  const agency = grace.find((x) => x.organizationId === GRACE_AGENCY);
  assertFetchError(await gql(q, { id: personal.id }, { as: 'grace' }), 'room', `Room not found for id=${personal.id}`);
  assertFetchError(await gql(q, { id: agency.id }, { as: 'grace', tenant: GRACE_PERSONAL }), 'room', `Room not found for id=${agency.id}`);
  assert.equal((await ok(q, { id: personal.id }, { as: 'grace', tenant: GRACE_PERSONAL })).room.id, personal.id);
  assert.equal((await ok(q, { id: agency.id }, { as: 'grace' })).room.id, agency.id);
  // A shared contract room: ada in her organization, grace in her client organization only.
  const shared = ada.find((x) => x.contractId === SHARED[0]);
  assert.equal((await ok(q, { id: shared.id })).room.id, shared.id);
  assert.equal((await ok(q, { id: shared.id }, { as: 'grace', tenant: GRACE_CLIENT })).room.id, shared.id);
  for (const tenant of [undefined, GRACE_PERSONAL]) {
    assertFetchError(await gql(q, { id: shared.id }, { as: 'grace', tenant }), 'room', `Room not found for id=${shared.id}`);
  }
});

test('contractRoom(contractId): the contract\'s roomId for each side\'s user; nobody else', async () => {
  const cq = 'query C($id: ID!) { contractRoom(contractId: $id) { id contractId roomType roomName } }';
  const orgs = Object.keys(USER_OF_ORG);
  for (const c of await contracts()) {
    const sides = [c.vendorOrganization.id, c.clientOrganization.id];
    for (const org of orgs) {
      const as = USER_OF_ORG[org];
      if (sides.includes(org)) {
        const room = (await ok(cq, { id: c.id }, { as, tenant: org })).contractRoom;
        assert.deepEqual(room, { id: c.roomId, contractId: c.id, roomType: 'ONE_ON_ONE', roomName: c.title }, `${c.id} as ${as} in ${org}`);
      } else {
        // contractRoom is nullable: data stays, the field is null.
        const r = await gql(`${cq.slice(0, -1)} user { id } }`, { id: c.id }, { as, tenant: org });
        assert.deepEqual(r.data, { contractRoom: null, user: { id: USER_ID[as] } }, `${c.id} is not ${org}'s`);
        assertFetchError(r, 'contractRoom', `Room not found for contractId=${c.id}`);
      }
    }
  }
  // The sides in the test above are the ones with at least one demo user.
  assert.ok((await contracts()).every((c) => USER_OF_ORG[c.vendorOrganization.id] || USER_OF_ORG[c.clientOrganization.id]));
  for (const id of [CONTRACT(15), CONTRACT(17), '42']) {
    assertFetchError(await gql(cq, { id }, { as: 'grace' }), 'contractRoom', `Room not found for contractId=${id}`);
  }
});

test('no room names a contract its viewer cannot see: contract(id) answers it in the same organization', async () => {
  const q = 'query C($id: ID!) { contract(id: $id) { id title } }';
  let checked = 0;
  for (const user of ['ada', 'grace']) {
    for (const r of await rooms(user)) {
      if (r.contractId === null) continue;
      const c = (await ok(q, { id: r.contractId }, { as: user, tenant: r.organizationId })).contract;
      assert.deepEqual(c, { id: r.contractId, title: r.roomName }, `${user} in ${r.organizationId}: ${r.id}`);
      checked++;
    }
  }
  assert.equal(checked, 7 + 9, 'ada\'s 7 contract rooms, grace\'s 9');
});

test('proposalRoom(vendorProposalId)', async () => {
  const ada = await rooms('ada');
  // A proposal room is the Proposals area's proposal's, named after its job.
  const pq = `query P($id: ID!) { proposalRoom(vendorProposalId: $id) { id roomType roomName }
    vendorProposal(id: $id) { id marketplaceJobPosting { content { title } } } }`;
  for (const id of ADA_PROPOSALS) {
    const want = ada.find((r) => r.vendorProposalId === id);
    const got = await ok(pq, { id });
    assert.deepEqual(got.proposalRoom, { id: want.id, roomType: 'INTERVIEW', roomName: want.roomName });
    assert.equal(got.vendorProposal.marketplaceJobPosting.content.title, want.roomName);
  }
  assert.ok(ada.find((r) => r.vendorProposalId === PROPOSAL(117)).readOnly, 'the declined proposal\'s room is read-only');
  const onlyRoom = 'query P($id: ID!) { proposalRoom(vendorProposalId: $id) { id } }';
  for (const id of [PROPOSAL(101), PROPOSAL(203), '42']) {
    const bad = await gql(onlyRoom, { id });
    assert.equal(bad.data, null, 'proposalRoom is non-null (Room!)');
    assertFetchError(bad, 'proposalRoom', `Room not found for vendorProposalId=${id}`);
  }
  assert.ok((await ok(onlyRoom, { id: PROPOSAL(203) }, { as: 'grace' })).proposalRoom.id);
  assert.ok((await ok(onlyRoom, { id: PROPOSAL(302) }, { as: 'grace', tenant: GRACE_PERSONAL })).proposalRoom.id);
});

// ---- stories ----------------------------------------------------------------------------

timedTest('roomStories: newest first, default 10, pages of up to 50 over the 320-story thread', async () => {
  const long = (await rooms('ada')).find((r) => r.contractId === CONTRACT(1));
  const all = (await storiesOf(long.id)).reverse();
  const first = await storyPage(long.id);
  assert.equal(first.totalCount, 320);
  assert.deepEqual(first.edges.map((e) => e.node.id), all.slice(0, 10).map((s) => s.id));
  assert.deepEqual(first.edges.map((e) => e.cursor), Array.from({ length: 10 }, (_, k) => String(k + 1)));
  assert.deepEqual(first.pageInfo, { endCursor: '10', hasNextPage: true });
  const seen = [];
  let after = '0';
  for (let guard = 0; guard < 20; guard++) {
    const page = await storyPage(long.id, { pagination: { first: 50, after } });
    seen.push(...page.edges);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  assert.equal(seen.length, 320);
  seen.forEach((e, k) => {
    const s = all[k];
    assert.equal(e.cursor, String(k + 1));
    assert.deepEqual(e.node, { id: s.id, createdDateTime: s.createdDateTime, updatedDateTime: s.createdDateTime, message: s.message, user: { id: s.user.id, name: s.user.name }, organization: { id: s.organizationId } });
  });
  assert.equal((await storyPage(long.id, { pagination: { first: 500 } })).edges.length, 50, 'first is capped at 50');
  const r = await gql(STORIES, { filter: { roomId_eq: long.id, storyFilter: { pagination: { first: 5, after: 'x' } } } });
  assert.deepEqual(r.data, { roomStories: null });
  assertFetchError(r, 'roomStories', 'Exception occurred');
});

timedTest('roomStories: storyCreatedDateTime_bt is inclusive, bounds optional, ISO 8601 only', async () => {
  const long = (await rooms('ada')).find((r) => r.contractId === CONTRACT(1));
  const all = (await storiesOf(long.id)).reverse();
  const start = all[120].createdDateTime;
  const end = all[40].createdDateTime;
  const expect = (range) => all.filter((s) => (range.rangeStart == null || s.createdDateTime >= range.rangeStart) && (range.rangeEnd == null || s.createdDateTime <= range.rangeEnd));
  for (const range of [{ rangeStart: start, rangeEnd: end }, { rangeStart: start }, { rangeEnd: end }, {}]) {
    const page = await storyPage(long.id, { storyCreatedDateTime_bt: range, pagination: { first: 50 } });
    const want = expect(range);
    assert.equal(page.totalCount, want.length, JSON.stringify(range));
    assert.deepEqual(page.edges.map((e) => e.node.id), want.slice(0, 50).map((s) => s.id));
  }
  assert.equal((await storyPage(long.id, { storyCreatedDateTime_bt: { rangeStart: start, rangeEnd: start } })).totalCount, all.filter((s) => s.createdDateTime === start).length);
  assert.equal((await storyPage(long.id, { storyCreatedDateTime_bt: { rangeStart: end, rangeEnd: start } })).totalCount, 0, 'start after end: nothing');
  const offset = start.replace('Z', '+00:00').replace('.000', '');
  assert.equal((await storyPage(long.id, { storyCreatedDateTime_bt: { rangeStart: offset } })).totalCount, expect({ rangeStart: start }).length, 'zone offsets work');
  for (const bad of ['2026-13-45', 'last week', '2026-11-29T10:00:00']) {
    const r = await gql(STORIES, { filter: { roomId_eq: long.id, storyFilter: { storyCreatedDateTime_bt: { rangeStart: bad } } } });
    assertFetchError(r, 'roomStories', `Invalid rangeStart: ${bad}`);
  }
});

timedTest('roomStories and roomStory refuse other rooms; Room.stories is roomStories', async () => {
  const ada = await rooms('ada');
  const grace = [await notSeenBy(await rooms('grace'), 'ada')];
  const r = await gql(STORIES, { filter: { roomId_eq: grace[0].id } });
  assert.deepEqual(r.data, { roomStories: null });
  assertFetchError(r, 'roomStories', `Room not found for id=${grace[0].id}`);
  assertFetchError(await gql('{ roomStories { totalCount } }'), 'roomStories', 'filter with roomId_eq is required');

  const room = ada.find((x) => x.storiesCount > 12 && x.kind === 'contract' && x.contractId !== CONTRACT(1));
  const viaRoom = (await ok(`query R($id: ID!, $f: StoryFilter) { room(id: $id) { stories(filter: $f) {
    totalCount edges { cursor node { id message } } pageInfo { endCursor hasNextPage } } } }`, { id: room.id, f: { pagination: { first: 5, after: '5' } } })).room.stories;
  const direct = await ok(`query S($filter: RoomStoryFilter) { roomStories(filter: $filter) {
    totalCount edges { cursor node { id message } } pageInfo { endCursor hasNextPage } } }`, { filter: { roomId_eq: room.id, storyFilter: { pagination: { first: 5, after: '5' } } } });
  assert.deepEqual(viaRoom, direct.roomStories);

  const stories = await storiesOf(room.id);
  const sq = `query One($roomId: ID!, $storyId: ID!) { roomStory(roomId: $roomId, storyId: $storyId) {
    id message createdDateTime user { id } room { id contractId } } }`;
  const s = stories[3];
  assert.deepEqual((await ok(sq, { roomId: room.id, storyId: s.id })).roomStory, { id: s.id, message: s.message, createdDateTime: s.createdDateTime, user: { id: s.user.id }, room: { id: room.id, contractId: room.contractId } });
  const other = (await storiesOf(ada[0].id))[0];
  assertFetchError(await gql(sq, { roomId: room.id, storyId: other.id }), 'roomStory', `Story not found for id=${other.id}`);
  assertFetchError(await gql(sq, { roomId: grace[0].id, storyId: '1' }), 'roomStory', `Room not found for id=${grace[0].id}`);
});

test('stories: hostile text byte for byte, authors, organizations, attachments', async () => {
  const ada = await rooms('ada');
  const gallery = ada.find((r) => r.kind === 'direct' && r.roomName === 'ليلى حداد');
  const want = (await storiesOf(gallery.id)).reverse();
  const page = await storyPage(gallery.id, { pagination: { first: 50 } });
  assert.deepEqual(page.edges.map((e) => e.node.message), want.map((s) => s.message));
  const layla = gallery.members.find((m) => m.key === 'layla');
  assert.ok(page.edges.some((e) => e.node.user.id === layla.id && e.node.organization.id === layla.organizationId));
  assert.ok(page.edges.some((e) => e.node.user.id === ADA_ID && e.node.organization.id === ADA_ORG));

  const long = ada.find((r) => r.contractId === CONTRACT(1));
  const withFiles = (await storiesOf(long.id)).filter((s) => s.attachments.length);
  const q = `query One($roomId: ID!, $storyId: ID!) { roomStory(roomId: $roomId, storyId: $storyId) {
    message attachments { objectReferenceId objectType createdDateTime metadata { key value } author { user { id } role } } createdDateTime } }`;
  for (const s of withFiles) {
    const got = (await ok(q, { roomId: long.id, storyId: s.id })).roomStory;
    assert.equal(got.message, s.message);
    const a = s.attachments[0];
    assert.deepEqual(got.attachments, [{
      objectReferenceId: a.id, objectType: 'FILE', createdDateTime: got.createdDateTime,
      metadata: [{ key: 'fileName', value: a.fileName }, { key: 'fileSize', value: a.fileSize }, { key: 'mimeType', value: a.mimeType }],
      author: { user: { id: s.user.id }, role: s.user.key === 'charles' ? 'OWNER' : 'MEMBER' },
    }]);
  }
  const plain = (await ok(q, { roomId: long.id, storyId: (await storiesOf(long.id))[0].id })).roomStory;
  assert.deepEqual(plain.attachments, []);
});

// ---- createRoomStoryV2 ---------------------------------------------------------------------

test('createRoomStoryV2: appends the story (author, sandbox time), latest activity moves, one call recorded', async () => {
  await ctl('DELETE', 'rooms/mutations');
  const before = await rooms('ada');
  const target = before.find((r) => r.kind === 'direct' && r.roomName === 'Noah Cohen');
  assert.notEqual(before[0].id, target.id);
  const message = 'Hello Noah,\nthe new draft is at https://example.com/d?a=1&b=2\n\n<b>not bold</b> — “quotes” 🎉';
  const t0 = Math.floor(Date.now() / 1000);
  const story = (await ok(SEND, { input: { roomId: target.id, message } })).createRoomStoryV2;
  const t1 = Math.ceil(Date.now() / 1000);
  assert.match(story.id, /^\d+$/);
  assert.equal(story.message, message, 'stored and returned verbatim');
  assert.deepEqual(story.user, { id: ADA_ID, name: 'Ada Lovelace' });
  assert.deepEqual(story.organization, { id: ADA_ORG });
  assert.deepEqual(story.attachments, []);
  assert.ok(secondsOf(story.createdDateTime) >= t0 && secondsOf(story.createdDateTime) <= t1, story.createdDateTime);
  assert.equal(story.updatedDateTime, story.createdDateTime);
  assert.deepEqual(story.room, { id: target.id, latestStory: { id: story.id } });

  const calls = await ctl('GET', 'rooms/mutations');
  assert.equal(calls.length, 1, 'exactly one mutation');
  assert.deepEqual(calls[0], { name: 'createRoomStoryV2', time: story.createdDateTime, user: 'ada', organizationId: ADA_ORG, input: { roomId: target.id, message }, ok: true, storyId: story.id, error: null });

  const after = await rooms('ada');
  assert.equal(after[0].id, target.id, 'the room moves to the top of the list');
  assert.equal(after[0].storiesCount, target.storiesCount + 1);
  assert.equal(after[0].sentCount, 1);
  assert.equal(after[0].latestStoryId, story.id);
  assert.equal(after[0].lastActivityDateTime, story.createdDateTime);
  assert.equal(after[0].numUnread, target.numUnread, 'unread counts are fixed demo data');
  assert.ok(Math.abs(secondsOf(after[0].lastReadDateTime) - secondsOf(target.lastReadDateTime)) <= 2, 'lastReadDateTime stays');
  assert.equal((await roomPage({})).edges[0].node.id, target.id);
  const page = await storyPage(target.id);
  assert.equal(page.totalCount, target.storiesCount + 1);
  assert.equal(page.edges[0].node.id, story.id, 'newest first');
  const dump = await storiesOf(target.id);
  assert.deepEqual(dump[dump.length - 1], { id: story.id, roomId: target.id, createdDateTime: story.createdDateTime, user: { key: 'ada', id: ADA_ID, name: 'Ada Lovelace' }, organizationId: ADA_ORG, message, attachments: [], sent: true });
  const second = (await ok(SEND, { input: { roomId: target.id, message } })).createRoomStoryV2;
  assert.notEqual(second.id, story.id, 'not idempotent: the same text twice is two stories');
  assert.equal((await ctl('GET', 'rooms/mutations')).length, 2);
});

test('createRoomStoryV2 refusals: blank, too long, read-only, foreign or missing room; each recorded, nothing appended', async () => {
  await ctl('DELETE', 'rooms/mutations');
  const ada = await rooms('ada');
  const room = ada.find((r) => r.kind === 'direct' && r.roomName === 'Olivia Brown');
  const readOnly = ada.find((r) => r.readOnly);
  const grace = await notSeenBy(await rooms('grace'), 'ada');
  const cases = [
    [{ roomId: room.id, message: '' }, 'Message must not be empty'],
    [{ roomId: room.id, message: ' \n\t\r\n ' }, 'Message must not be empty'],
    [{ roomId: room.id }, 'Message must not be empty'],
    [{ roomId: room.id, message: 'x'.repeat(5001) }, 'Message is too long: 5001 characters, at most 5000 are allowed'],
    [{ roomId: room.id, message: '🎉'.repeat(5001) }, 'Message is too long: 5001 characters, at most 5000 are allowed'],
    [{ roomId: readOnly.id, message: 'hello' }, `Room is read-only: ${readOnly.id}`],
    [{ roomId: grace.id, message: 'hello' }, `Room not found for id=${grace.id}`],
    [{ roomId: 'room_nope', message: 'hello' }, 'Room not found for id=room_nope'],
    [{ message: 'hello' }, 'roomId is required'],
    [{ roomId: '', message: 'hello' }, 'roomId is required'],
  ];
  for (const [input, message] of cases) {
    const r = await gql(SEND, { input });
    assert.equal(r.data, null, 'createRoomStoryV2 returns RoomStory!: the error nulls data');
    assertFetchError(r, 'createRoomStoryV2', message);
  }
  const calls = await ctl('GET', 'rooms/mutations');
  assert.equal(calls.length, cases.length, 'refused calls are recorded too');
  calls.forEach((c, k) => {
    assert.equal(c.ok, false);
    assert.equal(c.storyId, null);
    assert.equal(c.error, cases[k][1]);
    assert.deepEqual(c.input, { roomId: cases[k][0].roomId ?? null, message: cases[k][0].message ?? null });
  });
  const after = await rooms('ada');
  assert.deepEqual(after.map((r) => [r.id, r.storiesCount]), ada.map((r) => [r.id, r.storiesCount]), 'nothing appended');
  // The limits themselves are accepted: 5000 characters, 5000 emoji (10000 UTF-16 units).
  for (const message of ['y'.repeat(5000), '🎉'.repeat(5000), ' a ']) {
    assert.equal((await ok(SEND, { input: { roomId: room.id, message } })).createRoomStoryV2.message, message);
  }
  // Grace sends in her personal organization only with its tenant header.
  const personal = (await rooms('grace')).find((r) => r.organizationId === GRACE_PERSONAL && !r.readOnly);
  assertFetchError(await gql(SEND, { input: { roomId: personal.id, message: 'hi' } }, { as: 'grace' }), 'createRoomStoryV2', `Room not found for id=${personal.id}`);
  const sent = (await ok(SEND, { input: { roomId: personal.id, message: 'hi' } }, { as: 'grace', tenant: GRACE_PERSONAL })).createRoomStoryV2;
  assert.deepEqual(sent.organization, { id: GRACE_PERSONAL });
  assert.equal(sent.user.name, 'Grace Hopper');
  const last = (await ctl('GET', 'rooms/mutations')).at(-1);
  assert.deepEqual([last.user, last.organizationId, last.ok], ['grace', GRACE_PERSONAL, true]);
});

test('POST /__sandbox/rooms/ID/stories: another member writes a story; the same refusals; no call recorded', async () => {
  await ctl('DELETE', 'rooms/mutations');
  const room = (await rooms('ada')).find((r) => r.contractId === CONTRACT(2));
  const client = room.members.find((m) => m.role === 'OWNER');
  assert.notEqual(client.key, 'ada');
  const message = '"><img src=x onerror=alert(1)>\r\n<script>alert(1)</script> {{7*7}} \u202Eabc';
  const t0 = Math.floor(Date.now() / 1000);
  const story = await ctl('POST', `rooms/${room.id}/stories`, { author: client.key, message });
  assert.match(story.id, /^\d+$/);
  assert.ok(secondsOf(story.createdDateTime) >= t0 && secondsOf(story.createdDateTime) <= Math.ceil(Date.now() / 1000));
  assert.deepEqual(story, { id: story.id, roomId: room.id, createdDateTime: story.createdDateTime, user: { key: client.key, id: client.id, name: client.name },
    organizationId: client.organizationId, message, attachments: [], sent: true });
  const newest = (await storyPage(room.id)).edges[0].node;
  assert.deepEqual(newest, { id: story.id, createdDateTime: story.createdDateTime, updatedDateTime: story.createdDateTime, message,
    user: { id: client.id, name: client.name }, organization: { id: client.organizationId } }, 'Ada reads it, byte for byte');
  const after = (await rooms('ada')).find((r) => r.id === room.id);
  assert.deepEqual([after.latestStoryId, after.lastActivityDateTime, after.storiesCount], [story.id, story.createdDateTime, room.storiesCount + 1],
    'it is the room\'s latest activity');
  assert.deepEqual(await ctl('GET', 'rooms/mutations'), [], 'not a createRoomStoryV2 call');

  const readOnly = (await rooms('ada')).find((r) => r.readOnly);
  const other = (await rooms('ada')).find((r) => r.kind === 'direct' && r.members.every((m) => m.key !== client.key));
  const refused = [
    [room.id, { author: client.key, message: ' \n\t ' }, 400, 'Message must not be empty'],
    [room.id, { author: client.key }, 400, 'Message must not be empty'],
    [room.id, { author: client.key, message: '🎉'.repeat(5001) }, 400, 'Message is too long: 5001 characters, at most 5000 are allowed'],
    [readOnly.id, { author: readOnly.members[0].key, message: 'hello' }, 400, `Room is read-only: ${readOnly.id}`],
    [other.id, { author: client.key, message: 'hello' }, 400, null], // not a member of that room
    [room.id, { author: 'nobody', message: 'hello' }, 400, null],
    [room.id, { author: client.key, message: 'hello', extra: 1 }, 400, null],
    [room.id, [client.key, 'hello'], 400, null],
    ['room_00000000000000000000000000000000', { author: client.key, message: 'hello' }, 404, null],
  ];
  for (const [id, body, status, error] of refused) {
    const r = await ctl('POST', `rooms/${id}/stories`, body, { status });
    if (error) assert.equal(r.error, error);
  }
  assert.equal((await storiesOf(room.id)).filter((x) => x.sent).length, 1, 'a refused story is not appended');
  const res = await fetch(`${base}/__sandbox/rooms/${room.id}/stories`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' });
  assert.equal(res.status, 400);
});

test('createRoomStoryV2 in a shared contract room: what either side sends appears for both', async () => {
  await ctl('DELETE', 'rooms/mutations');
  const room = (await rooms('ada')).find((r) => r.contractId === CONTRACT(6));
  const asGrace = { as: 'grace', tenant: GRACE_CLIENT };
  // Rooms with the same latest second are ordered by id: start in a second no earlier test sent in.
  await sleep(1005 - (Date.now() % 1000));
  const fromAda = (await ok(SEND, { input: { roomId: room.id, message: 'Test run is green.' } })).createRoomStoryV2;
  assert.deepEqual([fromAda.user.id, fromAda.organization.id], [ADA_ID, ADA_ORG]);
  const fromGrace = (await ok(SEND, { input: { roomId: room.id, message: 'Thanks, Ada!' } }, asGrace)).createRoomStoryV2;
  assert.deepEqual([fromGrace.user.id, fromGrace.organization.id], [GRACE_ID, GRACE_CLIENT]);
  assert.deepEqual(fromGrace.room, { id: room.id, latestStory: { id: fromGrace.id } });
  // Both see both stories, newest first, each with its author's organization.
  for (const opts of [undefined, asGrace]) {
    const page = await storyPage(room.id, { pagination: { first: 2 } }, opts);
    assert.equal(page.totalCount, room.storiesCount + 2);
    assert.deepEqual(page.edges.map((e) => [e.node.id, e.node.message, e.node.user.id, e.node.organization.id]),
      [[fromGrace.id, 'Thanks, Ada!', GRACE_ID, GRACE_CLIENT], [fromAda.id, 'Test run is green.', ADA_ID, ADA_ORG]]);
    const list = await roomPage({ pagination: { first: 1 } }, opts);
    assert.equal(list.edges[0].node.id, room.id, 'the room moves to the top of both lists');
  }
  const [adaView, graceView] = [(await rooms('ada')).find((r) => r.id === room.id), (await rooms('grace')).find((r) => r.id === room.id)];
  assert.deepEqual([adaView.sentCount, graceView.sentCount, adaView.latestStoryId, graceView.latestStoryId], [2, 2, fromGrace.id, fromGrace.id]);
  assert.equal(graceView.numUnread, room.numUnread, 'numUnread is one value per room and does not change');
  const dump = (await storiesOf(room.id)).slice(-2);
  assert.deepEqual(dump.map((x) => [x.user.key, x.organizationId, x.sent]), [['ada', ADA_ORG, true], ['grace', GRACE_CLIENT, true]]);
  const calls = await ctl('GET', 'rooms/mutations');
  assert.deepEqual(calls.map((c) => [c.user, c.organizationId, c.ok]), [['ada', ADA_ORG, true], ['grace', GRACE_CLIENT, true]]);
  // Grace in her agency does not see the room, so she cannot send there.
  assertFetchError(await gql(SEND, { input: { roomId: room.id, message: 'hi' } }, { as: 'grace' }), 'createRoomStoryV2', `Room not found for id=${room.id}`);
  // A contract room only one side's demo user sees works the same way for grace as client (contract 13).
  const c13 = (await rooms('grace')).find((r) => r.contractId === CONTRACT(13));
  const sent = (await ok(SEND, { input: { roomId: c13.id, message: 'Diagrams approved.' } }, asGrace)).createRoomStoryV2;
  assert.deepEqual(sent.organization, { id: GRACE_CLIENT });
});

test('createRoomStoryV2 is not executed when the request fails before execution', async () => {
  await ctl('DELETE', 'rooms/mutations');
  const room = (await rooms('ada')).find((r) => r.kind === 'direct' && !r.readOnly);
  const sentBefore = room.sentCount;
  await ctl('POST', 'config', { remove_permissions: ['Mutation.createRoomStoryV2'] });
  const r = await gql(SEND, { input: { roomId: room.id, message: 'hi' } });
  assert.equal(r.errors[0].extensions.classification, 'ExecutionAborted');
  assert.match(r.errors[0].message, /\[Mutation\.createRoomStoryV2\]/);
  await ctl('POST', 'config', { remove_permissions: null, graphql_fault: { status: 503, count: 1 } });
  const res = await fetch(`${base}/graphql`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens.ada}` },
    body: JSON.stringify({ query: SEND, variables: { input: { roomId: room.id, message: 'hi' } } }),
  });
  assert.equal(res.status, 503);
  const v1 = await gql('mutation { createRoomStory(input: {roomId: "x", message: "y"}) { id } }');
  assert.equal(v1.errors[0].extensions.classification, 'ValidationError', 'the V1 name does not exist');
  assert.deepEqual(await ctl('GET', 'rooms/mutations'), [], 'no execution recorded');
  assert.equal((await rooms('ada')).find((x) => x.id === room.id).sentCount, sentBefore);
});

test('graphql_fault with after_execute: the send happens, the answer is lost (what "never retried" is tested with)', async () => {
  await ctl('DELETE', 'rooms/mutations');
  const room = (await rooms('ada')).find((r) => r.kind === 'direct' && !r.readOnly && !r.hidden);
  await ctl('POST', 'config', { graphql_fault: { drop: true, operation: 'Send', after_execute: true, count: 1 } });
  await assert.rejects(fetch(`${base}/graphql`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens.ada}` },
    body: JSON.stringify({ query: SEND, variables: { input: { roomId: room.id, message: 'did it arrive?' } } }),
  }), 'the connection is dropped');
  const calls = await ctl('GET', 'rooms/mutations');
  assert.equal(calls.length, 1);
  assert.deepEqual([calls[0].ok, calls[0].input.message], [true, 'did it arrive?']);
  const after = (await rooms('ada')).find((r) => r.id === room.id);
  assert.equal(after.sentCount, room.sentCount + 1, 'the story is there');
  assert.equal(after.latestStoryId, calls[0].storyId);
});

// ---- schema drift, introspection, switches, reset ---------------------------------------------------

test('schema: systemStory is undefined (the documented drift); RoomFilter has every documented field', async () => {
  const room = (await rooms('ada'))[0];
  const r = await gql(`query R($id: ID!) { room(id: $id) { stories { edges { node { id systemStory } } } } }`, { id: room.id });
  assert.equal(r.data, undefined);
  assert.equal(r.errors[0].message, "Validation error (FieldUndefined@[room/stories/edges/node/systemStory]) : Field 'systemStory' in type 'RoomStory' is undefined");
  const t = await ok('{ __type(name: "RoomFilter") { inputFields { name type { name kind } } } }');
  assert.deepEqual(t.__type.inputFields.map((f) => f.name).sort(), ['activeSince_eq', 'includeFavorites_eq', 'includeHidden_eq', 'includeUnreadIfActive_eq', 'local_eq', 'objectReferenceId_eq', 'roomCategory_eq', 'roomPrivacy_eq', 'roomType_eq', 'subscribed_eq', 'unreadRoomsOnly_eq']);
  const input = await ok('{ __type(name: "RoomStoryCreateInputV2") { inputFields { name } } }');
  assert.deepEqual(input.__type.inputFields.map((f) => f.name), ['roomId', 'message']);
  const q = await ok('{ __type(name: "Query") { fields { name args { name type { kind name ofType { name } } } type { kind name ofType { name } } } } }');
  const field = (n) => q.__type.fields.find((f) => f.name === n);
  assert.deepEqual(field('roomList').args.map((a) => a.name), ['filter', 'pagination', 'sortOrder']);
  assert.deepEqual([field('room').type.kind, field('room').type.ofType.name], ['NON_NULL', 'Room']);
  assert.deepEqual([field('contractRoom').type.kind, field('contractRoom').type.name], ['OBJECT', 'Room']);
  assert.deepEqual(field('roomStory').args.map((a) => a.name), ['roomId', 'storyId']);
  assert.deepEqual(field('proposalRoom').args.map((a) => a.name), ['vendorProposalId']);
});

test('switches: clock_offset_s moves every time, mark_fields and drop_fields reach room fields', async () => {
  const long = (await rooms('ada')).find((r) => r.contractId === CONTRACT(1));
  const q = 'query R($id: ID!) { room(id: $id) { numUnread roomType lastReadDateTime latestStory { createdDateTime } } }';
  const now = (await ok(q, { id: long.id })).room;
  const OFFSET = 3 * 3600; // less than access_ttl_s: the token must stay valid
  await ctl('POST', 'config', { clock_offset_s: OFFSET });
  const later = (await ok(q, { id: long.id })).room;
  const shift = secondsOf(later.latestStory.createdDateTime) - secondsOf(now.latestStory.createdDateTime);
  assert.ok(Math.abs(shift - OFFSET) <= 2, `latest story moved with the clock (${shift})`);
  assert.ok(Math.abs(secondsOf(later.lastReadDateTime) - secondsOf(now.lastReadDateTime) - OFFSET) <= 2);
  const moved = (await rooms('ada')).find((r) => r.id === long.id);
  assert.ok(Math.abs(secondsOf(moved.lastActivityDateTime) - secondsOf(long.lastActivityDateTime) - OFFSET) <= 3, 'the dump moves too');
  await ctl('POST', 'config', { clock_offset_s: null, mark_fields: ['Room.numUnread', 'Room.roomType'] });
  const marked = (await ok(q, { id: long.id })).room;
  assert.deepEqual([marked.numUnread, marked.roomType], [long.numUnread + 7777, 'GROUP']);
  await ctl('POST', 'config', { mark_fields: null, drop_fields: ['Room.numUnread'] });
  const drift = await gql(q, { id: long.id });
  assert.equal(drift.errors[0].extensions.classification, 'ValidationError');
});

test('POST /__sandbox/reset restores every room and forgets the calls', async () => {
  const room = (await rooms('ada')).find((r) => r.kind === 'group' && !r.readOnly);
  await ok(SEND, { input: { roomId: room.id, message: 'before reset' } });
  assert.ok((await ctl('GET', 'rooms/mutations')).length > 0);
  assert.ok((await ctl('GET', 'rooms')).some((r) => r.sentCount > 0));
  await ctl('POST', 'reset');
  await loginAll(); // reset revoked every token
  assert.deepEqual(await ctl('GET', 'rooms/mutations'), []);
  const all = await ctl('GET', 'rooms');
  assert.ok(all.every((r) => r.sentCount === 0));
  assert.equal(all.find((r) => r.id === room.id).storiesCount, room.storiesCount - room.sentCount);
  assert.equal((await storiesOf(room.id)).some((s) => s.sent), false);
  // Story ids start again from the same number after a reset.
  const a = (await ok(SEND, { input: { roomId: room.id, message: 'one' } })).createRoomStoryV2.id;
  await ctl('POST', 'reset');
  await loginAll();
  const b = (await ok(SEND, { input: { roomId: room.id, message: 'one' } })).createRoomStoryV2.id;
  assert.equal(a, b);
  assert.deepEqual(await ctl('DELETE', 'rooms/mutations'), { cleared: 1 });
  assert.deepEqual(await ctl('GET', 'rooms/mutations'), []);
});

// ---- runner ------------------------------------------------------------------------------

run({
  name: 'test-messages',
  setup: async () => {
    base = url();
    await loginAll();
  },
  // Reset switches only: tokens and sent stories survive between tests.
  beforeEach: () => ctl('POST', 'config', { clock_offset_s: null, remove_permissions: null, drop_fields: null, graphql_fault: null, mark_fields: null }),
});
