// The chat page's resume and dedup rules (web/js/resume.js), without a browser: run by
// `node --test` from the server module's build (run-node-tests.sh).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as Resume from '../../main/resources/web/js/resume.js';

const msg = (id, text = 'm' + id) => ({ id, room: 'lobby', from: 'bob', text, timestamp: 0 });

/** A room as the page keeps it: a position plus the ids it shows. */
function room() {
  const shown = new Set();
  const position = Resume.createPosition();
  return {
    position,
    shown,
    rendered: (id) => shown.has(id),
    /** What the page's applyMessage does with a message arriving in order; returns its verdict. */
    apply(m) {
      const verdict = Resume.verdict(position, m, (id) => shown.has(id));
      if (verdict === 'new' || verdict === 'known') {
        shown.add(m.id);
        Resume.applied(position, m.id);
      }
      return verdict;
    },
  };
}

describe('joining', () => {
  test('a room seen for the first time asks for the latest page', () => {
    const r = room();
    assert.deepEqual(Resume.joinCommand(r.position, 'lobby', 50), { type: 'join', room: 'lobby', limit: 50 });
  });

  test('a room with messages resumes after the last one applied, in its epoch', () => {
    const r = room();
    Resume.joined(r.position, { epoch: 'e1', messages: [] });
    r.apply(msg(1));
    r.apply(msg(2));
    assert.deepEqual(Resume.joinCommand(r.position, 'lobby', 50), { type: 'join', room: 'lobby', after: 2, epoch: 'e1' });
  });

  test('a resume without a known epoch sends no epoch', () => {
    const r = room();
    r.apply(msg(7));
    assert.deepEqual(Resume.joinCommand(r.position, 'lobby', 50), { type: 'join', room: 'lobby', after: 7 });
  });

  test('the answer to a join with after is a resume, the answer to a first join is not', () => {
    const r = room();
    Resume.joinCommand(r.position, 'lobby', 50);
    assert.equal(Resume.joined(r.position, { epoch: 'e1' }).resumed, false);
    r.apply(msg(3));
    Resume.joinCommand(r.position, 'lobby', 50);
    assert.equal(Resume.joined(r.position, { epoch: 'e1' }).resumed, true);
  });

  test('a later epoch from the server replaces the one the position had', () => {
    const r = room();
    Resume.joined(r.position, { epoch: 'e1' });
    Resume.joined(r.position, { epoch: 'e2' });
    assert.equal(r.position.epoch, 'e2');
  });
});

describe('dedup', () => {
  test('messages in order are applied and move lastId', () => {
    const r = room();
    assert.deepEqual([msg(1), msg(2), msg(5)].map((m) => r.apply(m)), ['new', 'new', 'new']);
    assert.equal(r.position.lastId, 5);
    assert.equal(r.position.oldestId, 1);
  });

  test('a message at or before lastId is dropped, so a replay after a reconnect shows nothing twice', () => {
    const r = room();
    r.apply(msg(1));
    r.apply(msg(2));
    r.apply(msg(3));
    assert.equal(r.apply(msg(2)), 'known');
    r.shown.delete(2);  // not on the page any more (e.g. a removed element): still never applied again
    assert.equal(r.apply(msg(2)), 'drop');
    assert.equal(r.position.lastId, 3);
  });

  test('our own message acked before it arrives is confirmed, and only then moves lastId', () => {
    const r = room();
    r.apply(msg(1));
    r.shown.add(4);
    Resume.shown(r.position, 4);  // the ack of our send: id 4 is on the page
    assert.equal(r.position.lastId, 1, 'messages 2 and 3 may still come');
    assert.equal(r.apply(msg(2)), 'new');
    assert.equal(r.apply(msg(3)), 'new');
    assert.equal(r.apply(msg(4)), 'known');
    assert.equal(r.position.lastId, 4);
  });

  test('anything without a numeric id and a text is no message', () => {
    const r = room();
    for (const bad of [null, undefined, 'x', { id: '1', text: 'a' }, { id: 1 }, { text: 'a' }]) {
      assert.equal(r.apply(bad), 'invalid');
    }
    assert.equal(r.position.lastId, null);
  });
});

describe('reset', () => {
  test('a joined with reset forgets the position, and the next join asks for the latest page', () => {
    const r = room();
    Resume.joined(r.position, { epoch: 'old' });
    r.apply(msg(40));
    Resume.joinCommand(r.position, 'lobby', 50);
    const answer = Resume.joined(r.position, { epoch: 'new', reset: 'epoch', messages: [msg(1)], more: true });
    assert.deepEqual(answer, { reset: true, resumed: false, catchUp: false });
    assert.equal(r.position.lastId, null);
    assert.equal(r.position.epoch, 'new');
    r.shown.clear();
    assert.equal(r.apply(msg(1)), 'new', 'low ids of the new history are not taken for old ones');
    assert.deepEqual(Resume.joinCommand(r.position, 'lobby', 50), { type: 'join', room: 'lobby', after: 1, epoch: 'new' });
  });

  test('forgetting ends a catch-up and drops what it held', () => {
    const r = room();
    r.apply(msg(1));
    Resume.joinCommand(r.position, 'lobby', 50);
    Resume.joined(r.position, { more: true });
    Resume.holdLive(r.position, msg(9));
    Resume.forget(r.position);
    assert.equal(r.position.catchingUp, false);
    assert.deepEqual(r.position.buffered, []);
  });
});

describe('catching up', () => {
  function resumedWithMore() {
    const r = room();
    r.apply(msg(1));
    Resume.joinCommand(r.position, 'lobby', 50);
    const answer = Resume.joined(r.position, { epoch: 'e1', messages: [msg(2)], more: true });
    r.apply(msg(2));
    return { r, answer };
  }

  test('a resume that says more pages history after lastId and holds live messages back', () => {
    const { r, answer } = resumedWithMore();
    assert.equal(answer.catchUp, true);
    assert.equal(Resume.catchUpAfter(r.position), 2);
    assert.equal(Resume.holdLive(r.position, msg(10)), true);
    assert.equal(Resume.historyKind(r.position, null), 'newer');
  });

  test('the last page releases the held messages, which then go through the dedup', () => {
    const { r } = resumedWithMore();
    Resume.holdLive(r.position, msg(4));
    Resume.holdLive(r.position, msg(5));
    for (const m of [msg(3), msg(4)]) r.apply(m);
    assert.deepEqual(Resume.caughtUpTo(r.position, 2, true), { again: true, release: [] });
    const end = Resume.caughtUpTo(r.position, 0, false);
    assert.equal(end.again, false);
    assert.deepEqual(end.release.map((m) => r.apply(m)), ['known', 'new']);
    assert.equal(r.position.lastId, 5);
    assert.equal(Resume.holdLive(r.position, msg(6)), false, 'live again');
    assert.equal(Resume.historyKind(r.position, null), 'older');
  });

  test('a page that says more but is empty ends the catch-up', () => {
    const { r } = resumedWithMore();
    assert.equal(Resume.caughtUpTo(r.position, 0, true).again, false);
    assert.equal(r.position.catchingUp, false);
  });

  test('a drop during the catch-up discards the held messages; the next resume fetches them again', () => {
    const { r } = resumedWithMore();
    Resume.holdLive(r.position, msg(8));
    Resume.disconnected(r.position);
    assert.equal(r.position.catchingUp, false);
    assert.deepEqual(r.position.buffered, []);
    assert.deepEqual(Resume.joinCommand(r.position, 'lobby', 50), { type: 'join', room: 'lobby', after: 2, epoch: 'e1' });
  });

  test('a history answer with a known ref is what the ref says', () => {
    const { r } = resumedWithMore();
    assert.equal(Resume.historyKind(r.position, { kind: 'older' }), 'older');
  });
});

describe('older pages', () => {
  test('only messages before everything shown are prepended, in id order', () => {
    const r = room();
    for (const id of [10, 11, 12]) r.apply(msg(id));
    const fresh = Resume.olderFresh(r.position, [msg(9), msg(7), msg(11), msg(12), { id: 8 }, msg(8)], r.rendered);
    assert.deepEqual(fresh.map((m) => m.id), [7, 8, 9]);
    Resume.olderShown(r.position, fresh);
    assert.equal(r.position.oldestId, 7);
    assert.equal(r.position.lastId, 12);
  });

  test('an older page into an empty room sets where live messages start', () => {
    const r = room();
    const fresh = Resume.olderFresh(r.position, [msg(3), msg(2)], r.rendered);
    Resume.olderShown(r.position, fresh);
    assert.equal(r.position.lastId, 3);
    assert.equal(r.apply(msg(3)), 'drop');
    assert.equal(r.apply(msg(4)), 'new');
  });
});
