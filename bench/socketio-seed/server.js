'use strict';

// Baseline for scripts/bench-socketio-compare: the chat events of Switchboard's main Socket.IO
// namespace (docs/socketio.md, "Chat over Socket.IO") on Node's reference socket.io server, kept
// minimal: no store, no nicknames, no presence, no history. Ids are per room and only increase.
//
//   join    {room}                  -> socket.join(room); ack {room}
//   message {room, text, clientId?} -> io.to(room).emit('message', {id, room, from, text, timestamp[, clientId]});
//                                      ack {room, id[, clientId]}
//
// Invalid arguments are answered with {error, message} through the ack (when there is one), like
// Switchboard does, and are otherwise ignored. No static files: the load tool only speaks the
// WebSocket transport, but polling works too for a browser or the official clients.

const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';

const httpServer = http.createServer((req, res) => {
  res.statusCode = 404;
  res.end('Not Found\n');
});
const io = new Server(httpServer, { serveClient: false });

/** Last id given out per room. */
const lastIds = new Map();

const answer = (ack, value) => {
  if (typeof ack === 'function') ack(value);
};
const invalid = (ack, message) => answer(ack, { error: 'invalid', message });
const roomOf = (arg) => (arg && typeof arg.room === 'string' && arg.room.length > 0 ? arg.room : null);

io.on('connection', (socket) => {
  socket.on('join', (arg, ack) => {
    const room = roomOf(arg);
    if (room === null) return invalid(ack, 'join needs {room}');
    socket.join(room);
    answer(ack, { room });
  });

  socket.on('message', (arg, ack) => {
    const room = roomOf(arg);
    if (room === null || typeof arg.text !== 'string') return invalid(ack, 'message needs {room, text}');
    const id = (lastIds.get(room) || 0) + 1;
    lastIds.set(room, id);
    const message = { id, room, from: socket.id, text: arg.text, timestamp: Date.now() };
    const reply = { room, id };
    if (typeof arg.clientId === 'string') {
      message.clientId = arg.clientId;
      reply.clientId = arg.clientId;
    }
    io.to(room).emit('message', message);
    answer(ack, reply);
  });
});

httpServer.listen(port, host, () => console.log(`socket.io seed server listening on http://${host}:${port}/socket.io/`));

const stop = () => {
  io.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

// Benchmark hook, as in bench/ws-seed: the load tool's idle scenario sends SIGUSR2 before reading
// RSS so garbage does not blur memory per connection. Needs `node --expose-gc`; otherwise ignored.
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
});
