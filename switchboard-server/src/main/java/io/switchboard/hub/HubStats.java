package io.switchboard.hub;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The storage batch times since the last {@link #takeStorageP99Millis}, for the per-minute summary
 * log line (which reads message and delivery totals from the metrics): one bucket increment per
 * batch, allocation-free. The Prometheus histogram is cumulative and coarser; this one is reset
 * every minute so the line tells about that minute.
 *
 * <p>Thread-safe.
 */
public final class HubStats {
    /** Bucket i counts batches that took under 2^i microseconds; the last also counts everything slower. */
    private static final int BUCKETS = 32;

    private final AtomicLongArray batchMicros = new AtomicLongArray(BUCKETS);

    void storageBatch(long nanos) {
        long micros = TimeUnit.NANOSECONDS.toMicros(nanos);
        int bucket = Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(micros));
        batchMicros.incrementAndGet(bucket);
    }

    /**
     * The 99th percentile of storage batch times since the previous call, rounded up to its bucket's
     * bound (a power of two microseconds), in milliseconds; 0 when nothing was stored. Resets.
     */
    public double takeStorageP99Millis() {
        long[] counts = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = batchMicros.getAndSet(i, 0);
            total += counts[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * 0.99);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return (1L << i) / 1000.0;
            }
        }
        return (1L << (BUCKETS - 1)) / 1000.0;
    }
}
