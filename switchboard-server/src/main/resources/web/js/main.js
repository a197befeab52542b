/*
 * Switchboard chat page, the entry module: wires the page's controls and connects.
 *
 * Speaks the native protocol (docs/protocol.md), over ws(s)://<host>/ws or translated by one of the
 * transports in transports/ (chosen in the sidebar; Auto falls back from WebSocket to SSE to
 * long-polling). Plain ES modules, no framework, no build step; one concept per module:
 *
 *   resume.js      where each room is in its history; the dedup and resume rules (pure, node-tested)
 *   state.js       what the page knows (rooms, session, pending sends, refs)
 *   connection.js  one transport at a time, reconnect with backoff, the transport selector
 *   events.js      the server's events      messages.js  the message log
 *   composer.js    sending and typing       members.js   member lists and others' typing
 *   rooms.js       rooms and history paging view.js      the chrome around the log
 *   nick-dialog.js, layout.js, storage.js, constants.js
 *
 * User data only ever reaches the page through textContent and attributes set with setAttribute or
 * dataset, never through innerHTML, so a message cannot inject markup. Everything runs on the
 * page's one thread (event handlers and timers); no module keeps state another could race on.
 */
import * as Transports from './transports/index.js';
import { auth } from './auth.js';
import { updateSendButton, wireComposer } from './composer.js';
import { conn, connect, renderTransport, setStatus, wireConnection } from './connection.js';
import { DEFAULT_ROOM, ROOM_PATTERN } from './constants.js';
import { regroup } from './messages.js';
import { openNickDialog, wireNickDialog } from './nick-dialog.js';
import { wireLayout } from './layout.js';
import { switchRoom, wireRooms } from './rooms.js';
import { createRoom, state } from './state.js';
import { KEYS, store } from './storage.js';
import { renderMe, renderRooms, ui } from './view.js';

function boot() {
  const saved = store.get(KEYS.rooms, []);
  const names = Array.isArray(saved) ? saved.filter((n) => typeof n === 'string' && ROOM_PATTERN.test(n)) : [];
  if (names.length === 0) names.push(DEFAULT_ROOM);
  for (const name of names) state.rooms.set(name, createRoom(name));
  const current = store.get(KEYS.current, DEFAULT_ROOM);
  // with a token the server decides the name: no nickname to pick
  if (auth.token) state.nick = auth.user;
  renderMe();
  renderTransport();
  switchRoom(state.rooms.has(current) ? current : names[0]);
  updateSendButton();
  if (state.nick) {
    connect();
  } else {
    setStatus('offline');
    ui.statusText.textContent = 'Not connected';
    ui.retryButton.hidden = true;
    openNickDialog(true);
  }
}

/** Back from the background: clear the unread count and reconnect at once; refresh day labels. */
function wireVisibility() {
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) return;
    if (state.current && state.current.unread > 0) {
      state.current.unread = 0;
      renderRooms();
    }
    // Back from the background: do not wait for the backoff timer.
    if (!conn.transport && conn.retryTimer !== null) {
      conn.attempt = 0;
      connect();
    }
  });

  // Day labels ("Today") go stale after midnight; refresh them now and then.
  setInterval(() => {
    if (!state.current) return;
    for (const el of state.current.items.querySelectorAll('.message[data-day]')) regroup(el);
  }, 60 * 1000);
}

// The transport of the moment, for the browser console and tests: `SwitchboardTransports.latest`.
window.SwitchboardTransports = Transports.diagnostics;

wireConnection();
wireComposer();
wireRooms();
wireNickDialog();
wireLayout();
wireVisibility();
boot();
