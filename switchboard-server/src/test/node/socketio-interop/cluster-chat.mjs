// The official socket.io-client chatting through a round-robin balancer in front of several
// Switchboard nodes, for NoStickySessionsIT.
//
//   node cluster-chat.mjs <url> <room> <polling|default>
//
// Prints JSON lines on stdout: {"step": "joined", "id"} once joined (the test then answers on stdin
// with {"expect": [{id, text}]}: the messages another client sent), {"step": "sent", "sent"} once its
// own messages are acknowledged and back, and a result line {"ok", "result"|"error"}. Exits 0 when
// every check passed.
import { io } from "socket.io-client";
import { createInterface } from "node:readline";
import { isDeepStrictEqual } from "node:util";

const STEP_MS = 10000;
const [url, room, transports] = process.argv.slice(2);

function print(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

function within(promise, what, ms = STEP_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function until(predicate, what, ms = STEP_MS) {
  await within((async () => {
    while (!predicate()) {
      await new Promise((r) => setTimeout(r, 10));
    }
  })(), what, ms);
}

function call(socket, event, ...args) {
  return within(new Promise((resolve) => socket.emit(event, ...args, (...answer) => resolve(answer))),
    `ack of ${event}`);
}

const stdin = [];
createInterface({ input: process.stdin }).on("line", (line) => stdin.push(JSON.parse(line)));

async function fromTest(what) {
  await until(() => stdin.length > 0, `stdin: ${what}`, 30000);
  return stdin.shift();
}

async function scenario(s) {
  const names = [];
  s.io.on("open", () => {
    names.push(s.io.engine.transport.name);
    s.io.engine.on("upgrade", (t) => names.push(t.name));
  });
  const messages = [];
  s.on("message", (m) => messages.push(m));
  await within(new Promise((resolve, reject) => {
    s.once("connect", resolve);
    s.once("connect_error", (err) => reject(new Error(`connect_error ${err.message}`)));
  }), "connect");
  if (transports === "default") {
    await until(() => s.io.engine.transport.name === "websocket", "the upgrade to WebSocket");
  }
  const [joined] = await call(s, "join", { room });
  check(joined.room === room, `join ack: ${JSON.stringify(joined)}`);
  print({ step: "joined", id: s.id });
  const { expect } = await fromTest("the messages the other client sent");
  await until(() => messages.length >= expect.length, "the other client's messages");
  const received = messages.map((m) => ({ id: m.id, text: m.text }));
  check(isDeepStrictEqual(received, expect), `received ${JSON.stringify(received)}, expected ${JSON.stringify(expect)}`);
  const sent = [];
  for (let i = 1; i <= 5; i++) {
    const text = `from js ${i}`;
    const [ack] = await call(s, "message", { room, text });
    check(ack.error === undefined, `message refused: ${JSON.stringify(ack)}`);
    sent.push({ id: ack.id, text });
  }
  await until(() => messages.length >= expect.length + sent.length, "own copies");
  const own = messages.slice(expect.length).map((m) => ({ id: m.id, text: m.text }));
  check(isDeepStrictEqual(own, sent), `own copies ${JSON.stringify(own)}, sent ${JSON.stringify(sent)}`);
  print({ step: "sent", sent });
  return { transports: names, transport: s.io.engine.transport.name, sent };
}

const options = { forceNew: true, reconnection: false, auth: { nick: "jsclient" } };
if (transports === "polling") {
  options.transports = ["polling"];
}
const s = io(url, options);
let code = 0;
try {
  print({ ok: true, result: await within(scenario(s), "the scenario", 60000) });
} catch (err) {
  print({ ok: false, error: err.message });
  code = 1;
} finally {
  s.disconnect();
}
process.exit(code);
