package io.switchboard.loadtool.common;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The open-loop schedule of one run: message {@code seq} is due at
 * {@code start + seq / rate} seconds, whatever happened to earlier messages. The first
 * {@code warmupMessages} are sent and received like the others but left out of every statistic.
 *
 * <p>Immutable.
 *
 * @param runId random number written into every token of this run
 * @param rate messages per second, all senders together (0 for a run that sends nothing)
 * @param warmupMessages how many messages the warmup is
 * @param measuredMessages how many messages are measured after the warmup
 * @param payloadBytes size of each message text
 * @param epochNanos {@link System#nanoTime()} origin of the token offsets
 */
public record RunPlan(
        int runId, double rate, long warmupMessages, long measuredMessages, int payloadBytes, long epochNanos) {

    public RunPlan {
        if (rate < 0 || warmupMessages < 0 || measuredMessages < 0 || payloadBytes < 0) {
            throw new IllegalArgumentException("a run plan has no negative numbers");
        }
    }

    public static RunPlan of(double rate, double warmupSeconds, double durationSeconds, int payloadBytes) {
        if (!(rate > 0) || !(durationSeconds > 0) || warmupSeconds < 0) {
            throw new IllegalArgumentException("rate and duration must be positive, warmup not negative");
        }
        return new RunPlan(
                ThreadLocalRandom.current().nextInt(1, 1_000_000),
                rate,
                Math.round(rate * warmupSeconds),
                Math.round(rate * durationSeconds),
                payloadBytes,
                System.nanoTime());
    }

    /** A plan for connections that never send (the idle scenario). */
    public static RunPlan idle() {
        return new RunPlan(0, 0, 0, 0, 0, System.nanoTime());
    }

    long totalMessages() {
        return warmupMessages + measuredMessages;
    }

    public boolean isMeasured(long seq) {
        return seq >= warmupMessages && seq < totalMessages();
    }

    /** When message {@code seq} is due, in nanoseconds after the first message. */
    long dueAfterStartNanos(long seq) {
        // Computed from seq rather than by adding an interval, so rounding never accumulates.
        return Math.round(seq * 1e9 / rate);
    }
}
