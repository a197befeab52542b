/**
 * The chat's WebSocket endpoints: the native protocol at {@code /ws}, the seed tutorial format at
 * {@code /}, and an echo for the Autobahn suite, on Netty's RFC 6455 codec with frame and message
 * limits, UTF-8 validation and ping/idle handling ({@link WebSocketSettings}).
 *
 * <p>Broadcasts are written as pre-built frames ({@code retainedDuplicate()} of one buffer per
 * broadcast, no per-recipient encoding or copy); each connection's outbound queue is bounded in
 * bytes and a slow consumer is closed. Event-loop confined per connection.
 */
package io.switchboard.transport.websocket;
