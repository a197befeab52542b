package io.switchboard.socketio;

import io.switchboard.socketio.internal.engineio.EngineIoConfig;
import java.time.Duration;

/**
 * The Socket.IO server's settings. Immutable.
 *
 * @param engine         the Engine.IO settings underneath
 * @param connectTimeout how long a client may stay without any namespace before it is closed
 * @param recovery       connection state recovery, or null when it is off (the reference default)
 */
public record SocketIoConfig(EngineIoConfig engine, Duration connectTimeout, ConnectionStateRecovery recovery) {
    public SocketIoConfig(EngineIoConfig engine, Duration connectTimeout) {
        this(engine, connectTimeout, null);
    }

    /** The reference server's defaults (connectTimeout 45 s, no recovery). */
    public static SocketIoConfig defaults() {
        return new SocketIoConfig(EngineIoConfig.defaults(), Duration.ofSeconds(45));
    }

    public SocketIoConfig withRecovery(ConnectionStateRecovery recovery) {
        return new SocketIoConfig(engine, connectTimeout, recovery);
    }
}
