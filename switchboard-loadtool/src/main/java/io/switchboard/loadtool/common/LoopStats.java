package io.switchboard.loadtool.common;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Receive-side statistics of all the channels on one event loop. One instance per loop means
 * recording needs no synchronization and no atomic instruction per frame; the run reads them by
 * running {@link #copy()} on the owning loop once the run is over.
 *
 * <p>Event-loop confined.
 */
public final class LoopStats {

    /** Latencies beyond this are recorded as this; no run lasts that long. */
    public static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    /** now − intended send time of each first measured delivery, in microseconds. */
    public final Histogram latencyMicros = new Histogram(HIGHEST_MICROS, 3);
    /** First copies of measured messages. */
    public long delivered;
    /** Further copies of a measured message the same client had already received. */
    public long duplicates;
    /** Text frames without a token of this run (welcomes, other traffic). */
    long untokened;

    void recordLatencyMicros(long micros) {
        latencyMicros.recordValue(Math.max(0, Math.min(micros, HIGHEST_MICROS)));
    }

    LoopStats copy() {
        LoopStats copy = new LoopStats();
        copy.latencyMicros.add(latencyMicros);
        copy.delivered = delivered;
        copy.duplicates = duplicates;
        copy.untokened = untokened;
        return copy;
    }

    void add(LoopStats other) {
        latencyMicros.add(other.latencyMicros);
        delivered += other.delivered;
        duplicates += other.duplicates;
        untokened += other.untokened;
    }
}
