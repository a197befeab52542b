/** The composer: sending (pending until acked, resent after a rejoin, retry on failure) and our own typing state. */
import { conn, send } from './connection.js';
import { TEXT_MAX, TYPING_IDLE_MS, TYPING_REFRESH_MS } from './constants.js';
import { buildMessage, regroup } from './messages.js';
import { nextRef, randomId, rememberOwnClientId, state } from './state.js';
import { scrollToBottom, showToast, ui } from './view.js';

export function sendMessage() {
  const room = state.current;
  const raw = ui.textField.value;
  if (!room || raw.trim() === '') return;
  const text = raw.replace(/\s+$/, '');
  if ([...text].length > TEXT_MAX) {
    showToast(`Messages can be at most ${TEXT_MAX} characters.`);
    return;
  }
  stopTyping();
  const clientId = randomId();
  rememberOwnClientId(clientId);
  const el = buildMessage({ from: state.nick || 'me', text, timestamp: Date.now(), clientId });
  el.classList.add('pending', 'mine');
  const line = document.createElement('div');
  line.className = 'state';
  line.textContent = 'Sending…';
  el.querySelector('.body').append(line);
  room.items.append(el);
  regroup(el);
  const p = { room: room.name, text, clientId, el, failed: false };
  state.pending.set(clientId, p);
  if (room.joined) transmit(p);

  ui.textField.value = '';
  autoGrow();
  updateSendButton();
  scrollToBottom();
}

export function transmit(p) {
  send({ type: 'send', room: p.room, text: p.text, clientId: p.clientId,
    ref: nextRef({ kind: 'send', room: p.room, clientId: p.clientId }) });
}

/** After a (re)join, sends what was typed while offline; the clientId makes a resend harmless. */
export function resendPending(room) {
  for (const p of state.pending.values()) {
    if (p.room === room.name && !p.failed) transmit(p);
  }
}

export function markFailed(p, label) {
  p.failed = true;
  p.el.classList.add('failed');
  const line = p.el.querySelector('.state') || document.createElement('div');
  line.className = 'state';
  line.replaceChildren();
  const text = document.createElement('span');
  text.textContent = label + ' · ';
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.className = 'retry';
  retry.textContent = 'Retry';
  retry.addEventListener('click', () => {
    p.failed = false;
    p.el.classList.remove('failed');
    line.textContent = 'Sending…';
    const room = state.rooms.get(p.room);
    if (room && room.joined) transmit(p);
  });
  line.append(text, retry);
  if (!line.parentNode) p.el.querySelector('.body').append(line);
}

// Typing: true while the user types (refreshed so peers do not expire it), false after
// TYPING_IDLE_MS without input, on send, and when leaving the room.
export const typing = { room: null, lastSent: 0, idleTimer: null };

export function noteTyping() {
  const room = state.current;
  if (!room || !room.joined || !conn.transport || !conn.transport.sendsTyping) return;
  if (ui.textField.value.trim() === '') {
    stopTyping();
    return;
  }
  const now = Date.now();
  if (typing.room !== room.name || now - typing.lastSent > TYPING_REFRESH_MS) {
    if (typing.room && typing.room !== room.name) stopTyping();
    send({ type: 'typing', room: room.name, typing: true });
    typing.room = room.name;
    typing.lastSent = now;
  }
  clearTimeout(typing.idleTimer);
  typing.idleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
}

export function stopTyping() {
  clearTimeout(typing.idleTimer);
  if (typing.room) {
    const room = state.rooms.get(typing.room);
    if (room && room.joined) send({ type: 'typing', room: typing.room, typing: false });
  }
  typing.room = null;
  typing.lastSent = 0;
}

export function autoGrow() {
  const field = ui.textField;
  field.style.height = 'auto';
  field.style.height = Math.min(field.scrollHeight, 180) + 'px';
}

export function updateSendButton() {
  ui.sendButton.disabled = ui.textField.value.trim() === '';
}

/** Enter sends, Shift+Enter breaks the line; the field grows with its text. */
export function wireComposer() {
  ui.composer.addEventListener('submit', (e) => {
    e.preventDefault();
    sendMessage();
    ui.textField.focus();
  });
  ui.textField.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      sendMessage();
    }
  });
  ui.textField.addEventListener('input', () => {
    autoGrow();
    updateSendButton();
    noteTyping();
  });
  ui.textField.addEventListener('blur', () => {
    if (ui.textField.value.trim() === '') stopTyping();
  });

}
