package io.switchboard.cluster;

import io.switchboard.model.HubEvent;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Publish/subscribe of hub events between the nodes of one chat.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>Events published for one room reach every subscriber in the order they were published on
 *       the publishing node. Nothing is promised across rooms or across publishing nodes: the hub
 *       puts messages back in id order itself.</li>
 *   <li>The subscriber is called for events of every node, this node's own included, so the hub
 *       has one path for local and remote events. This node's own events reach it at once, on the
 *       publishing thread, never through a round trip to another process: a node keeps serving its
 *       own clients while the broker is away.</li>
 *   <li>Delivery is at most once. Messages are durable in the history store, not in the broker, so a
 *       subscriber that misses events (a broker outage) recovers them from history by id; the
 *       broker says when that may have happened ({@link #onPossibleGap}).</li>
 *   <li>A broker may deliver remote events only of rooms this node declared an interest in
 *       ({@link #interest}).</li>
 *   <li>The subscriber must not block: it is called on the publishing thread or on the broker's
 *       I/O thread.</li>
 * </ul>
 */
public interface Broker extends AutoCloseable {

    /** Sets the one subscriber of this node. Called once, before the first publish. */
    void subscribe(Consumer<HubEvent> subscriber);

    void publish(HubEvent event);

    /**
     * Sets who checks a room against the history when the broker may have lost some of its remote
     * events (after a reconnect, a resubscription, a new subscription). Called once, before the
     * first publish; the check is called on a broker thread and must not block.
     */
    default void onPossibleGap(Consumer<String> roomCheck) {}

    /**
     * This node has its first local session in {@code room} (true) or no longer any (false): a
     * broker that routes by room starts or stops receiving the room's remote events. Called in
     * order per room (under the hub's room lock); must not block.
     */
    default void interest(String room, boolean interested) {}

    /**
     * The broker's link to the other nodes, for {@code /readyz}; empty for a broker with nothing
     * remote to reach (a single node). Never blocks.
     */
    default Optional<BrokerHealth> health() {
        return Optional.empty();
    }

    @Override
    void close();
}
