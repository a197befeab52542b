package io.switchboard.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.switchboard.testing.Await;
import io.switchboard.testing.PostgresServer;
import io.switchboard.testing.RedisServer;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three nodes joined by a real Redis over one PostgreSQL database are one chat on every transport:
 * a client of node A, whatever its transport, receives what clients of nodes B and C post, with the
 * ids the store gave, in id order, each once.
 */
class CrossNodeTransportsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @AutoClose
    private static final RedisServer redis = RedisServer.start();

    private static ClusterNode a;
    private static ClusterNode b;
    private static ClusterNode c;

    @BeforeAll
    static void startNodes() {
        String database = PostgresServer.shared().newDatabase();
        a = ClusterNode.start(database, redis.uri());
        b = ClusterNode.start(database, redis.uri());
        c = ClusterNode.start(database, redis.uri());
    }

    @AfterAll
    static void stopNodes() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (c != null) {
            c.close();
        }
    }

    @Test
    void aClientOnEachTransportOfOneNodeReceivesWhatTheOtherNodePostsInIdOrder() throws Exception {
        String room = "lobby"; // the tutorial endpoint at / speaks in the lobby only
        long start = b.post(room, "setup", "start");
        try (WsClient tutorial = WsClient.connect(a.ws("/"));
                WsClient native1 = WsClient.member(a.ws("/ws"), "ann", room);
                ClusterNode.Lines sse = a.open("/api/rooms/" + room + "/events?after=" + start);
                ClusterNode.Lines ndjson = a.open("/api/rooms/" + room + "/stream?after=" + start);
                SocketIoClient sio = SocketIoClient.connect(a, "sue", room);
                WsClient poster = WsClient.member(b.ws("/ws"), "bob", room)) {
            tutorial.next(); // its welcome
            CompletableFuture<String> longPoll = CompletableFuture.supplyAsync(
                    () -> a.get("/api/rooms/" + room + "/messages?after=" + start + "&wait=20")
                            .body());
            awaitSubscribed(room, 2);

            List<Long> expected = new ArrayList<>();
            expected.add(b.post(room, "harry", "one"));
            poster.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"two\"}");
            expected.add(poster.awaitType("ack").path("id").asLong());
            expected.add(c.post(room, "carol", "three"));
            poster.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"four\"}");
            expected.add(poster.awaitType("ack").path("id").asLong());
            assertThat(expected).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();

            List<Long> viaTutorial = new ArrayList<>();
            List<Long> viaNative = new ArrayList<>();
            List<Long> viaSse = new ArrayList<>();
            List<Long> viaNdjson = new ArrayList<>();
            List<Long> viaSocketIo = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                viaTutorial.add(tutorial.await(n -> n.has("id")).path("id").asLong());
                viaNative.add(
                        native1.awaitType("message").path("message").path("id").asLong());
                String id = sse.next("id: ", WAIT);
                viaSse.add(Long.parseLong(id.substring(id.lastIndexOf(':') + 1)));
                viaNdjson.add(
                        ClusterNode.json(ndjson.next("{", WAIT)).path("id").asLong());
                viaSocketIo.add(sio.nextMessage().getLong("id"));
            }
            assertThat(viaTutorial).as("/").isEqualTo(expected);
            assertThat(viaNative).as("/ws").isEqualTo(expected);
            assertThat(viaSse).as("SSE").isEqualTo(expected);
            assertThat(viaNdjson).as("NDJSON").isEqualTo(expected);
            assertThat(viaSocketIo).as("Socket.IO").isEqualTo(expected);
            JsonNode held = ClusterNode.json(longPoll.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertThat(held.get(0).path("id").asLong())
                    .as("the long-poll answers with the first")
                    .isEqualTo(expected.get(0));
            List<Long> viaPoll = new ArrayList<>();
            for (JsonNode m : ClusterNode.json(
                    a.get("/api/rooms/" + room + "/messages?after=" + start).body())) {
                viaPoll.add(m.path("id").asLong());
            }
            assertThat(viaPoll).as("poll").isEqualTo(expected);
            long marker = b.post(room, "harry", "marker");
            assertThat(native1.awaitType("message").path("message").path("id").asLong())
                    .as("nothing came twice")
                    .isEqualTo(marker);
        }
    }

    @Test
    void concurrentPostsOnThreeNodesReachTheMembersOfEachInOneIdOrder() throws Exception {
        String room = "concurrent";
        int each = 40;
        try (WsClient onA = WsClient.member(a.ws("/ws"), "ann", room);
                WsClient onB = WsClient.member(b.ws("/ws"), "bob", room);
                WsClient onC = WsClient.member(c.ws("/ws"), "cat", room)) {
            awaitSubscribed(room, 3);
            CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    a.post(room, "a", "a" + i);
                }
            });
            CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    b.post(room, "b", "b" + i);
                }
            });
            CompletableFuture<Void> fromC = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    c.post(room, "c", "c" + i);
                }
            });
            CompletableFuture.allOf(fromA, fromB, fromC).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            for (WsClient member : List.of(onA, onB, onC)) {
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < 3 * each; i++) {
                    ids.add(member.awaitType("message")
                            .path("message")
                            .path("id")
                            .asLong());
                }
                assertThat(ids).as("every id once, in order").isEqualTo(range(ids.get(0), 3 * each));
            }
        }
    }

    @Test
    void aNodeSubscribesToARoomOnlyWhileItHasSessionsThere() {
        String room = "interest";
        String channel = RedisBroker.channel(room);
        assertThat(numsub(channel)).isZero();
        try (WsClient onA = WsClient.member(a.ws("/ws"), "ann", room)) {
            awaitSubscribed(room, 1);
            long id = b.post(room, "harry", "to a only");
            assertThat(onA.awaitType("message").path("message").path("id").asLong())
                    .isEqualTo(id);
            assertThat(redis.command("PUBSUB", "CHANNELS", "sb:{*")).contains(channel);
            try (WsClient onB = WsClient.member(b.ws("/ws"), "bob", room)) {
                awaitSubscribed(room, 2);
            }
            awaitSubscribed(room, 1);
        }
        awaitSubscribed(room, 0);
    }

    private static List<Long> range(long first, int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(first + i);
        }
        return ids;
    }

    private static long numsub(String channel) {
        String[] reply = redis.command("PUBSUB", "NUMSUB", channel).split("\n");
        return Long.parseLong(reply[1].trim());
    }

    /** Waits until {@code nodes} nodes are subscribed to the room's channel. */
    private static void awaitSubscribed(String room, int nodes) {
        String channel = RedisBroker.channel(room);
        Await.until(WAIT, () -> numsub(channel) == nodes, nodes + " subscribers of " + channel);
    }

    /** The official Socket.IO Java client, joined to one room, with the chat messages it receives. */
    record SocketIoClient(Socket socket, BlockingQueue<JSONObject> messages) implements AutoCloseable {
        static SocketIoClient connect(ClusterNode node, String nick, String room) throws Exception {
            IO.Options options = new IO.Options();
            options.forceNew = true;
            options.reconnection = false;
            options.auth = Map.of("nick", nick);
            Socket socket = IO.socket(URI.create(node.http("")), options);
            BlockingQueue<JSONObject> messages = new LinkedBlockingQueue<>();
            socket.on("message", args -> messages.add((JSONObject) args[0]));
            CountDownLatch connected = new CountDownLatch(1);
            socket.on(Socket.EVENT_CONNECT, args -> connected.countDown());
            socket.connect();
            assertThat(connected.await(10, TimeUnit.SECONDS)).as("connected").isTrue();
            CompletableFuture<Object> joined = new CompletableFuture<>();
            socket.emit("join", new Object[] {new JSONObject().put("room", room)}, args -> joined.complete(args[0]));
            joined.get(10, TimeUnit.SECONDS);
            return new SocketIoClient(socket, messages);
        }

        JSONObject nextMessage() throws InterruptedException {
            JSONObject m = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(m).as("a message within " + WAIT).isNotNull();
            return m;
        }

        @Override
        public void close() {
            socket.disconnect();
            socket.close();
        }
    }
}
