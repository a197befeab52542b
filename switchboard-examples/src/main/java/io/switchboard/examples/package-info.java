/**
 * Programs built on the Socket.IO library's public API alone, outside its jar: {@link
 * SocketIoExample} (the API without the chat, as the README shows it) and {@link
 * ConformanceServer} (what the official Engine.IO and Socket.IO test suites run against).
 */
package io.switchboard.examples;
