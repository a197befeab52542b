package io.switchboard.server.admin;

import java.util.Map;

/**
 * One second of the dashboard's time series: gauges as read, counters as rates over the time since
 * the reading before. {@code null} is a figure the source cannot tell (or, for the storage time, a
 * second without appends).
 *
 * @param t when it was read, milliseconds since the epoch
 * @param storageAppendMillis mean time of a store of appends during the interval
 */
public record Point(
        long t,
        Map<String, Long> connections,
        Double messagesPerSecond,
        Double deliveriesPerSecond,
        Double storageAppendMillis,
        Long storageQueueDepth,
        long rooms,
        Long slowConsumerCloses,
        Long rateLimitCloses) {

    /** The point of {@code now}, its rates over the {@code seconds} since {@code before} (null for the first). */
    static Point between(Snapshot before, Snapshot now, double seconds, long timeMillis) {
        Double storageMillis = null;
        if (before != null && knowsStorageTimes(before) && knowsStorageTimes(now)) {
            long appends = now.storageAppends() - before.storageAppends();
            if (appends > 0) {
                storageMillis = (now.storageAppendSeconds() - before.storageAppendSeconds()) * 1000 / appends;
            }
        }
        return new Point(
                timeMillis,
                now.connections(),
                rate(before == null ? null : before.messagesReceived(), now.messagesReceived(), seconds),
                rate(before == null ? null : before.deliveries(), now.deliveries(), seconds),
                storageMillis,
                now.storageQueueDepth(),
                now.rooms(),
                now.slowConsumerCloses(),
                now.rateLimitCloses());
    }

    private static boolean knowsStorageTimes(Snapshot s) {
        return s.storageAppends() != null && s.storageAppendSeconds() != null;
    }

    /** Per second; a counter that went backwards (a source replaced) counts from zero again. */
    private static Double rate(Long before, Long now, double seconds) {
        if (now == null) {
            return null;
        }
        if (before == null || seconds <= 0) {
            return 0.0;
        }
        return Math.max(0, now - before) / seconds;
    }
}
