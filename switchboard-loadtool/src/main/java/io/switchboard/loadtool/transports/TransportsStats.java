package io.switchboard.loadtool.transports;

import io.switchboard.loadtool.common.LoopStats;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the receivers and the sender of one transport run counted.
 *
 * <p>Thread-safe: adders, atomics and a concurrent histogram, written from every event loop and
 * read by the scenario thread. At the rates this scenario runs (thousands of deliveries a
 * second) the contention is negligible next to HTTP parsing.
 */
final class TransportsStats {

    /** now − intended send time of each first measured delivery, in microseconds. */
    final Histogram latencyMicros = new ConcurrentHistogram(LoopStats.HIGHEST_MICROS, 3);
    /** First copies of measured messages. */
    final LongAdder delivered = new LongAdder();
    /** Further copies of a measured message a receiver already had. */
    final LongAdder duplicates = new LongAdder();
    /** Every message of this run a receiver got, warmup and duplicates included. */
    final LongAdder tokenMessages = new LongAdder();
    /** HTTP requests (or WebSocket upgrades) started by receivers. */
    final LongAdder receiverRequests = new LongAdder();
    /** POSTs started by the sender. */
    final LongAdder senderRequests = new LongAdder();
    /** POSTs not answered 201. */
    final LongAdder senderFailures = new LongAdder();
    /** Receivers that reached the state in which they get new messages (see each receiver). */
    final AtomicInteger ready = new AtomicInteger();
    /** Receiver errors after connecting: bad status, exception, unexpected close. */
    final AtomicInteger errors = new AtomicInteger();

    private final AtomicReference<String> firstError = new AtomicReference<>();

    void recordLatencyMicros(long micros) {
        latencyMicros.recordValue(Math.max(0, Math.min(micros, LoopStats.HIGHEST_MICROS)));
    }

    void onError(String why) {
        firstError.compareAndSet(null, why);
        errors.incrementAndGet();
    }

    String firstError() {
        return firstError.get();
    }
}
