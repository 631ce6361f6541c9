'use strict';
// Control endpoints of the Messages area (not part of Upwork), reached
// through server.js's /__sandbox/ dispatcher:
//
//   GET    /__sandbox/rooms[?user=ada]     every room (of that user), roomList's default order
//   GET    /__sandbox/rooms/ID/stories     every story of a room, in the order written
//   GET    /__sandbox/rooms/mutations      every executed createRoomStoryV2 call
//   DELETE /__sandbox/rooms/mutations      forgets the recorded calls
//
// README.md "Messages" documents the JSON shapes.

const config = require('./config');
const respond = require('./respond');
const data = require('./data');
const messagesData = require('./data-messages');

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

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// route: "METHOD path-after-/__sandbox/". Returns true when it answered.
function handle(req, res, route) {
  const stories = /^GET rooms\/([^/]+)\/stories$/.exec(route);
  if (route === 'GET rooms') listRooms(req, res);
  else if (route === 'GET rooms/mutations') respond.json(res, 200, messagesData.calls());
  else if (route === 'DELETE rooms/mutations') respond.json(res, 200, { cleared: messagesData.clearCalls() });
  else if (stories) listStories(res, safeDecode(stories[1]));
  else return false;
  return true;
}

module.exports = { handle };
