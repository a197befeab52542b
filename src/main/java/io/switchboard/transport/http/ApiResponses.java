package io.switchboard.transport.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Writes complete JSON responses of the API. {@code keepAlive} is decided once, from the request,
 * when it arrives: the request object is released before a deferred (storage) answer is written.
 *
 * <p>Call on the channel's event loop.
 */
final class ApiResponses {
    private ApiResponses() {
    }

    static void json(Channel channel, boolean keepAlive, HttpResponseStatus status, byte[] body) {
        json(channel, keepAlive, status, body, null);
    }

    /** With a {@code Switchboard-Member} header naming the asking client's member id, when not null. */
    static void json(Channel channel, boolean keepAlive, HttpResponseStatus status, byte[] body, String memberId) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        if (memberId != null) {
            res.headers().set("Switchboard-Member", memberId);
        }
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set("X-Content-Type-Options", "nosniff");
        HttpUtil.setContentLength(res, body.length);
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) {
            channel.writeAndFlush(res);
        } else {
            channel.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    static void error(Channel channel, boolean keepAlive, ApiError error, String message) {
        // a malformed request may have left the connection's framing in doubt; start afresh
        boolean keep = keepAlive && error != ApiError.PAYLOAD_TOO_LARGE && error != ApiError.REQUEST_TIMEOUT;
        json(channel, keep, error.status(), ApiJson.error(error, message));
    }

    /** The same error as a complete HTTP/1.1 response in bytes, for handlers in front of the HTTP codec. */
    static byte[] rawError(ApiError error, String message) {
        byte[] body = ApiJson.error(error, message);
        String head = "HTTP/1.1 " + error.status().code() + " " + error.status().reasonPhrase() + "\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] all = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }
}
