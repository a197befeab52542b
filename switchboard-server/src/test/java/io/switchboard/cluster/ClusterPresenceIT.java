package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.switchboard.testing.Await;
import io.switchboard.testing.PostgresServer;
import io.switchboard.testing.RedisServer;
import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence across nodes (docs/cluster.md, "Presence and nodes"): node A runs in this JVM, node B is
 * a child process on the same Redis and PostgreSQL, so that it can be killed with SIGKILL. The member
 * lists of A name B's members (the native join reply, the Socket.IO join ack, the HTTP member
 * list); when B dies without a word, its members leave on A within the stated
 * time (a node is dead 5 s after its last heartbeat, heartbeats every second: 6 s, stated as 10 s).
 */
class ClusterPresenceIT {
    /** The stated bound for a dead node's members to leave elsewhere (docs/cluster.md). */
    private static final Duration DEAD_NODE_LEAVES_WITHIN = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RedisServer redis;
    private static String database;
    private static TestServer a;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        database = PostgresServer.shared().newDatabase();
        a = TestServer.start(b -> b.database(database).redis(redis.uri()));
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static ServerProcess nodeB(Path dataDir) {
        return ServerProcess.start(dataDir, "--database", database, "--redis", redis.uri());
    }

    @Test
    void aMemberOnAnotherNodeIsListedInTheJoinReplyAndTheMemberListOfThisNode(@TempDir Path dir) throws Exception {
        String room = "presence-listed";
        try (ServerProcess b = nodeB(dir);
                WsClient bob = WsClient.member(b.ws("/ws"), "bob", room)) {
            Await.until(
                    Duration.ofSeconds(10),
                    () -> nicks(membersOverHttp(a, room)).contains("bob"),
                    "bob listed on A");

            try (WsClient alice = WsClient.connect(a.ws("/ws"))) {
                alice.awaitType("welcome");
                alice.send("{\"type\":\"nick\",\"nick\":\"alice\"}");
                alice.awaitType("nick");
                alice.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
                JsonNode joined = alice.awaitType("joined");
                assertThat(nicks(joined.path("members"))).containsExactlyInAnyOrder("alice", "bob");
            }
        }
    }

    @Test
    void aSocketIoJoinOnThisNodeListsTheMembersOfAnotherNode(@TempDir Path dir) throws Exception {
        String room = "presence-socketio";
        try (ServerProcess b = nodeB(dir);
                WsClient bob = WsClient.member(b.ws("/ws"), "bob", room)) {
            Await.until(
                    Duration.ofSeconds(10),
                    () -> nicks(membersOverHttp(a, room)).contains("bob"),
                    "bob listed on A");
            IO.Options options = new IO.Options();
            options.forceNew = true;
            options.reconnection = false;
            options.auth = Map.of("nick", "sam");
            Socket sam = IO.socket(URI.create(a.http("")), options);
            try {
                CountDownLatch connected = new CountDownLatch(1);
                sam.on(Socket.EVENT_CONNECT, args -> connected.countDown());
                sam.connect();
                assertThat(connected.await(10, TimeUnit.SECONDS))
                        .as("connected")
                        .isTrue();
                CompletableFuture<JSONObject> joined = new CompletableFuture<>();
                sam.emit(
                        "join",
                        new Object[] {new JSONObject().put("room", room)},
                        args -> joined.complete((JSONObject) args[0]));
                JsonNode members = JSON.readTree(
                        joined.get(10, TimeUnit.SECONDS).getJSONArray("members").toString());
                assertThat(nicks(members)).containsExactlyInAnyOrder("sam", "bob");
            } finally {
                sam.disconnect();
                sam.close();
            }
        }
    }

    @Test
    void theMembersOfANodeKilledWithSigkillLeaveOnTheOtherNodesWithinTheStatedTime(@TempDir Path dir) throws Exception {
        String room = "presence-killed";
        ServerProcess b = nodeB(dir);
        try (WsClient bob = WsClient.member(b.ws("/ws"), "bob", room)) {
            Await.until(
                    Duration.ofSeconds(10),
                    () -> nicks(membersOverHttp(a, room)).contains("bob"),
                    "bob listed on A");
            try (WsClient alice = WsClient.member(a.ws("/ws"), "alice", room)) {
                b.kill9();
                long killed = System.nanoTime();
                JsonNode leave = alice.await(
                        n -> n.path("type").asText().equals("presence")
                                && n.path("event").asText().equals("leave")
                                && n.path("member").path("nick").asText().equals("bob"),
                        DEAD_NODE_LEAVES_WITHIN);
                assertThat(leave.path("room").asText()).isEqualTo(room);
                System.out.printf(
                        "dead node's member left on the other node %d ms after the kill%n",
                        (System.nanoTime() - killed) / 1_000_000);
                assertThat(nicks(membersOverHttp(a, room))).containsExactly("alice");
                // announced once, not on every heartbeat after
                alice.assertNothingMore(Duration.ofSeconds(2));
            }
        } finally {
            b.close();
        }
    }

    private static JsonNode membersOverHttp(TestServer node, String room) {
        try {
            HttpResponse<String> res = HTTP.send(
                    HttpRequest.newBuilder(URI.create(node.http("/api/rooms/" + room + "/members")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            return JSON.readTree(res.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The nicknames of a member list: a JSON array, or an object holding one under "members". */
    private static List<String> nicks(JsonNode members) {
        JsonNode list = members.isArray() ? members : members.path("members");
        List<String> out = new ArrayList<>();
        list.forEach(m -> out.add(m.path("nick").asText()));
        return out;
    }
}
