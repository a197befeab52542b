package io.switchboard.socketio.internal.engineio;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a new Engine.IO connection may open, like the reference server's
 * {@code allowRequest}. Asked once per new session (a polling handshake, or a WebSocket opened
 * without {@code sid}), never for the later polls, posts or upgrades of an open session. A refusal
 * is answered with HTTP 403 and {@code {"code":4,"message":"…"}}, before any WebSocket handshake.
 *
 * <p>Runs on the event loop of the request's connection: it must answer quickly and must not block.
 * Implementations must be thread-safe (connections live on several loops). An exception counts as
 * a refusal.
 */
@FunctionalInterface
public interface AllowRequest {
    Decision check(Request request);

    /**
     * What a new connection asked with. Immutable.
     *
     * @param transport     the transport the handshake names
     * @param headers       a copy of the request headers
     * @param query         the decoded query parameters
     * @param remoteAddress the peer of the TCP connection
     */
    record Request(
            EngineTransport transport,
            HttpHeaders headers,
            Map<String, List<String>> query,
            SocketAddress remoteAddress) {
        /** The first value of a header, or null. */
        public String header(String name) {
            return headers.get(name);
        }

        /** The first value of a query parameter, or null. */
        public String query(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /**
     * Allow, or refuse with a message for the client. Immutable.
     *
     * @param message the refusal's message; null means the default {@code "Forbidden"}
     */
    record Decision(boolean allowed, String message) {
        private static final Decision ALLOW = new Decision(true, null);

        public static Decision allow() {
            return ALLOW;
        }

        public static Decision refuse(String message) {
            return new Decision(false, message);
        }
    }
}
