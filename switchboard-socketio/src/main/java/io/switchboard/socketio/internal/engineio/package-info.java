/**
 * The Engine.IO v4 server (internal, not API): {@link EngineIoServer} (request checks, handshake,
 * routing), {@link EngineIoSession} (polling buffer, one waiting GET, WebSocket, probe and
 * upgrade, heartbeat), the WebSocket handler and writer, the reference server's errors, CORS and
 * the {@link AllowRequest} hook.
 *
 * <p>Each session's work runs on its own event loop; each class states its threading.
 */
package io.switchboard.socketio.internal.engineio;
