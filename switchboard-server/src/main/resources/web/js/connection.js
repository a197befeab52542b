/**
 * Connection: one transport at a time (transports/), reconnect with exponential backoff and
 * jitter. Switching transport is a disconnect plus a connect: every room resumes from lastId.
 */
import * as Resume from './resume.js';
import { stopTyping } from './composer.js';
import { BACKOFF_MAX_MS, BACKOFF_MIN_MS, DEFAULT_ROOM } from './constants.js';
import { handleEvent } from './events.js';
import { clearTyping } from './members.js';
import { state } from './state.js';
import { KEYS, store } from './storage.js';
import { renderTyping, showToast, ui } from './view.js';

import * as Transports from './transports/index.js';
export const TRANSPORT_CHOICES = ['auto'].concat(Transports.KINDS);

export const conn = {
  transport: null,      // the live transport, or null while disconnected / waiting to retry
  kind: null,           // the transport kind in use (or being tried)
  attempt: 0,           // consecutive failed attempts; reset by `welcome`
  retryTimer: null,
  countdownTimer: null,
  retryAt: 0,
  preference: TRANSPORT_CHOICES.includes(store.get(KEYS.transport, 'auto')) ? store.get(KEYS.transport, 'auto') : 'auto',
  webSocketWorked: false,  // Auto: once WebSocket has worked, a failure is the network, not a proxy
};

export function send(command) {
  const t = conn.transport;
  if (!t || state.sessionId === null) return false;
  return t.command(command);
}

export function connect() {
  clearTimeout(conn.retryTimer);
  clearInterval(conn.countdownTimer);
  conn.retryTimer = null;
  dropTransport();
  setStatus('connecting');
  const chain = conn.preference === 'auto' ? Transports.AUTO_CHAIN : [conn.preference];
  startTransport(chain, 0);
}

export function dropTransport() {
  if (!conn.transport) return;
  const old = conn.transport;
  conn.transport = null;
  old.close();
}

export function startTransport(chain, index) {
  const kind = chain[index];
  const auto = chain.length > 1;
  let t = null;
  const hooks = {
    onEvent(ev) {
      if (conn.transport === t) handleEvent(ev);
    },
    onClose(info) {
      if (conn.transport !== t) return;
      conn.transport = null;
      const fallBack = auto && info.early && index + 1 < chain.length
        && !(kind === 'websocket' && conn.webSocketWorked);
      if (fallBack) {
        startTransport(chain, index + 1);
        return;
      }
      onDisconnected(info);
    },
    nick: () => state.nick,
    lastId: (name) => {
      const room = state.rooms.get(name);
      return room ? room.position.lastId : null;
    },
    probeRoom: () => (state.current ? state.current.name : DEFAULT_ROOM),
  };
  t = Transports.create(kind, hooks, { handshakeTimeout: auto });
  conn.transport = t;
  conn.kind = kind;
  renderTransport();
  t.connect();
}

/** The selector changed: leave the current transport and resume every room on the new one. */
export function chooseTransport(preference) {
  if (!TRANSPORT_CHOICES.includes(preference)) return;
  conn.preference = preference;
  store.set(KEYS.transport, preference);
  if (!state.nick) return;  // not connected yet; the first connect uses it
  const hadSession = state.sessionId !== null;
  dropTransport();
  if (hadSession) resetSession();
  conn.attempt = 0;
  connect();
}

export function onDisconnected(closeEvent) {
  const wasOnline = state.sessionId !== null;
  resetSession();
  if (wasOnline && closeEvent && closeEvent.code === 1008) {
    showToast('The connection was too slow and was reset. Reconnecting…');
  }
  if (closeEvent && closeEvent.code === 4401) {
    showToast('Your sign-in token expired. Enter a new one to go on.');
  }
  scheduleReconnect();
}

/** Forgets everything tied to the old session; rooms keep lastId, pending sends stay pending. */
export function resetSession() {
  state.sessionId = null;
  stopTyping();
  for (const room of state.rooms.values()) {
    room.joined = false;
    Resume.disconnected(room.position);
    room.loadingOlder = false;
    clearTyping(room);
  }
  renderTyping();
}

export function scheduleReconnect() {
  if (!navigator.onLine) {
    setStatus('offline');
    return;  // the `online` event reconnects
  }
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** conn.attempt);
  const delay = ceiling / 2 + Math.random() * (ceiling / 2);
  conn.attempt += 1;
  conn.retryAt = Date.now() + delay;
  conn.retryTimer = setTimeout(connect, delay);
  setStatus('reconnecting');
  clearInterval(conn.countdownTimer);
  conn.countdownTimer = setInterval(() => setStatus('reconnecting'), 250);
}

export function setStatus(kind) {
  let text;
  switch (kind) {
    case 'online': text = 'Online'; break;
    case 'connecting': text = 'Connecting…'; break;
    case 'offline': text = 'Offline'; break;
    default: {
      const seconds = Math.max(1, Math.ceil((conn.retryAt - Date.now()) / 1000));
      text = `Reconnecting in ${seconds}s`;
    }
  }
  if (kind !== 'reconnecting') clearInterval(conn.countdownTimer);
  ui.status.dataset.state = kind;
  document.body.dataset.connection = kind;
  if (ui.statusText.textContent !== text) ui.statusText.textContent = text;
  ui.retryButton.hidden = !(kind === 'reconnecting' || kind === 'offline');
}

/** "Online · SSE": which transport is in use (or being tried), and what it can do. */
export function renderTransport() {
  const kind = conn.kind || '';
  ui.transportInUse.dataset.transport = kind;
  ui.transportInUse.textContent = kind ? Transports.label(kind) : '';
  ui.transportInUse.title = kind
    ? `Connected with ${Transports.label(kind)}${conn.preference === 'auto' ? ' (chosen automatically)' : ''}`
    : '';
  const t = conn.transport;
  let note = '';
  if (t && !t.sendsTyping) {
    note = t.receivesTyping
      ? `Over ${Transports.label(kind)} others see no typing indicator from you.`
      : `Typing indicators are off over ${Transports.label(kind)}.`;
  }
  ui.typingNote.textContent = note;
  ui.typingNote.hidden = note === '';
  ui.typingNote.title = note ? 'Switch to WebSocket or Auto in the sidebar for typing indicators.' : '';
  if (ui.transportSelect.value !== conn.preference) ui.transportSelect.value = conn.preference;
}

/** Reconnects when the browser is back online; the transport selector and the retry button. */
export function wireConnection() {
  window.addEventListener('online', () => {
    if (!conn.transport && state.nick) { conn.attempt = 0; connect(); }
  });
  window.addEventListener('offline', () => {
    if (!conn.transport || state.sessionId === null) setStatus('offline');
  });
  ui.transportSelect.addEventListener('change', () => chooseTransport(ui.transportSelect.value));
  ui.retryButton.addEventListener('click', () => { conn.attempt = 0; connect(); });
}
