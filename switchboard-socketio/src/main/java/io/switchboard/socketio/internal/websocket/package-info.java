/**
 * WebSocket plumbing shared by the Engine.IO server and the chat's endpoints (internal, not API):
 * the library's own {@link WebSocketLimits} (frame size, outbound bytes, ping, idle, handshake),
 * {@link WebSocketUpgrade}, close reasons and keep-alive pings, and permessage-deflate on shared
 * terms ({@link SharedDeflateHandshaker}) so that a broadcast is compressed once
 * ({@link WebSocketFrames}, {@link SharedDeflateFrames}).
 */
package io.switchboard.socketio.internal.websocket;
