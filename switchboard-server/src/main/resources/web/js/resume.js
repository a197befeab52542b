/**
 * Where the page is in each room's history, and the rules that keep a reconnect from showing a
 * message twice or skipping one. Pure: no DOM, no network, no timers, so `node --test` runs it
 * (src/test/js/resume.test.mjs); the page keeps one position per room and asks it what to do.
 *
 * Resume invariant: `lastId` is the highest message id applied in order. A message whose id is
 * already rendered or is <= lastId is dropped, so reconnecting (join with `after: lastId`) never
 * shows a message twice and never skips one. The position also remembers the history `epoch`
 * lastId belongs to; a `joined` with `reset` (the server's history was replaced or wiped) makes
 * the ids meaningless, so the position starts over from the latest page. After a resume that
 * says `more`, the page pages `history after` and holds live messages back until it has caught
 * up; a dropped connection throws the held ones away, as lastId still points before them.
 */

/** A room the page has seen nothing of. */
export function createPosition() {
  return {
    lastId: null, // highest id applied in order; null until the first message
    oldestId: null, // lowest id rendered, for `history before`
    epoch: null, // the history epoch lastId belongs to (from `joined`)
    joinAfter: null, // the `after` sent with the last join; null when it asked for the latest page
    catchingUp: false, // paging `history after` following a resume with `more: true`
    buffered: [], // live messages held back while catching up
  };
}

/** The `join` for a room: resume after lastId (in its epoch), or the latest page when there is none. */
export function joinCommand(position, room, pageSize) {
  const command = { type: 'join', room };
  if (position.lastId !== null) {
    command.after = position.lastId;
    if (position.epoch) command.epoch = position.epoch;
  } else {
    command.limit = pageSize;
  }
  position.joinAfter = position.lastId;
  return command;
}

/** True for something shaped like a message (an id and a text); anything else is ignored. */
export function isMessage(m) {
  return Boolean(m) && typeof m === 'object' && typeof m.id === 'number' && typeof m.text === 'string';
}

/**
 * What to do with a message arriving in order (live, in a `joined` or a catch-up page):
 * 'new' to show it, 'known' when its element is there already (our own send, acked first: the
 * message only confirms it), 'drop' when it is at or before lastId, 'invalid' when it is no message.
 * `rendered(id)` tells whether the page shows that id.
 */
export function verdict(position, m, rendered) {
  if (!isMessage(m)) return 'invalid';
  if (rendered(m.id)) return 'known';
  if (position.lastId !== null && m.id <= position.lastId) return 'drop';
  return 'new';
}

/** A message with a 'new' or 'known' verdict is now applied: lastId moves up to it. */
export function applied(position, id) {
  if (position.lastId === null || id > position.lastId) position.lastId = id;
  shown(position, id);
}

/**
 * An id is on the page without having been applied in order (our own send, acked before its
 * message arrived): it counts for `history before`, not for lastId, so earlier messages still come.
 */
export function shown(position, id) {
  if (position.oldestId === null || id < position.oldestId) position.oldestId = id;
}

/**
 * A `joined` answer: takes its epoch, starts over on `reset`, and decides whether the join was a
 * resume and whether more messages than it carried wait behind it (catch up with `history after`).
 */
export function joined(position, ev) {
  const reset = typeof ev.reset === 'string';
  if (reset) forget(position);
  if (typeof ev.epoch === 'string') position.epoch = ev.epoch;
  const resumed = position.joinAfter !== null;
  const catchUp = resumed && ev.more === true;
  if (catchUp) position.catchingUp = true;
  return { reset, resumed, catchUp };
}

/** The server's ids mean nothing any more: the next page starts the room over. */
export function forget(position) {
  position.lastId = null;
  position.oldestId = null;
  position.joinAfter = null;
  position.catchingUp = false;
  position.buffered = [];
}

/** A live message: held back (true) while catching up, so it cannot jump ahead of older ones. */
export function holdLive(position, m) {
  if (!position.catchingUp) return false;
  position.buffered.push(m);
  return true;
}

/** The `after` of the next catch-up page. */
export function catchUpAfter(position) {
  return position.lastId === null ? 0 : position.lastId;
}

/**
 * A catch-up page was applied: ask for the next one, or end the catch-up and hand back the live
 * messages held meanwhile (to go through the verdict like any other).
 */
export function caughtUpTo(position, count, more) {
  if (more === true && count > 0) return { again: true, release: [] };
  const release = position.buffered;
  position.catchingUp = false;
  position.buffered = [];
  return { again: false, release };
}

/** Which request a `history` answer without a known ref belongs to. */
export function historyKind(position, context) {
  if (context) return context.kind;
  return position.catchingUp ? 'newer' : 'older';
}

/** The connection went: held live messages were never applied, so the resume fetches them again. */
export function disconnected(position) {
  position.catchingUp = false;
  position.buffered = [];
}

/**
 * The messages of an older page worth showing: real messages before everything shown, not
 * rendered yet, in id order. `olderShown` then records them.
 */
export function olderFresh(position, messages, rendered) {
  return messages
    .filter((m) => isMessage(m) && !rendered(m.id) && (position.oldestId === null || m.id < position.oldestId))
    .sort((a, b) => a.id - b.id);
}

/** An older page (sorted, non-empty) is on the page; on an empty room its newest is where live starts. */
export function olderShown(position, fresh) {
  position.oldestId = fresh[0].id;
  if (position.lastId === null) position.lastId = fresh[fresh.length - 1].id;
}
