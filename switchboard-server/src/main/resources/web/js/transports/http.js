/**
 * HTTP: one feed per joined room (SSE, NDJSON stream, long-poll or poll) plus POST for sending,
 * translated into the native events (docs/http-api.md).
 */
import { HANDSHAKE_MS, PAGE_ID } from './common.js';
import { auth } from '../auth.js';

const LONG_POLL_WAIT_S = 25;
const POLL_MS = 2000;
const MEMBERS_POLL_MS = 5000;
const FEED_RETRY_MS = 1000;
const FEED_FAILURES_BEFORE_GIVING_UP = 3;
const SEND_RETRY_MS = 2000;
// A browser keeps about six HTTP/1.1 connections per server: rooms past this many are polled
// instead of holding a connection open, so POSTs and the other rooms always get through.
const HELD_FEEDS_MAX = 3;
const CATCH_UP_PAGE = 1000;

export function httpTransport(kind, hooks, options) {
  const feeds = new Map();        // room -> feed
  const inFlight = new Set();     // AbortControllers of requests that close() cancels
  let closed = false;
  let handshakeTimer = null;
  let membersTimer = null;
  let warnedAboutStreams = false;  // the page is told once that rooms fell back to polling
  const t = {
    kind,
    proven: false,
    sendsTyping: false,
    receivesTyping: kind === 'sse',
    knowsSessions: false,
    connect,
    command,
    close,
  };

  const roomPath = (room) => '/api/rooms/' + encodeURIComponent(room);

  function request(method, path, body) {
    const controller = new AbortController();
    inFlight.add(controller);
    const init = { method, signal: controller.signal, cache: 'no-store', headers: { Accept: 'application/json' } };
    if (auth.token) init.headers.Authorization = 'Bearer ' + auth.token;
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init)
      .then((res) => res.text().then((text) => {
        let data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        // the store's epoch, and the reset that says our position means nothing there any more
        const epoch = res.headers.get('Switchboard-Epoch');
        const reset = res.headers.get('Switchboard-Reset');
        return { status: res.status, ok: res.ok, data, epoch, reset, member: res.headers.get('Switchboard-Member') };
      }))
      .finally(() => inFlight.delete(controller));
  }

  function emit(ev) {
    if (!closed) hooks.onEvent(ev);
  }

  function die(info) {
    if (closed) return;
    shutdown();
    hooks.onClose(Object.assign({ early: !t.proven }, info));
  }

  function shutdown() {
    closed = true;
    clearTimeout(handshakeTimer);
    clearInterval(membersTimer);
    for (const feed of feeds.values()) stopFeed(feed);
    feeds.clear();
    for (const controller of inFlight) controller.abort();
    inFlight.clear();
  }

  function prove() {
    if (t.proven) return;
    t.proven = true;
    clearTimeout(handshakeTimer);
  }

  function connect() {
    if (options.handshakeTimeout) {
      handshakeTimer = setTimeout(() => { if (!t.proven) die({ early: true }); }, HANDSHAKE_MS);
    }
    // The member list of a room is the cheapest request that shows the HTTP API is there.
    request('GET', roomPath(hooks.probeRoom()) + '/members?client=' + PAGE_ID).then((res) => {
      if (closed) return;
      if (!res.ok) {
        die({});
        return;
      }
      // Plain requests work now; SSE proves itself when its first stream opens.
      if (kind !== 'sse') prove();
      // The member id the server derives from PAGE_ID: the same one WebSocket and Socket.IO welcome with.
      if (res.member) t.knowsSessions = true;
      emit({ type: 'welcome', sessionId: res.member || 'http-' + kind, nick: hooks.nick(), protocol: 1 });
      membersTimer = setInterval(pollMembers, MEMBERS_POLL_MS);
    }, () => die({}));
  }

  function close() {
    shutdown();
  }

  function command(cmd) {
    if (closed || !cmd || typeof cmd.room !== 'string' && cmd.type !== 'nick') return false;
    switch (cmd.type) {
      case 'join': join(cmd); return true;
      case 'leave': leave(cmd); return true;
      case 'send': post(cmd); return true;
      case 'history': history(cmd); return true;
      case 'nick':
        // Nicknames live in each request here: reopen the feeds so presence shows the new one.
        emit({ type: 'nick', nick: cmd.nick, ref: cmd.ref });
        for (const feed of feeds.values()) restartFeed(feed);
        return true;
      case 'typing': return false;  // not offered over plain HTTP
      default: return false;
    }
  }

  function refusal(res, ref, fallbackCode) {
    const data = res.data && typeof res.data === 'object' ? res.data : {};
    let code = typeof data.error === 'string' ? data.error
      : typeof data.code === 'string' ? data.code : fallbackCode;
    if (res.status === 429 || code === 'too_many_requests') code = 'rate_limited';
    const message = typeof data.message === 'string' ? data.message : `HTTP ${res.status}`;
    return { type: 'error', code, message, ref };
  }

  function join(cmd) {
    const room = cmd.room;
    const resume = typeof cmd.after === 'number';
    const limit = typeof cmd.limit === 'number' ? cmd.limit : 50;
    if (resume && typeof cmd.epoch === 'string') epochs.set(room, cmd.epoch);
    // On a resume the room's feed starts at `after`, so it brings the missed messages itself.
    const latest = resume ? Promise.resolve({ ok: true, data: [] })
      : request('GET', `${roomPath(room)}/messages?limit=${limit}`);
    Promise.all([latest, request('GET', roomPath(room) + '/members')]).then(([messages, members]) => {
      if (closed) return;
      if (!messages.ok) {
        if (messages.status >= 400 && messages.status < 500 && messages.status !== 429) {
          emit(refusal(messages, cmd.ref, 'invalid_room'));
        } else {
          die({});
        }
        return;
      }
      const list = Array.isArray(messages.data) ? messages.data : [];
      if (messages.epoch) epochs.set(room, messages.epoch);
      emit({
        type: 'joined',
        room,
        epoch: epochs.get(room),
        members: members.ok && Array.isArray(members.data) ? members.data : [],
        messages: list,
        more: !resume && list.length >= limit,
        ref: cmd.ref,
      });
      startFeed(room);
    }, () => die({}));
  }

  function leave(cmd) {
    const feed = feeds.get(cmd.room);
    if (feed) {
      stopFeed(feed);
      feeds.delete(cmd.room);
    }
    emit({ type: 'left', room: cmd.room, ref: cmd.ref });
  }

  // POSTs go out one at a time, so messages are stored in the order they were sent (parallel
  // requests on several connections could overtake each other).
  let sendQueue = Promise.resolve();

  function post(cmd) {
    sendQueue = sendQueue.then(() => postNow(cmd));
  }

  function postNow(cmd) {
    if (closed) return undefined;
    const body = { from: hooks.nick(), text: cmd.text, clientId: cmd.clientId };
    return request('POST', roomPath(cmd.room) + '/messages?client=' + PAGE_ID, body).then((res) => {
      if (closed) return undefined;
      if (res.ok && res.data && typeof res.data.id === 'number') {
        // Only the ack: the message itself arrives through the feed, in id order.
        emit({ type: 'ack', room: cmd.room, id: res.data.id, clientId: cmd.clientId, ref: cmd.ref });
        return undefined;
      }
      if (res.status >= 500) return retryLater(cmd);
      emit(refusal(res, cmd.ref, 'bad_request'));
      return undefined;
    }, () => retryLater(cmd));
  }

  /** Storage trouble or a network blip: the same clientId again, so a repeat is stored once. */
  function retryLater(cmd) {
    return new Promise((resolve) => setTimeout(resolve, SEND_RETRY_MS)).then(() => postNow(cmd));
  }

  function history(cmd) {
    const limit = typeof cmd.limit === 'number' ? cmd.limit : 50;
    const query = typeof cmd.before === 'number' ? `before=${cmd.before}` : `after=${cmd.after || 0}`;
    request('GET', `${roomPath(cmd.room)}/messages?${query}&limit=${limit}`).then((res) => {
      if (closed) return;
      if (!res.ok) {
        emit(refusal(res, cmd.ref, 'bad_request'));
        return;
      }
      const list = Array.isArray(res.data) ? res.data : [];
      emit({ type: 'history', room: cmd.room, messages: list, more: list.length >= limit, ref: cmd.ref });
    }, () => { /* dropped with the transport; the page asks again later */ });
  }

  function pollMembers() {
    // SSE rooms too: presence events keep their list current between polls, but a member that
    // came or went while the stream was (re)connecting is only seen here.
    for (const room of feeds.keys()) {
      request('GET', roomPath(room) + '/members').then((res) => {
        if (!closed && res.ok && Array.isArray(res.data) && feeds.has(room)) {
          emit({ type: 'members', room, members: res.data });
        }
      }, () => { /* the feed notices a dead server */ });
    }
  }

  // --- feeds -------------------------------------------------------------------------------

  /** Each room's history epoch, as the server last named it (headers, SSE ids, `joined`). */
  const epochs = new Map();

  /**
   * The server could not resume from our position (its history was replaced or wiped): the page
   * drops the room's view, as on a `joined` with `reset`, and starts over from `messages` (the
   * latest) and whatever the feed brings next. The member list is fetched again.
   */
  function resetFeed(feed, epoch, reason, messages) {
    if (closed || feed.stopped) return;
    if (epoch) epochs.set(feed.room, epoch);
    const list = messages.filter((m) => m && typeof m.id === 'number');
    feed.seen = list.length ? list[list.length - 1].id : null;
    emit({ type: 'joined', room: feed.room, members: [], messages: list, more: false,
      reset: reason || 'reset', epoch: epochs.get(feed.room) });
    request('GET', roomPath(feed.room) + '/members').then((res) => {
      if (!closed && res.ok && Array.isArray(res.data) && feeds.get(feed.room) === feed) {
        emit({ type: 'members', room: feed.room, members: res.data });
      }
    }, () => { /* the feed notices a dead server */ });
  }

  function startFeed(room) {
    const old = feeds.get(room);
    if (old) stopFeed(old);
    let held = 0;
    for (const f of feeds.values()) if (f.mode !== 'poll') held += 1;
    const mode = kind === 'poll' || held >= HELD_FEEDS_MAX ? 'poll' : kind;
    const feed = { room, mode, seen: null, failures: 0, stopped: false, timer: null, stop: null, gen: 0 };
    feeds.set(room, feed);
    openFeed(feed);
  }

  function stopFeed(feed) {
    feed.stopped = true;
    clearTimeout(feed.timer);
    if (feed.stop) feed.stop();
    feed.stop = null;
  }

  function restartFeed(feed) {
    clearTimeout(feed.timer);
    if (feed.stop) feed.stop();
    feed.stop = null;
    feed.stopped = false;
    openFeed(feed);
  }

  /** Where the feed goes on from: the newest id the page has, or that this feed has delivered. */
  function cursor(feed) {
    const applied = hooks.lastId(feed.room);
    const ids = [applied, feed.seen].filter((v) => typeof v === 'number');
    return ids.length ? Math.max(...ids) : 0;
  }

  function feedUrl(feed, what, extra) {
    const params = new URLSearchParams({ after: String(cursor(feed)) });
    if (epochs.has(feed.room)) params.set('epoch', epochs.get(feed.room));
    if (extra) for (const [k, v] of Object.entries(extra)) params.set(k, v);
    params.set('nick', hooks.nick() || '');
    params.set('client', PAGE_ID);
    // EventSource cannot set a header; each poll and stream takes the token we have now
    if (auth.token) params.set('token', auth.token);
    return `${roomPath(feed.room)}/${what}?${params}`;
  }

  function deliver(feed, m) {
    if (closed || feed.stopped || !m || typeof m !== 'object') return;
    if (m.type === 'reset') {  // an NDJSON stream's reset line
      resetFeed(feed, m.epoch, m.reset, []);
      return;
    }
    if (m.type === 'presence' || m.type === 'typing') {
      emit(Object.assign({ room: feed.room }, m));
      return;
    }
    if (typeof m.id !== 'number') return;
    if (feed.seen === null || m.id > feed.seen) feed.seen = m.id;
    emit({ type: 'message', message: Object.assign({ room: feed.room }, m) });
  }

  function feedOpened(feed) {
    feed.failures = 0;
    prove();
  }

  function feedFailed(feed) {
    if (closed || feed.stopped) return;
    if (feed.stop) feed.stop();
    feed.stop = null;
    if (!t.proven && kind === 'sse') {
      die({ early: true });  // SSE never got through: let Auto try something else
      return;
    }
    feed.failures += 1;
    if (feed.failures >= FEED_FAILURES_BEFORE_GIVING_UP) {
      die({});  // the page shows "Reconnecting" and starts over with its backoff
      return;
    }
    feed.timer = setTimeout(() => { if (!feed.stopped && !closed) openFeed(feed); }, FEED_RETRY_MS * feed.failures);
  }

  /**
   * The server refused to hold one more request from this address (429: too many long-polls and
   * streams open at once, e.g. many tabs). Retrying would be refused again and again, so this
   * room is polled from now on, which holds nothing open, and the page says so once.
   */
  function fallBackToPolling(feed) {
    if (closed || feed.stopped) return;
    if (feed.stop) feed.stop();
    feed.stop = null;
    feed.mode = 'poll';
    feed.failures = 0;
    if (!warnedAboutStreams) {
      warnedAboutStreams = true;
      emit({
        type: 'error',
        code: 'rate_limited',
        message: `Too many open connections from your address: #${feed.room} is checked every `
          + `${POLL_MS / 1000} s instead of live.`,
      });
    }
    openFeed(feed);
  }

  /** EventSource does not say why it failed: ask once whether the server refused with 429. */
  function refusedAsTooMany(url) {
    const controller = new AbortController();
    inFlight.add(controller);
    return fetch(url, { signal: controller.signal, cache: 'no-store' })
      .then((res) => res.status === 429, () => false)
      .finally(() => {
        controller.abort();  // a stream that did open this time is not wanted: the feed reopens
        inFlight.delete(controller);
      });
  }

  function openFeed(feed) {
    if (closed || feed.stopped) return;
    feed.gen += 1;
    switch (feed.mode) {
      case 'sse': catchUpThen(feed, openEventSource); break;
      case 'stream': catchUpThen(feed, openStream); break;
      case 'longpoll': pollOnce(feed, LONG_POLL_WAIT_S); break;
      default: pollOnce(feed, 0); break;
    }
  }

  function parse(text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      return null;
    }
  }

  /**
   * First page through whatever was missed with plain GETs, whose headers say when the server
   * could not resume from our position (a reset; an EventSource cannot read headers), then hold
   * the stream open from there.
   */
  function catchUpThen(feed, open) {
    const gen = feed.gen;
    const current = () => !closed && !feed.stopped && feed.gen === gen;
    const page = () => {
      const epoch = epochs.has(feed.room) ? `&epoch=${encodeURIComponent(epochs.get(feed.room))}` : '';
      request('GET', `${roomPath(feed.room)}/messages?after=${cursor(feed)}&limit=${CATCH_UP_PAGE}${epoch}`).then((res) => {
        if (!current()) return;
        if (!res.ok) throw new Error('HTTP ' + res.status);
        const list = Array.isArray(res.data) ? res.data : [];
        if (res.reset) {
          resetFeed(feed, res.epoch, res.reset, list);
          open(feed);
          return;
        }
        if (res.epoch) epochs.set(feed.room, res.epoch);
        for (const m of list) deliver(feed, m);
        if (list.length >= CATCH_UP_PAGE) page();
        else open(feed);
      }).catch(() => {
        if (current()) feedFailed(feed);
      });
    };
    page();
  }

  function openEventSource(feed) {
    // Reconnects are ours (with after = lastId), not EventSource's own, so one code path
    // decides where a room goes on from.
    const url = feedUrl(feed, 'events');
    const gen = feed.gen;
    const es = new EventSource(url);
    let live = true;
    let opened = false;
    feed.stop = () => { live = false; es.close(); };
    es.onopen = () => {
      if (!live) return;
      opened = true;
      feedOpened(feed);
    };
    es.onmessage = (e) => {
      if (!live) return;
      // ids are `<epoch>:<id>`: the epoch is what the next resume names
      const colon = typeof e.lastEventId === 'string' ? e.lastEventId.lastIndexOf(':') : -1;
      if (colon > 0) epochs.set(feed.room, e.lastEventId.slice(0, colon));
      deliver(feed, parse(e.data));
    };
    es.addEventListener('reset', (e) => {
      const ev = live ? parse(e.data) : null;
      if (ev && typeof ev === 'object') resetFeed(feed, ev.epoch, ev.reset, []);
    });
    for (const name of ['presence', 'typing']) {
      es.addEventListener(name, (e) => {
        const ev = live ? parse(e.data) : null;
        if (ev && typeof ev === 'object') deliver(feed, Object.assign(ev, { type: name }));
      });
    }
    es.onerror = () => {
      if (!live) return;
      live = false;
      es.close();
      if (opened) {
        feedFailed(feed);
        return;
      }
      refusedAsTooMany(url).then((refused) => {
        if (closed || feed.stopped || feed.gen !== gen) return;
        if (refused) fallBackToPolling(feed);
        else feedFailed(feed);
      });
    };
  }

  function openStream(feed) {
    const controller = new AbortController();
    let live = true;
    feed.stop = () => { live = false; controller.abort(); };
    fetch(feedUrl(feed, 'stream'), { signal: controller.signal, cache: 'no-store' }).then(async (res) => {
      if (res.status === 429 && live) {
        live = false;
        fallBackToPolling(feed);
        return;
      }
      if (res.status === 401 && live) tokenRefused(res);
      if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
      feedOpened(feed);
      const epoch = res.headers.get('Switchboard-Epoch');
      if (epoch) epochs.set(feed.room, epoch);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done || !live) break;
        buffer += decoder.decode(value, { stream: true });
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line && live) deliver(feed, parse(line));  // empty lines are heartbeats
        }
      }
      if (!live) return;
      // The server ended the response: go on from where we are.
      feed.stop = null;
      feed.timer = setTimeout(() => openFeed(feed), 0);
    }).catch(() => {
      if (live) feedFailed(feed);
    });
  }

  /** A 401 (no token, or an expired one): say why, so the page can ask for a token; the feed retries. */
  function tokenRefused(res) {
    res.clone().json().then((body) => {
      if (body && typeof body.error === 'string') emit({ type: 'error', code: body.error, message: body.message });
    }, () => {});
  }

  function pollOnce(feed, waitSeconds) {
    const controller = new AbortController();
    let live = true;
    feed.stop = () => { live = false; controller.abort(); };
    const url = feedUrl(feed, 'messages', waitSeconds ? { wait: String(waitSeconds) } : null);
    fetch(url, { signal: controller.signal, cache: 'no-store', headers: { Accept: 'application/json' } })
      .then((res) => {
        if (res.status === 429 && waitSeconds && live) {
          live = false;
          fallBackToPolling(feed);
          return null;
        }
        if (res.status === 401 && live) tokenRefused(res);
        if (!res.ok) throw new Error('HTTP ' + res.status);
        const epoch = res.headers.get('Switchboard-Epoch');
        const reset = res.headers.get('Switchboard-Reset');
        return res.json().then((list) => ({ list, epoch, reset }));
      })
      .then(({ list, epoch, reset }) => {
        if (!live) return;
        feedOpened(feed);
        const messages = Array.isArray(list) ? list : [];
        if (reset) resetFeed(feed, epoch, reset, messages);
        else {
          if (epoch) epochs.set(feed.room, epoch);
          for (const m of messages) deliver(feed, m);
        }
        feed.stop = null;
        feed.timer = setTimeout(() => openFeed(feed), waitSeconds ? 0 : POLL_MS);
      })
      .catch(() => {
        if (live) feedFailed(feed);
      });
  }

  return t;
}
