/** Rooms: joining, leaving, switching, unread counts and paging through history. */
import * as Resume from './resume.js';
import { stopTyping, typing } from './composer.js';
import { send } from './connection.js';
import { CATCH_UP_PAGE, HISTORY_PAGE, NEAR_TOP_PX, ROOM_PATTERN } from './constants.js';
import { sendJoin } from './events.js';
import { closeDrawer } from './layout.js';
import { clearTyping, renderMembers } from './members.js';
import { createRoom, isMine, nextRef, state } from './state.js';
import { KEYS, store } from './storage.js';
import { isNearBottom, renderHeader, renderLogHead, renderRooms, renderTyping, scrollToBottom, ui } from './view.js';

export function addRoom(name) {
  let room = state.rooms.get(name);
  if (!room) {
    room = createRoom(name);
    state.rooms.set(name, room);
    saveRooms();
    if (state.sessionId !== null) sendJoin(room);
  }
  return room;
}

export function removeRoom(name) {
  const room = state.rooms.get(name);
  if (!room || state.rooms.size <= 1) return;
  if (typing.room === name) stopTyping();
  if (room.joined) send({ type: 'leave', room: name, ref: nextRef({ kind: 'leave', room: name }) });
  clearTyping(room);
  for (const [clientId, p] of state.pending) {
    if (p.room === name) state.pending.delete(clientId);
  }
  state.rooms.delete(name);
  saveRooms();
  if (state.current === room) switchRoom(state.rooms.keys().next().value);
  else renderRooms();
}

export function saveRooms() {
  store.set(KEYS.rooms, Array.from(state.rooms.keys()));
}

export function switchRoom(name) {
  const room = state.rooms.get(name);
  if (!room) return;
  const previous = state.current;
  if (previous && previous !== room) {
    previous.scrollTop = ui.messages.scrollTop;
    previous.atBottom = isNearBottom();
    if (typing.room === previous.name) stopTyping();
  }
  state.current = room;
  store.set(KEYS.current, name);
  room.unread = 0;
  ui.messages.replaceChildren(room.log);
  ui.jumpLatest.hidden = true;
  ui.textField.placeholder = `Message #${name}`;
  renderRooms();
  renderHeader();
  renderMembers();
  renderTyping();
  renderLogHead(room);
  if (room.atBottom || room.scrollTop === null) scrollToBottom();
  else ui.messages.scrollTop = room.scrollTop;
  closeDrawer();
}

/** A message that arrived while we were away (resume or catch-up) counts as unread where unseen. */
export function noteMissed(room, m) {
  if (!isMine(m) && (room !== state.current || document.hidden)) countUnread(room);
}

export function countUnread(room) {
  room.unread += 1;
  renderRooms();
}

export function requestOlder(room) {
  if (!room.joined || room.loadingOlder || !room.hasOlder || room.position.oldestId === null) return;
  room.loadingOlder = true;
  renderLogHead(room);
  send({ type: 'history', room: room.name, before: room.position.oldestId, limit: HISTORY_PAGE,
    ref: nextRef({ kind: 'older', room: room.name }) });
}

export function requestNewer(room) {
  send({ type: 'history', room: room.name, after: Resume.catchUpAfter(room.position),
    limit: CATCH_UP_PAGE, ref: nextRef({ kind: 'newer', room: room.name }) });
}

/** Keeps loading older pages while the log does not fill the viewport (nothing to scroll). */
export function maybeFillViewport(room) {
  if (room !== state.current) return;
  if (ui.messages.scrollHeight <= ui.messages.clientHeight + NEAR_TOP_PX) requestOlder(room);
}

/** The join form, loading older messages on scroll, and the jump-to-latest button. */
export function wireRooms() {
  ui.joinForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = ui.roomInput.value.trim().replace(/^#/, '');
    if (!ROOM_PATTERN.test(name)) {
      ui.roomError.textContent = name
        ? 'Room names use letters, digits, - and _ (up to 64).'
        : 'Type a room name first.';
      ui.roomError.hidden = false;
      return;
    }
    ui.roomError.hidden = true;
    ui.roomInput.value = '';
    addRoom(name);
    switchRoom(name);
  });
  ui.roomInput.addEventListener('input', () => { ui.roomError.hidden = true; });

  ui.messages.addEventListener('scroll', () => {
    const room = state.current;
    if (!room) return;
    if (ui.messages.scrollTop < NEAR_TOP_PX) requestOlder(room);
    if (isNearBottom()) ui.jumpLatest.hidden = true;
  }, { passive: true });
  ui.jumpLatest.addEventListener('click', scrollToBottom);
}
