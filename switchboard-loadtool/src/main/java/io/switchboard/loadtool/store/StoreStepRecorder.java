package io.switchboard.loadtool.store;

import io.netty.channel.EventLoop;
import io.switchboard.loadtool.common.LoopStats;
import io.switchboard.loadtool.common.RunPlan;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records the replies of one rate step: latency and counts per event loop, plus two running
 * counters the scenario thread polls (acks of the step for the throughput window, answered
 * measured messages for the drain).
 *
 * <p>Thread-safe: {@link #onReply} runs on event loops and touches only its loop's
 * {@link StoreLoopStats}; the counters are adders; {@link #totals()} reads each loop's stats on
 * that loop.
 */
final class StoreStepRecorder {

    private final RunPlan plan;
    private final Map<EventLoop, StoreLoopStats> statsByLoop = new ConcurrentHashMap<>();
    /** Every ack of this step, warmup included: the stored-messages counter of the CPU window. */
    private final LongAdder acks = new LongAdder();
    /** Measured messages answered for the first time, by an ack or an error. */
    private final LongAdder measuredAnswered = new LongAdder();

    StoreStepRecorder(RunPlan plan) {
        this.plan = plan;
    }

    RunPlan plan() {
        return plan;
    }

    /** Called on {@code loop} for every reply while this step is the current one. */
    void onReply(EventLoop loop, StoreReply reply, long arrivalNanos) {
        if (reply instanceof StoreReply.Ack ack) {
            if (ack.id().run() == plan.runId()) {
                onAck(stats(loop), ack, arrivalNanos);
            }
        } else if (reply instanceof StoreReply.Rejected rejected) {
            onRejected(stats(loop), rejected);
        }
    }

    private void onAck(StoreLoopStats stats, StoreReply.Ack ack, long arrivalNanos) {
        acks.increment();
        if (ack.duplicate()) {
            stats.duplicateFlags++;
        }
        long seq = ack.id().seq();
        if (!plan.isMeasured(seq)) {
            return;
        }
        int index = (int) (seq - plan.warmupMessages());
        if (stats.acked.get(index)) {
            stats.repeatedAcks++;
            return;
        }
        stats.acked.set(index);
        stats.latencyMicros.recordValue(Math.max(
                0,
                Math.min(
                        LoopStats.HIGHEST_MICROS,
                        (arrivalNanos - plan.epochNanos() - ack.id().offsetNanos()) / 1000)));
        measuredAnswered.increment();
    }

    private void onRejected(StoreLoopStats stats, StoreReply.Rejected rejected) {
        switch (rejected.code()) {
            case "unavailable" -> stats.unavailable++;
            case "rate_limited" -> stats.rateLimited++;
            default -> {
                stats.otherErrors++;
                if (stats.firstOtherError == null) {
                    stats.firstOtherError = rejected.code();
                }
            }
        }
        StoreClientId id = rejected.id();
        if (id != null && id.run() == plan.runId() && plan.isMeasured(id.seq())) {
            stats.measuredRejected++;
            measuredAnswered.increment();
        }
    }

    private StoreLoopStats stats(EventLoop loop) {
        return statsByLoop.computeIfAbsent(loop, l -> new StoreLoopStats(plan.measuredMessages()));
    }

    long acks() {
        return acks.sum();
    }

    long measuredAnswered() {
        return measuredAnswered.sum();
    }

    /** Waits until this many measured messages were answered, or the deadline. */
    boolean awaitAnswers(long expected, long deadlineNanos) throws InterruptedException {
        while (measuredAnswered.sum() < expected && System.nanoTime() < deadlineNanos) {
            Thread.sleep(5);
        }
        return measuredAnswered.sum() >= expected;
    }

    /** All loops' statistics, each copied on its own loop. */
    StoreLoopStats totals() throws InterruptedException {
        StoreLoopStats total = new StoreLoopStats(plan.measuredMessages());
        for (Map.Entry<EventLoop, StoreLoopStats> e : statsByLoop.entrySet()) {
            try {
                total.add(e.getKey().submit(e.getValue()::copy).get(5, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException ex) {
                throw new IllegalStateException("could not read the statistics of an event loop", ex);
            }
        }
        return total;
    }
}
