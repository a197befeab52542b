/** What the page knows: nickname, session, rooms (each with its DOM log), pending sends and refs. */
import * as Resume from './resume.js';
import { CONTROL_CHARS, NICK_MAX, OWN_IDS_KEPT } from './constants.js';
import { requestOlder } from './rooms.js';
import { KEYS, store } from './storage.js';

export const state = {
  nick: validNick(store.get(KEYS.nick, null)),  // the nickname we want (or the server confirmed)
  sessionId: null,                              // from `welcome`; null while disconnected
  rooms: new Map(),                             // room name -> Room, in sidebar order
  current: null,                                // the Room on screen
  ownClientIds: new Set(store.get(KEYS.ownIds, [])),
  pending: new Map(),                           // clientId -> {room, text, el, failed}
  refs: new Map(),                              // ref -> {kind, room, clientId?}
  refSeq: 0,
};

export function createRoom(name) {
  const log = document.createElement('div');
  log.className = 'log';
  log.dataset.room = name;

  const head = document.createElement('div');
  head.className = 'log-head';
  const older = document.createElement('button');
  older.type = 'button';
  older.className = 'load-older';
  older.textContent = 'Load older messages';
  older.hidden = true;
  const start = document.createElement('div');
  start.className = 'log-start';
  const startTitle = document.createElement('strong');
  startTitle.textContent = '#' + name;
  const startText = document.createElement('span');
  startText.textContent = 'This is the beginning of the room. Say hello!';
  start.append(startTitle, startText);
  start.hidden = true;
  head.append(older, start);

  const items = document.createElement('div');
  items.className = 'log-items';
  log.append(head, items);

  const room = {
    name,
    log,
    items,
    olderButton: older,
    startNote: start,
    position: Resume.createPosition(),  // lastId, epoch, catch-up: see resume.js
    byId: new Map(),     // id -> message element (confirmed messages only)
    hasOlder: false,
    loadingOlder: false,
    historyLoaded: false,
    joined: false,       // true between `joined` and the next disconnect/leave
    unread: 0,
    members: new Map(),  // sessionId -> nick
    typing: new Map(),   // sessionId -> {nick, timer}
    scrollTop: null,     // saved scroll position while another room is shown
    atBottom: true,
  };
  older.addEventListener('click', () => requestOlder(room));
  return room;
}

export function validNick(value) {
  if (typeof value !== 'string') return null;
  const nick = value.trim();
  if (nick.length < 1 || [...nick].length > NICK_MAX || CONTROL_CHARS.test(nick)) return null;
  return nick;
}

export function nickProblem(value) {
  const nick = value.trim();
  if (!nick) return 'Please enter a nickname.';
  if ([...nick].length > NICK_MAX) return `At most ${NICK_MAX} characters.`;
  if (CONTROL_CHARS.test(nick)) return 'Control characters are not allowed.';
  return null;
}

export function randomId() {
  const bytes = new Uint8Array(12);
  window.crypto.getRandomValues(bytes);
  return 'c-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function nextRef(context) {
  state.refSeq += 1;
  const ref = 'r' + state.refSeq;
  state.refs.set(ref, context);
  if (state.refs.size > 1000) {
    state.refs.delete(state.refs.keys().next().value);
  }
  return ref;
}

export function takeRef(ev) {
  if (typeof ev.ref !== 'string') return null;
  const context = state.refs.get(ev.ref) || null;
  state.refs.delete(ev.ref);
  return context;
}

export function rememberOwnClientId(clientId) {
  state.ownClientIds.add(clientId);
  const kept = Array.from(state.ownClientIds).slice(-OWN_IDS_KEPT);
  store.set(KEYS.ownIds, kept);
}

/**
 * By sender, the member id the server gives our tab on every transport, never by nickname: two
 * people may share one. A message without a sender (stored before senders were) is ours when
 * it has one of our clientIds.
 */
export function isMine(m) {
  if (typeof m.sender === 'string') return state.sessionId !== null && m.sender === state.sessionId;
  return typeof m.clientId === 'string' && state.ownClientIds.has(m.clientId);
}
