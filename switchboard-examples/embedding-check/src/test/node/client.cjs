// The official socket.io-client against EchoServer, for EmbeddingCheckIT:
//   NODE_PATH=<dir with socket.io-client> node client.cjs <url>
// Prints one JSON line {"welcome": id, "socketId": id, "echo": [...]} and exits 0, or exits 1.
const { io } = require("socket.io-client");

const url = process.argv[2];
const socket = io(url, { reconnection: false, timeout: 5000 });
const timer = setTimeout(() => {
  console.error("timed out");
  process.exit(1);
}, 15000);

socket.on("connect_error", (err) => {
  console.error("connect_error: " + err.message);
  process.exit(1);
});
socket.on("welcome", (id) => {
  socket.timeout(5000).emit("echo", "hello", 42, { nested: true }, (err, ...echo) => {
    if (err) {
      console.error("no ack: " + err.message);
      process.exit(1);
    }
    process.stdout.write(JSON.stringify({ welcome: id, socketId: socket.id, echo }) + "\n");
    clearTimeout(timer);
    socket.close();
  });
});
