package io.switchboard.server;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.switchboard.hub.Hub;
import io.switchboard.metrics.SwitchboardMetrics;
import io.switchboard.transport.OutboundBound;
import java.util.concurrent.TimeUnit;

/**
 * The metrics a server reads rather than counts, registered on its registry: rooms and their sizes,
 * the storage queue, the connections' outbound queues, the event loops' task delay (a probe task
 * each second), the build, the JVM and process, and Netty's pooled allocator. The callbacks run at
 * scrape, on the scraping thread.
 *
 * <p>Thread-safe; {@link #close} stops the probe.
 */
final class ServerMetrics implements AutoCloseable {
    private static final long PROBE_EVERY_MILLIS = 1000;

    private final ScheduledFuture<?> probe;

    ServerMetrics(Hub hub, ChannelGroup webSockets, EventLoopGroup probing, EventLoopGroup workers) {
        SwitchboardMetrics metrics = hub.metrics();
        PrometheusRegistry registry = metrics.registry();
        GaugeWithCallback.builder()
                .name("switchboard_rooms")
                .help("Rooms with at least one member on this node")
                .callback(cb -> cb.call(hub.roomCount()))
                .register(registry);
        registry.register(new ScrapedHistogram(
                "switchboard_room_members",
                "Rooms by their number of members on this node (listeners included), at scrape",
                new double[] {1, 2, 5, 10, 50, 100, 500, 1000, 5000, 10000},
                sizes -> hub.forEachRoomSize(sizes::accept)));
        GaugeWithCallback.builder()
                .name("switchboard_storage_queue_depth")
                .help("Storage tasks (appends, reads) waiting for the storage thread")
                .callback(cb -> cb.call(hub.storageQueueDepth()))
                .register(registry);
        registry.register(new ScrapedHistogram(
                "switchboard_outbound_queue_bytes",
                "WebSocket connections by the bytes waiting in their outbound queue, at scrape",
                new double[] {0, 1024, 16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024},
                bytes -> {
                    for (Channel ch : webSockets) {
                        bytes.accept(OutboundBound.pendingBytes(ch));
                    }
                }));
        Info info = Info.builder()
                .name("switchboard_build_info")
                .help("The running build: its version and git commit")
                .labelNames("version", "commit")
                .register(registry);
        info.setLabelValues(BuildInfo.version(), BuildInfo.commit());
        PooledByteBufAllocatorMetric allocator = PooledByteBufAllocator.DEFAULT.metric();
        GaugeWithCallback.builder()
                .name("switchboard_netty_allocator_used_bytes")
                .help("Memory Netty's pooled allocator holds, heap and direct")
                .labelNames("memory")
                .callback(cb -> {
                    cb.call(allocator.usedHeapMemory(), "heap");
                    cb.call(allocator.usedDirectMemory(), "direct");
                })
                .register(registry);
        JvmMetrics.builder().register(registry);
        // from a loop that is not probed (the acceptor's): the delay measured is the worker's queue alone
        probe = probing.next()
                .scheduleAtFixedRate(
                        () -> {
                            for (EventExecutor loop : workers) {
                                long queued = System.nanoTime();
                                loop.execute(() -> metrics.eventLoopDelay(System.nanoTime() - queued));
                            }
                        },
                        PROBE_EVERY_MILLIS,
                        PROBE_EVERY_MILLIS,
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        probe.cancel(false);
    }
}
