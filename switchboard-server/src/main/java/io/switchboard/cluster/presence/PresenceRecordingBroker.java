package io.switchboard.cluster.presence;

import io.switchboard.cluster.Broker;
import io.switchboard.model.HubEvent;
import java.util.function.Consumer;

/**
 * A {@link Broker} that also records this node's presence changes in Redis: the hub publishes only
 * what happens on this node, so every join, rename and leave it publishes is one of ours. The event
 * itself goes on to the wrapped broker unchanged. Thread-safe as the wrapped broker.
 */
final class PresenceRecordingBroker implements Broker {
    private final Broker inner;
    private final ClusterPresence presence;

    PresenceRecordingBroker(Broker inner, ClusterPresence presence) {
        this.inner = inner;
        this.presence = presence;
    }

    @Override
    public void subscribe(Consumer<HubEvent> subscriber) {
        inner.subscribe(subscriber);
    }

    @Override
    public void publish(HubEvent event) {
        if (event instanceof HubEvent.PresenceChanged change) {
            presence.recordLocal(change);
        }
        inner.publish(event);
    }

    @Override
    public void close() {
        inner.close();
    }
}
