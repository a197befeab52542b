package io.switchboard.loadtool.store;

import java.util.List;

/**
 * The knobs of a store run.
 *
 * <p>Immutable.
 *
 * @param clients how many clients connect; every one sends
 * @param rooms clients join {@code bench-0 … bench-(rooms-1)} round-robin
 * @param rates offered messages per second, all clients together, one step each, in order
 * @param durationSeconds the measured window of each step
 * @param warmupSeconds sending before each measured window, left out of the statistics
 * @param textChars characters of each message text
 * @param drainSeconds how long to wait after a step's last send for its outstanding acks
 * @param threads event-loop threads of the tool
 * @param handshakesInFlight handshakes ramped concurrently
 * @param connectTimeoutSeconds bound on opening, welcoming and joining all clients
 * @param expectWelcome wait for a first frame on every client before joining
 */
record StoreSettings(
        int clients,
        int rooms,
        List<Double> rates,
        double durationSeconds,
        double warmupSeconds,
        int textChars,
        double drainSeconds,
        int threads,
        int handshakesInFlight,
        double connectTimeoutSeconds,
        boolean expectWelcome) {

    /** Above this many measured messages per step the ack ledgers would take more than a few MB. */
    static final long MAX_MEASURED_MESSAGES = 50_000_000L;

    StoreSettings {
        rates = List.copyOf(rates);
        if (clients < 1 || rooms < 1 || threads < 1 || handshakesInFlight < 1) {
            throw new IllegalArgumentException("clients, rooms, threads and handshakes in flight must be at least 1");
        }
        if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0))) {
            throw new IllegalArgumentException("give at least one rate, every rate positive");
        }
        if (!(durationSeconds > 0)
                || warmupSeconds < 0
                || textChars < 1
                || textChars > 4000
                || drainSeconds < 0
                || !(connectTimeoutSeconds > 0)) {
            throw new IllegalArgumentException("duration and connect timeout must be positive, warmup and drain"
                    + " not negative, the text 1-4000 characters");
        }
        if ((durationSeconds + warmupSeconds + drainSeconds) * rates.size() > 3600) {
            throw new IllegalArgumentException("a run is at most an hour (all steps' warmup + duration + drain)");
        }
        for (double rate : rates) {
            if (rate * durationSeconds > MAX_MEASURED_MESSAGES) {
                throw new IllegalArgumentException(
                        "rate × duration is above " + MAX_MEASURED_MESSAGES + "; shorten the run");
            }
        }
    }
}
