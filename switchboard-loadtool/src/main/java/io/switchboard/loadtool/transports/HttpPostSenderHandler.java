package io.switchboard.loadtool.transports;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Lets {@link OpenLoopSender} post to the HTTP API: each {@link TextWebSocketFrame} it writes
 * becomes {@code POST /api/rooms/R/messages} with {@code {"from":…,"text":…}} on this keep-alive
 * connection. HTTP/1.1 without pipelining allows one request in flight, so later ones wait in a
 * queue; the token carries the intended send time, so that wait is charged to latency.
 *
 * <pre>
 *   OpenLoopSender ──TextWebSocketFrame("lt:…")──▶ this ──FullHttpRequest──▶ HttpClientCodec
 *                                                  ◀──FullHttpResponse (201)──
 * </pre>
 *
 * <p>Event-loop confined: one instance per channel.
 */
final class HttpPostSenderHandler extends ChannelDuplexHandler {

    private final String host;
    private final String path;
    private final TransportsStats stats;
    /** Requests written by the sender but not yet on the wire, oldest first. */
    private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>();
    /** True while a request is on the wire without its answer. */
    private boolean inFlight;

    HttpPostSenderHandler(String host, String room, TransportsStats stats) {
        this.host = host;
        this.path = "/api/rooms/" + room + "/messages";
        this.stats = stats;
    }

    /** The JSON body posting {@code text}; the token needs no escaping (letters, digits, ':'). */
    static ByteBuf body(ByteBuf text) {
        ByteBuf body = Unpooled.buffer(text.readableBytes() + 32);
        body.writeCharSequence("{\"from\":\"loadtool\",\"text\":\"", StandardCharsets.US_ASCII);
        body.writeBytes(text, text.readerIndex(), text.readableBytes());
        body.writeCharSequence("\"}", StandardCharsets.US_ASCII);
        return body;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof TextWebSocketFrame frame)) {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf body;
        try {
            body = body(frame.content());
        } finally {
            frame.release();
        }
        FullHttpRequest post = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, body);
        post.headers()
                .set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        queued.add(post);
        promise.trySuccess();
        sendNext(ctx);
    }

    private void sendNext(ChannelHandlerContext ctx) {
        if (inFlight || queued.isEmpty()) {
            return;
        }
        inFlight = true;
        stats.senderRequests.increment();
        ctx.writeAndFlush(queued.poll());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof FullHttpResponse response) {
                if (response.status().code() != 201) {
                    stats.senderFailures.increment();
                    stats.onError("POST answered " + response.status() + ": "
                            + response.content().toString(StandardCharsets.UTF_8));
                }
                inFlight = false;
                sendNext(ctx);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        queued.forEach(FullHttpRequest::release);
        queued.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stats.onError("sender: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        ctx.close();
    }
}
