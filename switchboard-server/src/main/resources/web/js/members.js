/** Member lists (presence by member id, which is the same on every transport) and typing indicators of others. */
import { conn } from './connection.js';
import { TYPING_EXPIRE_MS } from './constants.js';
import { state } from './state.js';
import { paintAvatar, renderHeader, renderTyping, ui } from './view.js';

export function onMembers(ev) {
  const room = state.rooms.get(ev.room);
  if (!room || !room.joined || !Array.isArray(ev.members)) return;
  room.members = new Map();
  for (const m of ev.members) {
    if (m && m.sessionId !== undefined) room.members.set(String(m.sessionId), String(m.nick));
  }
  listSelf(room);
  if (room === state.current) renderMembers();
}

/**
 * We are in every room we joined, whatever a list fetched a moment before our HTTP feed opened
 * says. Our member id is the same on every transport, so this never adds a second entry.
 */
export function listSelf(room) {
  const t = conn.transport;
  if (t && t.knowsSessions && state.sessionId !== null) room.members.set(state.sessionId, state.nick || '');
}

export function onPresence(ev) {
  const room = state.rooms.get(ev.room);
  const member = ev.member;
  if (!room || !member || member.sessionId === undefined) return;
  const sessionId = String(member.sessionId);
  switch (ev.event) {
    case 'join':
    case 'rename':
      room.members.set(sessionId, String(member.nick));
      if (room.typing.has(sessionId)) room.typing.get(sessionId).nick = String(member.nick);
      break;
    case 'leave':
      room.members.delete(sessionId);
      removeTyping(room, sessionId);
      break;
    default:
      return;
  }
  if (room === state.current) {
    renderMembers();
    renderHeader();
    renderTyping();
  }
}

export function onTyping(ev) {
  const room = state.rooms.get(ev.room);
  const member = ev.member;
  if (!room || !member || member.sessionId === undefined) return;
  const sessionId = String(member.sessionId);
  if (sessionId === state.sessionId) return;
  if (ev.typing === true) {
    const entry = room.typing.get(sessionId) || { nick: '', timer: null };
    entry.nick = String(member.nick);
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => removeTyping(room, sessionId), TYPING_EXPIRE_MS);
    room.typing.set(sessionId, entry);
    if (room === state.current) renderTyping();
  } else {
    removeTyping(room, sessionId);
  }
}

export function renderMembers() {
  const room = state.current;
  if (!room) return;
  const entries = Array.from(room.members, ([sessionId, nick]) => ({ sessionId, nick }));
  entries.sort((a, b) => {
    const aMe = isMe(a.sessionId, a.nick);
    const bMe = isMe(b.sessionId, b.nick);
    if (aMe !== bMe) return aMe ? -1 : 1;
    return a.nick.localeCompare(b.nick, undefined, { sensitivity: 'base' });
  });
  const items = entries.map(({ sessionId, nick }) => {
    const li = document.createElement('li');
    li.className = 'member';
    li.dataset.sessionId = sessionId;
    li.dataset.nick = nick;
    const avatar = document.createElement('span');
    avatar.className = 'avatar';
    avatar.setAttribute('aria-hidden', 'true');
    paintAvatar(avatar, nick);
    const name = document.createElement('span');
    name.className = 'member-nick';
    name.textContent = nick;
    li.append(avatar, name);
    if (isMe(sessionId, nick)) {
      li.classList.add('me');
      const you = document.createElement('span');
      you.className = 'you';
      you.textContent = 'you';
      li.append(you);
    }
    return li;
  });
  ui.members.replaceChildren(...items);
  ui.membersTotal.textContent = room.joined ? String(entries.length) : '';
  renderHeader();
}

/** Over HTTP the page has no session id of its own, so "me" is whoever has our nickname. */
export function isMe(sessionId, nick) {
  if (sessionId === state.sessionId) return true;
  const t = conn.transport;
  return Boolean(t && !t.knowsSessions && state.nick !== null && nick === state.nick);
}

export function removeTyping(room, sessionId) {
  const entry = room.typing.get(sessionId);
  if (!entry) return;
  clearTimeout(entry.timer);
  room.typing.delete(sessionId);
  if (room === state.current) renderTyping();
}

export function clearTyping(room) {
  for (const entry of room.typing.values()) clearTimeout(entry.timer);
  room.typing.clear();
}
