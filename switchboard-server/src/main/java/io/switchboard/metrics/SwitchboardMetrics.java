package io.switchboard.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The server's event metrics (docs/operations.md), on one server's own registry: tests run several
 * servers in one JVM, so nothing goes to the client library's static default registry. Every label
 * combination is bound once here, into arrays indexed by the enums' ordinals, so recording an event
 * is an array read and an adder increment: no label lookup, no allocation on the delivery path.
 * Figures that are read rather than counted (rooms, queue depths) are registered by the server as
 * callbacks that run at scrape.
 *
 * <p>Thread-safe: the data points are the client library's, built on {@code LongAdder}/{@code DoubleAdder}.
 */
public final class SwitchboardMetrics {
    private final PrometheusRegistry registry;
    /**
     * False with {@code --no-metrics} and no dashboard: nothing reads the counters, so the recording
     * methods return at once (one predictable branch) and the delivery path does no metrics work.
     */
    private final boolean recording;

    private final GaugeDataPoint[] open;
    private final CounterDataPoint[] opened;
    private final CounterDataPoint[][] closed;
    private final CounterDataPoint[] received;
    private final CounterDataPoint[] delivered;
    private final CounterDataPoint[] dropped;
    private final CounterDataPoint stored;
    private final CounterDataPoint recoveredExactly;
    private final CounterDataPoint recoveryReset;
    private final CounterDataPoint rateLimited;
    private final CounterDataPoint storageErrors;
    private final CounterDataPoint storageRefused;
    private final CounterDataPoint gapFilled;
    private final DistributionDataPoint storageAppend;
    private final DistributionDataPoint storageBatch;
    private final DistributionDataPoint loopDelay;
    /** Set once the server starts to stop: connections closing from then on close for shutdown. */
    private volatile boolean shuttingDown;

    public SwitchboardMetrics(PrometheusRegistry registry) {
        this(registry, true);
    }

    private SwitchboardMetrics(PrometheusRegistry registry, boolean recording) {
        this.registry = registry;
        this.recording = recording;
        Gauge connections = Gauge.builder()
                .name("switchboard_connections")
                .help("Open connections per transport")
                .labelNames("transport")
                .register(registry);
        Counter openedTotal = Counter.builder()
                .name("switchboard_connections_opened_total")
                .help("Connections opened per transport")
                .labelNames("transport")
                .register(registry);
        Counter closedTotal = Counter.builder()
                .name("switchboard_connections_closed_total")
                .help("Connections closed per transport and reason")
                .labelNames("transport", "reason")
                .register(registry);
        Counter receivedTotal = Counter.builder()
                .name("switchboard_messages_received_total")
                .help("Chat messages received from clients, per transport")
                .labelNames("transport")
                .register(registry);
        Counter deliveriesTotal = Counter.builder()
                .name("switchboard_deliveries_total")
                .help("Events written to a client, per transport")
                .labelNames("transport")
                .register(registry);
        Counter droppedTotal = Counter.builder()
                .name("switchboard_deliveries_dropped_total")
                .help("Events not written to a client, per reason")
                .labelNames("reason")
                .register(registry);
        Transport[] transports = Transport.values();
        CloseReason[] reasons = CloseReason.values();
        open = new GaugeDataPoint[transports.length];
        opened = new CounterDataPoint[transports.length];
        closed = new CounterDataPoint[transports.length][reasons.length];
        received = new CounterDataPoint[transports.length];
        delivered = new CounterDataPoint[transports.length];
        for (Transport t : transports) {
            int i = t.ordinal();
            received[i] = receivedTotal.labelValues(t.label());
            if (t == Transport.HTTP) {
                continue; // a POST without a session is no connection and gets no deliveries
            }
            open[i] = connections.labelValues(t.label());
            opened[i] = openedTotal.labelValues(t.label());
            delivered[i] = deliveriesTotal.labelValues(t.label());
            for (CloseReason r : reasons) {
                closed[i][r.ordinal()] = closedTotal.labelValues(t.label(), r.label());
            }
        }
        dropped = new CounterDataPoint[DropReason.values().length];
        for (DropReason r : DropReason.values()) {
            dropped[r.ordinal()] = droppedTotal.labelValues(r.label());
        }
        stored = Counter.builder()
                .name("switchboard_messages_stored_total")
                .help("Chat messages stored in the history")
                .register(registry);
        Counter recovery = Counter.builder()
                .name("switchboard_recovery_total")
                .help("Resumes from a position: exact got what was missed, reset had to start over")
                .labelNames("result")
                .register(registry);
        recoveredExactly = recovery.labelValues("exact");
        recoveryReset = recovery.labelValues("reset");
        rateLimited = Counter.builder()
                .name("switchboard_rate_limited_total")
                .help("Commands and posts refused by the per-client rate limit")
                .register(registry);
        storageErrors = Counter.builder()
                .name("switchboard_storage_errors_total")
                .help("Batches of appends the history store failed to store")
                .register(registry);
        storageRefused = Counter.builder()
                .name("switchboard_storage_refused_total")
                .help("Messages refused unavailable because the store would not have reached them in time")
                .register(registry);
        gapFilled = Counter.builder()
                .name("switchboard_cluster_gap_filled_total")
                .help("Messages of another node read from the history because the broker lost or delayed them")
                .register(registry);
        storageAppend = Histogram.builder()
                .name("switchboard_storage_append_seconds")
                .help("Time to store one batch of messages (one transaction)")
                .classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                .register(registry);
        storageBatch = Histogram.builder()
                .name("switchboard_storage_batch_size")
                .help("Messages stored per batch (group commit)")
                .classicOnly()
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192)
                .register(registry);
        loopDelay = Histogram.builder()
                .name("switchboard_eventloop_task_delay_seconds")
                .help("How long a probe task waited in an event loop's queue before it ran")
                .classicOnly()
                .classicUpperBounds(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5)
                .register(registry);
    }

    /** On a registry of its own: for a hub or test that nobody scrapes. */
    public static SwitchboardMetrics detached() {
        return new SwitchboardMetrics(new PrometheusRegistry());
    }

    /** Records nothing: for a server whose metrics nobody reads ({@code --no-metrics}, no dashboard). */
    public static SwitchboardMetrics off() {
        return new SwitchboardMetrics(new PrometheusRegistry(), false);
    }

    /** False for {@link #off()}: the counters stay at zero. */
    public boolean recording() {
        return recording;
    }

    /** Messages stored since start (0 when not recording). */
    public long messagesStoredTotal() {
        return stored.getLongValue();
    }

    /** Events handed to connections since start, all transports (0 when not recording). */
    public long deliveriesTotal() {
        long total = 0;
        for (CounterDataPoint p : delivered) {
            if (p != null) { // transports that deliver nothing have no data point
                total += p.getLongValue();
            }
        }
        return total;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** From now on a connection that ends without another reason ends for the shutdown. */
    public void shuttingDown(boolean value) {
        shuttingDown = value;
    }

    public boolean shuttingDown() {
        return shuttingDown;
    }

    public void connectionOpened(Transport t) {
        if (!recording) {
            return;
        }
        opened[t.ordinal()].inc();
        open[t.ordinal()].inc();
    }

    public void connectionClosed(Transport t, CloseReason reason) {
        if (!recording) {
            return;
        }
        closed[t.ordinal()][reason.ordinal()].inc();
        open[t.ordinal()].dec();
    }

    public void messageReceived(Transport t) {
        if (!recording) {
            return;
        }
        received[t.ordinal()].inc();
    }

    public void messagesStored(int count) {
        if (!recording) {
            return;
        }
        stored.inc(count);
    }

    public void delivered(Transport t) {
        if (!recording) {
            return;
        }
        delivered[t.ordinal()].inc();
    }

    public void dropped(DropReason reason) {
        if (!recording) {
            return;
        }
        dropped[reason.ordinal()].inc();
    }

    public void resumed(boolean reset) {
        if (!recording) {
            return;
        }
        (reset ? recoveryReset : recoveredExactly).inc();
    }

    public void rateLimited() {
        if (!recording) {
            return;
        }
        rateLimited.inc();
    }

    public void storageFailed() {
        if (!recording) {
            return;
        }
        storageErrors.inc();
    }

    /** A message was refused at the door: the store would not have reached it within the bound. */
    public void storageRefused() {
        if (!recording) {
            return;
        }
        storageRefused.inc();
    }

    /** A message of another node was delivered from the history, filling a gap in a room's ids. */
    public void gapFilled() {
        if (!recording) {
            return;
        }
        gapFilled.inc();
    }

    /** One batch stored (or failed) after {@code nanos}. */
    public void storageBatch(int size, long nanos) {
        if (!recording) {
            return;
        }
        storageBatch.observe(size);
        storageAppend.observe(nanos / 1e9);
    }

    public void eventLoopDelay(long nanos) {
        if (!recording) {
            return;
        }
        loopDelay.observe(nanos / 1e9);
    }
}
