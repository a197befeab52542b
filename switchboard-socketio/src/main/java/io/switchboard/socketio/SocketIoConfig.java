package io.switchboard.socketio;

import io.switchboard.socketio.internal.engineio.EngineIoConfig;
import java.time.Duration;

/**
 * The Socket.IO server's settings. Immutable.
 *
 * @param engine         the Engine.IO settings underneath
 * @param connectTimeout how long a client may stay without any namespace before it is closed
 * @param recovery       connection state recovery, or null when it is off (the reference default)
 * @param adapter        makes each namespace's {@link Adapter}; {@link InMemoryAdapter} when null
 */
public record SocketIoConfig(
        EngineIoConfig engine, Duration connectTimeout, ConnectionStateRecovery recovery, Adapter.Factory adapter) {
    public SocketIoConfig {
        if (adapter == null) {
            adapter = InMemoryAdapter::new;
        }
    }

    public SocketIoConfig(EngineIoConfig engine, Duration connectTimeout, ConnectionStateRecovery recovery) {
        this(engine, connectTimeout, recovery, null);
    }

    public SocketIoConfig(EngineIoConfig engine, Duration connectTimeout) {
        this(engine, connectTimeout, null, null);
    }

    /** The reference server's defaults (connectTimeout 45 s, no recovery). */
    public static SocketIoConfig defaults() {
        return new SocketIoConfig(EngineIoConfig.defaults(), Duration.ofSeconds(45));
    }

    public SocketIoConfig withRecovery(ConnectionStateRecovery recovery) {
        return new SocketIoConfig(engine, connectTimeout, recovery, adapter);
    }

    /** The same settings with namespaces whose adapter {@code factory} makes (a Redis one, say). */
    public SocketIoConfig withAdapter(Adapter.Factory factory) {
        return new SocketIoConfig(engine, connectTimeout, recovery, factory);
    }
}
