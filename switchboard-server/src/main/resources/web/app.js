/*
 * Switchboard chat page.
 *
 * Speaks the native protocol (docs/protocol.md), over ws(s)://<host>/ws or translated onto the HTTP
 * API by one of the transports in transports.js (chosen in the sidebar; Auto falls back from
 * WebSocket to SSE to long-polling). No framework, no build step. User data only ever reaches the
 * page through textContent and attributes set with setAttribute/dataset, never through innerHTML, so a message cannot inject markup.
 *
 * Resume invariant: every room keeps `lastId`, the highest message id it has applied in order.
 * A message whose id is already rendered or is <= lastId is dropped, so reconnecting (join with
 * `after: lastId`) never shows a message twice and never skips one.
 */
(() => {
  'use strict';

  const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
  // Control characters: C0, DEL and C1, refused by the server in nicknames.
  const CONTROL_CHARS = /[\u0000-\u001F\u007F-\u009F]/;
  const DEFAULT_ROOM = 'lobby';
  const NICK_MAX = 32;
  const TEXT_MAX = 4000;
  const HISTORY_PAGE = 50;
  const CATCH_UP_PAGE = 500;
  const TYPING_IDLE_MS = 3000;
  const TYPING_REFRESH_MS = 2500;
  const TYPING_EXPIRE_MS = 5000;
  const BACKOFF_MIN_MS = 500;
  const BACKOFF_MAX_MS = 10000;
  const GROUP_WINDOW_MS = 5 * 60 * 1000;
  const NEAR_BOTTOM_PX = 80;
  const NEAR_TOP_PX = 120;
  const OWN_IDS_KEPT = 500;
  const WIDE_LAYOUT = window.matchMedia('(min-width: 1100px)');
  const NARROW_LAYOUT = window.matchMedia('(max-width: 760px)');

  const KEYS = {
    nick: 'switchboard.nick',
    rooms: 'switchboard.rooms',
    current: 'switchboard.currentRoom',
    ownIds: 'switchboard.ownClientIds',
    transport: 'switchboard.transport',
  };
  const Transports = window.SwitchboardTransports;
  const TRANSPORT_CHOICES = ['auto'].concat(Transports.KINDS);

  const $ = (id) => document.getElementById(id);
  const ui = {
    app: $('app'),
    sidebar: $('sidebar'),
    scrim: $('scrim'),
    rooms: $('rooms'),
    joinForm: $('join-form'),
    roomInput: $('room-input'),
    roomError: $('room-error'),
    meAvatar: $('me-avatar'),
    meNick: $('me-nick'),
    changeNick: $('change-nick'),
    menuButton: $('menu-button'),
    menuBadge: $('menu-badge'),
    drawerClose: $('drawer-close'),
    roomTitle: $('room-title'),
    memberCount: $('member-count'),
    status: $('status'),
    statusText: $('status-text'),
    retryButton: $('retry-button'),
    membersButton: $('members-button'),
    messages: $('messages'),
    jumpLatest: $('jump-latest'),
    membersPanel: $('members-panel'),
    members: $('members'),
    membersTotal: $('members-total'),
    typing: $('typing'),
    composer: $('composer'),
    textField: $('text-field'),
    sendButton: $('send-button'),
    nickDialog: $('nick-dialog'),
    nickForm: $('nick-form'),
    nickTitle: $('nick-title'),
    nickText: $('nick-text'),
    nickInput: $('nick-input'),
    nickError: $('nick-error'),
    nickCancel: $('nick-cancel'),
    toast: $('toast'),
    transportSelect: $('transport-select'),
    transportInUse: $('transport-in-use'),
    typingNote: $('typing-note'),
  };

  // ---------------------------------------------------------------------------------------------
  // Storage (localStorage may be unavailable, e.g. in some private modes: degrade to memory).

  const store = {
    get(key, fallback) {
      try {
        const raw = window.localStorage.getItem(key);
        return raw === null ? fallback : JSON.parse(raw);
      } catch (e) {
        return fallback;
      }
    },
    set(key, value) {
      try {
        window.localStorage.setItem(key, JSON.stringify(value));
      } catch (e) {
        /* storage full or disabled: the page still works for this visit */
      }
    },
  };

  // ---------------------------------------------------------------------------------------------
  // State

  const state = {
    nick: validNick(store.get(KEYS.nick, null)),  // the nickname we want (or the server confirmed)
    sessionId: null,                              // from `welcome`; null while disconnected
    rooms: new Map(),                             // room name -> Room, in sidebar order
    current: null,                                // the Room on screen
    ownClientIds: new Set(store.get(KEYS.ownIds, [])),
    pending: new Map(),                           // clientId -> {room, text, el, failed}
    refs: new Map(),                              // ref -> {kind, room, clientId?}
    refSeq: 0,
  };

  function createRoom(name) {
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
      lastId: null,        // highest id applied in order; null until the first message
      oldestId: null,      // lowest id rendered, for `history before`
      byId: new Map(),     // id -> message element (confirmed messages only)
      hasOlder: false,
      loadingOlder: false,
      historyLoaded: false,
      joined: false,       // true between `joined` and the next disconnect/leave
      joinAfter: null,     // the `after` we sent with the last join
      epoch: null,         // the history epoch lastId belongs to (from `joined`)
      catchingUp: false,   // paging `history after` following a resume with `more: true`
      buffered: [],        // live messages held back while catching up
      unread: 0,
      members: new Map(),  // sessionId -> nick
      typing: new Map(),   // sessionId -> {nick, timer}
      scrollTop: null,     // saved scroll position while another room is shown
      atBottom: true,
    };
    older.addEventListener('click', () => requestOlder(room));
    return room;
  }

  // ---------------------------------------------------------------------------------------------
  // Small helpers

  function validNick(value) {
    if (typeof value !== 'string') return null;
    const nick = value.trim();
    if (nick.length < 1 || [...nick].length > NICK_MAX || CONTROL_CHARS.test(nick)) return null;
    return nick;
  }

  function nickProblem(value) {
    const nick = value.trim();
    if (!nick) return 'Please enter a nickname.';
    if ([...nick].length > NICK_MAX) return `At most ${NICK_MAX} characters.`;
    if (CONTROL_CHARS.test(nick)) return 'Control characters are not allowed.';
    return null;
  }

  function randomId() {
    const bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return 'c-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function nextRef(context) {
    state.refSeq += 1;
    const ref = 'r' + state.refSeq;
    state.refs.set(ref, context);
    if (state.refs.size > 1000) {
      state.refs.delete(state.refs.keys().next().value);
    }
    return ref;
  }

  function takeRef(ev) {
    if (typeof ev.ref !== 'string') return null;
    const context = state.refs.get(ev.ref) || null;
    state.refs.delete(ev.ref);
    return context;
  }

  // Stable, pleasant hue per nickname.
  function hueOf(nick) {
    let h = 0;
    for (const ch of nick) h = (h * 31 + ch.codePointAt(0)) >>> 0;
    return h % 360;
  }

  function paintAvatar(el, nick) {
    const first = [...(nick || '?').trim()][0] || '?';
    el.textContent = first.toUpperCase();
    el.style.setProperty('--hue', String(hueOf(nick || '?')));
  }

  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
  const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
  const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });

  function dayKey(ts) {
    const d = new Date(ts);
    return d.getFullYear() * 10000 + d.getMonth() * 100 + d.getDate();
  }

  function dayLabel(ts) {
    const today = new Date();
    const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
    if (dayKey(ts) === dayKey(today.getTime())) return 'Today';
    if (dayKey(ts) === dayKey(yesterday.getTime())) return 'Yesterday';
    return dayFormat.format(new Date(ts));
  }

  let toastTimer = null;
  function showToast(text) {
    ui.toast.textContent = text;
    ui.toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { ui.toast.hidden = true; }, 4500);
  }

  function rememberOwnClientId(clientId) {
    state.ownClientIds.add(clientId);
    const kept = Array.from(state.ownClientIds).slice(-OWN_IDS_KEPT);
    store.set(KEYS.ownIds, kept);
  }

  /**
   * By sender, the member id the server gives our tab on every transport, never by nickname: two
   * people may share one. A message without a sender (stored before senders were) is ours when
   * it has one of our clientIds.
   */
  function isMine(m) {
    if (typeof m.sender === 'string') return state.sessionId !== null && m.sender === state.sessionId;
    return typeof m.clientId === 'string' && state.ownClientIds.has(m.clientId);
  }

  // ---------------------------------------------------------------------------------------------
  // Connection: one transport at a time (transports.js), reconnect with exponential backoff and
  // jitter. Switching transport is a disconnect plus a connect: every room resumes from lastId.

  const conn = {
    transport: null,      // the live transport, or null while disconnected / waiting to retry
    kind: null,           // the transport kind in use (or being tried)
    attempt: 0,           // consecutive failed attempts; reset by `welcome`
    retryTimer: null,
    countdownTimer: null,
    retryAt: 0,
    preference: TRANSPORT_CHOICES.includes(store.get(KEYS.transport, 'auto')) ? store.get(KEYS.transport, 'auto') : 'auto',
    webSocketWorked: false,  // Auto: once WebSocket has worked, a failure is the network, not a proxy
  };

  function send(command) {
    const t = conn.transport;
    if (!t || state.sessionId === null) return false;
    return t.command(command);
  }

  function connect() {
    clearTimeout(conn.retryTimer);
    clearInterval(conn.countdownTimer);
    conn.retryTimer = null;
    dropTransport();
    setStatus('connecting');
    const chain = conn.preference === 'auto' ? Transports.AUTO_CHAIN : [conn.preference];
    startTransport(chain, 0);
  }

  function dropTransport() {
    if (!conn.transport) return;
    const old = conn.transport;
    conn.transport = null;
    old.close();
  }

  function startTransport(chain, index) {
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
        return room ? room.lastId : null;
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
  function chooseTransport(preference) {
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

  function onDisconnected(closeEvent) {
    const wasOnline = state.sessionId !== null;
    resetSession();
    if (wasOnline && closeEvent && closeEvent.code === 1008) {
      showToast('The connection was too slow and was reset. Reconnecting…');
    }
    scheduleReconnect();
  }

  /** Forgets everything tied to the old session; rooms keep lastId, pending sends stay pending. */
  function resetSession() {
    state.sessionId = null;
    stopTyping();
    for (const room of state.rooms.values()) {
      room.joined = false;
      room.catchingUp = false;
      room.buffered = [];     // not applied, so lastId still points before them: the resume refetches them
      room.loadingOlder = false;
      clearTyping(room);
    }
    renderTyping();
  }

  function scheduleReconnect() {
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

  function setStatus(kind) {
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
  function renderTransport() {
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

  window.addEventListener('online', () => {
    if (!conn.transport && state.nick) { conn.attempt = 0; connect(); }
  });
  window.addEventListener('offline', () => {
    if (!conn.transport || state.sessionId === null) setStatus('offline');
  });
  ui.transportSelect.addEventListener('change', () => chooseTransport(ui.transportSelect.value));
  ui.retryButton.addEventListener('click', () => { conn.attempt = 0; connect(); });

  // ---------------------------------------------------------------------------------------------
  // Events from the server

  function handleEvent(ev) {
    switch (ev.type) {
      case 'welcome': onWelcome(ev); break;
      case 'nick': onNick(ev); break;
      case 'joined': onJoined(ev); break;
      case 'left': takeRef(ev); break;
      case 'message': onMessage(ev.message); break;
      case 'ack': onAck(ev); break;
      case 'presence': onPresence(ev); break;
      case 'typing': onTyping(ev); break;
      case 'history': onHistory(ev); break;
      case 'error': onError(ev); break;
      case 'members': onMembers(ev); break;  // HTTP transports: a polled member list
      default: break;  // newer server: ignore what we do not know
    }
  }

  function onWelcome(ev) {
    state.sessionId = String(ev.sessionId);
    conn.attempt = 0;
    if (conn.kind === 'websocket') conn.webSocketWorked = true;
    setStatus('online');
    renderTransport();
    if (state.nick && state.nick !== ev.nick) {
      send({ type: 'nick', nick: state.nick, ref: nextRef({ kind: 'nick' }) });
    } else if (!state.nick && typeof ev.nick === 'string') {
      state.nick = ev.nick;
      renderMe();
    }
    for (const room of state.rooms.values()) sendJoin(room);
  }

  function sendJoin(room) {
    const command = { type: 'join', room: room.name };
    if (room.lastId !== null) {
      command.after = room.lastId;
      if (room.epoch) command.epoch = room.epoch;
    } else {
      command.limit = HISTORY_PAGE;
    }
    room.joinAfter = room.lastId;
    command.ref = nextRef({ kind: 'join', room: room.name });
    send(command);
  }

  function onNick(ev) {
    takeRef(ev);
    const nick = validNick(ev.nick);
    if (!nick) return;
    state.nick = nick;
    store.set(KEYS.nick, nick);
    renderMe();
    // Our own entry in every member list follows the rename.
    for (const room of state.rooms.values()) {
      if (state.sessionId && room.members.has(state.sessionId)) room.members.set(state.sessionId, nick);
    }
    renderMembers();
  }

  function onJoined(ev) {
    takeRef(ev);
    const room = state.rooms.get(ev.room);
    if (!room) return;  // left while the join was in flight
    room.joined = true;
    room.members = new Map();
    for (const m of Array.isArray(ev.members) ? ev.members : []) {
      if (m && m.sessionId !== undefined) room.members.set(String(m.sessionId), String(m.nick));
    }
    listSelf(room);
    if (typeof ev.reset === 'string') {
      // the server's history was replaced or wiped: our ids mean nothing there any more
      forgetHistory(room);
      showToast('#' + room.name + ': the server\'s history was reset; showing the latest messages');
    }
    if (typeof ev.epoch === 'string') room.epoch = ev.epoch;
    const messages = Array.isArray(ev.messages) ? ev.messages : [];
    const resumed = room.joinAfter !== null;
    const keepBottom = room === state.current && isNearBottom();

    let added = 0;
    for (const m of messages) {
      if (applyMessage(room, m)) {
        added += 1;
        if (resumed) noteMissed(room, m);
      }
    }
    if (!resumed && !room.historyLoaded) {
      room.historyLoaded = true;
      // Without `after` the server answers the latest page; a full page suggests older ones exist.
      room.hasOlder = messages.length > 0 && (ev.more === true || messages.length >= HISTORY_PAGE);
    }
    if (resumed && ev.more === true) {
      room.catchingUp = true;
      requestNewer(room);
    }
    resendPending(room);
    renderLogHead(room);
    if (room === state.current) {
      renderMembers();
      renderHeader();
      if (keepBottom || !resumed) scrollToBottom();
      else if (added > 0) ui.jumpLatest.hidden = false;
      maybeFillViewport(room);
    }
  }

  /** Drops every confirmed message of the room (pending sends stay) so the next page starts it over. */
  function forgetHistory(room) {
    for (const el of [...room.items.children]) {
      if (!el.classList.contains('pending')) el.remove();
    }
    room.byId.clear();
    room.lastId = null;
    room.oldestId = null;
    room.joinAfter = null;
    room.historyLoaded = false;
    room.hasOlder = false;
    room.catchingUp = false;
    room.buffered = [];
  }

  function onMessage(m) {
    if (!m || typeof m !== 'object') return;
    const room = state.rooms.get(m.room);
    if (!room) return;
    if (room.catchingUp) {
      room.buffered.push(m);
      return;
    }
    liveMessage(room, m);
  }

  function liveMessage(room, m) {
    const visible = room === state.current;
    const keepBottom = visible && isNearBottom();
    if (!applyMessage(room, m)) return;
    const mine = isMine(m);
    for (const [sessionId, entry] of room.typing) {
      if (entry.nick === m.from) removeTyping(room, sessionId);
    }
    if (!visible) {
      if (!mine) countUnread(room);
      return;
    }
    if (keepBottom || mine) scrollToBottom();
    else ui.jumpLatest.hidden = false;
    if (document.hidden && !mine) countUnread(room);
  }

  function onAck(ev) {
    const context = takeRef(ev);
    const clientId = typeof ev.clientId === 'string' ? ev.clientId : context && context.clientId;
    const p = clientId ? state.pending.get(clientId) : null;
    const room = state.rooms.get(ev.room);
    if (!p || !room || typeof ev.id !== 'number') return;
    state.pending.delete(clientId);
    const existing = room.byId.get(ev.id);
    if (existing && existing !== p.el) {
      p.el.remove();  // the message event won the race: keep the confirmed element
      return;
    }
    confirmElement(room, p.el, ev.id, null);
  }

  function onMembers(ev) {
    const room = state.rooms.get(ev.room);
    if (!room || !room.joined || !Array.isArray(ev.members)) return;
    room.members = new Map();
    for (const m of ev.members) {
      if (m && m.sessionId !== undefined) room.members.set(String(m.sessionId), String(m.nick));
    }
    listSelf(room);
    if (room === state.current) renderMembers();
  }

  /**
   * We are in every room we joined, whatever a list fetched a moment before our HTTP feed opened
   * says. Our member id is the same on every transport, so this never adds a second entry.
   */
  function listSelf(room) {
    const t = conn.transport;
    if (t && t.knowsSessions && state.sessionId !== null) room.members.set(state.sessionId, state.nick || '');
  }

  function onPresence(ev) {
    const room = state.rooms.get(ev.room);
    const member = ev.member;
    if (!room || !member || member.sessionId === undefined) return;
    const sessionId = String(member.sessionId);
    switch (ev.event) {
      case 'join':
      case 'rename':
        room.members.set(sessionId, String(member.nick));
        if (room.typing.has(sessionId)) room.typing.get(sessionId).nick = String(member.nick);
        break;
      case 'leave':
        room.members.delete(sessionId);
        removeTyping(room, sessionId);
        break;
      default:
        return;
    }
    if (room === state.current) {
      renderMembers();
      renderHeader();
      renderTyping();
    }
  }

  function onTyping(ev) {
    const room = state.rooms.get(ev.room);
    const member = ev.member;
    if (!room || !member || member.sessionId === undefined) return;
    const sessionId = String(member.sessionId);
    if (sessionId === state.sessionId) return;
    if (ev.typing === true) {
      const entry = room.typing.get(sessionId) || { nick: '', timer: null };
      entry.nick = String(member.nick);
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => removeTyping(room, sessionId), TYPING_EXPIRE_MS);
      room.typing.set(sessionId, entry);
      if (room === state.current) renderTyping();
    } else {
      removeTyping(room, sessionId);
    }
  }

  function onHistory(ev) {
    const context = takeRef(ev);
    const room = state.rooms.get(ev.room);
    if (!room) return;
    const messages = Array.isArray(ev.messages) ? ev.messages : [];
    const kind = context ? context.kind : (room.catchingUp ? 'newer' : 'older');
    if (kind === 'newer') {
      const keepBottom = room === state.current && isNearBottom();
      for (const m of messages) {
        if (applyMessage(room, m)) noteMissed(room, m);
      }
      if (ev.more === true && messages.length > 0) {
        requestNewer(room);
      } else {
        room.catchingUp = false;
        const held = room.buffered;
        room.buffered = [];
        for (const m of held) liveMessage(room, m);
      }
      if (keepBottom) scrollToBottom();
    } else {
      room.loadingOlder = false;
      prependOlder(room, messages);
      room.hasOlder = messages.length > 0
        && (typeof ev.more === 'boolean' ? ev.more : messages.length >= HISTORY_PAGE);
      renderLogHead(room);
      maybeFillViewport(room);
    }
  }

  function onError(ev) {
    const context = takeRef(ev);
    const message = typeof ev.message === 'string' && ev.message ? ev.message : ev.code;
    if (context && context.kind === 'send') {
      const p = state.pending.get(context.clientId);
      if (p) markFailed(p, ev.code === 'rate_limited' ? 'Slow down: not sent' : 'Not sent');
      if (ev.code !== 'rate_limited') showToast(`Message not sent: ${message}`);
      else showToast('You are sending too fast. Try again in a moment.');
      return;
    }
    if (context && context.kind === 'nick') {
      openNickDialog(false, `That nickname was refused: ${message}`);
      return;
    }
    if (context && context.kind === 'older') {
      const room = state.rooms.get(context.room);
      if (room) room.loadingOlder = false;
    }
    if (context && context.kind === 'join' && ev.code === 'invalid_room') {
      removeRoom(context.room);
    }
    if (context && context.kind === 'typing') return;  // best effort
    if (ev.code === 'invalid_nick') {
      openNickDialog(false, `That nickname was refused: ${message}`);
      return;
    }
    showToast(message || 'Something went wrong.');
  }

  // ---------------------------------------------------------------------------------------------
  // Messages

  /** Applies one message in order. Returns true when it was new and is now on the page. */
  function applyMessage(room, m) {
    if (!m || typeof m.id !== 'number' || typeof m.text !== 'string') return false;
    const existing = room.byId.get(m.id);
    if (existing) {
      // Known from our own `ack`: the message event only confirms it.
      fillMessage(existing, m);
      if (room.lastId === null || m.id > room.lastId) room.lastId = m.id;
      return false;
    }
    if (room.lastId !== null && m.id <= room.lastId) return false;

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
    room.lastId = m.id;
    if (room.oldestId === null || m.id < room.oldestId) room.oldestId = m.id;
    return true;
  }

  function confirmElement(room, el, id, m) {
    el.classList.remove('pending', 'failed');
    el.dataset.id = String(id);
    const stateLine = el.querySelector('.state');
    if (stateLine) stateLine.remove();
    if (m) fillMessage(el, m);
    room.byId.set(id, el);
    el.remove();
    insertById(room, el, id);
    if (room.oldestId === null || id < room.oldestId) room.oldestId = id;
  }

  /** Inserts a confirmed message in id order, before every pending one. */
  function insertById(room, el, id) {
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

  function prependOlder(room, messages) {
    const fresh = messages.filter((m) => m && typeof m.id === 'number' && typeof m.text === 'string'
      && !room.byId.has(m.id) && (room.oldestId === null || m.id < room.oldestId));
    if (fresh.length === 0) return;
    fresh.sort((a, b) => a.id - b.id);
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
    room.oldestId = fresh[0].id;
    if (room.lastId === null) room.lastId = fresh[fresh.length - 1].id;
    if (visible) scroller.scrollTop = scroller.scrollHeight - fromBottom;
  }

  function buildMessage(m) {
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

  function fillMessage(el, m) {
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
  function renderText(target, text) {
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
  function regroup(el) {
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

  // ---------------------------------------------------------------------------------------------
  // Sending

  function sendMessage() {
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

  function transmit(p) {
    send({ type: 'send', room: p.room, text: p.text, clientId: p.clientId,
      ref: nextRef({ kind: 'send', room: p.room, clientId: p.clientId }) });
  }

  /** After a (re)join, sends what was typed while offline; the clientId makes a resend harmless. */
  function resendPending(room) {
    for (const p of state.pending.values()) {
      if (p.room === room.name && !p.failed) transmit(p);
    }
  }

  function markFailed(p, label) {
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
  const typing = { room: null, lastSent: 0, idleTimer: null };

  function noteTyping() {
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

  function stopTyping() {
    clearTimeout(typing.idleTimer);
    if (typing.room) {
      const room = state.rooms.get(typing.room);
      if (room && room.joined) send({ type: 'typing', room: typing.room, typing: false });
    }
    typing.room = null;
    typing.lastSent = 0;
  }

  function removeTyping(room, sessionId) {
    const entry = room.typing.get(sessionId);
    if (!entry) return;
    clearTimeout(entry.timer);
    room.typing.delete(sessionId);
    if (room === state.current) renderTyping();
  }

  function clearTyping(room) {
    for (const entry of room.typing.values()) clearTimeout(entry.timer);
    room.typing.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // History paging

  function requestOlder(room) {
    if (!room.joined || room.loadingOlder || !room.hasOlder || room.oldestId === null) return;
    room.loadingOlder = true;
    renderLogHead(room);
    send({ type: 'history', room: room.name, before: room.oldestId, limit: HISTORY_PAGE,
      ref: nextRef({ kind: 'older', room: room.name }) });
  }

  function requestNewer(room) {
    send({ type: 'history', room: room.name, after: room.lastId === null ? 0 : room.lastId,
      limit: CATCH_UP_PAGE, ref: nextRef({ kind: 'newer', room: room.name }) });
  }

  /** Keeps loading older pages while the log does not fill the viewport (nothing to scroll). */
  function maybeFillViewport(room) {
    if (room !== state.current) return;
    if (ui.messages.scrollHeight <= ui.messages.clientHeight + NEAR_TOP_PX) requestOlder(room);
  }

  // ---------------------------------------------------------------------------------------------
  // Rooms

  function addRoom(name) {
    let room = state.rooms.get(name);
    if (!room) {
      room = createRoom(name);
      state.rooms.set(name, room);
      saveRooms();
      if (state.sessionId !== null) sendJoin(room);
    }
    return room;
  }

  function removeRoom(name) {
    const room = state.rooms.get(name);
    if (!room || state.rooms.size <= 1) return;
    if (typing.room === name) stopTyping();
    if (room.joined) send({ type: 'leave', room: name, ref: nextRef({ kind: 'leave', room: name }) });
    clearTyping(room);
    for (const [clientId, p] of state.pending) {
      if (p.room === name) state.pending.delete(clientId);
    }
    state.rooms.delete(name);
    saveRooms();
    if (state.current === room) switchRoom(state.rooms.keys().next().value);
    else renderRooms();
  }

  function saveRooms() {
    store.set(KEYS.rooms, Array.from(state.rooms.keys()));
  }

  function switchRoom(name) {
    const room = state.rooms.get(name);
    if (!room) return;
    const previous = state.current;
    if (previous && previous !== room) {
      previous.scrollTop = ui.messages.scrollTop;
      previous.atBottom = isNearBottom();
      if (typing.room === previous.name) stopTyping();
    }
    state.current = room;
    store.set(KEYS.current, name);
    room.unread = 0;
    ui.messages.replaceChildren(room.log);
    ui.jumpLatest.hidden = true;
    ui.textField.placeholder = `Message #${name}`;
    renderRooms();
    renderHeader();
    renderMembers();
    renderTyping();
    renderLogHead(room);
    if (room.atBottom || room.scrollTop === null) scrollToBottom();
    else ui.messages.scrollTop = room.scrollTop;
    closeDrawer();
  }

  /** A message that arrived while we were away (resume or catch-up) counts as unread where unseen. */
  function noteMissed(room, m) {
    if (!isMine(m) && (room !== state.current || document.hidden)) countUnread(room);
  }

  function countUnread(room) {
    room.unread += 1;
    renderRooms();
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  function renderMe() {
    ui.meNick.textContent = state.nick || '';
    paintAvatar(ui.meAvatar, state.nick || '?');
  }

  function renderRooms() {
    const items = [];
    let totalUnread = 0;
    for (const room of state.rooms.values()) {
      const li = document.createElement('li');
      li.className = 'room';
      li.dataset.room = room.name;
      const active = room === state.current;
      if (active) li.classList.add('active');
      if (room.unread > 0) li.classList.add('has-unread');

      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'room-open';
      if (active) open.setAttribute('aria-current', 'true');
      const hash = document.createElement('span');
      hash.className = 'room-hash';
      hash.textContent = '#';
      hash.setAttribute('aria-hidden', 'true');
      const label = document.createElement('span');
      label.className = 'room-name';
      label.textContent = room.name;
      open.append(hash, label);
      if (room.unread > 0) {
        totalUnread += room.unread;
        const badge = document.createElement('span');
        badge.className = 'unread';
        badge.textContent = room.unread > 99 ? '99+' : String(room.unread);
        badge.setAttribute('aria-label', `${room.unread} unread`);
        open.append(badge);
      }
      open.addEventListener('click', () => switchRoom(room.name));
      li.append(open);

      if (state.rooms.size > 1) {
        const leave = document.createElement('button');
        leave.type = 'button';
        leave.className = 'room-leave';
        leave.setAttribute('aria-label', `Leave #${room.name}`);
        leave.title = 'Leave room';
        leave.textContent = '×';
        leave.addEventListener('click', (e) => {
          e.stopPropagation();
          removeRoom(room.name);
        });
        li.append(leave);
      }
      items.push(li);
    }
    ui.rooms.replaceChildren(...items);
    ui.menuBadge.hidden = totalUnread === 0;
    ui.menuBadge.textContent = totalUnread > 99 ? '99+' : String(totalUnread);
    document.title = totalUnread > 0 ? `(${totalUnread}) Switchboard` : 'Switchboard';
  }

  function renderHeader() {
    const room = state.current;
    if (!room) return;
    ui.roomTitle.textContent = room.name;
    const count = room.members.size;
    ui.memberCount.textContent = room.joined ? `${count} ${count === 1 ? 'member' : 'members'} online` : '';
  }

  function renderMembers() {
    const room = state.current;
    if (!room) return;
    const entries = Array.from(room.members, ([sessionId, nick]) => ({ sessionId, nick }));
    entries.sort((a, b) => {
      const aMe = isMe(a.sessionId, a.nick);
      const bMe = isMe(b.sessionId, b.nick);
      if (aMe !== bMe) return aMe ? -1 : 1;
      return a.nick.localeCompare(b.nick, undefined, { sensitivity: 'base' });
    });
    const items = entries.map(({ sessionId, nick }) => {
      const li = document.createElement('li');
      li.className = 'member';
      li.dataset.sessionId = sessionId;
      li.dataset.nick = nick;
      const avatar = document.createElement('span');
      avatar.className = 'avatar';
      avatar.setAttribute('aria-hidden', 'true');
      paintAvatar(avatar, nick);
      const name = document.createElement('span');
      name.className = 'member-nick';
      name.textContent = nick;
      li.append(avatar, name);
      if (isMe(sessionId, nick)) {
        li.classList.add('me');
        const you = document.createElement('span');
        you.className = 'you';
        you.textContent = 'you';
        li.append(you);
      }
      return li;
    });
    ui.members.replaceChildren(...items);
    ui.membersTotal.textContent = room.joined ? String(entries.length) : '';
    renderHeader();
  }

  /** Over HTTP the page has no session id of its own, so "me" is whoever has our nickname. */
  function isMe(sessionId, nick) {
    if (sessionId === state.sessionId) return true;
    const t = conn.transport;
    return Boolean(t && !t.knowsSessions && state.nick !== null && nick === state.nick);
  }

  function renderTyping() {
    const room = state.current;
    const names = room ? Array.from(room.typing.values(), (e) => e.nick) : [];
    let text = '';
    if (names.length === 1) text = `${names[0]} is typing…`;
    else if (names.length === 2) text = `${names[0]} and ${names[1]} are typing…`;
    else if (names.length > 2) text = `${names.length} people are typing…`;
    ui.typing.replaceChildren();
    ui.typing.classList.toggle('active', names.length > 0);
    if (text) {
      const dots = document.createElement('span');
      dots.className = 'dots';
      dots.setAttribute('aria-hidden', 'true');
      dots.append(document.createElement('i'), document.createElement('i'), document.createElement('i'));
      const label = document.createElement('span');
      label.className = 'typing-text';
      label.textContent = text;
      ui.typing.append(dots, label);
    }
  }

  function renderLogHead(room) {
    room.olderButton.hidden = !room.hasOlder;
    room.olderButton.disabled = room.loadingOlder;
    room.olderButton.textContent = room.loadingOlder ? 'Loading…' : 'Load older messages';
    room.startNote.hidden = room.hasOlder || !room.historyLoaded;
  }

  function isNearBottom() {
    const s = ui.messages;
    return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
  }

  function scrollToBottom() {
    ui.messages.scrollTop = ui.messages.scrollHeight;
    ui.jumpLatest.hidden = true;
  }

  // ---------------------------------------------------------------------------------------------
  // Nickname dialog

  let firstNick = false;

  function openNickDialog(first, error) {
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

  ui.nickForm.addEventListener('submit', (e) => {
    e.preventDefault();
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

  // ---------------------------------------------------------------------------------------------
  // Layout: drawer (narrow screens) and members panel

  function openDrawer() {
    ui.app.classList.add('drawer-open');
    ui.scrim.hidden = false;
    ui.menuButton.setAttribute('aria-expanded', 'true');
  }

  function closeDrawer() {
    ui.app.classList.remove('drawer-open');
    if (!ui.app.classList.contains('members-open')) ui.scrim.hidden = true;
    ui.menuButton.setAttribute('aria-expanded', 'false');
  }

  function toggleMembers() {
    if (WIDE_LAYOUT.matches) {
      const collapsed = ui.app.classList.toggle('members-collapsed');
      ui.membersButton.setAttribute('aria-expanded', String(!collapsed));
    } else {
      const open = ui.app.classList.toggle('members-open');
      ui.scrim.hidden = !open && !ui.app.classList.contains('drawer-open');
      ui.membersButton.setAttribute('aria-expanded', String(open));
    }
  }

  ui.menuButton.addEventListener('click', () => {
    if (ui.app.classList.contains('drawer-open')) closeDrawer();
    else openDrawer();
  });
  ui.drawerClose.addEventListener('click', closeDrawer);
  ui.membersButton.addEventListener('click', toggleMembers);
  ui.scrim.addEventListener('click', () => {
    ui.app.classList.remove('members-open');
    ui.membersButton.setAttribute('aria-expanded', 'false');
    closeDrawer();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !ui.nickDialog.open) {
      ui.app.classList.remove('members-open');
      closeDrawer();
    }
  });

  // ---------------------------------------------------------------------------------------------
  // Composer, room form, scrolling

  function autoGrow() {
    const field = ui.textField;
    field.style.height = 'auto';
    field.style.height = Math.min(field.scrollHeight, 180) + 'px';
  }

  function updateSendButton() {
    ui.sendButton.disabled = ui.textField.value.trim() === '';
  }

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

  ui.joinForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = ui.roomInput.value.trim().replace(/^#/, '');
    if (!ROOM_PATTERN.test(name)) {
      ui.roomError.textContent = name
        ? 'Room names use letters, digits, - and _ (up to 64).'
        : 'Type a room name first.';
      ui.roomError.hidden = false;
      return;
    }
    ui.roomError.hidden = true;
    ui.roomInput.value = '';
    addRoom(name);
    switchRoom(name);
  });
  ui.roomInput.addEventListener('input', () => { ui.roomError.hidden = true; });

  ui.messages.addEventListener('scroll', () => {
    const room = state.current;
    if (!room) return;
    if (ui.messages.scrollTop < NEAR_TOP_PX) requestOlder(room);
    if (isNearBottom()) ui.jumpLatest.hidden = true;
  }, { passive: true });
  ui.jumpLatest.addEventListener('click', scrollToBottom);

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

  // ---------------------------------------------------------------------------------------------
  // Start

  function boot() {
    const saved = store.get(KEYS.rooms, []);
    const names = Array.isArray(saved) ? saved.filter((n) => typeof n === 'string' && ROOM_PATTERN.test(n)) : [];
    if (names.length === 0) names.push(DEFAULT_ROOM);
    for (const name of names) state.rooms.set(name, createRoom(name));
    const current = store.get(KEYS.current, DEFAULT_ROOM);
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

  boot();
})();
