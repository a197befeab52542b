package io.switchboard.loadtool.store;

import io.switchboard.loadtool.common.LoopStats;
import java.util.BitSet;
import org.HdrHistogram.Histogram;

/**
 * What the clients of one event loop received during one rate step. One instance per loop and
 * step, so recording takes no lock; the step reads it by running {@link #copy()} on its loop.
 *
 * <p>Event-loop confined.
 */
final class StoreLoopStats {

    /** Ack arrival − intended send time of each measured message's first ack, in microseconds. */
    final Histogram latencyMicros = new Histogram(LoopStats.HIGHEST_MICROS, 3);
    /** Measured messages acked at least once; the index is {@code seq − warmupMessages}. */
    final BitSet acked;
    /** Further acks of a measured message this loop had already seen acked (never expected). */
    long repeatedAcks;
    /** Acks flagged {@code duplicate: true}: the server found the clientId already stored. */
    long duplicateFlags;
    /** Measured messages answered with an error event instead of an ack. */
    long measuredRejected;
    /** Every error event during the step, by code; a rate_limited error names no message. */
    long unavailable;

    long rateLimited;
    long otherErrors;
    /** The code of the first error that was neither unavailable nor rate_limited. */
    String firstOtherError;

    StoreLoopStats(long measuredMessages) {
        this.acked = new BitSet((int) Math.min(measuredMessages, Integer.MAX_VALUE));
    }

    StoreLoopStats copy() {
        StoreLoopStats copy = new StoreLoopStats(acked.size());
        copy.add(this);
        return copy;
    }

    void add(StoreLoopStats other) {
        latencyMicros.add(other.latencyMicros);
        acked.or(other.acked);
        repeatedAcks += other.repeatedAcks;
        duplicateFlags += other.duplicateFlags;
        measuredRejected += other.measuredRejected;
        unavailable += other.unavailable;
        rateLimited += other.rateLimited;
        otherErrors += other.otherErrors;
        if (firstOtherError == null) {
            firstOtherError = other.firstOtherError;
        }
    }
}
