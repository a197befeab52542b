package io.switchboard.loadtool.idle;

import io.switchboard.loadtool.common.LoopbackTarget;
import io.switchboard.loadtool.common.ServerGc;
import java.util.Locale;

/**
 * What the idle scenario measured: the server's resident memory before and after holding
 * {@code connected} idle WebSocket clients, and, when asked for, some time after they left
 * ({@code rssAfterLeaveKib}, -1 when not read).
 *
 * <p>Immutable.
 */
public record IdleResult(
        String scenario,
        String label,
        String url,
        int clients,
        int connected,
        long rssBeforeKib,
        long rssAfterKib,
        double kibPerConnection,
        ServerGc.Method gcBeforeReadings,
        long rssAfterLeaveKib) {

    static IdleResult of(
            String label,
            LoopbackTarget target,
            int clients,
            int connected,
            long before,
            long after,
            long afterLeave,
            ServerGc.Method gc) {
        double perConnection = connected == 0 ? Double.NaN : (double) (after - before) / connected;
        return new IdleResult(
                "idle",
                label,
                target.uri().toString(),
                clients,
                connected,
                before,
                after,
                perConnection,
                gc,
                afterLeave);
    }

    public String summary() {
        return String.format(
                        Locale.ROOT,
                        "[%s] idle %s: %d/%d clients; server RSS %.1f MiB -> %.1f MiB = %.1f KiB per connection%s",
                        label,
                        url,
                        connected,
                        clients,
                        rssBeforeKib / 1024.0,
                        rssAfterKib / 1024.0,
                        kibPerConnection,
                        gcBeforeReadings == ServerGc.Method.NONE
                                ? ""
                                : " (" + gcBeforeReadings + " GC before each reading)")
                + (rssAfterLeaveKib < 0
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; after the clients left: %.1f MiB (%.0f %% of before)",
                                rssAfterLeaveKib / 1024.0,
                                100.0 * rssAfterLeaveKib / rssBeforeKib));
    }
}
