package io.switchboard.socketio.internal.websocket;

import java.time.Duration;

/**
 * The limits of one WebSocket connection the library serves: what {@link WebSocketUpgrade} installs.
 * The chat server maps its own settings onto this; a rate limit of commands is the application's
 * business and has no place here. Immutable.
 *
 * @param maxFrameBytes    largest frame payload and largest reassembled message (close 1009)
 * @param maxOutboundBytes bytes a connection may have queued before it counts as a slow consumer
 * @param pingInterval     a ping is sent after this long without a frame from the client
 * @param idleTimeout      the connection is closed (1001) after this long without any frame
 * @param handshakeTimeout how long the opening handshake may take
 * @param compression      whether permessage-deflate (RFC 7692) is negotiated with clients that offer it
 */
public record WebSocketLimits(
        int maxFrameBytes,
        long maxOutboundBytes,
        Duration pingInterval,
        Duration idleTimeout,
        Duration handshakeTimeout,
        boolean compression) {
    public WebSocketLimits {
        if (idleTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("the idle timeout must be longer than the ping interval");
        }
    }

    /** Limits without compression, as the reference Socket.IO server's default ({@code perMessageDeflate: false}). */
    public WebSocketLimits(
            int maxFrameBytes,
            long maxOutboundBytes,
            Duration pingInterval,
            Duration idleTimeout,
            Duration handshakeTimeout) {
        this(maxFrameBytes, maxOutboundBytes, pingInterval, idleTimeout, handshakeTimeout, false);
    }

    /**
     * The limits an embedded server uses: frames up to {@code maxPayload}, four payloads queued,
     * a ping after 30 s of silence, closed after 75 s, 10 s for the handshake.
     */
    public static WebSocketLimits defaults(int maxPayload) {
        return new WebSocketLimits(
                maxPayload, 4L * maxPayload, Duration.ofSeconds(30), Duration.ofSeconds(75), Duration.ofSeconds(10));
    }

    /** The same limits with another largest frame (Engine.IO's maxPayload bounds its packets). */
    public WebSocketLimits withMaxFrameBytes(int bytes) {
        return new WebSocketLimits(bytes, maxOutboundBytes, pingInterval, idleTimeout, handshakeTimeout, compression);
    }

    /** The same limits with permessage-deflate on or off. */
    public WebSocketLimits withCompression(boolean on) {
        return new WebSocketLimits(maxFrameBytes, maxOutboundBytes, pingInterval, idleTimeout, handshakeTimeout, on);
    }
}
