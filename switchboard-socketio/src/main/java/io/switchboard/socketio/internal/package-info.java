/**
 * The library's internals: the Engine.IO server ({@code internal.engineio}), the packet codecs
 * ({@code internal.protocol.engineio}, {@code internal.protocol.socketio}) and the WebSocket
 * plumbing ({@code internal.websocket}).
 *
 * <p>Not API: public only so the library's own packages (and the chat server, which embeds it)
 * can reach them; they may change without notice. Use {@code io.switchboard.socketio}.
 */
package io.switchboard.socketio.internal;
