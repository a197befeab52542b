/**
 * Socket.IO: the chat of /socket.io/'s main namespace (docs/socketio.md) through the official
 * socket.io-client (vendored, ../../vendor/README.md), its acks and events translated to and from
 * the native protocol.
 *
 * The client starts on HTTP long-polling and upgrades to WebSocket when it can, so a proxy that
 * refuses the upgrade still gets the chat. When a proven connection drops, the client reconnects
 * by itself and sends its private id and last offset (connection state recovery): the server gives
 * the same socket back and replays what was missed, and the page sees nothing but the replayed
 * messages. If the socket does not come back within RECOVERY_TIMEOUT_MS, or comes back as a new
 * one, the transport dies and the page starts over as after any lost connection (a new transport,
 * joins with `after`).
 */
import { io } from '../../vendor/socket.io.esm.min.js';
import { HANDSHAKE_MS, PAGE_ID } from './common.js';
import { auth } from '../auth.js';

/** How long a dropped socket may take to come back before the page starts over. */
const RECOVERY_TIMEOUT_MS = 5000;
const RECONNECT_DELAY_MS = 500;
const RECONNECT_DELAY_MAX_MS = 2000;

/** Native command type -> the Socket.IO event that carries it. */
const SOCKET_IO_EVENTS = new Map([
  ['join', 'join'], ['send', 'message'], ['typing', 'typing'], ['leave', 'leave'], ['history', 'history'], ['nick', 'nick'],
  ['refresh', 'refresh'],
]);

export function socketIoTransport(hooks, options) {
  let socket = null;
  let closed = false;
  let sid = null;             // the socket id of the first CONNECT reply
  let recovering = false;     // between a drop and the socket's return
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
    recoveries: 0,            // drops ridden out with the same socket (diagnostics)
    get sid() { return sid; },
    connect,
    command,
    close,
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
    if (socket) socket.disconnect();
  }

  function die(info) {
    if (closed) return;
    shutdown();
    hooks.onClose(Object.assign({ early: !t.proven }, info));
  }

  function connect() {
    if (options.handshakeTimeout) {
      handshakeTimer = setTimeout(() => { if (!t.proven) die({ early: true }); }, HANDSHAKE_MS);
    }
    socket = io({
      forceNew: true,  // a Manager of its own, closed with this transport
      // a function, so a reconnect names the nickname of the moment; the client adds pid and offset
      auth: (answer) => answer(auth.token
        ? { nick: hooks.nick(), client: PAGE_ID, token: auth.token }
        : { nick: hooks.nick(), client: PAGE_ID }),
      reconnectionDelay: RECONNECT_DELAY_MS,
      reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
    });
    socket.on('connect', connected);
    socket.on('connect_error', () => {
      // while recovering the client tries again by itself until RECOVERY_TIMEOUT_MS; otherwise the
      // page decides (its own backoff, or Auto's next transport)
      if (!recovering) die({});
    });
    socket.on('disconnect', dropped);
    socket.onAny(serverEvent);
  }

  function connected() {
    if (!recovering) {
      sid = socket.id;
      return;  // `welcome` follows and proves the transport
    }
    recovering = false;
    clearTimeout(recoveryTimer);
    if (sid === null || socket.id !== sid) {
      die({});  // a new socket: the page starts over (joins with `after`)
      return;
    }
    t.recoveries += 1;
    // Acks do not survive a drop; whatever had not been answered goes again (a send is stored
    // once per clientId, a join or history read is harmless to repeat).
    const again = [...inFlight];
    inFlight.clear();
    for (const cmd of again) transmit(cmd);
  }

  /** The connection went: ride it out with recovery if the transport had proven itself. */
  function dropped() {
    if (closed) return;
    if (!t.proven || recovering || !socket.active) {
      die({});  // not proven yet, or the server sent us away: no reconnect
      return;
    }
    recovering = true;
    recoveryTimer = setTimeout(() => die({}), RECOVERY_TIMEOUT_MS);
  }

  function serverEvent(name, ...args) {
    // With recovery on, an event's last argument may be its offset (the client keeps it itself).
    if (args.length > 1 && typeof args[args.length - 1] === 'string') args.pop();
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
    if (recovering || !socket || !socket.connected) {
      if (recovering && cmd.type !== 'typing') missedCommands = true;
      return false;
    }
    return transmit(cmd);
  }

  function transmit(cmd) {
    const arg = Object.assign({}, cmd);
    if (cmd.type === 'refresh') arg.token = auth.token;
    delete arg.type;
    delete arg.ref;
    if (cmd.type === 'typing') {
      socket.emit('typing', arg);  // best effort: no answer needed
      return true;
    }
    inFlight.add(cmd);
    socket.emit(SOCKET_IO_EVENTS.get(cmd.type), arg, (reply) => {
      if (closed || !inFlight.delete(cmd)) return;  // answered already, or given up
      answer(cmd, reply && typeof reply === 'object' ? reply : {});
    });
    return true;
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
      case 'refresh':
        emit({ type: 'refreshed', expiresAt: reply.expiresAt, ref: cmd.ref });
        break;
      default:
        break;
    }
  }

  function close() {
    shutdown();
  }

  return t;
}
