package io.switchboard.loadtool.transports;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Draws the results of a {@code transports} scenario as a standalone SVG: four panels side by
 * side, each a grouped bar chart with one group per transport: bytes on the wire per delivered
 * message (receivers alone, and with the sender's POSTs), delivery latency p50/p99 on a
 * logarithmic axis (polling is three orders of magnitude slower than push), and server CPU per
 * delivered message, and HTTP requests per second. Every bar is labelled with its value, so the picture reads
 * without the table.
 *
 * <pre>
 *   ┌ title ─────────────────────────────────────────────────────────────┐
 *   │ panel: bytes/msg      │ panel: latency (log)  │ panel: CPU µs/msg  │
 *   │ legend                │ legend                │                    │
 *   │ ▆▆ ▆▆ ▆▆ ▆▆ ▆▆        │ ▂▆ ▂▆ ▂▆ ▆█ ▆█        │ ▂ ▂ ▂ ▆ ▄          │
 *   │ ws sse stream lp poll │ …                     │ …                  │
 *   └────────────────────────────────────────────────────────────────────┘
 * </pre>
 *
 * <p>Thread-safe: stateless.
 */
final class TransportsChart {

    /** One series of bars: a value per transport (NaN: no bar). */
    record Series(String name, String color, double[] values) {}

    /** One panel's content. */
    record Panel(String title, String axisLabel, boolean logScale, List<Series> series) {}

    static final int PANEL_WIDTH = 380;
    static final int HEIGHT = 440;
    private static final int TOP = 100;
    private static final int BOTTOM = 370;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;

    private TransportsChart() {}

    static String render(String title, List<TransportsResult> results) {
        List<String> names = results.stream().map(TransportsResult::transport).toList();
        List<Panel> panels = List.of(
                new Panel(
                        "Bytes on the wire per delivered message",
                        "bytes (both directions, headers included)",
                        false,
                        List.of(
                                new Series(
                                        "receivers",
                                        "#4e79a7",
                                        values(results, TransportsResult::receiverBytesPerDelivery)),
                                new Series(
                                        "receivers + sender",
                                        "#a0cbe8",
                                        values(results, TransportsResult::totalBytesPerDelivery)))),
                new Panel(
                        "Delivery latency",
                        "milliseconds (log scale)",
                        true,
                        List.of(
                                new Series("p50", "#59a14f", values(results, TransportsResult::p50Ms)),
                                new Series("p99", "#e15759", values(results, TransportsResult::p99Ms)))),
                new Panel(
                        "Server CPU per delivered message",
                        "microseconds",
                        false,
                        List.of(new Series(
                                "server CPU",
                                "#f28e2b",
                                values(results, TransportsResult::serverCpuMicrosPerDelivery)))),
                new Panel(
                        "HTTP requests per second",
                        "requests/s, receivers + sender",
                        false,
                        List.of(new Series(
                                "requests", "#76b7b2", values(results, TransportsResult::requestsPerSecond)))));
        return render(title, names, panels);
    }

    static String render(String title, List<String> groups, List<Panel> panels) {
        int width = PANEL_WIDTH * panels.size();
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"Helvetica, Arial, sans-serif\">%n",
                width,
                HEIGHT,
                width,
                HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, HEIGHT));
        text(svg, width / 2.0, 28, 18, "middle", "bold", title);
        for (int i = 0; i < panels.size(); i++) {
            panel(svg, PANEL_WIDTH * i, groups, panels.get(i));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, int x0, List<String> groups, Panel panel) {
        double left = x0 + LEFT;
        double right = x0 + PANEL_WIDTH - RIGHT;
        text(svg, (left + right) / 2, 56, 14, "middle", "bold", panel.title());
        legend(svg, left, panel.series());
        Scale scale = Scale.of(panel);
        for (double tick : scale.ticks()) {
            double y = scale.y(tick);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>%n",
                    left,
                    y,
                    right,
                    y));
            text(svg, left - 6, y + 4, 11, "end", "normal", tickLabel(tick));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>%n",
                left,
                TOP,
                left,
                BOTTOM));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>%n",
                left,
                BOTTOM,
                right,
                BOTTOM));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 "
                        + "%.1f %.1f)\">%s</text>%n",
                x0 + 16.0,
                (TOP + BOTTOM) / 2.0,
                x0 + 16.0,
                (TOP + BOTTOM) / 2.0,
                escape(panel.axisLabel())));
        double groupWidth = (right - left) / Math.max(1, groups.size());
        double barWidth = groupWidth * 0.8 / panel.series().size();
        for (int g = 0; g < groups.size(); g++) {
            double gx = left + g * groupWidth + groupWidth * 0.1;
            text(svg, left + (g + 0.5) * groupWidth, BOTTOM + 18, 12, "middle", "normal", groups.get(g));
            for (int s = 0; s < panel.series().size(); s++) {
                Series series = panel.series().get(s);
                double value = g < series.values().length ? series.values()[g] : Double.NaN;
                if (Double.isNaN(value)) {
                    continue;
                }
                double y = scale.y(value);
                double bx = gx + s * barWidth;
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s %s: %s</title></rect>%n",
                        bx,
                        y,
                        barWidth - 1,
                        BOTTOM - y,
                        series.color(),
                        escape(groups.get(g)),
                        escape(series.name()),
                        label(value)));
                text(svg, bx + barWidth / 2, y - 3, 9, "middle", "normal", label(value));
            }
        }
    }

    private static void legend(StringBuilder svg, double left, List<Series> series) {
        if (series.size() < 2) {
            return;
        }
        double x = left;
        for (Series s : series) {
            svg.append(String.format(
                    Locale.ROOT, "<rect x=\"%.1f\" y=\"70\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, s.color()));
            text(svg, x + 16, 80, 12, "start", "normal", s.name());
            x += 24 + 7 * s.name().length();
        }
    }

    /** Maps values to y pixels: linear from 0, or log10 over whole decades. */
    record Scale(boolean log, double min, double max) {

        static Scale of(Panel panel) {
            double max = 0;
            double min = Double.MAX_VALUE;
            for (Series s : panel.series()) {
                for (double v : s.values()) {
                    if (!Double.isNaN(v) && v > 0) {
                        max = Math.max(max, v);
                        min = Math.min(min, v);
                    }
                }
            }
            if (max == 0) {
                return new Scale(panel.logScale(), 0.1, 1);
            }
            if (panel.logScale()) {
                return new Scale(
                        true,
                        Math.pow(10, Math.floor(Math.log10(min))),
                        Math.pow(10, Math.ceil(Math.log10(max * 1.2))));
            }
            double step = niceStep(max * 1.15 / 5);
            return new Scale(false, 0, Math.ceil(max * 1.15 / step) * step);
        }

        double y(double value) {
            double f;
            if (log) {
                double v = Math.max(value, min);
                f = (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
            } else {
                f = value / max;
            }
            return BOTTOM - f * (BOTTOM - TOP - 10);
        }

        List<Double> ticks() {
            ArrayList<Double> ticks = new ArrayList<>();
            if (log) {
                for (double t = min; t <= max * 1.0001; t *= 10) {
                    ticks.add(t);
                }
            } else {
                double step = niceStep(max / 5);
                for (double t = 0; t <= max * 1.0001; t += step) {
                    ticks.add(t);
                }
            }
            return ticks;
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * decade >= raw) {
                return m * decade;
            }
        }
        return 10 * decade;
    }

    /** Axis ticks are round numbers: no trailing zeros ("0.1", "10", "1000"). */
    static String tickLabel(double v) {
        return BigDecimal.valueOf(v)
                .round(new MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }

    static String label(double v) {
        if (v == 0) {
            return "0";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (Math.abs(v) >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static double[] values(List<TransportsResult> results, ToDoubleFunction<TransportsResult> f) {
        return results.stream().mapToDouble(f).toArray();
    }

    private static void text(StringBuilder svg, double x, double y, int size, String anchor, String weight, String s) {
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" font-weight=\"%s\">%s</text>%n",
                x,
                y,
                size,
                anchor,
                weight,
                escape(s)));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
