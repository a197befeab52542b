package io.switchboard.socketio.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.switchboard.socketio.BroadcastAcks;
import io.switchboard.socketio.ClusterResult;
import io.switchboard.socketio.RemoteSocket;
import io.switchboard.testing.Await;
import io.switchboard.testing.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three Socket.IO nodes sharing one real redis-server, driven through the official Java client:
 * every cross-node operation reaches the sockets of every node and answers with the nodes that
 * responded, and a node that does not answer is reported missing once the timeout ran out.
 */
class RedisAdapterIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static RedisServer redis;
    private static RedisNode a;
    private static RedisNode b;
    private static RedisNode c;

    private final List<Socket> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        redis = RedisServer.start();
        a = RedisNode.start(redis.uri(), "a");
        b = RedisNode.start(redis.uri(), "b");
        c = RedisNode.start(redis.uri(), "c");
        for (RedisNode n : List.of(a, b, c)) {
            n.io().sockets().onConnection(socket -> {
                socket.data().put("name", socket.auth().path("name").asText());
                socket.on("join", (args, ack) -> {
                    socket.join(args.get(0).asText());
                    ack.send("ok");
                });
            });
        }
        // every node sees the three in its registry before the tests ask them anything
        Await.until(
                WAIT,
                () -> List.of(a, b, c).stream()
                        .allMatch(n -> n.io().timeout(Duration.ofSeconds(1))
                                        .fetchRemoteSockets()
                                        .join()
                                        .responded()
                                        .size()
                                == 3),
                "three nodes that know each other");
    }

    @AfterAll
    static void stopCluster() {
        for (RedisNode n : new RedisNode[] {a, b, c}) {
            if (n != null) {
                n.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(Socket::close);
    }

    /** A connected client of {@code node} that records the events it gets and answers "ping" with its name. */
    private Client connect(RedisNode node, String name) throws Exception {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = false;
        o.transports = new String[] {"websocket"};
        o.auth = Map.of("name", name);
        Socket s = IO.socket(URI.create(node.url()), o);
        Client client = new Client(name, s, new LinkedBlockingQueue<>());
        s.on("news", args -> client.events().add(String.valueOf(args[0])));
        s.on("ping", args -> ((Ack) args[args.length - 1]).call("pong from " + name));
        CountDownLatch up = new CountDownLatch(1);
        s.once(Socket.EVENT_CONNECT, args -> up.countDown());
        s.connect();
        clients.add(s);
        assertThat(up.await(10, TimeUnit.SECONDS)).as(name + " connected").isTrue();
        return client;
    }

    private record Client(String name, Socket socket, BlockingQueue<String> events) {
        void join(String room) throws InterruptedException {
            CountDownLatch ok = new CountDownLatch(1);
            socket.emit("join", room, (Ack) args -> ok.countDown());
            assertThat(ok.await(10, TimeUnit.SECONDS)).isTrue();
        }

        String next() throws InterruptedException {
            String e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as(name + " got an event").isNotNull();
            return e;
        }
    }

    @Test
    void aRoomBroadcastReachesTheRoomOnEveryNodeExceptTheExcludedAndSaysWhoAnswered() throws Exception {
        Client ann = connect(a, "ann");
        Client bob = connect(b, "bob");
        Client cid = connect(c, "cid");
        ann.join("r1");
        bob.join("r1");
        bob.join("quiet1");
        cid.join("other1");

        // once every node answered, each has handed "one" to its sockets: "two" comes after it
        ClusterResult<Integer> sent =
                c.io().to("r1").except("quiet1").emitCounted("news", "one").get(10, TimeUnit.SECONDS);
        a.io().to("r1").emit("news", "two");
        a.io().to("other1").asVolatile().emit("news", "three");

        assertThat(ann.next()).isEqualTo("one");
        assertThat(ann.next()).isEqualTo("two");
        // bob was excluded from the first: his first event is the second
        assertThat(bob.next()).isEqualTo("two");
        assertThat(cid.next()).isEqualTo("three");
        assertThat(sent.value()).isEqualTo(1);
        assertThat(sent.responded()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(sent.missing()).isEmpty();
    }

    @Test
    void aBroadcastWithAnAckGathersTheAnswersOfTheClientsOfEveryNode() throws Exception {
        Client ann = connect(a, "ann");
        Client bob = connect(b, "bob");
        Client cid = connect(c, "cid");
        for (Client x : List.of(ann, bob, cid)) {
            x.join("r2");
        }

        ClusterResult<BroadcastAcks> acks = b.io().to("r2")
                .timeout(Duration.ofSeconds(5))
                .emitWithAck("ping")
                .get(10, TimeUnit.SECONDS);

        assertThat(acks.responded()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(acks.value().clients()).isEqualTo(3);
        assertThat(acks.value().allAnswered()).isTrue();
        assertThat(acks.value().acks())
                .extracting(args -> args.get(0).asText())
                .containsExactlyInAnyOrder("pong from ann", "pong from bob", "pong from cid");
    }

    @Test
    void fetchRemoteSocketsSeesEverySocketWithItsRoomsDataAndHandshake() throws Exception {
        Client ann = connect(a, "ann");
        Client bob = connect(b, "bob");
        ann.join("r3");
        bob.join("r3");

        ClusterResult<List<RemoteSocket>> found =
                c.io().in("r3").fetchRemoteSockets().get(10, TimeUnit.SECONDS);

        assertThat(found.responded()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(found.value()).extracting(RemoteSocket::node).containsExactlyInAnyOrder("a", "b");
        RemoteSocket bobs = found.value().stream()
                .filter(s -> s.node().equals("b"))
                .findFirst()
                .orElseThrow();
        assertThat(bobs.id()).isEqualTo(bob.socket().id());
        assertThat(bobs.rooms()).contains("r3", bob.socket().id());
        assertThat(bobs.data().path("name").asText()).isEqualTo("bob");
        assertThat(bobs.handshake().path("auth").path("name").asText()).isEqualTo("bob");
        assertThat(bobs.handshake().path("issued").asLong()).isPositive();

        // an emit to the view reaches the socket on its node
        bobs.emit("news", "to bob");
        assertThat(bob.next()).isEqualTo("to bob");
    }

    @Test
    void socketsJoinLeaveAndDisconnectMoveSocketsOnOtherNodesAndAnswerHowMany() throws Exception {
        Client ann = connect(a, "ann");
        Client bob = connect(b, "bob");
        ann.join("r4");
        bob.join("r4");
        CountDownLatch bobDropped = new CountDownLatch(1);
        bob.socket().once(Socket.EVENT_DISCONNECT, args -> bobDropped.countDown());

        ClusterResult<Integer> joined = c.io().in("r4").socketsJoin("stage4").get(10, TimeUnit.SECONDS);
        assertThat(joined.value()).isEqualTo(2);
        assertThat(joined.responded()).containsExactlyInAnyOrder("a", "b", "c");
        c.io().to("stage4").emit("news", "on stage");
        assertThat(ann.next()).isEqualTo("on stage");
        assertThat(bob.next()).isEqualTo("on stage");

        ClusterResult<Integer> left = c.io().in("stage4")
                .except(ann.socket().id())
                .socketsLeave("stage4")
                .get(10, TimeUnit.SECONDS);
        assertThat(left.value()).isEqualTo(1);
        assertThat(c.io().in("stage4")
                        .fetchRemoteSockets()
                        .get(10, TimeUnit.SECONDS)
                        .value())
                .extracting(RemoteSocket::id)
                .containsExactly(ann.socket().id());

        ClusterResult<Integer> dropped =
                a.io().in(bob.socket().id()).disconnectSockets(true).get(10, TimeUnit.SECONDS);
        assertThat(dropped.value()).isEqualTo(1);
        assertThat(dropped.responded()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(bobDropped.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void serverSideEmitReachesTheOtherNodesAndGathersOneAnswerEach() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        for (RedisNode n : List.of(a, b, c)) {
            n.io().sockets().onServerSideEmit("census", (args, ack) -> {
                heard.add(n.id() + ":" + args.get(0).asText());
                if (ack != null) {
                    ack.send(n.id() + " has " + n.io().sockets().sockets().size());
                }
            });
        }

        ClusterResult<Map<String, List<JsonNode>>> told =
                a.io().serverSideEmit("census", "told").get(10, TimeUnit.SECONDS);
        ClusterResult<Map<String, List<JsonNode>>> asked = a.io().sockets()
                .serverSideEmitWithAck(Duration.ofSeconds(5), "census", "asked")
                .get(10, TimeUnit.SECONDS);

        assertThat(told.responded()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(asked.responded()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(asked.value()).containsOnlyKeys("b", "c");
        assertThat(asked.value().get("b").get(0).asText()).startsWith("b has ");
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(heard.poll(10, TimeUnit.SECONDS));
        }
        // the sender's own handlers are not called, as in the reference
        assertThat(got).containsExactlyInAnyOrder("b:told", "c:told", "b:asked", "c:asked");
    }

    @Test
    void aNodeThatHangsIsReportedMissingWhenTheTimeoutRunsOutAndAStoppedOneIsNoLongerExpected() throws Exception {
        try (RedisNode d = RedisNode.start(redis.uri(), "d")) {
            Await.until(WAIT, () -> a.adapter().nodes().contains("d"), "node d known to a");
            // d's handler blocks the thread its messages arrive on: d stays registered but answers nothing
            CountDownLatch release = new CountDownLatch(1);
            d.io().sockets().onServerSideEmit("hang", (args, ack) -> {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            a.io().serverSideEmit("hang");
            try {
                long start = System.nanoTime();
                ClusterResult<Integer> joined = a.io().timeout(Duration.ofMillis(1500))
                        .in("nobody")
                        .socketsJoin("x")
                        .get(10, TimeUnit.SECONDS);
                assertThat(joined.missing()).containsExactly("d");
                assertThat(joined.responded()).containsExactlyInAnyOrder("a", "b", "c");
                assertThat(joined.complete()).isFalse();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            } finally {
                release.countDown();
            }
        }
        // d left the registry when it closed: once a's next heartbeat read it, nobody waits for it
        Await.until(
                WAIT,
                () -> {
                    ClusterResult<Integer> after = a.io().timeout(Duration.ofSeconds(1))
                            .in("nobody")
                            .socketsJoin("x")
                            .join();
                    return after.missing().isEmpty() && after.responded().equals(Set.of("a", "b", "c"));
                },
                "a request that expects a, b and c only");
    }
}
