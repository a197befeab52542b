package io.switchboard.server;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A histogram of the current state rather than of past events, built at each scrape: the sizes of
 * the rooms, the outbound queues of the connections. Nothing is counted on the hot path; the scrape
 * walks the source once. Prometheus aggregates these across nodes as it does any histogram.
 *
 * <p>Thread-safe: each scrape has its own counts; the source must be safe to walk from the scraping thread.
 */
final class ScrapedHistogram implements Collector {
    private final String name;
    private final String help;
    private final double[] upperBounds;
    private final Consumer<LongConsumer> source;

    /** {@code upperBounds} ascending, without +Inf; {@code source} hands every current value to its argument. */
    ScrapedHistogram(String name, String help, double[] upperBounds, Consumer<LongConsumer> source) {
        this.name = name;
        this.help = help;
        this.upperBounds = upperBounds;
        this.source = source;
    }

    @Override
    public MetricSnapshot collect() {
        long[] counts = new long[upperBounds.length + 1];
        long[] sum = new long[1];
        source.accept(value -> {
            sum[0] += value;
            counts[bucketOf(value)]++;
        });
        double[] bounds = new double[upperBounds.length + 1];
        System.arraycopy(upperBounds, 0, bounds, 0, upperBounds.length);
        bounds[upperBounds.length] = Double.POSITIVE_INFINITY;
        return HistogramSnapshot.builder()
                .name(name)
                .help(help)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                        .sum(sum[0])
                        .build())
                .build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }

    private int bucketOf(long value) {
        for (int i = 0; i < upperBounds.length; i++) {
            if (value <= upperBounds[i]) {
                return i;
            }
        }
        return upperBounds.length;
    }
}
