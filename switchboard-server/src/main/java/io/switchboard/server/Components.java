package io.switchboard.server;

import io.lettuce.core.RedisURI;
import io.switchboard.cluster.Broker;
import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.cluster.NodeId;
import io.switchboard.cluster.redis.RedisBroker;
import io.switchboard.history.HistoryStore;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one composition root: which {@link HistoryStore} and which {@link Broker} a
 * {@link SwitchboardServer} runs on. {@link #fromConfig} makes what the flags name; a test or an
 * embedding program passes its own (another broker, say) to {@link SwitchboardServer#start(ServerConfig,
 * Components)}. The server owns what it is given: it closes both on shutdown. Immutable.
 */
public record Components(HistoryStore history, Broker broker) {
    private static final Logger log = LoggerFactory.getLogger(Components.class);
    /** How long a clustered node waits at start for Redis before it starts anyway, not ready. */
    private static final Duration FIRST_CONNECT = Duration.ofSeconds(3);

    public Components {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(broker, "broker");
    }

    /**
     * The store {@code --database} names, and the broker: Redis for a cluster ({@code --redis}), else
     * the in-memory broker of a single node.
     */
    public static Components fromConfig(ServerConfig config) {
        HistoryStore history = HistoryStores.open(config);
        if (!config.clustered()) {
            return new Components(history, new InMemoryBroker());
        }
        NodeId node = NodeId.random();
        log.info("cluster: node {}, broker on Redis {}", node, ClusterFlags.redacted(config.redis()));
        RedisURI uri;
        try {
            uri = RedisURI.create(config.redis());
        } catch (IllegalArgumentException e) {
            history.close();
            String redacted = ClusterFlags.redacted(config.redis());
            // Lettuce's message may quote the URL, password and all
            String why = String.valueOf(e.getMessage()).replace(config.redis(), redacted);
            throw new StartupException("--redis " + redacted + ": " + why, e);
        }
        RedisBroker broker = new RedisBroker(uri, node);
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
        return new Components(history, broker);
    }
}
