'use strict';
// Resolvers for schema/messages.graphql: roomList, room, roomStories,
// roomStory, contractRoom, proposalRoom and the mutation createRoomStoryV2.
//
// Records live in data-messages.js, the list and sending rules in
// messages-list.js; here they become GraphQL-shaped objects. Every
// timestamp of one request comes from the one clock reading taken by the
// root resolver (kept in `_nowS` for nested fields).
//
// A room is visible only to its viewers, each working in their organization
// (ctx.organization): a contract room to the demo users on both sides of the
// contract, any other room to its one user. Any other id — unknown, another
// user's, another organization's — gets the same error, so ids cannot be
// probed.

const messagesData = require('../data-messages');
const messagesList = require('../messages-list');

const { iso, isoAgo } = messagesData;
const clip = (v) => String(v).slice(0, 100);
const nowSOf = (ctx) => Math.floor(ctx.now() / 1000);

function roomNotFound(what) {
  return new Error(`Room not found for ${what}`);
}

// ---- people and organizations ---------------------------------------------------------

// Another demo user (the other side of a shared contract room) shows no
// email or location, as in the contracts area.
function genericUser(key, ctx) {
  const user = ctx.data.userByKey(key);
  if (user) {
    const own = user.id === ctx.user.id;
    return { ...user, email: own ? user.email : null, location: own ? user.location : null, publicUrl: `https://www.upwork.com/freelancers/${user.ciphertext}` };
  }
  const p = messagesData.otherPerson(key);
  return {
    ...p,
    email: null,
    location: null,
    // Clients have no public freelancer profile.
    publicUrl: p._freelancer ? `https://www.upwork.com/freelancers/${p.ciphertext}` : null,
  };
}

function genericOrganization(orgId, ctx) {
  const own = ctx.data.orgById(orgId);
  if (own) {
    return {
      id: own.id, rid: own.rid, legacyId: own.legacyId, name: own.name, type: own.type, legacyType: own.legacyType,
      flag: own.flag, parentOrganization: null, active: own.active, hidden: own.hidden,
      company: { ...own.company, _portrait: own._portrait }, photoUrl: ctx.portraitUrl(own._portrait), creationDate: own.creationDate,
    };
  }
  return { ...messagesData.otherOrg(orgId), parentOrganization: null, company: null, photoUrl: null };
}

// A member with the organization they are in the room with.
function roomUser(key, room, ctx) {
  return {
    user: genericUser(key, ctx),
    organization: genericOrganization(messagesData.memberOrg(room, key), ctx),
    role: key === room.creator ? 'OWNER' : 'MEMBER',
  };
}

// ---- views ------------------------------------------------------------------------------

function roomView(room, ctx, nowS) {
  const creator = roomUser(room.creator, room, ctx);
  const lastRead = isoAgo(nowS, room.lastReadAgoS);
  const created = isoAgo(nowS, room.createdAgoS);
  return {
    id: room.id,
    roomName: room.roomName,
    // The organization the request works in: a shared room is in both sides'.
    organization: ctx.organization,
    creator,
    createdAtDateTime: created,
    public: room.public,
    topic: room.topic,
    owner: creator,
    numUnread: room.numUnread,
    roomFavoriteDateTime: isoAgo(nowS, room.favoriteAgoS),
    favorite: room.favorite,
    numUnreadMentions: room.numUnreadMentions,
    roomUsers: room.members.map((m) => roomUser(m.key, room, ctx)),
    numUsers: room.members.length,
    joinDateTime: created,
    lastVisitedDateTime: lastRead,
    lastReadDateTime: lastRead,
    roomType: room.roomType,
    readOnlyDateTime: isoAgo(nowS, room.readOnlyAgoS),
    readOnly: room.readOnly,
    blockDateTime: null,
    blockedBy: null,
    hidden: room.hidden,
    muted: room.muted,
    contractId: room.contractId,
    roomNote: room.roomNote,
    roomNotePresent: room.roomNote !== null,
    offerIds: room.offerIds,
    recruiters: [],
    _room: room,
    _nowS: nowS,
  };
}

function attachmentView(a, story, room, ctx, createdDateTime) {
  return {
    objectReferenceId: a.id,
    objectType: 'FILE',
    metadata: [{ key: 'fileName', value: a.fileName }, { key: 'fileSize', value: a.fileSize }, { key: 'mimeType', value: a.mimeType }],
    createdDateTime,
    author: roomUser(story.author, room, ctx),
  };
}

function storyView(story, room, ctx, nowS) {
  const created = iso(messagesData.storyTimeS(story, nowS));
  return {
    id: story.id,
    createdDateTime: created,
    updatedDateTime: created,
    user: genericUser(story.author, ctx),
    message: story.message,
    organization: genericOrganization(messagesData.storyOrg(room, story), ctx),
    attachments: story.attachments.map((a) => attachmentView(a, story, room, ctx, created)),
    _room: room,
    _nowS: nowS,
  };
}

function storyConnection(room, storyFilter, ctx, nowS) {
  const result = messagesList.listStories(room, storyFilter, nowS);
  return {
    totalCount: result.totalCount,
    edges: result.edges.map(({ item, cursor }) => ({ cursor, node: storyView(item, room, ctx, nowS) })),
    pageInfo: result.pageInfo,
  };
}

// ---- lookups --------------------------------------------------------------------------

function visibleRoomOrThrow(ctx, id) {
  const room = messagesData.visibleRoom(ctx.user, ctx.organization.id, id === null || id === undefined ? null : String(id));
  if (!room) throw roomNotFound(`id=${clip(id)}`);
  return room;
}

// The room whose contractId / vendorProposalId is `ref`, among the rooms
// the user sees in the organization (a contract room: on either side).
function roomByReference(ctx, field, ref, label) {
  const room = messagesData.roomsOf(ctx.user._key, ctx.organization.id).find((r) => r[field] === String(ref));
  if (!room) throw roomNotFound(`${label}=${clip(ref)}`);
  return room;
}

// ---- createRoomStoryV2 ----------------------------------------------------------------------

// Every execution is recorded (GET /__sandbox/rooms/mutations), refused
// ones too, so a test can assert that exactly one send happened.
function createRoomStoryV2(_root, { input }, ctx) {
  const nowS = nowSOf(ctx);
  const roomId = input.roomId ?? null;
  const message = input.message ?? null;
  const call = {
    name: 'createRoomStoryV2',
    time: iso(nowS),
    user: ctx.user._key,
    organizationId: ctx.organization.id,
    input: { roomId, message },
    ok: false,
    storyId: null,
    error: null,
  };
  try {
    if (roomId === null || roomId === '') throw new Error('roomId is required');
    const room = visibleRoomOrThrow(ctx, roomId);
    const why = messagesList.refusal(room, message);
    if (why) throw new Error(why);
    const story = messagesData.appendStory(room, ctx.user._key, ctx.organization.id, message, nowS);
    call.ok = true;
    call.storyId = story.id;
    return storyView(story, room, ctx, nowS);
  } catch (e) {
    call.error = e.message;
    throw e;
  } finally {
    messagesData.recordCall(call);
  }
}

module.exports = {
  Query: {
    roomList(_root, args, ctx) {
      const nowS = nowSOf(ctx);
      const result = messagesList.listRooms(ctx.user, ctx.organization.id, args, nowS);
      return {
        totalCount: result.totalCount,
        edges: result.edges.map(({ item }) => ({ node: roomView(item, ctx, nowS) })),
        pageInfo: result.pageInfo,
      };
    },
    room: (_root, args, ctx) => roomView(visibleRoomOrThrow(ctx, args.id), ctx, nowSOf(ctx)),
    roomStories(_root, { filter }, ctx) {
      if (!filter) throw new Error('filter with roomId_eq is required');
      const room = visibleRoomOrThrow(ctx, filter.roomId_eq);
      return storyConnection(room, filter.storyFilter, ctx, nowSOf(ctx));
    },
    roomStory(_root, { roomId, storyId }, ctx) {
      const room = visibleRoomOrThrow(ctx, roomId);
      const story = messagesData.storiesOf(room).find((s) => s.id === String(storyId));
      if (!story) throw new Error(`Story not found for id=${clip(storyId)}`);
      return storyView(story, room, ctx, nowSOf(ctx));
    },
    contractRoom: (_root, { contractId }, ctx) =>
      roomView(roomByReference(ctx, 'contractId', contractId, 'contractId'), ctx, nowSOf(ctx)),
    proposalRoom: (_root, { vendorProposalId }, ctx) =>
      roomView(roomByReference(ctx, 'vendorProposalId', vendorProposalId, 'vendorProposalId'), ctx, nowSOf(ctx)),
  },
  Mutation: {
    createRoomStoryV2,
  },
  Room: {
    latestStory: (room, _args, ctx) => storyView(messagesData.latestStory(room._room), room._room, ctx, room._nowS),
    stories: (room, { filter }, ctx) => storyConnection(room._room, filter, ctx, room._nowS),
  },
  RoomStory: {
    room: (story, _args, ctx) => roomView(story._room, ctx, story._nowS),
  },
};
