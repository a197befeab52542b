package io.switchboard.loadtool.transports;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.loadtool.common.RunPlan;

/**
 * A receiver on one never-ending response: Server-Sent Events ({@code /events}) or chunked NDJSON
 * ({@code /stream}). Sends one GET when connected, is ready once the 200 status arrived, and then
 * feeds every body chunk through a {@link HttpLineSplitter}; each JSON line, or each SSE event's
 * data, is one message. The response ending counts as an error: the scenario never asks for it.
 *
 * <p>Event-loop confined: one instance per channel.
 */
final class HttpPushReceiver extends ChannelInboundHandlerAdapter {

    private final boolean sse;
    private final String host;
    private final String path;
    private final TransportsStats stats;
    private final TransportsDelivery delivery;
    private final HttpLineSplitter splitter = new HttpLineSplitter();
    /** Null for NDJSON. */
    private final HttpSseParser events;

    /**
     * @param path request target, e.g. {@code /api/rooms/r/events?after=0}
     */
    HttpPushReceiver(boolean sse, String host, String path, RunPlan plan, TransportsStats stats) {
        this.sse = sse;
        this.host = host;
        this.path = path;
        this.stats = stats;
        this.delivery = new TransportsDelivery(plan, stats);
        this.events = sse ? new HttpSseParser((id, data) -> delivery.accept(data)) : null;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        FullHttpRequest get = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        get.headers()
                .set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.ACCEPT, sse ? "text/event-stream" : "application/x-ndjson");
        stats.receiverRequests.increment();
        ctx.writeAndFlush(get);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                if (response.status().code() != 200) {
                    stats.onError(path + " answered " + response.status());
                    ctx.close();
                    return;
                }
                stats.ready.incrementAndGet();
            }
            if (msg instanceof HttpContent content) {
                splitter.feed(content.content(), this::onLine);
                if (msg instanceof LastHttpContent) {
                    stats.onError(path + " ended its response");
                    ctx.close();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onLine(ByteBuf line) {
        if (sse) {
            events.line(line);
        } else if (line.isReadable()) {
            delivery.accept(line);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stats.onError(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        splitter.release();
        if (events != null) {
            events.release();
        }
    }
}
