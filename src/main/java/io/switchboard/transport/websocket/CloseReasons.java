package io.switchboard.transport.websocket;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.concurrent.TimeUnit;

/** The close statuses Switchboard sends, with their reasons, and the one way it closes a socket. */
public final class CloseReasons {
    public static final WebSocketCloseStatus SHUTTING_DOWN =
            new WebSocketCloseStatus(1001, "server shutting down");
    public static final WebSocketCloseStatus IDLE_TIMEOUT =
            new WebSocketCloseStatus(1001, "idle timeout");
    public static final WebSocketCloseStatus BINARY_NOT_ACCEPTED =
            new WebSocketCloseStatus(1003, "binary frames are not accepted here");
    public static final WebSocketCloseStatus SLOW_CONSUMER =
            new WebSocketCloseStatus(1008, "slow consumer: outbound queue over its byte limit");
    public static final WebSocketCloseStatus MESSAGE_TOO_BIG =
            new WebSocketCloseStatus(1009, "message too big");
    public static final WebSocketCloseStatus INTERNAL_ERROR =
            new WebSocketCloseStatus(1011, "internal error");

    /** How long a peer has to answer our close frame before the TCP connection is dropped. */
    private static final long FORCE_CLOSE_MILLIS = 2_000;

    private CloseReasons() {
    }

    /**
     * Sends a close frame and closes the connection once it is written, or after a grace period if
     * the peer does not read it (RFC 6455 section 7.1.1 lets the server close TCP first).
     */
    public static void close(Channel channel, WebSocketCloseStatus status) {
        if (!channel.isActive()) {
            return;
        }
        channel.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, FORCE_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
