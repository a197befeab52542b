package io.switchboard.socketio.internal.engineio;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The CORS headers of {@link CorsOptions} for one request: those of an ordinary response, and the
 * answer to a preflight. An allowed origin is echoed (so it works with credentials, where browsers
 * refuse {@code *}), with {@code Vary: Origin}. Stateless; callable from any thread.
 */
final class Cors {
    private Cors() {}

    /** The headers an ordinary response (poll, post, handshake, error) to this request carries. */
    static HttpHeaders responseHeaders(CorsOptions options, HttpHeaders request) {
        if (!options.enabled()) {
            return EmptyHttpHeaders.INSTANCE;
        }
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(HttpHeaderNames.VARY, "Origin");
        String origin = request.get(HttpHeaderNames.ORIGIN);
        if (options.allows(origin)) {
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            if (options.credentials()) {
                h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            }
        }
        return h;
    }

    /**
     * Answers an {@code OPTIONS} preflight with 204: the allowed origin, methods, the requested
     * headers, credentials and max age; a disallowed origin gets only {@code Vary}, which the
     * browser reads as a refusal.
     */
    static void preflight(ChannelHandlerContext ctx, boolean keepAlive, CorsOptions options, HttpHeaders request) {
        FullHttpResponse res =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER);
        HttpHeaders h = res.headers();
        h.add(responseHeaders(options, request));
        String requestedHeaders = request.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (h.contains(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)) {
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, CorsOptions.METHODS);
            if (requestedHeaders != null && !requestedHeaders.isBlank()) {
                h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requestedHeaders);
            }
            if (!options.maxAge().isZero()) {
                h.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, options.maxAge().toSeconds());
            }
        }
        if (requestedHeaders != null) {
            h.set(HttpHeaderNames.VARY, "Origin, Access-Control-Request-Headers");
        }
        HttpUtil.setContentLength(res, 0);
        HttpReplies.write(ctx, keepAlive, res);
    }
}
