/** The native events from the server (docs/protocol.md), whichever transport carried them. */
import * as Resume from './resume.js';
import { auth, confirmed } from './auth.js';
import { markFailed, resendPending } from './composer.js';
import { conn, renderTransport, send, setStatus } from './connection.js';
import { HISTORY_PAGE } from './constants.js';
import { listSelf, onMembers, onPresence, onTyping, removeTyping, renderMembers } from './members.js';
import { applyMessage, confirmElement, forgetHistory, prependOlder } from './messages.js';
import { openNickDialog } from './nick-dialog.js';
import { countUnread, maybeFillViewport, noteMissed, removeRoom, requestNewer } from './rooms.js';
import { isMine, nextRef, state, takeRef, validNick } from './state.js';
import { KEYS, store } from './storage.js';
import { isNearBottom, renderHeader, renderLogHead, renderMe, scrollToBottom, showToast, ui } from './view.js';

export function handleEvent(ev) {
  switch (ev.type) {
    case 'welcome': onWelcome(ev); break;
    case 'nick': onNick(ev); break;
    case 'joined': onJoined(ev); break;
    case 'left': takeRef(ev); break;
    case 'message': onMessage(ev.message); break;
    case 'ack': onAck(ev); break;
    case 'presence': onPresence(ev); break;
    case 'typing': onTyping(ev); break;
    case 'history': onHistory(ev); break;
    case 'refreshed': confirmed(ev); break;
    case 'error': onError(ev); break;
    case 'members': onMembers(ev); break;  // HTTP transports: a polled member list
    default: break;  // newer server: ignore what we do not know
  }
}

export function onWelcome(ev) {
  state.sessionId = String(ev.sessionId);
  conn.attempt = 0;
  if (conn.kind === 'websocket') conn.webSocketWorked = true;
  setStatus('online');
  renderTransport();
  if (auth.token) {
    // the token decides who we are; a nick command would be refused
    confirmed(ev);
    if (typeof ev.nick === 'string') state.nick = ev.nick;
    renderMe();
  } else if (state.nick && state.nick !== ev.nick) {
    send({ type: 'nick', nick: state.nick, ref: nextRef({ kind: 'nick' }) });
  } else if (!state.nick && typeof ev.nick === 'string') {
    state.nick = ev.nick;
    renderMe();
  }
  for (const room of state.rooms.values()) sendJoin(room);
}

export function sendJoin(room) {
  const command = Resume.joinCommand(room.position, room.name, HISTORY_PAGE);
  command.ref = nextRef({ kind: 'join', room: room.name });
  send(command);
}

export function onNick(ev) {
  takeRef(ev);
  const nick = validNick(ev.nick);
  if (!nick) return;
  state.nick = nick;
  store.set(KEYS.nick, nick);
  renderMe();
  // Our own entry in every member list follows the rename.
  for (const room of state.rooms.values()) {
    if (state.sessionId && room.members.has(state.sessionId)) room.members.set(state.sessionId, nick);
  }
  renderMembers();
}

export function onJoined(ev) {
  takeRef(ev);
  const room = state.rooms.get(ev.room);
  if (!room) return;  // left while the join was in flight
  room.joined = true;
  room.members = new Map();
  for (const m of Array.isArray(ev.members) ? ev.members : []) {
    if (m && m.sessionId !== undefined) room.members.set(String(m.sessionId), String(m.nick));
  }
  listSelf(room);
  const { reset, resumed, catchUp } = Resume.joined(room.position, ev);
  if (reset) {
    // the server's history was replaced or wiped: our ids mean nothing there any more
    forgetHistory(room);
    showToast('#' + room.name + ': the server\'s history was reset; showing the latest messages');
  }
  const messages = Array.isArray(ev.messages) ? ev.messages : [];
  const keepBottom = room === state.current && isNearBottom();

  let added = 0;
  for (const m of messages) {
    if (applyMessage(room, m)) {
      added += 1;
      if (resumed) noteMissed(room, m);
    }
  }
  if (!resumed && !room.historyLoaded) {
    room.historyLoaded = true;
    // Without `after` the server answers the latest page; a full page suggests older ones exist.
    room.hasOlder = messages.length > 0 && (ev.more === true || messages.length >= HISTORY_PAGE);
  }
  if (catchUp) requestNewer(room);
  resendPending(room);
  renderLogHead(room);
  if (room === state.current) {
    renderMembers();
    renderHeader();
    if (keepBottom || !resumed) scrollToBottom();
    else if (added > 0) ui.jumpLatest.hidden = false;
    maybeFillViewport(room);
  }
}

export function onMessage(m) {
  if (!m || typeof m !== 'object') return;
  const room = state.rooms.get(m.room);
  if (!room) return;
  if (!Resume.holdLive(room.position, m)) liveMessage(room, m);
}

export function liveMessage(room, m) {
  const visible = room === state.current;
  const keepBottom = visible && isNearBottom();
  if (!applyMessage(room, m)) return;
  const mine = isMine(m);
  for (const [sessionId, entry] of room.typing) {
    if (entry.nick === m.from) removeTyping(room, sessionId);
  }
  if (!visible) {
    if (!mine) countUnread(room);
    return;
  }
  if (keepBottom || mine) scrollToBottom();
  else ui.jumpLatest.hidden = false;
  if (document.hidden && !mine) countUnread(room);
}

export function onAck(ev) {
  const context = takeRef(ev);
  const clientId = typeof ev.clientId === 'string' ? ev.clientId : context && context.clientId;
  const p = clientId ? state.pending.get(clientId) : null;
  const room = state.rooms.get(ev.room);
  if (!p || !room || typeof ev.id !== 'number') return;
  state.pending.delete(clientId);
  const existing = room.byId.get(ev.id);
  if (existing && existing !== p.el) {
    p.el.remove();  // the message event won the race: keep the confirmed element
    return;
  }
  confirmElement(room, p.el, ev.id, null);
}

export function onHistory(ev) {
  const context = takeRef(ev);
  const room = state.rooms.get(ev.room);
  if (!room) return;
  const messages = Array.isArray(ev.messages) ? ev.messages : [];
  const kind = Resume.historyKind(room.position, context);
  if (kind === 'newer') {
    const keepBottom = room === state.current && isNearBottom();
    for (const m of messages) {
      if (applyMessage(room, m)) noteMissed(room, m);
    }
    const { again, release } = Resume.caughtUpTo(room.position, messages.length, ev.more);
    if (again) requestNewer(room);
    for (const m of release) liveMessage(room, m);
    if (keepBottom) scrollToBottom();
  } else {
    room.loadingOlder = false;
    prependOlder(room, messages);
    room.hasOlder = messages.length > 0
      && (typeof ev.more === 'boolean' ? ev.more : messages.length >= HISTORY_PAGE);
    renderLogHead(room);
    maybeFillViewport(room);
  }
}

export function onError(ev) {
  const context = takeRef(ev);
  const message = typeof ev.message === 'string' && ev.message ? ev.message : ev.code;
  if (context && context.kind === 'send') {
    const p = state.pending.get(context.clientId);
    if (p) markFailed(p, ev.code === 'rate_limited' ? 'Slow down: not sent' : 'Not sent');
    if (ev.code !== 'rate_limited') showToast(`Message not sent: ${message}`);
    else showToast('You are sending too fast. Try again in a moment.');
    return;
  }
  if (context && context.kind === 'nick') {
    openNickDialog(false, `That nickname was refused: ${message}`);
    return;
  }
  if (context && context.kind === 'older') {
    const room = state.rooms.get(context.room);
    if (room) room.loadingOlder = false;
  }
  if (context && context.kind === 'join' && ev.code === 'invalid_room') {
    removeRoom(context.room);
  }
  if (context && context.kind === 'typing') return;  // best effort
  if (typeof ev.code === 'string' && ev.code.startsWith('token_')) {
    openNickDialog(false, `Your sign-in token was refused: ${message}`);
    return;
  }
  if (ev.code === 'invalid_nick') {
    openNickDialog(false, `That nickname was refused: ${message}`);
    return;
  }
  showToast(message || 'Something went wrong.');
}
