package io.switchboard.transport.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.auth.Identity;
import io.switchboard.hub.Delivery;
import io.switchboard.hub.Session;
import io.switchboard.metrics.CloseReason;
import io.switchboard.metrics.Connections;
import io.switchboard.metrics.DropReason;
import io.switchboard.metrics.SwitchboardMetrics;
import io.switchboard.metrics.Transport;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HubEvent;
import io.switchboard.model.SessionId;
import io.switchboard.transport.OutboundBound;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open SSE or NDJSON response as the hub sees it: an invisible room listener whose events are
 * written as chunks of a response that never ends. The outbound queue is bounded in bytes like a
 * WebSocket's; a client that does not read is disconnected rather than allowed to grow memory.
 *
 * <p>Event-loop confined: the hub calls {@link #deliver} and {@link #flush} on the channel's loop,
 * and the history is written there before any live event (see {@link io.switchboard.hub.Hub}).
 */
final class StreamSession implements Session {
    private static final Logger log = LoggerFactory.getLogger(StreamSession.class);

    private final SessionId id = SessionId.random();
    private final ChannelHandlerContext ctx;
    private final Channel channel;
    private final StreamEncoding encoding;
    /** The slow-consumer rule, shared with WebSocket sessions. */
    private final OutboundBound outbound;
    /** The newest message id written; a message at or below it is not written again. Loop-confined. */
    private long lastMessageId;
    /** A resume is still paging through stored messages; live messages are left to it. Loop-confined. */
    private boolean catchingUp;
    /** Writes are waiting for a flush. Loop-confined. */
    private boolean unflushed;

    private ScheduledFuture<?> heartbeat;

    private final SwitchboardMetrics metrics;

    StreamSession(
            ChannelHandlerContext ctx,
            StreamEncoding encoding,
            long afterId,
            long maxOutboundBytes,
            SwitchboardMetrics metrics) {
        this.ctx = ctx;
        this.metrics = metrics;
        this.channel = ctx.channel();
        this.encoding = encoding;
        this.lastMessageId = afterId;
        this.outbound = new OutboundBound(maxOutboundBytes);
    }

    @Override
    public SessionId id() {
        return id;
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    /** Sends the headers (naming the store's epoch) and the preamble, and starts the heartbeat. */
    void open(long heartbeatNanos, String epoch) {
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, encoding.contentType());
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        // nginx buffers proxied responses unless told not to, which would hold events back
        res.headers().set("X-Accel-Buffering", "no");
        res.headers().set("X-Content-Type-Options", "nosniff");
        res.headers().set(ResumeReset.EPOCH_HEADER, epoch);
        HttpUtil.setTransferEncodingChunked(res, true);
        ctx.write(res);
        byte[] preamble = encoding.preamble();
        if (preamble != null) {
            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(preamble)));
        }
        ctx.flush();
        heartbeat = channel.eventLoop()
                .scheduleAtFixedRate(this::beat, heartbeatNanos, heartbeatNanos, TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(f -> heartbeat.cancel(false));
    }

    /** Tells the client who its token says it is and when the stream ends without a new one. */
    void authenticated(Identity identity, Duration grace) {
        write(Unpooled.wrappedBuffer(encoding.auth(ApiJson.auth(identity, grace))));
        flush();
    }

    /**
     * The token expired and the grace passed: a last {@code token_expired} event, the terminating
     * chunk, and the connection closes. The client reopens the stream with a new token, resuming
     * from its last id.
     */
    void tokenExpired() {
        if (!channel.isActive()) {
            return;
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        write(Unpooled.wrappedBuffer(encoding.tokenExpired(ApiJson.tokenExpired())));
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        unflushed = false;
    }

    void catchingUp(boolean catchingUp) {
        this.catchingUp = catchingUp;
    }

    long lastMessageId() {
        return lastMessageId;
    }

    /** Tells the client its position is void; the latest messages follow, whatever their ids. */
    void reset(ResumeReset reset, String epoch) {
        lastMessageId = -1;
        write(Unpooled.wrappedBuffer(encoding.reset(reset, epoch)));
    }

    /** Writes history (the listen's, then the catch-up's pages); the first runs before any live event. */
    void history(List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            if (m.id() > lastMessageId) {
                lastMessageId = m.id();
                write(Unpooled.wrappedBuffer(encoding.message(m)));
            }
        }
        flush();
    }

    @Override
    public Transport transport() {
        return isSse() ? Transport.SSE : Transport.STREAM;
    }

    @Override
    public void deliver(Delivery delivery) {
        if (!channel.isActive()) {
            metrics.dropped(DropReason.CLOSING);
            return;
        }
        if (isSlowConsumer()) {
            metrics.dropped(DropReason.SLOW_CONSUMER);
            return;
        }
        if (delivery.event() instanceof HubEvent.MessagePosted posted) {
            if (catchingUp || posted.message().id() <= lastMessageId) {
                return;
            }
            lastMessageId = posted.message().id();
        }
        ByteBuf shared = delivery.encoded(encoding);
        if (shared != null) {
            write(shared.retainedDuplicate());
        }
    }

    @Override
    public void flush() {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    /**
     * The server is shutting down: what is already written stays ahead (the hub's deliveries of
     * earlier messages ran before this, on this loop), then SSE gets a last {@code retry:} hint and
     * both kinds the terminating chunk, and the connection closes. False when it was already closed.
     */
    boolean drain() {
        if (!channel.isActive()) {
            return false;
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        byte[] farewell = encoding.farewell();
        if (farewell != null) {
            write(Unpooled.wrappedBuffer(farewell));
        }
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        unflushed = false;
        return true;
    }

    /** Whether this is an SSE stream (else NDJSON), for the drain's log line. */
    boolean isSse() {
        return encoding instanceof SseEncoding;
    }

    private void write(ByteBuf bytes) {
        ctx.write(new DefaultHttpContent(bytes), channel.voidPromise());
        unflushed = true;
    }

    private void beat() {
        if (channel.isActive() && !isSlowConsumer()) {
            write(Unpooled.wrappedBuffer(encoding.heartbeat()));
            flush();
        }
    }

    private boolean isSlowConsumer() {
        if (outbound.exceeded(channel, System.nanoTime())) {
            log.warn(
                    "closing slow HTTP stream {} ({}): {} bytes queued, limit {}",
                    id,
                    channel.remoteAddress(),
                    outbound.lastPending(),
                    outbound.boundBytes());
            Connections.closingFor(channel, CloseReason.SLOW_CONSUMER);
            channel.close();
            return true;
        }
        return false;
    }
}
