package io.switchboard.loadtool.transports;

/**
 * The knobs of one {@code transports} scenario, the same for every transport it measures.
 *
 * <p>Immutable.
 *
 * @param clients receivers per transport, all in one room
 * @param rate messages per second posted to that room
 * @param durationSeconds measured sending time per transport
 * @param warmupSeconds sending time before measuring, per transport
 * @param payloadBytes message text size
 * @param pollIntervalMillis time between two polls of one polling receiver (±10% jitter)
 * @param longPollWaitSeconds the {@code wait} of a long-poll (the server caps it at 30)
 * @param pollLimit the {@code limit} of every poll and long-poll
 * @param senders keep-alive connections the sender posts over, round-robin
 * @param drainSeconds how long to wait for late deliveries after the last send
 * @param connectTimeoutSeconds how long receivers may take to connect and become ready
 * @param threads event loop threads of this tool
 */
record TransportsSettings(
        int clients,
        double rate,
        double durationSeconds,
        double warmupSeconds,
        int payloadBytes,
        long pollIntervalMillis,
        int longPollWaitSeconds,
        int pollLimit,
        int senders,
        double drainSeconds,
        double connectTimeoutSeconds,
        int threads) {

    TransportsSettings {
        if (clients < 1 || senders < 1 || threads < 1 || pollIntervalMillis < 1 || pollLimit < 1) {
            throw new IllegalArgumentException("clients, senders, threads, poll interval and limit must be positive");
        }
        if (longPollWaitSeconds < 1 || longPollWaitSeconds > 30) {
            throw new IllegalArgumentException("the long-poll wait is 1 to 30 seconds");
        }
        if (!(rate > 0) || !(durationSeconds > 0) || warmupSeconds < 0 || durationSeconds + warmupSeconds > 600) {
            throw new IllegalArgumentException(
                    "rate and duration must be positive, and a transport's run at most 600 s");
        }
    }

    /** Drain long enough for a poller that just missed a message to ask again. */
    double effectiveDrainSeconds() {
        return Math.max(drainSeconds, 2 * pollIntervalMillis / 1000.0 + 1);
    }
}
