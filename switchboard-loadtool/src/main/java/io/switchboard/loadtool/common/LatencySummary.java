package io.switchboard.loadtool.common;

import org.HdrHistogram.Histogram;

/**
 * The percentiles reported for a run, in milliseconds.
 *
 * <p>Immutable.
 */
public record LatencySummary(long count, double p50, double p90, double p99, double p999, double max) {

    /** Summarizes a histogram of microsecond values. */
    public static LatencySummary ofMicros(Histogram micros) {
        return new LatencySummary(
                micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
