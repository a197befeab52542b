package io.switchboard.server;

import io.switchboard.cluster.Broker;
import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.cluster.redis.RedisBroker;
import io.switchboard.history.HistoryStore;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one composition root: which {@link HistoryStore} and which {@link Broker} a
 * {@link SwitchboardServer} runs on, and with {@code --redis} this node's part of the cluster
 * ({@link ClusterNode}: its one node id and one Redis client, which the broker, presence, Engine.IO
 * forwarding and the Socket.IO adapter share). {@link #fromConfig} makes what the flags name; a test
 * or an embedding program passes its own (another broker, say) to {@link
 * SwitchboardServer#start(ServerConfig, Components)}. The server owns what it is given: it closes
 * all of it on shutdown, the cluster node last. Immutable.
 *
 * @param cluster this node's part of a cluster, or null: made here with {@code --redis}; when a
 *                clustered server is given components without one it makes its own (with its own
 *                node id, which the given broker then does not share)
 */
public record Components(HistoryStore history, Broker broker, ClusterNode cluster) {
    private static final Logger log = LoggerFactory.getLogger(Components.class);
    /** How long a clustered node waits at start for Redis before it starts anyway, not ready. */
    private static final Duration FIRST_CONNECT = Duration.ofSeconds(3);

    public Components {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(broker, "broker");
    }

    /** A store and a broker of the caller's; a clustered server adds its own {@link ClusterNode}. */
    public Components(HistoryStore history, Broker broker) {
        this(history, broker, null);
    }

    /**
     * The store {@code --database} names, and the broker: Redis for a cluster ({@code --redis}), on
     * the cluster node's id and client, else the in-memory broker of a single node.
     */
    public static Components fromConfig(ServerConfig config) {
        HistoryStore history = HistoryStores.open(config);
        if (!config.clustered()) {
            return new Components(history, new InMemoryBroker());
        }
        ClusterNode cluster;
        try {
            cluster = ClusterNode.connect(config);
        } catch (RuntimeException e) {
            history.close();
            throw e;
        }
        RedisBroker broker = cluster.broker();
        try {
            // not required: the node starts not ready and connects as soon as Redis answers
            if (!broker.awaitConnected(FIRST_CONNECT)) {
                log.warn(
                        "cluster: Redis did not answer within {} s; /readyz says not ready until it does",
                        FIRST_CONNECT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Components(history, broker, cluster);
    }
}
