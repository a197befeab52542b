package io.switchboard.server.admin;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.switchboard.hub.Hub;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's figures read from the server's metrics registry (docs/operations.md, "Metrics"),
 * so the dashboard and a Prometheus scrape never disagree and nothing on the delivery path counts
 * twice; the largest rooms come from the hub, since the registry has no per-room labels.
 *
 * <p>Thread-safe: a scrape of the registry is.
 */
public final class MetricsAdminSource implements AdminSource {
    static final int LARGEST_ROOMS = 10;

    private final Hub hub;
    private final PrometheusRegistry registry;

    public MetricsAdminSource(Hub hub, PrometheusRegistry registry) {
        this.hub = hub;
        this.registry = registry;
    }

    @Override
    public Snapshot sample() {
        Map<String, Long> connections = new LinkedHashMap<>();
        long received = 0;
        long deliveries = 0;
        long queueDepth = 0;
        long slowConsumerCloses = 0;
        long rateLimited = 0;
        double appendSeconds = 0;
        long appends = 0;
        for (MetricSnapshot m : registry.scrape(name -> name.startsWith("switchboard_"))) {
            switch (m.getMetadata().getPrometheusName()) {
                case "switchboard_connections" -> {
                    for (GaugeSnapshot.GaugeDataPointSnapshot p : ((GaugeSnapshot) m).getDataPoints()) {
                        connections.put(p.getLabels().get("transport"), (long) p.getValue());
                    }
                }
                case "switchboard_messages_received" -> received = sum((CounterSnapshot) m, null, null);
                case "switchboard_deliveries" -> deliveries = sum((CounterSnapshot) m, null, null);
                case "switchboard_connections_closed" ->
                    slowConsumerCloses = sum((CounterSnapshot) m, "reason", "slow_consumer");
                case "switchboard_rate_limited" -> rateLimited = sum((CounterSnapshot) m, null, null);
                case "switchboard_storage_queue_depth" -> {
                    for (GaugeSnapshot.GaugeDataPointSnapshot p : ((GaugeSnapshot) m).getDataPoints()) {
                        queueDepth += (long) p.getValue();
                    }
                }
                case "switchboard_storage_append_seconds" -> {
                    for (HistogramSnapshot.HistogramDataPointSnapshot p : ((HistogramSnapshot) m).getDataPoints()) {
                        appendSeconds += p.getSum();
                        appends += p.getCount();
                    }
                }
                default -> {}
            }
        }
        return new Snapshot(
                connections,
                received,
                deliveries,
                appendSeconds,
                appends,
                queueDepth,
                hub.roomCount(),
                hub.largestRooms(LARGEST_ROOMS),
                slowConsumerCloses,
                rateLimited);
    }

    /** The counter's total over the data points whose {@code label} is {@code value} (all when null). */
    private static long sum(CounterSnapshot counter, String label, String value) {
        double total = 0;
        for (CounterSnapshot.CounterDataPointSnapshot p : counter.getDataPoints()) {
            if (label == null || value.equals(p.getLabels().get(label))) {
                total += p.getValue();
            }
        }
        return (long) total;
    }
}
