'use strict';
// The rules of the Messages area, apart from GraphQL shapes: which rooms
// roomList returns and in what order, which stories a StoryFilter keeps,
// how Pagination pages, and what createRoomStoryV2 accepts. README.md
// "Messages" states the same rules; test-messages.js checks them.
//
// Errors are thrown as plain Errors; graphql.js words them as
// "Exception while fetching data (/path) : <message>" (DataFetchingException).

const messagesData = require('./data-messages');

const PAGE_DEFAULT = 10;
const PAGE_MAX = 50;

const present = (v) => v !== null && v !== undefined;

// ---- times -----------------------------------------------------------------------------

// An ISO 8601 date ("2026-11-29", midnight UTC) or date-time with a zone
// ("2026-11-29T12:00:00Z", "…T12:00:00.000+01:00") to whole seconds (the
// fraction is dropped); anything else, a time without a zone included, is
// an error.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
function parseTimeS(text, what) {
  const ms = typeof text === 'string' && ISO_TIME.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new Error(`Invalid ${what}: ${String(text).slice(0, 100)}`);
  return Math.floor(ms / 1000);
}

// ---- pagination (as jobs_pagination "offset", upwork-api.md §2.12) ------------------------

// `after` is a decimal offset ("0" or null: from the start); `first` is
// capped at PAGE_MAX. Edge cursors are positions + 1; endCursor is the
// offset of the next page.
function page(list, pagination) {
  let start = 0;
  let size = PAGE_DEFAULT;
  if (present(pagination)) {
    if (!Number.isInteger(pagination.first) || pagination.first < 0) throw new Error('Exception occurred');
    size = Math.min(pagination.first, PAGE_MAX);
    if (present(pagination.after)) {
      if (!/^\d{1,9}$/.test(pagination.after)) throw new Error('Exception occurred');
      start = Number(pagination.after);
    }
  }
  const slice = list.slice(start, start + size);
  return {
    totalCount: list.length,
    edges: slice.map((item, k) => ({ item, cursor: String(start + k + 1) })),
    pageInfo: { endCursor: String(start + slice.length), hasNextPage: start + slice.length < list.length },
  };
}

// ---- roomList --------------------------------------------------------------------------

// The filter as a predicate over rooms. Working: unreadRoomsOnly_eq,
// roomType_eq, objectReferenceId_eq, includeHidden_eq, activeSince_eq,
// roomPrivacy_eq. The other RoomFilter fields are accepted and ignored.
function roomPredicate(filter, nowS) {
  const f = filter || {};
  const tests = [];
  if (f.includeHidden_eq !== true) tests.push((r) => !r.hidden);
  if (f.unreadRoomsOnly_eq === true) tests.push((r) => r.numUnread > 0);
  if (present(f.roomType_eq)) tests.push((r) => r.roomType === f.roomType_eq);
  if (present(f.roomPrivacy_eq)) tests.push((r) => r.public === (f.roomPrivacy_eq === 'PUBLIC'));
  if (present(f.objectReferenceId_eq)) {
    const ref = String(f.objectReferenceId_eq);
    tests.push((r) => r.contractId === ref || r.vendorProposalId === ref || r.offerIds.includes(ref));
  }
  if (present(f.activeSince_eq)) {
    const since = parseTimeS(f.activeSince_eq, 'activeSince_eq');
    tests.push((r) => messagesData.storyTimeS(messagesData.latestStory(r), nowS) >= since);
  }
  return (r) => tests.every((t) => t(r));
}

// args: {filter, pagination, sortOrder}; rooms of the user in the organization.
function listRooms(user, orgId, args, nowS) {
  const matches = messagesData.roomsOf(user._key, orgId).filter(roomPredicate(args.filter, nowS));
  const sorted = messagesData.sortByActivity(matches, nowS, args.sortOrder === 'ASC' ? 1 : -1);
  return page(sorted, args.pagination);
}

// ---- stories ----------------------------------------------------------------------------

// storyFilter: {storyCreatedDateTime_bt: {rangeStart, rangeEnd}, pagination}.
// Stories come newest first (the reverse of the order written).
function listStories(room, storyFilter, nowS) {
  const f = storyFilter || {};
  const range = f.storyCreatedDateTime_bt || {};
  const from = present(range.rangeStart) ? parseTimeS(range.rangeStart, 'rangeStart') : -Infinity;
  const to = present(range.rangeEnd) ? parseTimeS(range.rangeEnd, 'rangeEnd') : Infinity;
  const stories = messagesData.storiesOf(room).filter((s) => {
    const t = messagesData.storyTimeS(s, nowS);
    return t >= from && t <= to;
  });
  return page(stories.reverse(), f.pagination);
}

// ---- sending -----------------------------------------------------------------------------

// Why a message may not be sent to a visible room, or null. Checked in
// this order: read-only room, blank message, too long.
function refusal(room, message) {
  if (room.readOnly) return `Room is read-only: ${room.id}`;
  if (typeof message !== 'string' || message.trim() === '') return 'Message must not be empty';
  const length = [...message].length;
  if (length > messagesData.MESSAGE_MAX) {
    return `Message is too long: ${length} characters, at most ${messagesData.MESSAGE_MAX} are allowed`;
  }
  return null;
}

module.exports = { PAGE_DEFAULT, PAGE_MAX, parseTimeS, page, roomPredicate, listRooms, listStories, refusal };
