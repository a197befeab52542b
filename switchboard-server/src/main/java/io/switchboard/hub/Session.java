package io.switchboard.hub;

import io.switchboard.metrics.Transport;
import io.switchboard.model.SessionId;
import java.util.concurrent.Executor;

/**
 * A connected client as the hub sees it, implemented by each transport adapter.
 *
 * <p>{@link #deliver} and {@link #flush} are only ever called on {@link #executor()}, the thread that
 * owns the connection (a Netty event loop for socket transports), so implementations need no locks.
 */
public interface Session {

    SessionId id();

    /** The thread the hub hands deliveries to; sessions on the same executor are served by one task. */
    Executor executor();

    /** Writes the event to the client's outbound queue without flushing it. */
    void deliver(Delivery delivery);

    /** Flushes what {@link #deliver} queued; called once per delivery, right after its write. */
    void flush();

    /** How the client is connected, for the metrics; null for a stand-in that receives nothing (HTTP presence). */
    default Transport transport() {
        return null;
    }

    /**
     * Another session of the same client (same member id) joined {@code room}: the client moved to
     * another transport or reconnected. A session that only stands in for a client between its
     * requests (HTTP presence) leaves now instead of lingering; a connection ignores this, it goes
     * when it closes. Called on the storage thread, with no hub lock held.
     */
    default void supersededIn(String room) {}
}
