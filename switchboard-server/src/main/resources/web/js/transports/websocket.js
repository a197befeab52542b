/** WebSocket: the native protocol (docs/protocol.md) as is, on /ws. */
import { HANDSHAKE_MS, PAGE_ID } from './common.js';
import { auth, withToken } from '../auth.js';

export function webSocketTransport(hooks, options) {
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
      ws = new WebSocket(withToken(`${scheme}//${window.location.host}/ws?client=${PAGE_ID}`));
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
    // a new token rides the native protocol's refresh command; the connection stays
    if (cmd.type === 'refresh') cmd = { type: 'refresh', token: auth.token };
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
