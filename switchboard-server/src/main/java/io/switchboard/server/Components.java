package io.switchboard.server;

import io.switchboard.cluster.Broker;
import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.history.HistoryStore;
import java.util.Objects;

/**
 * The server's one composition root: which {@link HistoryStore} and which {@link Broker} a
 * {@link SwitchboardServer} runs on. {@link #fromConfig} makes what the flags name; a test or an
 * embedding program passes its own (another broker, say) to {@link SwitchboardServer#start(ServerConfig,
 * Components)}. The server owns what it is given: it closes both on shutdown. Immutable.
 */
public record Components(HistoryStore history, Broker broker) {
    public Components {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(broker, "broker");
    }

    /** The store {@code --database} names and the in-memory broker of a single node. */
    public static Components fromConfig(ServerConfig config) {
        return new Components(HistoryStores.open(config), new InMemoryBroker());
    }
}
