package io.switchboard.server.logging;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One debug line when a connection opens (its address) and one when it closes, on the logger
 * {@value #LOGGER}:
 * <pre>
 * open 127.0.0.1:51234
 * close 127.0.0.1:51234 transport=websocket_native duration=12.4s reason=client
 * </pre>
 * The transport is read from the connection's last request (a keep-alive connection that only
 * carried API calls is {@code http}); the reason is {@code server} when this server closed the
 * connection and {@code client} when the peer did (the server's own reason, a slow consumer or an
 * idle timeout, has its own log line).
 *
 * <p>In the pipeline only while the logger is at debug when the connection opens, so it costs
 * nothing otherwise; one instance per connection, event-loop confined.
 */
public final class ConnectionLogHandler extends ChannelDuplexHandler {
    public static final String LOGGER = "switchboard.connections";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final long openedNanos = System.nanoTime();
    private String transport = "http";
    /** Set when a close passes through here on its way out: this server closed the connection. */
    private boolean closedByServer;

    public static boolean enabled() {
        return log.isDebugEnabled();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        log.atDebug()
                .addKeyValue("event", "open")
                .addKeyValue("address", address(ctx))
                .log("open {}", address(ctx));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            transport = transportOf(req);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        closedByServer = true;
        ctx.close(promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedNanos);
        String reason = closedByServer ? "server" : "client";
        log.atDebug()
                .addKeyValue("event", "close")
                .addKeyValue("address", address(ctx))
                .addKeyValue("transport", transport)
                .addKeyValue("durationMs", ms)
                .addKeyValue("reason", reason)
                .log("close {} transport={} duration={}s reason={}", address(ctx), transport, ms / 1000.0, reason);
        ctx.fireChannelInactive();
    }

    private static String address(ChannelHandlerContext ctx) {
        return String.valueOf(ctx.channel().remoteAddress()).replaceFirst("^/", "");
    }

    /** The names of issue #14's metrics, so a log line and a metric label agree. */
    static String transportOf(HttpRequest req) {
        String uri = req.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        boolean upgrade =
                HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE));
        if (path.startsWith("/socket.io/")) {
            return query.contains("transport=websocket") ? "socketio_websocket" : "socketio_polling";
        }
        if (upgrade) {
            return switch (path) {
                case "/" -> "websocket_tutorial";
                case "/ws" -> "websocket_native";
                case "/echo" -> "websocket_echo";
                default -> "http";
            };
        }
        if (path.startsWith("/api/rooms/")) {
            if (path.endsWith("/events")) {
                return "sse";
            }
            if (path.endsWith("/stream")) {
                return "stream";
            }
            if (path.endsWith("/messages") && query.contains("wait=")) {
                return "longpoll";
            }
        }
        return "http";
    }
}
