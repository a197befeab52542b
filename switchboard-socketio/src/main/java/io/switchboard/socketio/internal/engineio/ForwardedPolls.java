package io.switchboard.socketio.internal.engineio;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.socketio.internal.websocket.WebSocketLimits;
import io.switchboard.socketio.remote.ForwardedRequest;
import io.switchboard.socketio.remote.ForwardedResponse;
import io.switchboard.socketio.remote.RemoteSessions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Engine.IO polling requests of a session held by another node (docs/cluster.md, "No sticky
 * sessions"): {@link #forward} sends one to the owner through {@link RemoteSessions} and writes its
 * answer to the client; {@link #serve} answers one that another node forwarded here.
 *
 * <p>The owner serves a forwarded request through the very code that serves its own clients: the
 * request is fired into an {@link EmbeddedChannel} whose outbound end captures the response. That
 * channel's loop runs every task in the calling thread, so the session's loop writes the (held)
 * reply straight into the capture, and closing the channel (the requesting client went away) ends
 * a held poll as a dropped connection does.
 *
 * <p>Stateless; any thread.
 */
final class ForwardedPolls {
    /** Set by the node that talks to the client, never relayed. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "content-length",
            "transfer-encoding",
            "upgrade",
            "te",
            "trailer",
            "proxy-connection");

    private ForwardedPolls() {}

    /** This node does not hold {@code sid}: asks the owner and answers the client with what it says. */
    static void forward(
            ChannelHandlerContext ctx,
            FullHttpRequest req,
            boolean keepAlive,
            RemoteSessions remote,
            String sid,
            HttpHeaders cors) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : req.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name)) {
                headers.putIfAbsent(name, h.getValue());
            }
        }
        ForwardedRequest forwarded =
                new ForwardedRequest(req.method().name(), req.uri(), headers, ByteBufUtil.getBytes(req.content()));
        CompletableFuture<ForwardedResponse> answer;
        try {
            answer = remote.forward(sid, forwarded);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<ForwardedResponse> pending = answer;
        // the client gave up (a poll it no longer waits for): the owner drops its side too
        ChannelFutureListener gone = f -> pending.cancel(false);
        ctx.channel().closeFuture().addListener(gone);
        pending.whenComplete((res, err) -> ctx.executor().execute(() -> {
            ctx.channel().closeFuture().removeListener(gone);
            if (!ctx.channel().isActive()) {
                return;
            }
            if (res == null) {
                // no live node holds the session (or its owner did not answer): as for any unknown id
                HttpReplies.error(ctx, keepAlive, EngineIoError.UNKNOWN_SID, cors);
                return;
            }
            FullHttpResponse out = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(res.status()), Unpooled.wrappedBuffer(res.body()));
            res.headers().forEach(out.headers()::set);
            HttpUtil.setContentLength(out, res.body().length);
            HttpReplies.write(ctx, keepAlive, out);
        }));
    }

    /** Answers a request another node forwarded here, as if it had arrived on a connection of this node. */
    static CompletableFuture<ForwardedResponse> serve(EngineIoServer server, ForwardedRequest r) {
        CompletableFuture<ForwardedResponse> result = new CompletableFuture<>();
        FullHttpRequest req = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.valueOf(r.method()), r.uri(), Unpooled.wrappedBuffer(r.body()));
        r.headers().forEach(req.headers()::set);
        // the client's connection is not ours to close; a WebSocket is never forwarded as a poll
        req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        req.headers().remove(HttpHeaderNames.UPGRADE);
        HttpUtil.setContentLength(req, r.body().length);
        WebSocketLimits limits =
                EngineIoServer.defaultWebSocketLimits(server.config().maxPayload());
        EmbeddedChannel ch = new EmbeddedChannel(new Capture(result), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                FullHttpRequest in = (FullHttpRequest) msg;
                try {
                    if (!server.handleForwarded(ctx, in, limits)) {
                        HttpReplies.error(ctx, true, EngineIoError.BAD_REQUEST);
                    }
                } finally {
                    in.release();
                }
            }
        });
        result.whenComplete((res, err) -> {
            if (result.isCancelled()) {
                ch.close();
            }
        });
        ch.writeInbound(req);
        return result;
    }

    /** The end of the embedded channel: turns the response written into a {@link ForwardedResponse}. */
    private static final class Capture extends ChannelOutboundHandlerAdapter {
        private final CompletableFuture<ForwardedResponse> result;

        Capture(CompletableFuture<ForwardedResponse> result) {
            this.result = result;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            try {
                if (msg instanceof FullHttpResponse res) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (Map.Entry<String, String> h : res.headers()) {
                        String name = h.getKey().toLowerCase(Locale.ROOT);
                        if (!HOP_BY_HOP.contains(name)) {
                            headers.putIfAbsent(name, h.getValue());
                        }
                    }
                    result.complete(
                            new ForwardedResponse(res.status().code(), headers, ByteBufUtil.getBytes(res.content())));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
            promise.setSuccess();
        }
    }
}
