'use strict';
// Control endpoints of the Messages area (not part of Upwork), reached
// through server.js's /__sandbox/ dispatcher:
//
//   GET    /__sandbox/rooms[?user=ada]     every room (of that user), roomList's default order
//   GET    /__sandbox/rooms/ID/stories     every story of a room, in the order written
//   POST   /__sandbox/rooms/ID/stories     a member of the room writes a story: {"author", "message"}
//   GET    /__sandbox/rooms/mutations      every executed createRoomStoryV2 call
//   DELETE /__sandbox/rooms/mutations      forgets the recorded calls
//
// README.md "Messages" documents the JSON shapes.

const config = require('./config');
const respond = require('./respond');
const data = require('./data');
const messagesData = require('./data-messages');
const messagesList = require('./messages-list');

const nowS = () => Math.floor(config.now() / 1000);

function listRooms(req, res) {
  const user = new URL(req.url, 'http://sandbox').searchParams.get('user');
  if (user !== null && !data.userByKey(user)) return respond.json(res, 404, { error: `no demo user ${user.slice(0, 100)}` });
  return respond.json(res, 200, messagesData.dumpRooms(user, nowS()));
}

function listStories(res, roomId) {
  const room = messagesData.roomById(roomId);
  if (!room) return respond.json(res, 404, { error: `no room ${roomId.slice(0, 100)}` });
  return respond.json(res, 200, messagesData.dumpStories(room, nowS()));
}

// Another member of the room (a client, say) writes a story, as the room's
// other side would on Upwork: how a test puts chosen text into a room the
// demo user reads. The same refusals as createRoomStoryV2 (read-only room,
// blank or too long message); the author must be a member. Not a
// createRoomStoryV2 call, so nothing is recorded in rooms/mutations.
async function addStory(req, res, roomId) {
  const room = messagesData.roomById(roomId);
  if (!room) return respond.json(res, 404, { error: `no room ${roomId.slice(0, 100)}` });
  let body;
  try {
    body = JSON.parse(await respond.readBody(req, 64 * 1024));
  } catch (e) {
    return respond.json(res, e.status || 400, { error: e.status ? e.message : 'body is not JSON' });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body) ||
      Object.keys(body).some((k) => k !== 'author' && k !== 'message')) {
    return respond.json(res, 400, { error: 'body must be {"author": "<member key>", "message": "<text>"}' });
  }
  if (typeof body.author !== 'string' || !room.members.some((m) => m.key === body.author)) {
    return respond.json(res, 400, { error: `author must be a member of the room: ${room.members.map((m) => m.key).join(', ')}` });
  }
  const refused = messagesList.refusal(room, body.message);
  if (refused) return respond.json(res, 400, { error: refused });
  const story = messagesData.appendStory(room, body.author, messagesData.memberOrg(room, body.author), body.message, nowS());
  return respond.json(res, 200, messagesData.dumpStories(room, nowS()).find((s) => s.id === story.id));
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// route: "METHOD path-after-/__sandbox/". Returns true when it answered.
function handle(req, res, route) {
  const stories = /^(GET|POST) rooms\/([^/]+)\/stories$/.exec(route);
  if (route === 'GET rooms') listRooms(req, res);
  else if (route === 'GET rooms/mutations') respond.json(res, 200, messagesData.calls());
  else if (route === 'DELETE rooms/mutations') respond.json(res, 200, { cleared: messagesData.clearCalls() });
  else if (stories && stories[1] === 'GET') listStories(res, safeDecode(stories[2]));
  else if (stories) {
    addStory(req, res, safeDecode(stories[2])).catch((e) => {
      process.stderr.write(`sandbox: ${route}: ${e.stack}\n`);
      respond.json(res, 500, { error: 'Exception occurred' });
    });
  } else return false;
  return true;
}

module.exports = { handle };
