package io.switchboard.socketio.internal.websocket;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.AttributeKey;
import java.util.concurrent.TimeUnit;

/** The close statuses Switchboard sends, with their reasons, and the one way it closes a socket. */
public final class CloseReasons {
    public static final WebSocketCloseStatus SHUTTING_DOWN = new WebSocketCloseStatus(1001, "server shutting down");
    public static final WebSocketCloseStatus IDLE_TIMEOUT = new WebSocketCloseStatus(1001, "idle timeout");
    public static final WebSocketCloseStatus BINARY_NOT_ACCEPTED =
            new WebSocketCloseStatus(1003, "binary frames are not accepted here");
    public static final WebSocketCloseStatus SLOW_CONSUMER =
            new WebSocketCloseStatus(1008, "slow consumer: outbound queue over its byte limit");
    public static final WebSocketCloseStatus MESSAGE_TOO_BIG = new WebSocketCloseStatus(1009, "message too big");
    public static final WebSocketCloseStatus INTERNAL_ERROR = new WebSocketCloseStatus(1011, "internal error");
    /** A compressed message that does not inflate (RFC 7692 section 8: fail the connection). */
    public static final WebSocketCloseStatus BAD_COMPRESSED_DATA =
            new WebSocketCloseStatus(1007, "invalid compressed data");

    /**
     * Set on a channel once its close frame is on the way; sessions write nothing after it (their
     * frames bypass the protocol handler that would otherwise refuse them).
     */
    public static final AttributeKey<Boolean> CLOSING = AttributeKey.valueOf("switchboard.closing");

    /** The status {@link #close} sent, for whoever accounts for why connections end (the server's metrics). */
    public static final AttributeKey<WebSocketCloseStatus> STATUS = AttributeKey.valueOf("switchboard.closeStatus");

    /** How long a peer has to answer our close frame before the TCP connection is dropped. */
    private static final long FORCE_CLOSE_MILLIS = 2_000;

    private CloseReasons() {}

    /**
     * Sends a close frame, then half-closes: our side sends FIN but keeps reading (and discarding)
     * until the peer's close frame or end of stream. Closing at once while the peer's frames sit
     * unread in our receive buffer would make the kernel answer with RST, and the peer would lose
     * the close frame and the last replies before it. A peer that never answers is cut off after
     * a grace period (RFC 6455 section 7.1.1 lets the server close TCP first).
     */
    public static void close(Channel channel, WebSocketCloseStatus status) {
        if (!channel.isActive() || channel.attr(CLOSING).setIfAbsent(Boolean.TRUE) != null) {
            return;
        }
        channel.attr(STATUS).set(status);
        channel.writeAndFlush(new CloseWebSocketFrame(status)).addListener(f -> {
            if (f.isSuccess() && channel instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                channel.close();
            }
        });
        channel.eventLoop()
                .schedule(
                        () -> {
                            channel.close();
                        },
                        FORCE_CLOSE_MILLIS,
                        TimeUnit.MILLISECONDS);
    }

    /**
     * The status for a message the inbound codecs refused as too big or undecodable: a fragmented
     * message past the limit (the aggregator) or a compressed one that inflates past it (Netty's
     * deflate decoder, whose only signal is its message), 1009; other bad compressed data, 1007;
     * null for anything else.
     */
    public static WebSocketCloseStatus forInboundError(Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            return MESSAGE_TOO_BIG;
        }
        if (cause instanceof DecompressionException) {
            String message = String.valueOf(cause.getMessage());
            return message.contains("maximum size") ? MESSAGE_TOO_BIG : BAD_COMPRESSED_DATA;
        }
        return null;
    }

    /** Whether a close frame is already on its way: frames arriving now are discarded unread. */
    public static boolean isClosing(Channel channel) {
        return channel.hasAttr(CLOSING);
    }
}
