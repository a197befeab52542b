package io.switchboard.cluster;

import io.switchboard.model.HubEvent;
import java.util.function.Consumer;

/**
 * The broker of a single node: publishing calls the subscriber at once, on the publishing thread,
 * which keeps per-room publish order trivially.
 *
 * <p>Thread-safe: the subscriber is set once before use and read through a volatile field.
 */
public final class InMemoryBroker implements Broker {
    private volatile Consumer<HubEvent> subscriber = e -> {};

    @Override
    public void subscribe(Consumer<HubEvent> subscriber) {
        this.subscriber = subscriber;
    }

    @Override
    public void publish(HubEvent event) {
        subscriber.accept(event);
    }

    @Override
    public void close() {
        subscriber = e -> {};
    }
}
