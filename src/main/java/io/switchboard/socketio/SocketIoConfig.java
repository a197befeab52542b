package io.switchboard.socketio;

import io.switchboard.transport.engineio.EngineIoConfig;
import java.time.Duration;

/**
 * The Socket.IO server's settings. Immutable.
 *
 * @param engine         the Engine.IO settings underneath
 * @param connectTimeout how long a client may stay without any namespace before it is closed
 */
public record SocketIoConfig(EngineIoConfig engine, Duration connectTimeout) {
    /** The reference server's defaults (connectTimeout 45 s). */
    public static SocketIoConfig defaults() {
        return new SocketIoConfig(EngineIoConfig.defaults(), Duration.ofSeconds(45));
    }
}
