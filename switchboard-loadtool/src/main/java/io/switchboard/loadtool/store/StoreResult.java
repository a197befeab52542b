package io.switchboard.loadtool.store;

import io.switchboard.loadtool.common.CpuWindow;
import io.switchboard.loadtool.common.LatencySummary;
import io.switchboard.loadtool.common.LoopbackTarget;
import io.switchboard.loadtool.common.OpenLoopSender;
import java.util.Locale;

/**
 * Everything one rate step of the store scenario measured; flat so that it is one JSON line and
 * one table row. Latencies in milliseconds, CPU per stored message in microseconds, CPU % of one
 * core.
 *
 * <p>{@code sent}/{@code acked}/{@code lost} count the measured messages: {@code lost} were never
 * acked before the drain deadline (an error answer included), and they are missing from the
 * latency percentiles, so read those together. {@code windowAcks} counts every ack of the step
 * that arrived inside the measured window (warmup backlog included: that is what the server stored
 * then), and is what {@code storedPerSecond} and the CPU per stored message divide by.
 *
 * <p>Immutable.
 */
record StoreResult(
        String scenario,
        String label,
        String url,
        int clients,
        int connected,
        int rooms,
        double rate,
        double durationSeconds,
        double warmupSeconds,
        int textChars,
        long sent,
        long acked,
        long lost,
        long rejected,
        long repeatedAcks,
        long duplicateFlags,
        long unavailableErrors,
        long rateLimitedErrors,
        long otherErrors,
        double p50Ms,
        double p90Ms,
        double p99Ms,
        double p999Ms,
        double maxMs,
        double windowSeconds,
        long windowAcks,
        double storedPerSecond,
        double serverCpuPercent,
        double serverCpuMicrosPerStored,
        double serverKernelShare,
        double toolCpuPercent,
        double senderMaxLagMs,
        long skipped,
        int connectFailures,
        int closedDuringRun,
        boolean keptUp) {

    /** Stored/s at least this share of the offered rate, and nothing lost, counts as kept up. */
    static final double KEPT_UP_SHARE = 0.97;

    static final String MARKDOWN_HEADER =
            """
      | store | offered msg/s | stored msg/s | ack p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | sent | acked | lost | unavailable | server CPU % | server µs/msg | kept up |
      | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |""";

    static StoreResult of(
            String label,
            LoopbackTarget target,
            StoreSettings settings,
            double rate,
            int connected,
            OpenLoopSender.Outcome sent,
            StoreLoopStats totals,
            CpuWindow.Usage cpu,
            int connectFailures,
            int closedDuringRun) {
        LatencySummary latency = LatencySummary.ofMicros(totals.latencyMicros);
        long acked = totals.acked.cardinality();
        long lost = sent.measuredSent() - acked;
        double stored = cpu.deliveriesPerSecond();
        boolean keptUp = lost == 0 && stored >= KEPT_UP_SHARE * rate;
        return new StoreResult(
                "store",
                label,
                target.uri().toString(),
                settings.clients(),
                connected,
                settings.rooms(),
                rate,
                settings.durationSeconds(),
                settings.warmupSeconds(),
                settings.textChars(),
                sent.measuredSent(),
                acked,
                lost,
                totals.measuredRejected,
                totals.repeatedAcks,
                totals.duplicateFlags,
                totals.unavailable,
                totals.rateLimited,
                totals.otherErrors,
                latency.p50(),
                latency.p90(),
                latency.p99(),
                latency.p999(),
                latency.max(),
                cpu.wallMicros() / 1e6,
                cpu.deliveries(),
                stored,
                cpu.serverPercent(),
                cpu.serverMicrosPerDelivery(),
                cpu.serverKernelShare(),
                cpu.toolPercent(),
                sent.maxLagMillis(),
                sent.skipped(),
                connectFailures,
                closedDuringRun,
                keptUp);
    }

    /** A few human-readable lines. */
    String summary() {
        return String.format(
                Locale.ROOT,
                """
        [%s] store %s: %d/%d clients in %d rooms, %.0f msg/s offered for %.0f s (+%.0f s warmup), %d-char text
          sent %d; acked %d; lost %d (of them answered with an error %d); repeated acks %d, duplicate-flagged %d
          errors during the step: unavailable %d, rate_limited %d, other %d
          ack latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f
          window %.1f s: %d stored, %.0f/s (%s)
          server CPU: %.1f%% of one core, %.1f µs per stored message, %.0f%% of it in the kernel
          load tool CPU: %.1f%% of one core; sender max lag %.2f ms, skipped %d
          connect failures %d, closed during run %d""",
                label,
                url,
                connected,
                clients,
                rooms,
                rate,
                durationSeconds,
                warmupSeconds,
                textChars,
                sent,
                acked,
                lost,
                rejected,
                repeatedAcks,
                duplicateFlags,
                unavailableErrors,
                rateLimitedErrors,
                otherErrors,
                p50Ms,
                p90Ms,
                p99Ms,
                p999Ms,
                maxMs,
                windowSeconds,
                windowAcks,
                storedPerSecond,
                keptUp ? "kept up" : "did NOT keep up with the offered rate",
                serverCpuPercent,
                serverCpuMicrosPerStored,
                serverKernelShare,
                toolCpuPercent,
                senderMaxLagMs,
                skipped,
                connectFailures,
                closedDuringRun);
    }

    /** One row under {@link #MARKDOWN_HEADER}. */
    String markdownRow() {
        return String.format(
                Locale.ROOT,
                "| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %d | %d | %d | %.0f | %.1f | %s |",
                label,
                rate,
                storedPerSecond,
                p50Ms,
                p90Ms,
                p99Ms,
                p999Ms,
                maxMs,
                sent,
                acked,
                lost,
                unavailableErrors,
                serverCpuPercent,
                serverCpuMicrosPerStored,
                keptUp ? "yes" : "**no**");
    }
}
