package io.switchboard.transport.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes complete JSON responses of the API. {@code keepAlive} is decided once, from the request,
 * when it arrives: the request object is released before a deferred (storage) answer is written.
 *
 * <p>Call on the channel's event loop.
 */
final class ApiResponses {
    private ApiResponses() {}

    static void json(Channel channel, boolean keepAlive, HttpResponseStatus status, byte[] body) {
        json(channel, keepAlive, status, body, null, null, null, EmptyHttpHeaders.INSTANCE);
    }

    /** With a {@code Switchboard-Member} header naming the asking client's member id, when not null. */
    static void json(Channel channel, boolean keepAlive, HttpResponseStatus status, byte[] body, String memberId) {
        json(channel, keepAlive, status, body, null, null, memberId, EmptyHttpHeaders.INSTANCE);
    }

    /** A history read's answer: it names the store's epoch, and the reset when there was one. */
    static void json(
            Channel channel,
            boolean keepAlive,
            HttpResponseStatus status,
            byte[] body,
            String epoch,
            ResumeReset reset) {
        json(channel, keepAlive, status, body, epoch, reset, null, EmptyHttpHeaders.INSTANCE);
    }

    private static void json(
            Channel channel,
            boolean keepAlive,
            HttpResponseStatus status,
            byte[] body,
            String epoch,
            ResumeReset reset,
            String memberId,
            HttpHeaders extra) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().add(extra);
        if (memberId != null) {
            res.headers().set("Switchboard-Member", memberId);
        }
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set("X-Content-Type-Options", "nosniff");
        if (epoch != null) {
            res.headers().set(ResumeReset.EPOCH_HEADER, epoch);
        }
        if (reset != null) {
            res.headers().set(ResumeReset.RESET_HEADER, reset.wireName());
        }
        HttpUtil.setContentLength(res, body.length);
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) {
            channel.writeAndFlush(res);
        } else {
            channel.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    static void error(Channel channel, boolean keepAlive, ApiError error, String message) {
        error(channel, keepAlive, error, message, EmptyHttpHeaders.INSTANCE);
    }

    static void error(Channel channel, boolean keepAlive, ApiException e) {
        error(channel, keepAlive, e.error(), e.getMessage(), e.headers());
    }

    private static void error(Channel channel, boolean keepAlive, ApiError error, String message, HttpHeaders extra) {
        // a malformed request may have left the connection's framing in doubt; start afresh
        boolean keep = keepAlive && error != ApiError.PAYLOAD_TOO_LARGE && error != ApiError.REQUEST_TIMEOUT;
        if ((error == ApiError.TOO_MANY_REQUESTS || error == ApiError.UNAVAILABLE)
                && !extra.contains(HttpHeaderNames.RETRY_AFTER)) {
            // RFC 9110 lets a 429 or 503 go without it, but a client then has nothing to pace its retry by
            extra = new DefaultHttpHeaders().add(extra).set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        json(channel, keep, error.status(), ApiJson.error(error, message), null, null, null, extra);
    }

    /** A complete 413 for a body announced too large with {@code Expect: 100-continue}; the body never comes. */
    static FullHttpResponse payloadTooLarge(String message) {
        byte[] body = ApiJson.error(ApiError.PAYLOAD_TOO_LARGE, message);
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, ApiError.PAYLOAD_TOO_LARGE.status(), Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set("X-Content-Type-Options", "nosniff");
        HttpUtil.setContentLength(res, body.length);
        return res;
    }

    /** The same error as a complete HTTP/1.1 response in bytes, for handlers in front of the HTTP codec. */
    static byte[] rawError(ApiError error, String message) {
        byte[] body = ApiJson.error(error, message);
        String head = "HTTP/1.1 " + error.status().code() + " " + error.status().reasonPhrase() + "\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }
}
