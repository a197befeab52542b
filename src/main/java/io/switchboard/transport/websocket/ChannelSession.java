package io.switchboard.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.switchboard.hub.Delivery;
import io.switchboard.hub.Session;
import io.switchboard.hub.SessionId;
import java.util.concurrent.Executor;
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
    private final long maxOutboundBytes;
    /** Picks (and retains) the frame this session writes for a delivery, or null to skip it. */
    private final Function<Delivery, ByteBuf> frames;
    /** Set once when the session is being closed; nothing more is written after. Loop-confined. */
    private boolean closing;
    /** Whether writes are waiting for a flush. Loop-confined. */
    private boolean unflushed;

    ChannelSession(SessionId id, Channel channel, long maxOutboundBytes, Function<Delivery, ByteBuf> frames) {
        this.id = id;
        this.channel = channel;
        this.maxOutboundBytes = maxOutboundBytes;
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
    public void deliver(Delivery delivery) {
        if (closing || !channel.isActive()) {
            return;
        }
        ByteBuf frame = frames.apply(delivery);
        if (frame != null) {
            write(frame);
        }
    }

    /** Writes a frame the session owns (it will be released by the channel). */
    void write(ByteBuf frame) {
        if (closing) {
            frame.release();
            return;
        }
        channel.write(frame, channel.voidPromise());
        unflushed = true;
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        if (out != null && out.totalPendingWriteBytes() > maxOutboundBytes) {
            closeSlowConsumer(out.totalPendingWriteBytes());
        }
    }

    /** Runs the task on the connection's loop: now if already there, else queued behind earlier tasks. */
    void runOnLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    io.netty.buffer.ByteBufAllocator channelAllocator() {
        return channel.alloc();
    }

    @Override
    public void flush() {
        if (unflushed) {
            unflushed = false;
            channel.flush();
        }
    }

    /**
     * The client reads slower than the chat writes to it. The close frame queues behind what is
     * already pending, so a client that is slow but alive still reads the reason; one that has
     * stopped reading is cut off after a short grace period.
     */
    private void closeSlowConsumer(long pending) {
        closing = true;
        log.info("closing slow consumer {} ({}): {} bytes queued, limit {}", id, channel.remoteAddress(), pending, maxOutboundBytes);
        CloseReasons.close(channel, CloseReasons.SLOW_CONSUMER);
    }
}
