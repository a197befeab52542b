package io.switchboard.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.Await;
import io.switchboard.testing.PostgresServer;
import io.switchboard.testing.RedisServer;
import io.switchboard.testing.WsClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis going away, and a subscription connection killed under a node: the nodes keep storing and
 * serving their own clients, {@code /readyz} says which dependency fails, and once Redis is back
 * every message acknowledged meanwhile reaches the other node's clients, in id order, once.
 */
class RedisFailuresIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private RedisServer redis;
    private ClusterNode a;
    private ClusterNode b;

    @BeforeEach
    void startCluster() {
        redis = RedisServer.start();
        String database = PostgresServer.shared().newDatabase();
        a = ClusterNode.start(database, redis.uri());
        b = ClusterNode.start(database, redis.uri());
    }

    @AfterEach
    void stopCluster() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, redis}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // the next one still closes
            }
        }
    }

    @Test
    void aRedisOutageLosesNoAcknowledgedMessageAndReadyzNamesTheBroker() {
        String room = "outage";
        try (WsClient ann = WsClient.member(a.ws("/ws"), "ann", room);
                WsClient bob = WsClient.member(b.ws("/ws"), "bob", room)) {
            awaitSubscribed(room, 2);
            long before = b.post(room, "bob", "before");
            assertThat(messageId(ann)).isEqualTo(before);
            assertThat(messageId(bob)).isEqualTo(before);

            redis.stop();
            for (ClusterNode node : List.of(a, b)) {
                // the broker learns of the closed connection at once; 3 s is the promise
                Await.until(Duration.ofSeconds(3), () -> node.get("/readyz").statusCode() == 503, "/readyz 503");
                HttpResponse<String> ready = node.get("/readyz");
                JsonNode checks = ClusterNode.json(ready.body()).path("checks");
                assertThat(checks.path("broker").path("ok").asBoolean()).isFalse();
                assertThat(checks.path("broker").path("error").asText()).contains("redis");
                assertThat(checks.path("store").path("ok").asBoolean()).isTrue();
                assertThat(node.get("/healthz").statusCode())
                        .as("liveness only")
                        .isEqualTo(200);
            }

            List<Long> fromB = new ArrayList<>();
            List<Long> fromA = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fromB.add(b.post(room, "bob", "during b" + i));
                fromA.add(a.post(room, "ann", "during a" + i));
            }
            // local clients are served while Redis is away: each gets its own node's messages, and
            // the other node's before them (a local id past a gap fills it from the shared store)
            List<Long> ann1 = idsUpTo(ann, fromA.get(fromA.size() - 1));
            List<Long> bob1 = idsUpTo(bob, fromB.get(fromB.size() - 1));

            redis.restart();
            for (ClusterNode node : List.of(a, b)) {
                Await.until(WAIT, () -> node.get("/readyz").statusCode() == 200, "/readyz 200 again");
            }
            long after = a.post(room, "ann", "after");
            List<Long> annAll = new ArrayList<>(ann1);
            annAll.addAll(idsUpTo(ann, after));
            List<Long> bobAll = new ArrayList<>(bob1);
            bobAll.addAll(idsUpTo(bob, after));
            List<Long> everything = new ArrayList<>();
            for (long id = before + 1; id <= after; id++) {
                everything.add(id);
            }
            assertThat(annAll).as("ann: every id once, in order").isEqualTo(everything);
            assertThat(bobAll).as("bob: every id once, in order").isEqualTo(everything);
        }
    }

    @Test
    void aKilledSubscriptionConnectionIsRebuiltWithoutRestartingTheNode() {
        String room = "killed";
        try (WsClient ann = WsClient.member(a.ws("/ws"), "ann", room);
                WsClient bob = WsClient.member(b.ws("/ws"), "bob", room)) {
            awaitSubscribed(room, 2);
            assertThat(redis.command("CLIENT", "KILL", "TYPE", "pubsub")).isNotEqualTo("0");
            // published while no node is subscribed: only the gap check after the rebuild finds it
            long lost = b.post(room, "bob", "while unsubscribed");
            assertThat(messageId(bob)).isEqualTo(lost);
            awaitSubscribed(room, 2);
            assertThat(messageId(ann)).isEqualTo(lost);
            long next = b.post(room, "bob", "after the rebuild");
            assertThat(messageId(ann)).isEqualTo(next);
            assertThat(a.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(a.get("/metrics").body()).containsPattern("(?m)^switchboard_cluster_reconnects_total [1-9]");
        }
    }

    @Test
    void aDrainingNodeTurnsNotReadyFirstWhileItsBrokerIsFine() throws Exception {
        Thread shutdown = new Thread(() -> b.server().shutdown(), "test-sigterm");
        shutdown.start(); // what SIGTERM does: /readyz 503 for --drain-delay, then the drain
        try {
            Await.until(WAIT, () -> b.get("/readyz").statusCode() == 503, "/readyz 503 while draining");
            JsonNode checks = ClusterNode.json(b.get("/readyz").body()).path("checks");
            assertThat(checks.path("draining").path("ok").asBoolean()).isFalse();
            assertThat(checks.path("broker").path("ok").asBoolean()).isTrue();
            assertThat(checks.path("store").path("ok").asBoolean()).isTrue();
            assertThat(a.get("/readyz").statusCode())
                    .as("the other node is unaffected")
                    .isEqualTo(200);
        } finally {
            shutdown.join();
        }
    }

    @Test
    void aPausedRedisIsCaughtByTheProbeAndWhatWasPublishedMeanwhileArrives() {
        String room = "paused";
        try (WsClient ann = WsClient.member(a.ws("/ws"), "ann", room);
                WsClient bob = WsClient.member(b.ws("/ws"), "bob", room)) {
            awaitSubscribed(room, 2);
            // the connections stay open but nothing is published: only the probe round trip tells
            assertThat(redis.command("CLIENT", "PAUSE", "6000", "WRITE")).isEqualTo("OK");
            Await.until(WAIT, () -> a.get("/readyz").statusCode() == 503, "/readyz 503 while Redis is paused");
            assertThat(ClusterNode.json(a.get("/readyz").body())
                            .path("checks")
                            .path("broker")
                            .path("error")
                            .asText())
                    .contains("probe");
            long during = b.post(room, "bob", "while paused");
            assertThat(messageId(bob)).as("served locally").isEqualTo(during);
            Await.until(WAIT, () -> a.get("/readyz").statusCode() == 200, "/readyz 200 after the pause");
            assertThat(messageId(ann)).isEqualTo(during);
            long after = b.post(room, "bob", "after");
            assertThat(messageId(ann)).isEqualTo(after);
        }
    }

    private static long messageId(WsClient client) {
        return client.awaitType("message").path("message").path("id").asLong();
    }

    /** The ids of the messages the client receives, up to and including {@code last}. */
    private static List<Long> idsUpTo(WsClient client, long last) {
        List<Long> ids = new ArrayList<>();
        for (long id = messageId(client); ; id = messageId(client)) {
            ids.add(id);
            if (id >= last) {
                return ids;
            }
        }
    }

    private void awaitSubscribed(String room, int nodes) {
        String channel = RedisBroker.channel(room);
        Await.until(
                Duration.ofSeconds(10),
                () -> Long.parseLong(redis.command("PUBSUB", "NUMSUB", channel)
                                .split("\n")[1]
                                .trim())
                        == nodes,
                nodes + " subscribers of " + channel);
    }
}
