/** The nickname dialog: the first one (cannot be dismissed) and later changes. */
import { chooseTransport, conn, connect, send } from './connection.js';
import { NARROW_LAYOUT } from './constants.js';
import { nextRef, nickProblem, state } from './state.js';
import { KEYS, store } from './storage.js';
import { auth, setToken } from './auth.js';
import { renderMe, ui } from './view.js';

let firstNick = false;

export function openNickDialog(first, error) {
  firstNick = first;
  ui.nickTitle.textContent = first ? 'Welcome to Switchboard' : 'Change your nickname';
  ui.nickText.textContent = first
    ? 'Pick a nickname. Others in the room will see it next to your messages.'
    : 'Everyone in your rooms will see the new name.';
  ui.nickCancel.hidden = first;
  ui.nickInput.value = first ? '' : (state.nick || '');
  ui.nickError.hidden = !error;
  ui.nickError.textContent = error || '';
  document.getElementById('nick-save').textContent = first ? 'Start chatting' : 'Save';
  if (!ui.nickDialog.open) ui.nickDialog.showModal();
  ui.nickInput.focus();
  ui.nickInput.select();
}

/**
 * A token from the dialog: the same user keeps the connection (a refresh on WebSocket and
 * Socket.IO; the HTTP transports send it with their next request), another user reconnects.
 */
function useToken(token) {
  const before = auth.user;
  if (!setToken(token)) {
    ui.nickError.textContent = 'That is not a sign-in token (a JWT with a sub).';
    ui.nickError.hidden = false;
    ui.tokenInput.focus();
    return;
  }
  ui.tokenInput.value = '';
  ui.nickDialog.close();
  firstNick = false;
  state.nick = auth.user;
  renderMe();
  if (state.sessionId !== null && before === auth.user) {
    send({ type: 'refresh' });
  } else {
    chooseTransport(conn.preference);
  }
}

/** The dialog's form and buttons. */
export function wireNickDialog() {
  ui.nickForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const token = ui.tokenInput.value.trim();
    if (token) {
      useToken(token);
      return;
    }
    const problem = nickProblem(ui.nickInput.value);
    if (problem) {
      ui.nickError.textContent = problem;
      ui.nickError.hidden = false;
      ui.nickInput.focus();
      return;
    }
    const nick = ui.nickInput.value.trim();
    ui.nickDialog.close();
    const wasFirst = firstNick;
    firstNick = false;
    state.nick = nick;
    store.set(KEYS.nick, nick);
    renderMe();
    if (state.sessionId !== null) {
      send({ type: 'nick', nick, ref: nextRef({ kind: 'nick' }) });
    } else if (wasFirst && !conn.transport && conn.retryTimer === null) {
      connect();
    }
    if (!NARROW_LAYOUT.matches) ui.textField.focus();
  });
  ui.nickInput.addEventListener('input', () => { ui.nickError.hidden = true; });
  ui.nickCancel.addEventListener('click', () => ui.nickDialog.close());
  ui.nickDialog.addEventListener('cancel', (e) => {
    if (firstNick) e.preventDefault();  // a nickname is needed before joining
  });
  ui.changeNick.addEventListener('click', () => openNickDialog(false));
}
