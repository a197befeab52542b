package io.switchboard.loadtool.transports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.switchboard.loadtool.common.RunPlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A polling or long-polling receiver on one keep-alive connection, with exactly one request
 * outstanding: {@code GET /api/rooms/R/messages?after=ID&limit=N} (long-polling adds
 * {@code &wait=S}). Each answer is a JSON array; every element's {@code text} is one message and
 * the highest {@code id} becomes the next {@code after}. A long-poller asks again at once; a poller
 * waits its interval with ±10% jitter (so hundreds of pollers do not fire in lockstep), except
 * after a full page, when more is waiting.
 *
 * <p>Event-loop confined: one instance per channel; the next poll is scheduled on the same loop.
 */
final class HttpPollReceiver extends SimpleChannelInboundHandler<FullHttpResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String host;
    private final String room;
    /** 0 for plain polling; else the server's hold time in seconds. */
    private final int waitSeconds;

    private final long intervalNanos;
    private final int limit;
    private final TransportsStats stats;
    private final TransportsDelivery delivery;
    private final SplittableRandom random;
    /** The highest message id received; the next request asks for what follows. */
    private long after;
    /** True once this receiver counted itself ready. */
    private boolean ready;

    HttpPollReceiver(
            String host,
            String room,
            int waitSeconds,
            long intervalNanos,
            int limit,
            RunPlan plan,
            TransportsStats stats,
            long seed) {
        this.host = host;
        this.room = room;
        this.waitSeconds = waitSeconds;
        this.intervalNanos = intervalNanos;
        this.limit = limit;
        this.stats = stats;
        this.delivery = new TransportsDelivery(plan, stats);
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (waitSeconds > 0) {
            request(ctx);
        } else {
            // A random phase inside the first interval spreads the pollers evenly.
            ctx.executor()
                    .schedule(() -> request(ctx), random.nextLong(Math.max(1, intervalNanos)), TimeUnit.NANOSECONDS);
        }
        super.channelActive(ctx);
    }

    private void request(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        String uri = "/api/rooms/" + room + "/messages?after=" + after + "&limit=" + limit
                + (waitSeconds > 0 ? "&wait=" + waitSeconds : "");
        FullHttpRequest get =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, Unpooled.EMPTY_BUFFER);
        get.headers().set(HttpHeaderNames.HOST, host).set(HttpHeaderNames.ACCEPT, "application/json");
        stats.receiverRequests.increment();
        ctx.writeAndFlush(get);
        if (waitSeconds > 0 && !ready) {
            // The server holds this request until a message exists, so sending it is being ready.
            ready = true;
            stats.ready.incrementAndGet();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (response.status().code() != 200) {
            stats.onError("poll answered " + response.status());
            ctx.close();
            return;
        }
        int count;
        try {
            count = accept(response);
        } catch (IOException | RuntimeException e) {
            stats.onError("poll answer is not a JSON array of messages: " + e.getMessage());
            ctx.close();
            return;
        }
        if (!ready) {
            ready = true;
            stats.ready.incrementAndGet();
        }
        if (waitSeconds > 0 || count >= limit) {
            request(ctx);
        } else {
            long jitter = intervalNanos / 10;
            long delay = intervalNanos - jitter + (jitter > 0 ? random.nextLong(2 * jitter + 1) : 0);
            ctx.executor().schedule(() -> request(ctx), delay, TimeUnit.NANOSECONDS);
        }
    }

    /** Takes the messages of one answer; returns how many there were. */
    private int accept(FullHttpResponse response) throws IOException {
        JsonNode array = JSON.readTree((InputStream) new ByteBufInputStream(response.content()));
        if (array == null || !array.isArray()) {
            throw new IOException("expected a JSON array");
        }
        for (JsonNode message : array) {
            after = Math.max(after, message.path("id").asLong(after));
            byte[] text = message.path("text").asText("").getBytes(StandardCharsets.UTF_8);
            delivery.accept(Unpooled.wrappedBuffer(text));
        }
        return array.size();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stats.onError(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        ctx.close();
    }
}
