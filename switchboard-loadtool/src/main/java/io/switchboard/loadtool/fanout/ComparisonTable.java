package io.switchboard.loadtool.fanout;

import io.switchboard.loadtool.idle.IdleResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Renders the results of several targets side by side as a Markdown table: one column per
 * target, one row per metric, followed by the CPU-per-delivery ratio of every target against the
 * first one.
 *
 * <p>Thread-safe: stateless.
 */
final class ComparisonTable {

    private ComparisonTable() {}

    /**
     * @param labels the targets, in column order
     * @param fanout fan-out results (any order, matched by label; may be empty)
     * @param idle idle results (any order, matched by label; may be empty)
     */
    static String render(List<String> labels, List<FanoutResult> fanout, List<IdleResult> idle) {
        List<String[]> rows = new ArrayList<>();
        List<FanoutResult> f =
                labels.stream().map(l -> find(fanout, l, FanoutResult::label)).toList();
        List<IdleResult> i =
                labels.stream().map(l -> find(idle, l, IdleResult::label)).toList();
        if (!fanout.isEmpty()) {
            rows.add(row("fan-out: clients connected", f, r -> Long.toString(r.connected())));
            rows.add(row("offered rate (msg/s)", f, r -> num(r.rate(), 1)));
            rows.add(row("deliveries per second (CPU window)", f, r -> num(r.deliveriesPerSecond(), 0)));
            rows.add(row("messages sent (measured)", f, r -> Long.toString(r.sent())));
            rows.add(row("delivered / expected", f, r -> r.delivered() + " / " + r.expected()));
            rows.add(row("lost or later than the drain", f, r -> Long.toString(r.lost())));
            rows.add(row("duplicates", f, r -> Long.toString(r.duplicates())));
            rows.add(row("latency p50 (ms)", f, r -> num(r.p50Ms(), 2)));
            rows.add(row("latency p90 (ms)", f, r -> num(r.p90Ms(), 2)));
            rows.add(row("latency p99 (ms)", f, r -> num(r.p99Ms(), 2)));
            rows.add(row("latency p99.9 (ms)", f, r -> num(r.p999Ms(), 2)));
            rows.add(row("latency max (ms)", f, r -> num(r.maxMs(), 2)));
            rows.add(row(
                    "**server CPU per delivery (µs)**", f, r -> "**" + num(r.serverCpuMicrosPerDelivery(), 2) + "**"));
            rows.add(row("server CPU (% of one core)", f, r -> num(r.serverCpuPercent(), 1)));
            rows.add(row("server CPU spent in the kernel (%)", f, r -> num(r.serverKernelShare(), 0)));
            rows.add(row("load tool CPU per delivery (µs)", f, r -> num(r.toolCpuMicrosPerDelivery(), 2)));
            rows.add(row(
                    "connect failures / closed mid-run", f, r -> r.connectFailures() + " / " + r.closedDuringRun()));
        }
        if (!idle.isEmpty()) {
            rows.add(row("idle: clients connected", i, r -> Long.toString(r.connected())));
            rows.add(row(
                    "idle: server RSS before → after (MiB)",
                    i,
                    r -> num(r.rssBeforeKib() / 1024.0, 1) + " → " + num(r.rssAfterKib() / 1024.0, 1)));
            rows.add(row("**idle: RSS per connection (KiB)**", i, r -> "**" + num(r.kibPerConnection(), 1) + "**"));
            rows.add(row("idle: garbage collected before readings", i, r -> r.gcBeforeReadings()
                    .toString()));
        }
        StringBuilder out = new StringBuilder();
        out.append("| metric |");
        labels.forEach(l -> out.append(' ').append(l).append(" |"));
        out.append("\n|---|");
        labels.forEach(l -> out.append("---:|"));
        out.append('\n');
        for (String[] row : rows) {
            out.append('|');
            for (String cell : row) {
                out.append(' ').append(cell).append(" |");
            }
            out.append('\n');
        }
        appendRatios(out, labels, f);
        return out.toString();
    }

    private static void appendRatios(StringBuilder out, List<String> labels, List<FanoutResult> f) {
        if (f.size() < 2 || f.get(0) == null) {
            return;
        }
        out.append('\n');
        for (int k = 1; k < f.size(); k++) {
            FanoutResult other = f.get(k);
            if (other == null || !(other.serverCpuMicrosPerDelivery() > 0)) {
                continue;
            }
            double ratio = f.get(0).serverCpuMicrosPerDelivery() / other.serverCpuMicrosPerDelivery();
            out.append(String.format(
                    Locale.ROOT,
                    "Server CPU per delivery, %s / %s = %.2f (%s uses %.0f%% of %s's CPU per delivered message).%n",
                    labels.get(0),
                    labels.get(k),
                    ratio,
                    labels.get(0),
                    ratio * 100,
                    labels.get(k)));
        }
    }

    private static <R> String[] row(String name, List<R> results, Function<R, String> cell) {
        String[] row = new String[results.size() + 1];
        row[0] = name;
        for (int k = 0; k < results.size(); k++) {
            row[k + 1] = results.get(k) == null ? "–" : cell.apply(results.get(k));
        }
        return row;
    }

    private static <R> R find(List<R> results, String label, Function<R, String> labelOf) {
        return results.stream()
                .filter(r -> label.equals(labelOf.apply(r)))
                .findFirst()
                .orElse(null);
    }

    private static String num(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
