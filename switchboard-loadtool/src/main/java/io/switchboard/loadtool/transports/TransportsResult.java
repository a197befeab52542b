package io.switchboard.loadtool.transports;

import io.switchboard.loadtool.common.CpuWindow;
import io.switchboard.loadtool.common.DeliveryTally;
import io.switchboard.loadtool.common.LatencySummary;
import java.util.Locale;

/**
 * What one transport's run measured; flat so that it is one JSON line and one table row.
 * Byte counts are TCP payload bytes inside the measurement window (from the first measured send
 * until the drain ended), HTTP and WebSocket framing included, TCP/IP headers not. Per-message
 * figures divide by {@code windowDeliveries}: every message copy a receiver got in that window.
 *
 * <p>Immutable.
 *
 * @param receiverBytesPerDelivery bytes read plus written by the receivers, per delivery
 * @param senderBytesPerPost bytes of one POST and its answer, both directions
 * @param totalBytesPerDelivery receivers' and sender's bytes together, per delivery
 * @param receiverRequestsPerSecond HTTP requests the receivers started (WebSocket: upgrades)
 * @param requestsPerSecond receivers' and sender's requests together
 */
record TransportsResult(
        String transport,
        int clients,
        int ready,
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
        double p99Ms,
        double maxMs,
        double windowSeconds,
        long windowDeliveries,
        long receiverBytesIn,
        long receiverBytesOut,
        long senderBytesIn,
        long senderBytesOut,
        long receiverRequests,
        long senderRequests,
        double receiverBytesPerDelivery,
        double senderBytesPerPost,
        double totalBytesPerDelivery,
        double receiverRequestsPerSecond,
        double requestsPerSecond,
        double serverCpuMicrosPerDelivery,
        double serverCpuPercent,
        double toolCpuMicrosPerDelivery,
        int errors,
        String firstError) {

    /** Window figures, as counted by the run. */
    record Window(
            CpuWindow.Usage cpu,
            TransportsWireCounter.Bytes receivers,
            TransportsWireCounter.Bytes sender,
            long receiverRequests,
            long senderRequests) {}

    static TransportsResult of(
            TransportsKind kind,
            TransportsSettings s,
            int ready,
            DeliveryTally tally,
            LatencySummary latency,
            Window w,
            int errors,
            String firstError) {
        long deliveries = w.cpu().deliveries();
        double seconds = w.cpu().wallMicros() / 1e6;
        return new TransportsResult(
                kind.cliName(),
                s.clients(),
                ready,
                s.rate(),
                s.durationSeconds(),
                s.warmupSeconds(),
                s.payloadBytes(),
                tally.sent(),
                tally.expected(),
                tally.delivered(),
                tally.lost(),
                tally.duplicates(),
                latency.p50(),
                latency.p99(),
                latency.max(),
                seconds,
                deliveries,
                w.receivers().in(),
                w.receivers().out(),
                w.sender().in(),
                w.sender().out(),
                w.receiverRequests(),
                w.senderRequests(),
                ratio(w.receivers().total(), deliveries),
                ratio(w.sender().total(), w.senderRequests()),
                ratio(w.receivers().total() + w.sender().total(), deliveries),
                ratio(w.receiverRequests(), seconds),
                ratio(w.receiverRequests() + w.senderRequests(), seconds),
                w.cpu().serverMicrosPerDelivery(),
                w.cpu().serverPercent(),
                w.cpu().toolMicrosPerDelivery(),
                errors,
                firstError);
    }

    static double ratio(double a, double b) {
        return b > 0 ? a / b : Double.NaN;
    }

    /** A few human-readable lines. */
    String summary() {
        return String.format(
                Locale.ROOT,
                """
        [%s] %d/%d receivers ready, %.1f msg/s for %.0f s (+%.0f s warmup)
          sent %d; delivered %d of %d (lost or late %d, duplicates %d); latency ms p50 %.2f p99 %.2f max %.2f
          bytes per delivery: receivers %.1f (in %d, out %d), with the sender %.1f; %.1f bytes per POST
          requests/s: receivers %.1f, all %.1f; server CPU %.2f µs per delivery (%.1f%% of a core)
          errors %d%s""",
                transport,
                ready,
                clients,
                rate,
                durationSeconds,
                warmupSeconds,
                sent,
                delivered,
                expected,
                lost,
                duplicates,
                p50Ms,
                p99Ms,
                maxMs,
                receiverBytesPerDelivery,
                receiverBytesIn,
                receiverBytesOut,
                totalBytesPerDelivery,
                senderBytesPerPost,
                receiverRequestsPerSecond,
                requestsPerSecond,
                serverCpuMicrosPerDelivery,
                serverCpuPercent,
                errors,
                firstError == null ? "" : " (first: " + firstError + ")");
    }
}
