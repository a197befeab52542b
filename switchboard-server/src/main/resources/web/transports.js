/*
 * Switchboard chat page: the ways of talking to the server.
 *
 * Every transport has the same small shape, so app.js does not care which one is in use:
 *
 *   connect()        start; the transport emits a native `welcome` once it can carry commands
 *   command(cmd)     one native command (docs/protocol.md: join, leave, send, typing, history, nick);
 *                    returns false when it could not be handed over
 *   close()          stop for good, without calling hooks.onClose
 *   proven           true once the transport has shown it works (used by Auto to fall back)
 *   sendsTyping / receivesTyping / knowsSessions   what the transport can do
 *
 * and reports back through hooks:
 *
 *   onEvent(ev)      a native event (welcome, joined, message, ack, presence, typing, history,
 *                    left, nick, error) or `members` {room, members} (a full member list)
 *   onClose(info)    the transport died by itself; info = {code?, early: !proven}
 *   nick()           the nickname to use
 *   lastId(room)     the highest message id the page has applied in that room, or null
 *   probeRoom()      a room to check the HTTP API with
 *
 * The WebSocket transport passes the native protocol through. The Socket.IO one (socketio-client.js,
 * docs/socketio.md) turns each command into an event with an ack and each ack or server event back
 * into the native event, and rides out a dropped connection with connection state recovery. The
 * HTTP ones (SSE, streaming, long-polling, polling; sending is always a POST) translate it into the
 * HTTP API (docs/http-api.md) and answer with the same native events, so every message still goes
 * through the page's one applyMessage path, with its lastId and id-set checks. When the server says
 * it cannot resume from the room's position (a Switchboard-Reset header, an SSE `reset` event, an
 * NDJSON reset line: its history was replaced or wiped), they answer a `joined` with `reset`, as the
 * WebSocket server does, and the page starts the room over from the latest messages.
 */
(() => {
  'use strict';

  const HANDSHAKE_MS = 4000;
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

  // Names this tab to the server (`client=` on /ws and every HTTP request, `auth.client` on
  // Socket.IO): all its sessions, on every transport and across reloads, are one member, a new
  // nickname is a rename, and its clientIds are its own (docs/protocol.md). Kept in sessionStorage,
  // so a reload keeps it and another tab gets its own; private: others see a digest of it.
  const PAGE_ID = (() => {
    const KEY = 'switchboard.client';
    const fresh = () => 'p-' + Array.from(window.crypto.getRandomValues(new Uint8Array(12)),
      (b) => b.toString(16).padStart(2, '0')).join('');
    try {
      let id = window.sessionStorage.getItem(KEY);
      if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
        id = fresh();
        window.sessionStorage.setItem(KEY, id);
      }
      return id;
    } catch (e) {
      return fresh();  // no sessionStorage: this page load is the client
    }
  })();

  const LABELS = {
    websocket: 'WebSocket',
    sse: 'SSE',
    stream: 'HTTP streaming',
    longpoll: 'Long-polling',
    poll: 'Polling',
    socketio: 'Socket.IO',
  };

  // -------------------------------------------------------------------------------------------
  // WebSocket: the native protocol as is.

  function webSocketTransport(hooks, options) {
    let ws = null;
    let closed = false;
    let timer = null;
    const t = {
      kind: 'websocket',
      proven: false,
      sendsTyping: true,
      receivesTyping: true,
      knowsSessions: true,
      connect,
      command,
      close,
    };

    function die(info) {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      detach();
      hooks.onClose(info);
    }

    function detach() {
      if (!ws) return;
      const old = ws;
      ws = null;
      old.onclose = old.onmessage = old.onerror = null;
      try { old.close(1000); } catch (e) { /* already closed */ }
    }

    function connect() {
      const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      try {
        ws = new WebSocket(`${scheme}//${window.location.host}/ws?client=${PAGE_ID}`);
      } catch (e) {
        setTimeout(() => die({ early: true }), 0);
        return;
      }
      const socket = ws;
      socket.onmessage = (e) => {
        if (closed || typeof e.data !== 'string') return;
        let ev;
        try {
          ev = JSON.parse(e.data);
        } catch (err) {
          return;
        }
        if (!ev || typeof ev !== 'object') return;
        if (ev.type === 'welcome') {
          t.proven = true;
          clearTimeout(timer);
        }
        hooks.onEvent(ev);
      };
      socket.onclose = (e) => die({ code: e.code, early: !t.proven });
      if (options.handshakeTimeout) {
        // A proxy that swallows the upgrade may also leave the socket hanging: do not wait forever.
        timer = setTimeout(() => { if (!t.proven) die({ early: true }); }, HANDSHAKE_MS);
      }
    }

    function command(cmd) {
      if (closed || !ws || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(cmd));
      return true;
    }

    function close() {
      closed = true;
      clearTimeout(timer);
      detach();
    }

    return t;
  }

  // -------------------------------------------------------------------------------------------
  // Socket.IO: the chat of /socket.io/'s main namespace (docs/socketio.md), with its acks and events
  // translated to and from the native protocol.

  /** How long after a drop the one recovery attempt starts, and how long it may take. */
  const RECOVERY_DELAY_MS = 500;
  const RECOVERY_TIMEOUT_MS = 4000;

  /** Native command type -> the Socket.IO event that carries it. */
  const SOCKET_IO_EVENTS = new Map([
    ['join', 'join'], ['send', 'message'], ['typing', 'typing'], ['leave', 'leave'], ['history', 'history'], ['nick', 'nick'],
  ]);

  function socketIoTransport(hooks, options) {
    let client = null;          // the connection of the moment (socketio-client.js)
    let closed = false;
    let sid = null;             // the socket id of the first CONNECT reply
    let pid = null;             // the private id recovery asks the socket back with
    let offset = null;          // the last offset a server event carried
    let recovering = false;     // between a drop and the answer to the recovery attempt
    let missedCommands = false; // a command was refused while recovering
    let handshakeTimer = null;
    let recoveryTimer = null;
    const inFlight = new Set(); // commands sent whose ack has not come back
    const t = {
      kind: 'socketio',
      proven: false,
      sendsTyping: true,
      receivesTyping: true,
      knowsSessions: true,
      recoveries: 0,            // drops ridden out with the same socket (read by tests)
      get sid() { return sid; },
      connect,
      command,
      close,
      dropForTest,
    };

    function emit(ev) {
      if (!closed) hooks.onEvent(ev);
    }

    function shutdown() {
      closed = true;
      recovering = false;
      clearTimeout(handshakeTimer);
      clearTimeout(recoveryTimer);
      inFlight.clear();
      if (client) client.close();
      client = null;
    }

    function die(info) {
      if (closed) return;
      shutdown();
      hooks.onClose(Object.assign({ early: !t.proven }, info));
    }

    function url() {
      const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      return `${scheme}//${window.location.host}/socket.io/?EIO=4&transport=websocket`;
    }

    function open(auth) {
      const c = window.SwitchboardSocketIo.open({
        url: url(),
        auth,
        onConnect: (data) => { if (c === client) connected(data); },
        onConnectError: () => { /* onClose follows */ },
        onEvent: (name, args) => { if (c === client) serverEvent(name, args); },
        onClose: () => { if (c === client) dropped(); },
      });
      client = c;
    }

    function connect() {
      if (options.handshakeTimeout) {
        handshakeTimer = setTimeout(() => { if (!t.proven) die({ early: true }); }, HANDSHAKE_MS);
      }
      open({ nick: hooks.nick(), client: PAGE_ID });
    }

    function connected(data) {
      if (!recovering) {
        sid = typeof data.sid === 'string' ? data.sid : null;
        pid = typeof data.pid === 'string' ? data.pid : null;
        return;  // `welcome` follows and proves the transport
      }
      clearTimeout(recoveryTimer);
      if (sid === null || data.sid !== sid) {
        die({});  // a new socket: the page starts over (joins with `after`)
        return;
      }
      recovering = false;
      t.recoveries += 1;
      if (typeof data.pid === 'string') pid = data.pid;
      // Acks do not survive a drop; whatever had not been answered goes again (a send is stored
      // once per clientId, a join or history read is harmless to repeat).
      const again = [...inFlight];
      inFlight.clear();
      for (const cmd of again) transmit(cmd);
    }

    /** The connection went: ride it out once with recovery if the transport had proven itself. */
    function dropped() {
      client = null;
      if (closed) return;
      if (!t.proven || recovering || pid === null) {
        die({});
        return;
      }
      recovering = true;
      recoveryTimer = setTimeout(() => {
        if (closed) return;
        recoveryTimer = setTimeout(() => die({}), RECOVERY_TIMEOUT_MS);
        const auth = { nick: hooks.nick(), client: PAGE_ID, pid };
        if (offset !== null) auth.offset = offset;
        open(auth);
      }, RECOVERY_DELAY_MS);
    }

    function serverEvent(name, args) {
      // With recovery on, an event's last argument may be its offset.
      if (args.length > 1 && typeof args[args.length - 1] === 'string') offset = args.pop();
      const arg = args[0] && typeof args[0] === 'object' ? args[0] : null;
      if (!arg) return;
      switch (name) {
        case 'welcome':
          if (arg.recovered === true && t.proven) {
            // The same session goes on: the server replays what we missed. Only when a command
            // was refused meanwhile does the page need to hear it (it rejoins and resends).
            if (missedCommands) {
              missedCommands = false;
              emit(Object.assign({}, arg, { type: 'welcome' }));
            }
            return;
          }
          t.proven = true;
          clearTimeout(handshakeTimer);
          emit(Object.assign({}, arg, { type: 'welcome' }));
          break;
        case 'message':
          emit({ type: 'message', message: arg });
          break;
        case 'presence':
        case 'typing':
          emit(Object.assign({}, arg, { type: name }));
          break;
        case 'members':
          emit({ type: 'members', room: arg.room, members: arg.members });
          break;
        default:
          break;  // newer server: ignore what we do not know
      }
    }

    function command(cmd) {
      if (closed || !cmd || !SOCKET_IO_EVENTS.has(cmd.type)) return false;
      if (recovering || !client || !client.connected) {
        if (recovering && cmd.type !== 'typing') missedCommands = true;
        return false;
      }
      return transmit(cmd);
    }

    function transmit(cmd) {
      const arg = Object.assign({}, cmd);
      delete arg.type;
      delete arg.ref;
      const c = client;
      if (cmd.type === 'typing') return c.emit('typing', arg);  // best effort: no answer needed
      const sent = c.emit(SOCKET_IO_EVENTS.get(cmd.type), arg, (replyArgs) => {
        if (c !== client) return;
        inFlight.delete(cmd);
        answer(cmd, replyArgs[0] && typeof replyArgs[0] === 'object' ? replyArgs[0] : {});
      });
      if (sent) inFlight.add(cmd);
      return sent;
    }

    /** The ack of one command, as the native event that answers it. */
    function answer(cmd, reply) {
      if (typeof reply.error === 'string') {
        if (cmd.type === 'leave' && reply.error === 'not_in_room') {
          emit({ type: 'left', room: cmd.room, ref: cmd.ref });  // a repeated leave after a drop
          return;
        }
        emit({ type: 'error', code: reply.error, message: reply.message, ref: cmd.ref });
        return;
      }
      switch (cmd.type) {
        case 'join':
          emit(Object.assign({}, reply, { type: 'joined', ref: cmd.ref }));
          break;
        case 'send':
          emit({ type: 'ack', room: reply.room, id: reply.id, clientId: reply.clientId, ref: cmd.ref });
          break;
        case 'leave':
          emit({ type: 'left', room: reply.room, ref: cmd.ref });
          break;
        case 'history':
          emit({ type: 'history', room: reply.room, messages: reply.messages, more: reply.more, ref: cmd.ref });
          break;
        case 'nick':
          emit({ type: 'nick', nick: reply.nick, ref: cmd.ref });
          break;
        default:
          break;
      }
    }

    function close() {
      shutdown();
    }

    /** Tests: lose the connection as a network would (the transport then tries to recover). */
    function dropForTest() {
      if (client) client.drop();
    }

    return t;
  }

  // -------------------------------------------------------------------------------------------
  // HTTP: one feed per joined room (SSE, NDJSON stream, long-poll or poll) plus POST for sending.

  function httpTransport(kind, hooks, options) {
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

  // -------------------------------------------------------------------------------------------

  window.SwitchboardTransports = {
    KINDS: ['websocket', 'sse', 'stream', 'longpoll', 'poll', 'socketio'],
    /** Auto tries these in order; a later full reconnect starts at the top again. */
    AUTO_CHAIN: ['websocket', 'sse', 'longpoll'],
    label(kind) {
      return LABELS[kind] || kind;
    },
    /** The transport created last (diagnostics and tests). */
    latest: null,
    create(kind, hooks, options) {
      const opts = options || {};
      let t;
      if (kind === 'websocket') t = webSocketTransport(hooks, opts);
      else if (kind === 'socketio') t = socketIoTransport(hooks, opts);
      else t = httpTransport(kind, hooks, opts);
      window.SwitchboardTransports.latest = t;
      return t;
    },
  };
})();
