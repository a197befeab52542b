package io.switchboard.transport.websocket;

import io.switchboard.socketio.internal.websocket.WebSocketLimits;
import java.time.Duration;

/**
 * The limits every WebSocket endpoint shares. Immutable.
 *
 * @param maxFrameBytes       largest frame payload and largest reassembled message (close 1009)
 * @param maxOutboundBytes    bytes a connection may have queued before it counts as a slow consumer
 * @param pingInterval        a ping is sent after this long without a frame from the client
 * @param idleTimeout         the connection is closed (1001) after this long without any frame
 * @param handshakeTimeout    how long the opening handshake may take
 * @param rateLimitPerSecond  commands per second per connection, on average
 * @param rateLimitBurst      commands a connection may send at once
 * @param flushDelay          zero to flush every write at once; otherwise how long a connection's
 *                            writes may wait to leave together in one system call
 * @param compression         whether permessage-deflate is negotiated with clients that offer it
 */
public record WebSocketSettings(
        int maxFrameBytes,
        long maxOutboundBytes,
        Duration pingInterval,
        Duration idleTimeout,
        Duration handshakeTimeout,
        double rateLimitPerSecond,
        int rateLimitBurst,
        Duration flushDelay,
        boolean compression) {
    public WebSocketSettings {
        if (idleTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("the idle timeout must be longer than the ping interval");
        }
    }

    /** The part of these settings the WebSocket upgrade itself needs (all but the command rate limit). */
    public WebSocketLimits limits() {
        return new WebSocketLimits(
                maxFrameBytes, maxOutboundBytes, pingInterval, idleTimeout, handshakeTimeout, compression);
    }
}
