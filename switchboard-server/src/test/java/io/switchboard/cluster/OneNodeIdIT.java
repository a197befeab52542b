package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.Await;
import io.switchboard.testing.PostgresServer;
import io.switchboard.testing.RedisServer;
import io.switchboard.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A clustered node is one node (docs/cluster.md, "One node, one id, one client"): the id before the
 * dot of its Engine.IO session ids is the one its presence heartbeats register in {@code sb:nodes},
 * the one its Socket.IO adapter registers for a namespace, and the one the broker probes its
 * subscriptions with, all as seen in Redis.
 */
class OneNodeIdIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RedisServer redis;
    private static TestServer node;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        String database = PostgresServer.shared().newDatabase();
        node = TestServer.start(b -> b.database(database).redis(redis.uri()));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theSessionIdsPresenceTheAdapterAndTheBrokerOfANodeNameTheSameNodeInRedis() throws Exception {
        HttpResponse<String> handshake = HTTP.send(
                HttpRequest.newBuilder(URI.create(node.http("/socket.io/?EIO=4&transport=polling")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(handshake.statusCode()).isEqualTo(200);
        assertThat(handshake.body()).startsWith("0");
        JsonNode open = JSON.readTree(handshake.body().substring(1));
        String sid = open.path("sid").asText();
        assertThat(sid).contains(".");
        String id = sid.substring(0, sid.indexOf('.'));

        Await.until(
                Duration.ofSeconds(10),
                () -> lines(redis.command("ZRANGE", "sb:sio:{/}:nodes", "0", "-1"))
                                .equals(List.of(id))
                        && lines(redis.command("PUBSUB", "CHANNELS", "sb:probe:*"))
                                .equals(List.of("sb:probe:{" + id + "}")),
                "the adapter's registry and the broker's probe channel name node " + id);
        assertThat(lines(redis.command("ZRANGE", "sb:nodes", "0", "-1"))).containsExactly(id);
    }

    private static List<String> lines(String reply) {
        if (reply == null || reply.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(reply.split("\n"));
    }
}
