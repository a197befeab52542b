package io.switchboard.server.logging;

import io.switchboard.hub.Hub;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The info line logged once a minute on the logger {@value #LOGGER}:
 * <pre>
 * last 60 s: 812 sessions (640 WebSocket connections), 37 rooms, 1520 messages stored,
 *   98210 deliveries, storage p99 4.096 ms   (one line)
 * </pre>
 * Counts of messages and deliveries are those of the interval; the storage p99 is the slowest
 * percent of group-commit batches in it (bucketed to a power of two microseconds).
 *
 * <p>{@link #run} is called by one scheduled task at a time; the previous totals it keeps are
 * touched by nobody else.
 */
public final class SummaryLog implements Runnable {
    public static final String LOGGER = "switchboard.summary";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final Hub hub;
    private final IntSupplier webSockets;
    private final long intervalSeconds;
    private long lastStored;
    private long lastDeliveries;

    public SummaryLog(Hub hub, IntSupplier webSockets, long intervalSeconds) {
        this.hub = hub;
        this.webSockets = webSockets;
        this.intervalSeconds = intervalSeconds;
        this.lastStored = hub.metrics().messagesStoredTotal();
        this.lastDeliveries = hub.metrics().deliveriesTotal();
    }

    @Override
    public void run() {
        double p99 = hub.stats().takeStorageP99Millis();
        int sessions = hub.sessionCount();
        int sockets = webSockets.getAsInt();
        int rooms = hub.roomCount();
        if (!hub.metrics().recording()) {
            // --no-metrics without a dashboard counts no messages: say nothing rather than 0
            log.atInfo()
                    .addKeyValue("sessions", sessions)
                    .addKeyValue("webSockets", sockets)
                    .addKeyValue("rooms", rooms)
                    .addKeyValue("storageP99Ms", p99)
                    .log(
                            "last {} s: {} sessions ({} WebSocket connections), {} rooms, storage p99 {} ms "
                                    + "(message counts are off with --no-metrics)",
                            intervalSeconds,
                            sessions,
                            sockets,
                            rooms,
                            p99);
            return;
        }
        long stored = hub.metrics().messagesStoredTotal();
        long deliveries = hub.metrics().deliveriesTotal();
        log.atInfo()
                .addKeyValue("sessions", sessions)
                .addKeyValue("webSockets", sockets)
                .addKeyValue("rooms", rooms)
                .addKeyValue("messagesStored", stored - lastStored)
                .addKeyValue("deliveries", deliveries - lastDeliveries)
                .addKeyValue("storageP99Ms", p99)
                .log(
                        "last {} s: {} sessions ({} WebSocket connections), {} rooms, {} messages stored, "
                                + "{} deliveries, storage p99 {} ms",
                        intervalSeconds,
                        sessions,
                        sockets,
                        rooms,
                        stored - lastStored,
                        deliveries - lastDeliveries,
                        p99);
        lastStored = stored;
        lastDeliveries = deliveries;
    }
}
