package io.switchboard.loadtool.transports;

import java.util.List;
import java.util.Locale;

/**
 * Renders the results of a {@code transports} scenario as a Markdown table, one row per transport.
 *
 * <p>Thread-safe: stateless.
 */
final class TransportsTable {

    private TransportsTable() {}

    static String render(List<TransportsResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("| transport | receivers ready | delivered / expected | lost | dup | p50 ms | p99 ms "
                + "| receiver B/delivery (in + out) | B/POST | all B/delivery | receiver req/s | all req/s "
                + "| server CPU µs/delivery | server CPU % |\n");
        out.append(
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (TransportsResult r : results) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d/%d | %d / %d | %d | %d | %s | %s | %s (%s + %s) | %s | %s | %s | %s | %s | %s |%n",
                    r.transport(),
                    r.ready(),
                    r.clients(),
                    r.delivered(),
                    r.expected(),
                    r.lost(),
                    r.duplicates(),
                    num(r.p50Ms(), 1),
                    num(r.p99Ms(), 1),
                    num(r.receiverBytesPerDelivery(), 1),
                    num(r.windowDeliveries() > 0 ? (double) r.receiverBytesIn() / r.windowDeliveries() : Double.NaN, 1),
                    num(
                            r.windowDeliveries() > 0
                                    ? (double) r.receiverBytesOut() / r.windowDeliveries()
                                    : Double.NaN,
                            1),
                    num(r.senderBytesPerPost(), 0),
                    num(r.totalBytesPerDelivery(), 1),
                    num(r.receiverRequestsPerSecond(), 1),
                    num(r.requestsPerSecond(), 1),
                    num(r.serverCpuMicrosPerDelivery(), 1),
                    num(r.serverCpuPercent(), 1)));
        }
        return out.toString();
    }

    static String num(double value, int decimals) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
