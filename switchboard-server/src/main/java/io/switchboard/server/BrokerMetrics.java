package io.switchboard.server;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.switchboard.cluster.redis.RedisBroker;

/**
 * The Redis broker's own counters, read at scrape: reconnects, probes that did not come back in
 * time, publishes Redis did not take. The broker counts them itself (the cluster layer sees no
 * metrics), so these only read. Stateless.
 */
final class BrokerMetrics {
    private BrokerMetrics() {}

    static void register(PrometheusRegistry registry, RedisBroker broker) {
        CounterWithCallback.builder()
                .name("switchboard_cluster_reconnects_total")
                .help("Times the Redis broker rebuilt its connections after the first")
                .callback(cb -> cb.call(broker.reconnects()))
                .register(registry);
        CounterWithCallback.builder()
                .name("switchboard_cluster_probe_failures_total")
                .help("Probes through Redis that did not come back in time, or reached no subscriber")
                .callback(cb -> cb.call(broker.probeFailures()))
                .register(registry);
        CounterWithCallback.builder()
                .name("switchboard_cluster_publish_failures_total")
                .help("Events the Redis broker could not publish (Redis down or slow)")
                .callback(cb -> cb.call(broker.publishFailures()))
                .register(registry);
    }
}
