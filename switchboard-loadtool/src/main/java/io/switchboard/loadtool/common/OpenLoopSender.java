package io.switchboard.loadtool.common;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a {@link RunPlan}'s messages at their scheduled times, round-robin over the senders,
 * whatever the server does: open loop. What a message is (a token for fan-out, a {@code send}
 * command for the storage scenario) is the {@link Payload}'s business; the schedule is this class's. A slow server
 * therefore cannot slow the offered load
 * down, and since each token carries its due time rather than the time it left, any lateness of
 * this sender is charged to latency instead of disappearing (coordinated omission).
 *
 * <p>Thread-confined: {@link #run} runs on the calling thread; writes are handed to each
 * channel's event loop by Netty.
 */
public final class OpenLoopSender {

    /** What the sender did; {@code skipped} messages were due on a sender that had closed. */
    public record Outcome(long measuredSent, long skipped, double maxLagMillis) {}

    /** The text of message {@code seq}, sent by sender {@code senderIndex}, due at {@code dueSinceEpochNanos}. */
    @FunctionalInterface
    public interface Payload {
        byte[] text(long seq, int senderIndex, long dueSinceEpochNanos);
    }

    private final RunPlan plan;
    private final Channel[] senders;
    private final Payload payload;
    private final Runnable onMeasurementStart;

    /**
     * @param payload what each message says
     * @param onMeasurementStart runs when the first measured message is due, just before it is sent
     */
    public OpenLoopSender(RunPlan plan, List<Channel> senders, Payload payload, Runnable onMeasurementStart) {
        if (senders.isEmpty()) {
            throw new IllegalArgumentException("no open client to send from");
        }
        this.plan = plan;
        this.senders = senders.toArray(new Channel[0]);
        this.payload = payload;
        this.onMeasurementStart = onMeasurementStart;
    }

    /** The fan-out token: run id, sequence number and due time, padded to the plan's payload size. */
    public static Payload tokens(RunPlan plan) {
        return (seq, senderIndex, due) -> Token.encode(plan.runId(), seq, due, plan.payloadBytes());
    }

    public Outcome run() throws InterruptedException {
        // Start slightly in the future so the first due times are not already late.
        long start = System.nanoTime() + 20_000_000L;
        long measuredSent = 0;
        long skipped = 0;
        long maxLag = 0;
        for (long seq = 0; seq < plan.totalMessages(); seq++) {
            long due = start + plan.dueAfterStartNanos(seq);
            waitUntil(due);
            if (seq == plan.warmupMessages()) {
                onMeasurementStart.run();
            }
            maxLag = Math.max(maxLag, System.nanoTime() - due);
            int index = (int) (seq % senders.length);
            Channel channel = senders[index];
            if (!channel.isActive()) {
                skipped++;
                continue;
            }
            byte[] text = payload.text(seq, index, due - plan.epochNanos());
            channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(text)), channel.voidPromise());
            if (plan.isMeasured(seq)) {
                measuredSent++;
            }
        }
        return new Outcome(measuredSent, skipped, maxLag / 1e6);
    }

    private static void waitUntil(long dueNanos) throws InterruptedException {
        for (long left = dueNanos - System.nanoTime(); left > 0; left = dueNanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException("sender interrupted");
            }
        }
    }
}
