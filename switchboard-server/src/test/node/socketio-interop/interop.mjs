// Drives the official socket.io-client against a Switchboard server, for SocketIoJsClientIT.
//
//   node interop.mjs <url> <scenario> [room]
//
// Prints JSON lines on stdout: {"step": ...} lines while a scenario runs (SocketIoJsClientIT answers
// some of them with one JSON line on stdin), then one result line {"scenario", "ok", ...}. Exits 0
// when every check passed, 1 when one failed or a step ran out of time (each step is bounded).
import { io, Manager } from "socket.io-client";
import { createInterface } from "node:readline";
import { isDeepStrictEqual } from "node:util";

const STEP_MS = 5000;
const [url, scenario, room] = process.argv.slice(2);

function print(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

function same(actual, expected, what) {
  check(isDeepStrictEqual(actual, expected),
    `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** The promise, or a rejection naming the step when it takes longer than ms. */
function within(promise, what, ms = STEP_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The arguments of the next `event` on the emitter. */
function next(emitter, event, ms = STEP_MS) {
  return within(new Promise((resolve) => emitter.once(event, (...args) => resolve(args))), `event ${event}`, ms);
}

/** Resolves when `socket` connects; rejects with the connect_error. */
function connected(socket, what) {
  return within(new Promise((resolve, reject) => {
    if (socket.connected) {
      resolve(socket);
      return;
    }
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => reject(new Error(`${what}: connect_error ${err.message}`)));
  }), `connect ${what}`);
}

/** The connect_error message that `socket` is refused with. */
function refused(socket, what) {
  return within(new Promise((resolve, reject) => {
    socket.once("connect", () => reject(new Error(`${what}: connected, expected a connect_error`)));
    socket.once("connect_error", (err) => resolve(err.message));
  }), `connect_error ${what}`);
}

/** Emits with an ack callback; resolves with every argument of the server's answer. */
function call(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    socket.timeout(STEP_MS).emit(event, ...args, (err, ...answer) => {
      if (err) {
        reject(new Error(`no ack for ${event} within ${STEP_MS} ms`));
      } else {
        resolve(answer);
      }
    });
  });
}

/** Collects every `event` on the socket, for checks on what arrived and what did not. */
function recorder(socket, event) {
  const seen = [];
  socket.on(event, (...args) => seen.push(args));
  return seen;
}

/** Waits until the predicate holds, polling every 10 ms. */
async function until(predicate, what, ms = STEP_MS) {
  await within((async () => {
    while (!predicate()) {
      await new Promise((r) => setTimeout(r, 10));
    }
  })(), what, ms);
}

const stdinLines = [];
const stdinWaiters = [];
createInterface({ input: process.stdin }).on("line", (line) => {
  const waiter = stdinWaiters.shift();
  if (waiter) {
    waiter(JSON.parse(line));
  } else {
    stdinLines.push(JSON.parse(line));
  }
});

/** The next JSON line SocketIoJsClientIT writes on stdin. */
function fromTest(what, ms = 20000) {
  if (stdinLines.length > 0) {
    return Promise.resolve(stdinLines.shift());
  }
  return within(new Promise((resolve) => stdinWaiters.push(resolve)), `stdin: ${what}`, ms);
}

const sockets = [];

function client(path, opts) {
  const s = io(url + path, { forceNew: true, reconnection: false, ...opts });
  sockets.push(s);
  return s;
}

/** Echo with ack and a server push over one transport setting; returns the transport names seen. */
async function echoOver(transports) {
  const s = client("/", transports ? { transports } : {});
  const names = [];
  s.io.on("open", () => {
    names.push(s.io.engine.transport.name);
    s.io.engine.on("upgrade", (t) => names.push(t.name));
  });
  await connected(s, "main namespace");
  same(await call(s, "echo", 1, "two", { three: [true, null] }), [1, "two", { three: [true, null] }], "echo ack");
  const pushed = next(s, "pushed");
  s.emit("push", { text: "é ✓ 😀" });
  same(await pushed, [{ text: "é ✓ 😀" }], "server push");
  return { socket: s, names };
}

const scenarios = {
  async polling() {
    const { socket, names } = await echoOver(["polling"]);
    same(names, ["polling"], "transports");
    same(socket.io.engine.transport.name, "polling", "transport at the end");
    return { transport: socket.io.engine.transport.name };
  },

  async websocket() {
    const { socket, names } = await echoOver(["websocket"]);
    same(names, ["websocket"], "transports");
    return { transport: socket.io.engine.transport.name };
  },

  async upgrade() {
    const { socket, names } = await echoOver(null);
    same(names[0], "polling", "first transport");
    await until(() => socket.io.engine.transport.name === "websocket", "upgrade to websocket");
    same(await call(socket, "echo", "after upgrade"), ["after upgrade"], "echo after the upgrade");
    same(names, ["polling", "websocket"], "transports");
    return { transports: names };
  },

  async namespaces() {
    const manager = new Manager(url, { reconnection: false });
    const open = (nsp, opts) => {
      const s = manager.socket(nsp, opts);
      sockets.push(s);
      return s;
    };
    const custom = open("/custom");
    const customHello = next(custom, "hello");
    await connected(custom, "/custom");
    same(await customHello, ["/custom"], "/custom hello");
    const dynamic = open("/dyn-42");
    const dynamicHello = next(dynamic, "hello");
    await connected(dynamic, "/dyn-42");
    same(await dynamicHello, ["/dyn-42"], "dynamic namespace hello");
    const unknown = await refused(open("/nope"), "/nope");
    same(unknown, "Invalid namespace", "unknown namespace");
    const allowed = open("/private", { auth: { token: "wrong" } });
    const wrong = await refused(allowed, "/private with a wrong token");
    same(wrong, "not authorized", "middleware refusal");
    // the same socket tries again with the right token, as an application would after a refusal
    allowed.auth = { token: "secret" };
    const welcome = next(allowed, "welcome");
    allowed.connect();
    await connected(allowed, "/private with the token");
    same(await welcome, [], "welcome");
    // one Engine.IO connection carried them all, and the refusals did not break it
    same(await call(custom, "echo", "still here"), ["still here"], "/custom after the refusals");
    check(custom.io === allowed.io && custom.io.engine.id === allowed.io.engine.id, "multiplexed on one connection");
    return { unknown, refused: wrong };
  },

  async rooms() {
    const [a, b, c] = [client("/"), client("/"), client("/")];
    await Promise.all([connected(a, "a"), connected(b, "b"), connected(c, "c")]);
    const got = { a: recorder(a, "room-msg"), b: recorder(b, "room-msg"), c: recorder(c, "room-msg") };
    same(await call(a, "join", "red"), ["joined", "red"], "a joins red");
    same(await call(b, "join", "red"), ["joined", "red"], "b joins red");
    // to the room, sender included
    await call(a, "to-room", "red", "all of red");
    // to the room, except b
    await call(a, "to-room-except", "red", b.id, "red but b");
    // from a to the others of the room
    await call(a, "shout", "red", "shouted by a");
    // a marker to everyone: once each client has it, every earlier broadcast has arrived
    const markers = [a, b, c].map((s) => next(s, "marker"));
    await call(a, "marker");
    await Promise.all(markers);
    same(got.a, [["all of red"], ["red but b"]], "a received");
    same(got.b, [["all of red"], ["shouted by a"]], "b received");
    same(got.c, [], "c (not in red) received");
    return { a: got.a.length, b: got.b.length, c: got.c.length };
  },

  async acks() {
    const s = client("/");
    await connected(s, "main namespace");
    // client emit answered by the server's ack
    same(await call(s, "echo", 1, "2", { 3: [false] }), [1, "2", { 3: [false] }], "echo ack");
    // the server's emitWithAck answered by the client
    s.on("question", (q, ack) => ack("fine", q));
    const answer = next(s, "answer");
    same(await call(s, "ask", "how are you?"), ["asked"], "ask ack");
    same(await answer, ["fine", "how are you?"], "the server got the client's ack");
    // the client's timeout().emitWithAck: answered, and not answered
    same(await s.timeout(2000).emitWithAck("echo", "with timeout"), "with timeout", "emitWithAck");
    const started = Date.now();
    let timedOut = null;
    try {
      await s.timeout(300).emitWithAck("never-acked", 1);
    } catch (err) {
      timedOut = err.message;
    }
    check(timedOut !== null, "emitWithAck of an event the server never acks should time out");
    check(Date.now() - started >= 290, "timed out early");
    same(await call(s, "echo", "after timeout"), ["after timeout"], "echo after a timeout");
    return { timeout: timedOut };
  },

  async binary() {
    const results = {};
    for (const transports of [["polling"], ["websocket"]]) {
      const s = client("/", { transports });
      await connected(s, transports[0]);
      const blob = Buffer.from([0, 1, 2, 253, 254, 255]);
      const nested = { name: "file", parts: [Buffer.from("héllo"), { inner: Buffer.alloc(0) }], n: 3 };
      const [back, backNested] = await call(s, "echo", blob, nested);
      check(Buffer.isBuffer(back), `binary came back as ${typeof back}`);
      same([...back], [...blob], "top-level buffer");
      same(backNested.name, "file", "nested name");
      same(backNested.n, 3, "nested number");
      check(Buffer.isBuffer(backNested.parts[0]) && backNested.parts[0].toString() === "héllo", "nested buffer");
      check(Buffer.isBuffer(backNested.parts[1].inner) && backNested.parts[1].inner.length === 0, "empty nested buffer");
      // binary the server makes, in an event (not an ack)
      const made = next(s, "binary");
      s.emit("make-binary", 5);
      const [obj] = await made;
      same([...obj.bytes], [0, 1, 2, 3, 4], "server binary");
      same(obj.length, 5, "server binary length");
      results[transports[0]] = back.length;
    }
    return results;
  },

  // With recovery on, every event without ack carries the server's offset as its last argument:
  // the client keeps the last one for the reconnect and hands it to the listeners as well.
  async recovery() {
    const withoutOffset = (args) => {
      check(typeof args[args.length - 1] === "string", `no offset in ${JSON.stringify(args)}`);
      return args.slice(0, -1);
    };
    const s = client("/", {
      transports: ["websocket"], reconnection: true, reconnectionDelay: 200, reconnectionDelayMax: 200,
      randomizationFactor: 0,
    });
    const missed = recorder(s, "missed");
    const disconnects = recorder(s, "disconnect");
    await connected(s, "first connection");
    check(!s.recovered, "a first connection is not recovered");
    const joined = next(s, "joined-room");
    same(await call(s, "join-away-room", "blue"), ["joined", "blue"], "join");
    same(withoutOffset(await joined), ["blue"], "joined-room event");
    const id = s.id;
    const reconnected = next(s, "connect", 10000);
    // the client closes its transport as if the network dropped ("forced close" on this side); the
    // Manager reconnects after 200 ms, and the fixture broadcasts 3 events to blue when it sees the
    // disconnect
    s.io.engine.close();
    await reconnected;
    same(disconnects.length, 1, "disconnects");
    check(s.recovered === true, "socket.recovered after the reconnect");
    same(s.id, id, "socket id after recovery");
    await until(() => missed.length >= 3, "the 3 missed events");
    // the rooms came back too: a broadcast to blue reaches it
    const live = next(s, "room-msg");
    await call(s, "to-room", "blue", "live");
    same(withoutOffset(await live), ["live"], "room broadcast after recovery");
    same(missed.map(withoutOffset), [["blue", 1], ["blue", 2], ["blue", 3]], "missed events");
    return { recovered: s.recovered, id, missed: missed.length, reason: disconnects[0][0] };
  },

  async chat() {
    const s = client("/", { auth: { nick: "jsclient" } });
    const messages = recorder(s, "message");
    await connected(s, "chat");
    const [joined] = await call(s, "join", { room });
    same(joined.room, room, "join ack room");
    check(Array.isArray(joined.messages) && typeof joined.epoch === "string", "join ack shape");
    print({ step: "joined", id: s.id });
    // the /ws client sends; the test tells us the ids it got
    const { expect } = await fromTest("the ids the /ws client got");
    await until(() => messages.length >= expect.length, "the /ws messages");
    same(messages.map(([m]) => ({ id: m.id, text: m.text, from: m.from, room: m.room })),
      expect.map((e) => ({ id: e.id, text: e.text, from: "wendy", room })), "messages from /ws");
    // now this client sends; the test checks that /ws sees the same ids
    const sent = [];
    for (const text of ["from js 1", "from js 2"]) {
      const [ack] = await call(s, "message", { room, text, clientId: `js-${text}` });
      check(ack.error === undefined, `message refused: ${JSON.stringify(ack)}`);
      same(ack.duplicate, false, "duplicate");
      sent.push({ id: ack.id, text });
    }
    await until(() => messages.length >= expect.length + sent.length, "own copies");
    same(messages.slice(expect.length).map(([m]) => ({ id: m.id, text: m.text })), sent, "own copies");
    print({ step: "sent", sent });
    same(await fromTest("the /ws client's check"), { seen: true }, "the /ws client saw them");
    return { received: expect.map((e) => e.id), sent: sent.map((m) => m.id) };
  },

  async "chat-recovery"() {
    const s = client("/", { auth: { nick: "jsclient" }, reconnection: true, reconnectionDelay: 200 });
    const messages = recorder(s, "message");
    await connected(s, "chat");
    await call(s, "join", { room });
    print({ step: "joined", id: s.id });
    // one message before: the recovery offset comes with the events the client receives
    const { before } = await fromTest("the first message's id");
    await until(() => messages.length >= 1, "the first message");
    same(messages[0][0].id, before, "the first message's id");
    const id = s.id;
    // away: no automatic reconnect until the /ws client has sent
    s.io.reconnection(false);
    const gone = next(s, "disconnect");
    s.io.engine.close();
    await gone;
    print({ step: "away" });
    const { expect } = await fromTest("the ids sent while away");
    s.io.reconnection(true);
    s.connect();
    await next(s, "connect", 10000);
    check(s.recovered === true, "socket.recovered after the reconnect");
    same(s.id, id, "socket id after recovery");
    await until(() => messages.length >= 1 + expect.length, "the missed messages");
    // a message of its own after the missed ones: its copy comes last, nothing else in between
    const [ack] = await call(s, "message", { room, text: "back" });
    await until(() => messages.some(([m]) => m.id === ack.id), "own copy after recovery");
    same(messages.map(([m]) => m.id), [before, ...expect, ack.id], "message ids, each once");
    return { recovered: s.recovered, missed: expect };
  },
};

async function main() {
  const run = scenarios[scenario];
  if (!url || !run) {
    print({ scenario, ok: false, error: `usage: node interop.mjs <url> <${Object.keys(scenarios).join("|")}> [room]` });
    return 2;
  }
  try {
    const result = await within(run(), `scenario ${scenario}`, 60000);
    print({ scenario, ok: true, result });
    return 0;
  } catch (err) {
    print({ scenario, ok: false, error: err.message });
    return 1;
  } finally {
    for (const s of sockets) {
      s.disconnect();
    }
  }
}

process.exit(await main());
