package io.switchboard.metrics;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.AttributeKey;
import io.switchboard.socketio.internal.websocket.CloseReasons;

/**
 * Accounts for a connection that is one channel (a WebSocket, an SSE or NDJSON stream): counted open
 * when tracked, closed with its reason when the channel closes. The reason is the one the server
 * noted on the channel ({@link #closingFor}), else the one the close frame it sent carries, else
 * shutdown while the server stops, else normal (the client went).
 *
 * <p>Thread-safe; the close is recorded on the channel's loop.
 */
public final class Connections {
    private static final AttributeKey<CloseReason> REASON = AttributeKey.valueOf("switchboard.metrics.closeReason");

    private Connections() {}

    public static void track(Channel channel, Transport transport, SwitchboardMetrics metrics) {
        metrics.connectionOpened(transport);
        channel.closeFuture().addListener(f -> metrics.connectionClosed(transport, reasonOf(channel, metrics)));
    }

    /** Notes why the server is closing {@code channel}; the first reason noted wins. */
    public static void closingFor(Channel channel, CloseReason reason) {
        channel.attr(REASON).setIfAbsent(reason);
    }

    static CloseReason reasonOf(Channel channel, SwitchboardMetrics metrics) {
        CloseReason noted = channel.attr(REASON).get();
        if (noted != null) {
            return noted;
        }
        WebSocketCloseStatus sent = channel.attr(CloseReasons.STATUS).get();
        if (sent != null) {
            return reasonOf(sent);
        }
        return metrics.shuttingDown() ? CloseReason.SHUTDOWN : CloseReason.NORMAL;
    }

    /** The reason behind a close frame the server sent. */
    public static CloseReason reasonOf(WebSocketCloseStatus status) {
        if (status == CloseReasons.SHUTTING_DOWN) {
            return CloseReason.SHUTDOWN;
        }
        if (status == CloseReasons.IDLE_TIMEOUT) {
            return CloseReason.IDLE;
        }
        if (status == CloseReasons.SLOW_CONSUMER) {
            return CloseReason.SLOW_CONSUMER;
        }
        return switch (status.code()) {
            case 1000 -> CloseReason.NORMAL;
            case 1001 -> CloseReason.SHUTDOWN;
            case 1011 -> CloseReason.ERROR;
            default -> CloseReason.PROTOCOL_ERROR;
        };
    }
}
