package io.switchboard.socketio.internal.engineio;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Writes the Engine.IO server's HTTP responses, each with the CORS headers its request earned
 * ({@link Cors#responseHeaders}). Stateless; callable from any thread.
 */
final class HttpReplies {
    static final String TEXT = "text/plain; charset=UTF-8";
    static final String HTML = "text/html";
    static final String JSON = "application/json";

    private HttpReplies() {}

    static void send(
            ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String contentType, String body) {
        send(ctx, keepAlive, status, contentType, body, EmptyHttpHeaders.INSTANCE);
    }

    static void send(
            ChannelHandlerContext ctx,
            boolean keepAlive,
            HttpResponseStatus status,
            String contentType,
            String body,
            HttpHeaders cors) {
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set("X-Content-Type-Options", "nosniff");
        res.headers().add(cors);
        HttpUtil.setContentLength(res, res.content().readableBytes());
        write(ctx, keepAlive, res);
    }

    static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse res) {
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    static void error(ChannelHandlerContext ctx, boolean keepAlive, EngineIoError error) {
        error(ctx, keepAlive, error, null, EmptyHttpHeaders.INSTANCE);
    }

    static void error(ChannelHandlerContext ctx, boolean keepAlive, EngineIoError error, HttpHeaders cors) {
        error(ctx, keepAlive, error, null, cors);
    }

    /** The reference error body; {@code message} replaces the standard wording when not null. */
    static void error(
            ChannelHandlerContext ctx, boolean keepAlive, EngineIoError error, String message, HttpHeaders cors) {
        send(ctx, keepAlive, error.status(), JSON, error.json(message), cors);
    }
}
