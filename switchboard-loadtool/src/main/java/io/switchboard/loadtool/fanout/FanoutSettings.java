package io.switchboard.loadtool.fanout;

import io.switchboard.loadtool.common.ClientProtocol;

/**
 * The knobs of a fan-out run, shared by {@code fanout} and {@code compare}.
 *
 * <p>Immutable.
 *
 * @param clients how many clients connect; every one both sends and receives
 * @param rate messages per second, all senders together
 * @param durationSeconds the measured window
 * @param warmupSeconds sending before the measured window, left out of the statistics
 * @param payloadBytes size of each message text (the token plus padding)
 * @param threads event-loop threads of the tool
 * @param handshakesInFlight handshakes ramped concurrently
 * @param connectTimeoutSeconds bound on opening all clients and receiving their welcomes
 * @param drainSeconds how long to wait after the last send for outstanding deliveries
 * @param expectWelcome wait for a first frame on every client before sending (off for an echo server)
 * @param protocol what the clients speak over their WebSocket
 */
record FanoutSettings(
        int clients,
        double rate,
        double durationSeconds,
        double warmupSeconds,
        int payloadBytes,
        int threads,
        int handshakesInFlight,
        double connectTimeoutSeconds,
        double drainSeconds,
        boolean expectWelcome,
        ClientProtocol protocol) {

    /** Above this many (client, message) pairs the per-client ledgers would take over ~100 MB. */
    static final long MAX_LEDGER_BITS = 800_000_000L;

    FanoutSettings {
        if (protocol == null) {
            throw new IllegalArgumentException("no client protocol");
        }
        if (clients < 1 || threads < 1 || handshakesInFlight < 1) {
            throw new IllegalArgumentException("clients, threads and handshakes in flight must be at least 1");
        }
        if (!(rate > 0)
                || !(durationSeconds > 0)
                || warmupSeconds < 0
                || payloadBytes < 0
                || !(connectTimeoutSeconds > 0)
                || drainSeconds < 0) {
            throw new IllegalArgumentException(
                    "rate, duration and connect timeout must be positive;" + " warmup, payload and drain not negative");
        }
        if (durationSeconds + warmupSeconds > 3600) {
            throw new IllegalArgumentException("a run is at most an hour (warmup + duration)");
        }
        if ((double) clients * rate * durationSeconds > MAX_LEDGER_BITS) {
            throw new IllegalArgumentException(
                    "clients × rate × duration is above " + MAX_LEDGER_BITS + "; shorten the run");
        }
    }
}
