/**
 * The page's elements and the renderers of the chrome around the log: the sidebar's room list, the
 * header, the typing line, the log head, scrolling and toasts. User data only goes in through
 * textContent and attributes, never innerHTML.
 */
import { auth } from './auth.js';
import { NEAR_BOTTOM_PX } from './constants.js';
import { removeRoom, switchRoom } from './rooms.js';
import { state } from './state.js';

const $ = (id) => document.getElementById(id);
export const ui = {
  app: $('app'),
  sidebar: $('sidebar'),
  scrim: $('scrim'),
  rooms: $('rooms'),
  joinForm: $('join-form'),
  roomInput: $('room-input'),
  roomError: $('room-error'),
  meAvatar: $('me-avatar'),
  meNick: $('me-nick'),
  meHint: $('me-hint'),
  tokenInput: $('token-input'),
  changeNick: $('change-nick'),
  menuButton: $('menu-button'),
  menuBadge: $('menu-badge'),
  drawerClose: $('drawer-close'),
  roomTitle: $('room-title'),
  memberCount: $('member-count'),
  status: $('status'),
  statusText: $('status-text'),
  retryButton: $('retry-button'),
  membersButton: $('members-button'),
  messages: $('messages'),
  jumpLatest: $('jump-latest'),
  membersPanel: $('members-panel'),
  members: $('members'),
  membersTotal: $('members-total'),
  typing: $('typing'),
  composer: $('composer'),
  textField: $('text-field'),
  sendButton: $('send-button'),
  nickDialog: $('nick-dialog'),
  nickForm: $('nick-form'),
  nickTitle: $('nick-title'),
  nickText: $('nick-text'),
  nickInput: $('nick-input'),
  nickError: $('nick-error'),
  nickCancel: $('nick-cancel'),
  toast: $('toast'),
  transportSelect: $('transport-select'),
  transportInUse: $('transport-in-use'),
  typingNote: $('typing-note'),
};

// Stable, pleasant hue per nickname.
export function hueOf(nick) {
  let h = 0;
  for (const ch of nick) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return h % 360;
}

export function paintAvatar(el, nick) {
  const first = [...(nick || '?').trim()][0] || '?';
  el.textContent = first.toUpperCase();
  el.style.setProperty('--hue', String(hueOf(nick || '?')));
}

let toastTimer = null;

export function showToast(text) {
  ui.toast.textContent = text;
  ui.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { ui.toast.hidden = true; }, 4500);
}

export function isNearBottom() {
  const s = ui.messages;
  return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
}

export function scrollToBottom() {
  ui.messages.scrollTop = ui.messages.scrollHeight;
  ui.jumpLatest.hidden = true;
}

export function renderMe() {
  // signed in: the token's display name, and the user id messages are stored from
  ui.meNick.textContent = auth.token ? auth.name || auth.user || '' : state.nick || '';
  ui.meHint.textContent = auth.token ? `Signed in as ${auth.user}` : 'Your nickname';
  paintAvatar(ui.meAvatar, ui.meNick.textContent || '?');
}

export function renderRooms() {
  const items = [];
  let totalUnread = 0;
  for (const room of state.rooms.values()) {
    const li = document.createElement('li');
    li.className = 'room';
    li.dataset.room = room.name;
    const active = room === state.current;
    if (active) li.classList.add('active');
    if (room.unread > 0) li.classList.add('has-unread');

    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'room-open';
    if (active) open.setAttribute('aria-current', 'true');
    const hash = document.createElement('span');
    hash.className = 'room-hash';
    hash.textContent = '#';
    hash.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.className = 'room-name';
    label.textContent = room.name;
    open.append(hash, label);
    if (room.unread > 0) {
      totalUnread += room.unread;
      const badge = document.createElement('span');
      badge.className = 'unread';
      badge.textContent = room.unread > 99 ? '99+' : String(room.unread);
      badge.setAttribute('aria-label', `${room.unread} unread`);
      open.append(badge);
    }
    open.addEventListener('click', () => switchRoom(room.name));
    li.append(open);

    if (state.rooms.size > 1) {
      const leave = document.createElement('button');
      leave.type = 'button';
      leave.className = 'room-leave';
      leave.setAttribute('aria-label', `Leave #${room.name}`);
      leave.title = 'Leave room';
      leave.textContent = '×';
      leave.addEventListener('click', (e) => {
        e.stopPropagation();
        removeRoom(room.name);
      });
      li.append(leave);
    }
    items.push(li);
  }
  ui.rooms.replaceChildren(...items);
  ui.menuBadge.hidden = totalUnread === 0;
  ui.menuBadge.textContent = totalUnread > 99 ? '99+' : String(totalUnread);
  document.title = totalUnread > 0 ? `(${totalUnread}) Switchboard` : 'Switchboard';
}

export function renderHeader() {
  const room = state.current;
  if (!room) return;
  ui.roomTitle.textContent = room.name;
  const count = room.members.size;
  ui.memberCount.textContent = room.joined ? `${count} ${count === 1 ? 'member' : 'members'} online` : '';
}

export function renderTyping() {
  const room = state.current;
  const names = room ? Array.from(room.typing.values(), (e) => e.nick) : [];
  let text = '';
  if (names.length === 1) text = `${names[0]} is typing…`;
  else if (names.length === 2) text = `${names[0]} and ${names[1]} are typing…`;
  else if (names.length > 2) text = `${names.length} people are typing…`;
  ui.typing.replaceChildren();
  ui.typing.classList.toggle('active', names.length > 0);
  if (text) {
    const dots = document.createElement('span');
    dots.className = 'dots';
    dots.setAttribute('aria-hidden', 'true');
    dots.append(document.createElement('i'), document.createElement('i'), document.createElement('i'));
    const label = document.createElement('span');
    label.className = 'typing-text';
    label.textContent = text;
    ui.typing.append(dots, label);
  }
}

export function renderLogHead(room) {
  room.olderButton.hidden = !room.hasOlder;
  room.olderButton.disabled = room.loadingOlder;
  room.olderButton.textContent = room.loadingOlder ? 'Loading…' : 'Load older messages';
  room.startNote.hidden = room.hasOlder || !room.historyLoaded;
}
