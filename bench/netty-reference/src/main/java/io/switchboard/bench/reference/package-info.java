/**
 * The benchmark floor: a plain Netty WebSocket server that broadcasts every text frame it receives
 * to every open connection, with nothing a chat server adds (no rooms, no storage, no JSON). {@code
 * scripts/bench-compare} runs it beside Switchboard and Node's {@code ws} so that Switchboard's
 * cost per delivery is read against what Netty itself needs for the same work.
 */
package io.switchboard.bench.reference;
