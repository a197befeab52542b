package io.switchboard.cluster;

import io.switchboard.model.HubEvent;
import java.util.function.Consumer;

/**
 * Publish/subscribe of hub events between the nodes of one chat.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>Events published for one room reach every subscriber in the order they were published on
 *       the publishing node. Nothing is promised across rooms.</li>
 *   <li>The subscriber is called for events of every node, this node's own included, so the hub
 *       has one path for local and remote events.</li>
 *   <li>Delivery is at most once. Messages are durable in the history store, not in the broker, so a
 *       subscriber that misses events (a broker outage) recovers them from history by id.</li>
 *   <li>The subscriber must not block: it is called on the publishing thread (in memory) or on the
 *       broker's I/O thread.</li>
 * </ul>
 */
public interface Broker extends AutoCloseable {

    /** Sets the one subscriber of this node. Called once, before the first publish. */
    void subscribe(Consumer<HubEvent> subscriber);

    void publish(HubEvent event);

    @Override
    void close();
}
