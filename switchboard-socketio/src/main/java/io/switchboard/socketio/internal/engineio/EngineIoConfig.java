package io.switchboard.socketio.internal.engineio;

import java.time.Duration;
import java.util.Objects;

/**
 * The Engine.IO server's limits and timers. Immutable.
 *
 * @param pingInterval   how often the server pings a session
 * @param pingTimeout    how long a pong may take before the session is closed
 * @param maxPayload     the largest polling body and WebSocket message, in bytes
 * @param upgradeTimeout how long a WebSocket probe may take to complete the upgrade
 * @param maxBufferedBytes packet bytes a session may have waiting for a poll or for the socket;
 *                       more closes it as a slow consumer
 * @param cors           cross-origin access to the path; {@link CorsOptions#NONE} sends no CORS headers
 */
public record EngineIoConfig(
        Duration pingInterval,
        Duration pingTimeout,
        int maxPayload,
        Duration upgradeTimeout,
        long maxBufferedBytes,
        CorsOptions cors) {
    public EngineIoConfig {
        Objects.requireNonNull(cors, "cors");
    }

    /** Without CORS headers. */
    public EngineIoConfig(
            Duration pingInterval,
            Duration pingTimeout,
            int maxPayload,
            Duration upgradeTimeout,
            long maxBufferedBytes) {
        this(pingInterval, pingTimeout, maxPayload, upgradeTimeout, maxBufferedBytes, CorsOptions.NONE);
    }

    /** The reference server's defaults (25 s, 20 s, 1 MB, 10 s, no CORS) and 4 MB of buffered packets. */
    public static EngineIoConfig defaults() {
        return new EngineIoConfig(
                Duration.ofSeconds(25), Duration.ofSeconds(20), 1_000_000, Duration.ofSeconds(10), 4_000_000);
    }

    /** This config with other CORS options. */
    public EngineIoConfig withCors(CorsOptions options) {
        return new EngineIoConfig(pingInterval, pingTimeout, maxPayload, upgradeTimeout, maxBufferedBytes, options);
    }
}
