package io.switchboard.transport;

import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;

/**
 * Decides when a connection's outbound queue means its client is not keeping up: the queue stays
 * over the bound for a second, or passes the hard cap (four times the bound, at least 16 MiB) at
 * all. Not on a single reading over the bound, because a burst of broadcasts can briefly push a
 * healthy client past it: with io_uring the queue also holds sends the kernel has already taken,
 * until the loop reaps their completions, which it does only between task batches (up to 100 ms in
 * Netty). The hard cap bounds memory meanwhile. Every streaming transport (WebSocket, SSE, NDJSON)
 * applies the same rule before each broadcast.
 *
 * <p>Event-loop confined: one per connection, used on its loop.
 */
public final class OutboundBound {
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_HARD_CAP_BYTES = 16L * 1024 * 1024;

    private final long boundBytes;
    private final long hardCapBytes;
    /** When the queue last went over the bound, or 0 while it is under. */
    private long overSinceNanos;
    /** The queue size at the last check, for the log line that closes the connection. */
    private long lastPending;

    public OutboundBound(long boundBytes) {
        this.boundBytes = boundBytes;
        this.hardCapBytes = Math.max(4 * boundBytes, MIN_HARD_CAP_BYTES);
    }

    /** Whether the client behind {@code channel} should now be closed as a slow consumer. */
    public boolean exceeded(Channel channel, long nowNanos) {
        lastPending = pendingBytes(channel);
        if (lastPending <= boundBytes) {
            overSinceNanos = 0;
            return false;
        }
        if (overSinceNanos == 0) {
            overSinceNanos = nowNanos;
        }
        return lastPending > hardCapBytes || nowNanos - overSinceNanos >= GRACE_NANOS;
    }

    /**
     * The bytes queued on {@code channel} and not yet taken by the kernel, read through Netty's
     * public writability API rather than {@code Channel.unsafe()} (which Netty reserves for its own
     * use): while writable the queue is the high-water mark less what fits before it; while not, the
     * low-water mark plus what must drain before it. Both are exact, whatever the marks are set to.
     * 0 for a closed channel.
     */
    public static long pendingBytes(Channel channel) {
        if (channel.isWritable()) {
            return Math.max(0, channel.config().getWriteBufferHighWaterMark() - channel.bytesBeforeUnwritable());
        }
        long beforeWritable = channel.bytesBeforeWritable();
        // a closed channel has no queue: Netty answers Long.MAX_VALUE
        return beforeWritable == Long.MAX_VALUE ? 0 : channel.config().getWriteBufferLowWaterMark() + beforeWritable;
    }

    public long lastPending() {
        return lastPending;
    }

    public long boundBytes() {
        return boundBytes;
    }
}
