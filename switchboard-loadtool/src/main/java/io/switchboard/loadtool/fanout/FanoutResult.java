package io.switchboard.loadtool.fanout;

import io.switchboard.loadtool.common.CpuWindow;
import io.switchboard.loadtool.common.DeliveryTally;
import io.switchboard.loadtool.common.LatencySummary;
import io.switchboard.loadtool.common.LoopbackTarget;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Everything one fan-out run measured ({@code url}: the servers' URLs, separated by spaces); flat
 * so that it is one JSON line and one table column. Latencies are in milliseconds, CPU per
 * delivery in microseconds, CPU % of one core.
 * {@code delivered}/{@code lost}/{@code duplicates} count the measured messages (first copies
 * that arrived before the drain deadline); {@code windowDeliveries} counts every frame of the run
 * that arrived inside the CPU window and is what CPU per delivery divides by.
 *
 * <p>Immutable.
 */
record FanoutResult(
        String scenario,
        String label,
        String url,
        int clients,
        int connected,
        double rate,
        double durationSeconds,
        double warmupSeconds,
        int payloadBytes,
        long sent,
        long expected,
        long delivered,
        long lost,
        long duplicates,
        double p50Ms,
        double p90Ms,
        double p99Ms,
        double p999Ms,
        double maxMs,
        double windowSeconds,
        long windowDeliveries,
        double deliveriesPerSecond,
        double serverCpuMicrosPerDelivery,
        double serverCpuPercent,
        double serverKernelShare,
        double toolCpuMicrosPerDelivery,
        double toolCpuPercent,
        int connectFailures,
        int closedDuringRun,
        double senderMaxLagMs) {

    static FanoutResult of(
            String label,
            List<LoopbackTarget> targets,
            FanoutSettings settings,
            int connected,
            DeliveryTally tally,
            LatencySummary latency,
            CpuWindow.Usage cpu,
            int connectFailures,
            int closedDuringRun,
            double senderMaxLagMs) {
        return new FanoutResult(
                "fanout",
                label,
                targets.stream().map(t -> t.uri().toString()).collect(Collectors.joining(" ")),
                settings.clients(),
                connected,
                settings.rate(),
                settings.durationSeconds(),
                settings.warmupSeconds(),
                settings.payloadBytes(),
                tally.sent(),
                tally.expected(),
                tally.delivered(),
                tally.lost(),
                tally.duplicates(),
                latency.p50(),
                latency.p90(),
                latency.p99(),
                latency.p999(),
                latency.max(),
                cpu.wallMicros() / 1e6,
                cpu.deliveries(),
                cpu.deliveriesPerSecond(),
                cpu.serverMicrosPerDelivery(),
                cpu.serverPercent(),
                cpu.serverKernelShare(),
                cpu.toolMicrosPerDelivery(),
                cpu.toolPercent(),
                connectFailures,
                closedDuringRun,
                senderMaxLagMs);
    }

    /** A few human-readable lines. */
    String summary() {
        return String.format(
                Locale.ROOT,
                """
        [%s] fanout %s: %d/%d clients, %.1f msg/s for %.0f s (+%.0f s warmup), %d-byte payload
          sent %d messages; delivered %d of %d (lost or late %d, duplicates %d)
          latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f
          window %.1f s: %d frames delivered, %.0f/s
          server CPU: %.2f µs per delivery, %.1f%% of one core, %.0f%% of it in the kernel
          load tool CPU: %.2f µs per delivery, %.1f%% of one core; sender max lag %.2f ms
          connect failures %d, closed during run %d""",
                label,
                url,
                connected,
                clients,
                rate,
                durationSeconds,
                warmupSeconds,
                payloadBytes,
                sent,
                delivered,
                expected,
                lost,
                duplicates,
                p50Ms,
                p90Ms,
                p99Ms,
                p999Ms,
                maxMs,
                windowSeconds,
                windowDeliveries,
                deliveriesPerSecond,
                serverCpuMicrosPerDelivery,
                serverCpuPercent,
                serverKernelShare,
                toolCpuMicrosPerDelivery,
                toolCpuPercent,
                senderMaxLagMs,
                connectFailures,
                closedDuringRun);
    }
}
