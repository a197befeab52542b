package io.switchboard.socketio;

import java.time.Duration;

/**
 * Connection state recovery, as the reference server's {@code connectionStateRecovery} option: a
 * client whose connection dropped (not one that left on purpose) and that reconnects within
 * {@code maxDisconnectionDuration} gets its socket id, its rooms, its {@link SocketIoSocket#data()}
 * and the packets it missed back. Immutable.
 *
 * @param maxDisconnectionDuration how long a dropped socket's state is kept
 * @param skipMiddlewares          whether a recovered socket skips the namespace's middleware
 */
public record ConnectionStateRecovery(Duration maxDisconnectionDuration, boolean skipMiddlewares) {
    public ConnectionStateRecovery {
        if (maxDisconnectionDuration.isNegative() || maxDisconnectionDuration.isZero()) {
            throw new IllegalArgumentException("maxDisconnectionDuration must be positive");
        }
    }

    /** The reference server's defaults: 2 minutes, middleware skipped. */
    public static ConnectionStateRecovery defaults() {
        return new ConnectionStateRecovery(Duration.ofMinutes(2), true);
    }
}
