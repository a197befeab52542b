/*
 * Switchboard chat page: the ways of talking to the server.
 *
 * Every transport has the same small shape, so the page (../connection.js) does not care which one is in use:
 *
 *   connect()        start; the transport emits a native `welcome` once it can carry commands
 *   command(cmd)     one native command (docs/protocol.md: join, leave, send, typing, history, nick);
 *                    returns false when it could not be handed over
 *   close()          stop for good, without calling hooks.onClose
 *   proven           true once the transport has shown it works (used by Auto to fall back)
 *   sendsTyping / receivesTyping / knowsSessions   what the transport can do
 *
 * and reports back through hooks:
 *
 *   onEvent(ev)      a native event (welcome, joined, message, ack, presence, typing, history,
 *                    left, nick, error) or `members` {room, members} (a full member list)
 *   onClose(info)    the transport died by itself; info = {code?, early: !proven}
 *   nick()           the nickname to use
 *   lastId(room)     the highest message id the page has applied in that room, or null
 *   probeRoom()      a room to check the HTTP API with
 *
 * The WebSocket transport passes the native protocol through. The Socket.IO one (socketio.js: the
 * official client, docs/socketio.md) turns each command into an event with an ack and each ack or server event back
 * into the native event, and rides out a dropped connection with connection state recovery. The
 * HTTP ones (SSE, streaming, long-polling, polling; sending is always a POST) translate it into the
 * HTTP API (docs/http-api.md) and answer with the same native events, so every message still goes
 * through the page's one applyMessage path, with its lastId and id-set checks. When the server says
 * it cannot resume from the room's position (a Switchboard-Reset header, an SSE `reset` event, an
 * NDJSON reset line: its history was replaced or wiped), they answer a `joined` with `reset`, as the
 * WebSocket server does, and the page starts the room over from the latest messages.
 */
import { httpTransport } from './http.js';
import { socketIoTransport } from './socketio.js';
import { webSocketTransport } from './websocket.js';

const LABELS = {
  websocket: 'WebSocket',
  sse: 'SSE',
  stream: 'HTTP streaming',
  longpoll: 'Long-polling',
  poll: 'Polling',
  socketio: 'Socket.IO',
};

export const KINDS = ['websocket', 'sse', 'stream', 'longpoll', 'poll', 'socketio'];

/** Auto tries these in order; a later full reconnect starts at the top again. */
export const AUTO_CHAIN = ['websocket', 'sse', 'longpoll'];

export function label(kind) {
  return LABELS[kind] || kind;
}

/**
 * The transport created last, read-only diagnostics (`SwitchboardTransports.latest`, set by
 * main.js): the browser console and the browser tests look at its kind, socket id and recoveries;
 * nothing in the page reads it.
 */
export const diagnostics = { latest: null };

export function create(kind, hooks, options) {
  const opts = options || {};
  let t;
  if (kind === 'websocket') t = webSocketTransport(hooks, opts);
  else if (kind === 'socketio') t = socketIoTransport(hooks, opts);
  else t = httpTransport(kind, hooks, opts);
  diagnostics.latest = t;
  return t;
}
