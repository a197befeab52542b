/**
 * The message log of a room: applying a message in order (the checks live in resume.js), building
 * and filling its element, grouping by sender and day.
 */
import { GROUP_WINDOW_MS } from './constants.js';
import { isMine, state } from './state.js';
import { paintAvatar, ui } from './view.js';
import * as Resume from './resume.js';

export const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
export const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
export const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });

export function dayKey(ts) {
  const d = new Date(ts);
  return d.getFullYear() * 10000 + d.getMonth() * 100 + d.getDate();
}

export function dayLabel(ts) {
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (dayKey(ts) === dayKey(today.getTime())) return 'Today';
  if (dayKey(ts) === dayKey(yesterday.getTime())) return 'Yesterday';
  return dayFormat.format(new Date(ts));
}

/** Applies one message in order (resume.js decides). Returns true when it was new and is now on the page. */
export function applyMessage(room, m) {
  const position = room.position;
  const verdict = Resume.verdict(position, m, (id) => room.byId.has(id));
  if (verdict === 'known') {
    // Known from our own `ack`: the message event only confirms it.
    fillMessage(room.byId.get(m.id), m);
    Resume.applied(position, m.id);
    return false;
  }
  if (verdict !== 'new') return false;

  let el = null;
  if (typeof m.clientId === 'string') {
    const p = state.pending.get(m.clientId);
    if (p && p.room === room.name) {
      state.pending.delete(m.clientId);
      el = p.el;
    }
  }
  if (el) {
    confirmElement(room, el, m.id, m);
  } else {
    el = buildMessage(m);
    room.byId.set(m.id, el);
    insertById(room, el, m.id);
  }
  Resume.applied(position, m.id);
  return true;
}

export function confirmElement(room, el, id, m) {
  el.classList.remove('pending', 'failed');
  el.dataset.id = String(id);
  const stateLine = el.querySelector('.state');
  if (stateLine) stateLine.remove();
  if (m) fillMessage(el, m);
  room.byId.set(id, el);
  el.remove();
  insertById(room, el, id);
  Resume.shown(room.position, id);
}

/** Inserts a confirmed message in id order, before every pending one. */
export function insertById(room, el, id) {
  let before = null;
  let node = room.items.lastElementChild;
  while (node && (node.classList.contains('pending') || Number(node.dataset.id) > id)) {
    before = node;
    node = node.previousElementSibling;
  }
  room.items.insertBefore(el, before);
  regroup(el);
  if (el.nextElementSibling) regroup(el.nextElementSibling);
}

export function prependOlder(room, messages) {
  const fresh = Resume.olderFresh(room.position, messages, (id) => room.byId.has(id));
  if (fresh.length === 0) return;
  const scroller = ui.messages;
  const visible = room === state.current;
  const fromBottom = visible ? scroller.scrollHeight - scroller.scrollTop : 0;
  const first = room.items.firstElementChild;
  const built = [];
  for (const m of fresh) {
    const el = buildMessage(m);
    room.byId.set(m.id, el);
    room.items.insertBefore(el, first);
    built.push(el);
  }
  for (const el of built) regroup(el);
  if (first) regroup(first);
  Resume.olderShown(room.position, fresh);
  if (visible) scroller.scrollTop = scroller.scrollHeight - fromBottom;
}

export function buildMessage(m) {
  const el = document.createElement('article');
  el.className = 'message';

  const avatar = document.createElement('span');
  avatar.className = 'avatar';
  avatar.setAttribute('aria-hidden', 'true');

  const body = document.createElement('div');
  body.className = 'body';

  const meta = document.createElement('div');
  meta.className = 'meta';
  const from = document.createElement('span');
  from.className = 'from';
  const time = document.createElement('time');
  time.className = 'time';
  meta.append(from, time);

  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  const text = document.createElement('p');
  text.className = 'text';
  bubble.append(text);

  body.append(meta, bubble);
  el.append(avatar, body);
  fillMessage(el, m);
  return el;
}

export function fillMessage(el, m) {
  const nick = typeof m.from === 'string' ? m.from : '';
  const ts = typeof m.timestamp === 'number' ? m.timestamp : Date.now();
  if (typeof m.id === 'number') el.dataset.id = String(m.id);
  if (typeof m.clientId === 'string') el.dataset.clientId = m.clientId;
  el.dataset.from = nick;
  el.dataset.ts = String(ts);
  el.classList.toggle('mine', isMine(m));
  paintAvatar(el.querySelector('.avatar'), nick);
  el.querySelector('.from').textContent = nick;
  const time = el.querySelector('.time');
  time.textContent = timeFormat.format(new Date(ts));
  time.dateTime = new Date(ts).toISOString();
  time.title = fullFormat.format(new Date(ts));
  const text = el.querySelector('.text');
  if (text.dataset.raw !== m.text) {
    text.dataset.raw = m.text;
    renderText(text, m.text);
  }
}

/** Plain text with http(s) links made clickable; every piece goes in as a text node. */
export function renderText(target, text) {
  target.replaceChildren();
  const pattern = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;
  let last = 0;
  let match;
  while ((match = pattern.exec(text)) !== null) {
    if (match.index > last) target.append(document.createTextNode(text.slice(last, match.index)));
    const a = document.createElement('a');
    a.href = match[0];
    a.textContent = match[0];
    a.target = '_blank';
    a.rel = 'noopener noreferrer nofollow';
    target.append(a);
    last = match.index + match[0].length;
  }
  if (last < text.length) target.append(document.createTextNode(text.slice(last)));
}

/** Decides whether `el` starts a new day and whether it continues the previous sender's group. */
export function regroup(el) {
  const prev = el.previousElementSibling;
  const ts = Number(el.dataset.ts);
  const newDay = !prev || dayKey(Number(prev.dataset.ts)) !== dayKey(ts);
  if (newDay) el.dataset.day = dayLabel(ts);
  else delete el.dataset.day;
  const continues = !newDay
    && prev.dataset.from === el.dataset.from
    && prev.classList.contains('mine') === el.classList.contains('mine')
    && ts - Number(prev.dataset.ts) < GROUP_WINDOW_MS;
  el.classList.toggle('cont', continues);
}

/** Drops every confirmed message of the room (pending sends stay) so the next page starts it over. */
export function forgetHistory(room) {
  for (const el of [...room.items.children]) {
    if (!el.classList.contains('pending')) el.remove();
  }
  room.byId.clear();
  Resume.forget(room.position);
  room.historyLoaded = false;
  room.hasOlder = false;
}
