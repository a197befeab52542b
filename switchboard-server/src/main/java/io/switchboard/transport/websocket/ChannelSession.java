package io.switchboard.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.switchboard.hub.Delivery;
import io.switchboard.hub.Session;
import io.switchboard.metrics.DropReason;
import io.switchboard.metrics.SwitchboardMetrics;
import io.switchboard.metrics.Transport;
import io.switchboard.model.SessionId;
import io.switchboard.socketio.internal.websocket.CloseReasons;
import io.switchboard.socketio.internal.websocket.SharedDeflateHandshaker;
import io.switchboard.socketio.internal.websocket.WebSocketFrames;
import io.switchboard.socketio.internal.websocket.WebSocketUpgrade;
import io.switchboard.transport.OutboundBound;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket connection as the hub sees it. Deliveries are written as pre-built frames; the
 * outbound queue is bounded in bytes, and a client that lets it pass the bound is disconnected
 * rather than allowed to grow server memory.
 *
 * <p>Event-loop confined: the hub calls {@link #deliver} and {@link #flush} on the channel's loop.
 */
final class ChannelSession implements Session {
    private static final Logger log = LoggerFactory.getLogger(ChannelSession.class);

    private final SessionId id;
    private final Channel channel;
    /**
     * The context nearest the head after TLS ({@link WebSocketUpgrade#FIRST}): pre-built frames need
     * no outbound handler but the {@code SslHandler}, so writing from here skips the protocol handler,
     * the frame and deflate encoders and the idle handler on every delivery.
     */
    private final ChannelHandlerContext headmost;
    /**
     * Whether the connection negotiated permessage-deflate; always on the shared terms of
     * {@code SharedDeflateHandshaker}, so compressed broadcast frames fit it. Fixed at the handshake.
     */
    private final boolean deflate;
    /** Zero: flush at once; otherwise coalesce a connection's writes for up to this long. */
    private final long flushDelayNanos;
    /** A delayed flush is scheduled. Loop-confined. */
    private boolean flushScheduled;
    /** The slow-consumer rule, shared with the HTTP streams. */
    private final OutboundBound outbound;
    /** Picks (and retains) the frame this session writes for a delivery, or null to skip it. */
    private final Function<Delivery, ByteBuf> frames;
    /**
     * Set once the connection is closing (see {@link CloseReasons#CLOSING}); nothing is written after. Loop-confined.
     */
    private boolean closing;
    /** Whether writes are waiting for a flush. Loop-confined. */
    private boolean unflushed;

    private final Transport transport;
    private final SwitchboardMetrics metrics;

    ChannelSession(
            SessionId id,
            Channel channel,
            WebSocketSettings settings,
            Function<Delivery, ByteBuf> frames,
            Transport transport,
            SwitchboardMetrics metrics) {
        this.transport = transport;
        this.metrics = metrics;
        this.id = id;
        this.channel = channel;
        ChannelHandlerContext first = channel.pipeline().context(WebSocketUpgrade.FIRST);
        this.headmost = first != null ? first : channel.pipeline().firstContext();
        // the extension handler adds its encoder when the 101 is written, before the handshake completes
        this.deflate = channel.pipeline().get(WebSocketExtensionEncoder.class) != null;
        this.flushDelayNanos = settings.flushDelay().toNanos();
        this.outbound = new OutboundBound(settings.maxOutboundBytes());
        this.frames = frames;
    }

    @Override
    public SessionId id() {
        return id;
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public void deliver(Delivery delivery) {
        if (isClosing() || !channel.isActive()) {
            metrics.dropped(DropReason.CLOSING);
            return;
        }
        ByteBuf frame = frames.apply(delivery);
        if (frame == null) {
            // an event this endpoint does not carry (the seed chat shows no presence): nothing to
            // queue, so no need to read the clock and the queue for every such recipient
            return;
        }
        if (isSlowConsumer()) {
            frame.release();
            metrics.dropped(DropReason.SLOW_CONSUMER);
            return;
        }
        // closing was checked above: once per recipient, not twice (a channel attribute lookup)
        writeNow(frame);
    }

    /** Writes a frame the session owns (it will be released by the channel). */
    void write(ByteBuf frame) {
        if (isClosing()) {
            frame.release();
            return;
        }
        writeNow(frame);
    }

    private void writeNow(ByteBuf frame) {
        headmost.write(frame, channel.voidPromise());
        unflushed = true;
    }

    /** Runs the task on the connection's loop: now if already there, else queued behind earlier tasks. */
    void runOnLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    /** Whether the connection compresses messages: broadcasts then come from a format's {@code deflated()} twin. */
    boolean deflate() {
        return deflate;
    }

    /** A frame of this connection's own (a reply, a notice): compressed when it negotiated that and is long enough. */
    ByteBuf textFrame(byte[] utf8) {
        return deflate && utf8.length >= SharedDeflateHandshaker.MIN_COMPRESSED_BYTES
                ? WebSocketFrames.deflatedText(channel.alloc(), utf8)
                : WebSocketFrames.text(channel.alloc(), utf8);
    }

    @Override
    public void flush() {
        if (!unflushed || flushScheduled) {
            return;
        }
        if (flushDelayNanos == 0) {
            unflushed = false;
            headmost.flush();
        } else {
            flushScheduled = true;
            channel.eventLoop()
                    .schedule(
                            () -> {
                                flushScheduled = false;
                                unflushed = false;
                                headmost.flush();
                            },
                            flushDelayNanos,
                            TimeUnit.NANOSECONDS);
        }
    }

    private boolean isSlowConsumer() {
        if (outbound.exceeded(channel, System.nanoTime())) {
            closeSlowConsumer(outbound.lastPending());
            return true;
        }
        return false;
    }

    private boolean isClosing() {
        if (!closing && channel.hasAttr(CloseReasons.CLOSING)) {
            closing = true;
        }
        return closing;
    }

    /**
     * The client reads slower than the chat writes to it. The close frame queues behind what is
     * already pending, so a client that is slow but alive still reads the reason; one that has
     * stopped reading is cut off after a short grace period.
     */
    private void closeSlowConsumer(long pending) {
        log.warn(
                "closing slow consumer {} ({}): {} bytes queued, limit {}",
                id,
                channel.remoteAddress(),
                pending,
                outbound.boundBytes());
        CloseReasons.close(channel, CloseReasons.SLOW_CONSUMER);
    }
}
