'use strict';

// Baseline for scripts/bench-compare: the WebSocket half of the seed 001 chat server (Node + ws@8),
// written anew. Wire behaviour matches the seed: a welcome JSON on connect, then every text frame
// is re-sent to every client as a JSON built separately for each recipient, with its own
// Date.now(), prefixed "me: " for the sender and "other: " for everyone else.
// No static files: the load tool only speaks WebSocket.

const http = require('http');
const { WebSocketServer } = require('ws');

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';

const stamp = (text) => JSON.stringify({ text, timestamp: Date.now() });

const httpServer = http.createServer((req, res) => {
  res.statusCode = 404;
  res.end('Not Found\n');
});
const wss = new WebSocketServer({ server: httpServer });

// The seed keeps its own array of sockets and never removes closed ones. We drop a socket when it
// closes: live clients see exactly the same frames, and a benchmark that reconnects thousands of
// clients does not make later runs pay for stringifying messages to dead sockets.
const clients = new Set();

wss.on('connection', (socket) => {
  socket.send(stamp('서버와 연결되었습니다.'));
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
  socket.on('message', (data) => {
    const body = data.toString('utf-8');
    for (const client of clients) {
      client.send(stamp(`${client === socket ? 'me:' : 'other:'} ${body}`));
    }
  });
});

httpServer.listen(port, host, () => console.log(`ws seed server listening on ws://${host}:${port}/`));

const stop = () => {
  for (const client of clients) client.terminate();
  wss.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

// Benchmark hook: the load tool's idle scenario sends SIGUSR2 before reading RSS, the way it runs
// `jcmd GC.run` on a JVM, so garbage does not blur memory per connection. Needs `node --expose-gc`;
// without it the signal is ignored (rather than killing the process, its default action).
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
});
