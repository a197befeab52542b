/*
 * Switchboard chat page: a minimal Socket.IO v5 client over Engine.IO v4, WebSocket only.
 *
 * Just what the page's `socketio` transport (transports.js) needs, written for this page:
 *
 *   - Engine.IO: one WebSocket to /socket.io/?EIO=4&transport=websocket; the open packet `0{…}`
 *     gives pingInterval and pingTimeout; every ping `2` is answered with a pong `3`, and a
 *     connection that hears no ping for pingInterval + pingTimeout is closed; `4…` carries one
 *     Socket.IO packet; `1` is a close, `6` a noop. No polling, no upgrade, no binary.
 *   - Socket.IO, main namespace `/` only: CONNECT `0{auth}` and its reply `0{sid, pid?}`,
 *     CONNECT_ERROR `4{message}`, DISCONNECT `1`, EVENT `2[name, …args]` (or `2<id>[…]` when the
 *     other side wants an ack), ACK `3<id>[…args]`.
 *
 * One call to open() is one connection attempt; it never reconnects by itself (the transport
 * decides that, because reconnecting is where connection state recovery happens).
 *
 *   open({url, auth, onConnect(data), onConnectError(data), onEvent(name, args), onClose(reason)})
 *     returns {emit(name, arg, ack) -> boolean, close(), drop(), connected}
 *
 * onClose is called at most once, and never after close(); onConnectError is followed by onClose.
 */
(() => {
  'use strict';

  // Engine.IO packet types (the first character of a text frame).
  const EIO_OPEN = '0';
  const EIO_CLOSE = '1';
  const EIO_PING = '2';
  const EIO_PONG = '3';
  const EIO_MESSAGE = '4';
  const EIO_NOOP = '6';

  // Socket.IO packet types (the first character after Engine.IO's `4`).
  const SIO_CONNECT = '0';
  const SIO_DISCONNECT = '1';
  const SIO_EVENT = '2';
  const SIO_ACK = '3';
  const SIO_CONNECT_ERROR = '4';

  /** Until the open packet says otherwise: the reference server's defaults. */
  const DEFAULT_PING_INTERVAL_MS = 25000;
  const DEFAULT_PING_TIMEOUT_MS = 20000;

  function parseJson(text) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (e) {
      return { ok: false, value: undefined };
    }
  }

  /**
   * One Socket.IO packet of the main namespace: {type, id (number or null), data}, or null when it
   * is malformed or belongs to another namespace.
   */
  function decodeSocketPacket(text) {
    if (text.length === 0) return null;
    const type = text.charAt(0);
    let i = 1;
    if (text.charAt(i) === '/') {
      const comma = text.indexOf(',', i);
      const nsp = comma < 0 ? text.slice(i) : text.slice(i, comma);
      if (nsp !== '/') return null;
      i = comma < 0 ? text.length : comma + 1;
    }
    let id = null;
    const digits = /^\d+/.exec(text.slice(i));
    if (digits) {
      id = Number(digits[0]);
      i += digits[0].length;
    }
    let data;
    if (i < text.length) {
      const parsed = parseJson(text.slice(i));
      if (!parsed.ok) return null;
      data = parsed.value;
    }
    return { type, id, data };
  }

  function open(options) {
    const handlers = options;
    let ws = null;
    let finished = false;       // onClose was called, or close() was
    let connected = false;      // the CONNECT reply arrived
    let pingTimer = null;
    let pingWindowMs = DEFAULT_PING_INTERVAL_MS + DEFAULT_PING_TIMEOUT_MS;
    let nextAckId = 0;
    const acks = new Map();     // ack id -> callback(args)

    const client = {
      get connected() { return connected && !finished; },
      emit,
      close,
      drop,
    };

    function send(frame) {
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(frame);
      return true;
    }

    function armPingTimer() {
      clearTimeout(pingTimer);
      pingTimer = setTimeout(() => finish('ping timeout'), pingWindowMs);
    }

    /** The connection is over: stop everything, then tell the owner once. */
    function finish(reason) {
      if (finished) return;
      finished = true;
      connected = false;
      clearTimeout(pingTimer);
      acks.clear();
      detach(1000);
      handlers.onClose(reason);
    }

    function detach(code) {
      if (!ws) return;
      const old = ws;
      ws = null;
      old.onopen = old.onclose = old.onmessage = old.onerror = null;
      try { old.close(code); } catch (e) { /* already closed */ }
    }

    function onFrame(e) {
      if (finished) return;
      if (typeof e.data !== 'string' || e.data.length === 0) {
        finish('parse error');  // no binary here
        return;
      }
      const kind = e.data.charAt(0);
      const body = e.data.slice(1);
      switch (kind) {
        case EIO_OPEN: {
          const parsed = parseJson(body);
          const hello = parsed.ok && parsed.value && typeof parsed.value === 'object' ? parsed.value : {};
          const interval = Number(hello.pingInterval);
          const timeout = Number(hello.pingTimeout);
          pingWindowMs = (interval > 0 ? interval : DEFAULT_PING_INTERVAL_MS)
            + (timeout > 0 ? timeout : DEFAULT_PING_TIMEOUT_MS);
          armPingTimer();
          send(EIO_MESSAGE + SIO_CONNECT + JSON.stringify(options.auth || {}));
          break;
        }
        case EIO_PING:
          armPingTimer();
          send(EIO_PONG + body);
          break;
        case EIO_MESSAGE:
          onSocketPacket(body);
          break;
        case EIO_CLOSE:
          finish('transport close');
          break;
        case EIO_NOOP:
        case EIO_PONG:
          break;
        default:
          finish('parse error');
      }
    }

    function onSocketPacket(text) {
      const p = decodeSocketPacket(text);
      if (!p) return;  // another namespace, or nothing we can read
      switch (p.type) {
        case SIO_CONNECT:
          if (connected) return;
          connected = true;
          handlers.onConnect(p.data && typeof p.data === 'object' ? p.data : {});
          break;
        case SIO_CONNECT_ERROR:
          handlers.onConnectError(p.data && typeof p.data === 'object' ? p.data : { message: String(p.data) });
          finish('connect error');
          break;
        case SIO_DISCONNECT:
          finish('io server disconnect');
          break;
        case SIO_EVENT: {
          if (!connected || !Array.isArray(p.data) || typeof p.data[0] !== 'string') return;
          if (p.id !== null) send(EIO_MESSAGE + SIO_ACK + p.id + '[]');  // nothing to answer with
          handlers.onEvent(p.data[0], p.data.slice(1));
          break;
        }
        case SIO_ACK: {
          const callback = p.id === null ? undefined : acks.get(p.id);
          if (!callback) return;
          acks.delete(p.id);
          callback(Array.isArray(p.data) ? p.data : []);
          break;
        }
        default:
          break;  // binary events and acks: not used by the chat
      }
    }

    /** Emits `name` with one argument; `ack` (optional) gets the reply's arguments. */
    function emit(name, arg, ack) {
      if (!client.connected) return false;
      let frame = EIO_MESSAGE + SIO_EVENT;
      const id = ack ? nextAckId : null;
      if (ack) {
        nextAckId += 1;
        frame += id;
      }
      frame += JSON.stringify(arg === undefined ? [name] : [name, arg]);
      if (!send(frame)) return false;
      if (ack) acks.set(id, ack);
      return true;
    }

    /** Leaves on purpose: the server forgets the socket (no recovery), and onClose is not called. */
    function close() {
      if (finished) return;
      if (connected) send(EIO_MESSAGE + SIO_DISCONNECT);
      finished = true;
      connected = false;
      clearTimeout(pingTimer);
      acks.clear();
      detach(1000);
    }

    /** Lets the WebSocket go as a broken network would (the server may keep the socket). */
    function drop() {
      finish('transport close');
    }

    try {
      ws = new WebSocket(options.url);
    } catch (e) {
      setTimeout(() => finish('transport error'), 0);
      return client;
    }
    ws.onmessage = onFrame;
    ws.onclose = () => finish('transport close');
    ws.onerror = () => { /* onclose follows */ };
    return client;
  }

  window.SwitchboardSocketIo = { open };
})();
