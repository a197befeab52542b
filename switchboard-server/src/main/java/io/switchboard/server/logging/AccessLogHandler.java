package io.switchboard.server.logging;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --access-log}: one line per HTTP request on the logger {@value #LOGGER}, at info, written
 * when the response's last byte is handed to the connection (an SSE or NDJSON stream: when it ends):
 * <pre>
 * 127.0.0.1:51234 GET /api/rooms/lobby/messages?after=3&amp;token=*** 200 245B 3ms
 * </pre>
 * The same fields as key-value pairs ({@code method}, {@code path}, {@code status}, {@code bytes},
 * {@code durationMs}, {@code address}) for {@code --log-format json}. Secrets in the query string
 * are masked ({@link SafeTarget}); the body is never logged. A request the connection closed before
 * answering is logged with status {@code -}.
 *
 * <p>Sits right after the HTTP codec, one instance per connection; event-loop confined. Only in the
 * pipeline when the flag is on, so it costs nothing otherwise.
 */
public final class AccessLogHandler extends ChannelDuplexHandler {
    public static final String LOGGER = "switchboard.access";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    /** The request being answered, or null between requests. */
    private String method;

    private String target;
    private long startedNanos;
    /** The response's status code; 0 until the response head is written. */
    private int status;

    private long bytes;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            method = req.method().name();
            target = SafeTarget.of(req.uri());
            startedNanos = System.nanoTime();
            status = 0;
            bytes = 0;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (method != null) {
            if (msg instanceof HttpResponse res && res.status().code() != HttpResponseStatus.CONTINUE.code()) {
                status = res.status().code();
            }
            if (msg instanceof HttpContent c) {
                bytes += c.content().readableBytes();
            }
            if (msg instanceof LastHttpContent && status != 0) {
                logRequest(ctx, Integer.toString(status));
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (method != null) {
            logRequest(ctx, "-");
        }
        ctx.fireChannelInactive();
    }

    private void logRequest(ChannelHandlerContext ctx, String statusText) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        String address = String.valueOf(ctx.channel().remoteAddress()).replaceFirst("^/", "");
        log.atInfo()
                .addKeyValue("method", method)
                .addKeyValue("path", target)
                .addKeyValue("status", statusText)
                .addKeyValue("bytes", bytes)
                .addKeyValue("durationMs", ms)
                .addKeyValue("address", address)
                .log("{} {} {} {} {}B {}ms", address, method, target, statusText, bytes, ms);
        method = null;
        target = null;
    }
}
