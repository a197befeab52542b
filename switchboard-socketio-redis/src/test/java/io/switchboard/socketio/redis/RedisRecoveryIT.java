package io.switchboard.socketio.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.socketio.SocketIoSocket;
import io.switchboard.testing.Await;
import io.switchboard.testing.EngineIoWsClient;
import io.switchboard.testing.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery across nodes with the Redis adapter, in raw Engine.IO frames (the
 * official Java client has no recovery): a client that dropped from one node reconnects to
 * another with its private id and last offset and gets its socket id, rooms and data back, also
 * when the first node is gone without having saved anything at the drop.
 */
class RedisRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static RedisServer redis;
    /** The node clients recover on. */
    private static RedisNode b;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        b = serving(RedisNode.start(redis.uri(), "b"));
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** The application every node runs: a name kept in data(), rooms joined on request, "whoami". */
    private static RedisNode serving(RedisNode node) {
        node.io().sockets().onConnection(socket -> {
            if (!socket.recovered()) {
                socket.data().put("name", socket.auth().path("name").asText());
            }
            socket.on("join", (args, ack) -> {
                socket.join(args.get(0).asText());
                ack.send("ok");
            });
            socket.on(
                    "whoami",
                    (args, ack) -> ack.send(Map.of(
                            "recovered", socket.recovered(),
                            "rooms", socket.rooms(),
                            "name", socket.data().get("name"),
                            "node", node.id())));
        });
        return node;
    }

    private record Sio(EngineIoWsClient ws, String sid, String pid) {
        static Sio connect(RedisNode node, String auth) throws Exception {
            EngineIoWsClient ws = EngineIoWsClient.connect(URI.create(node.wsUrl()));
            assertThat((String) ws.next()).startsWith("0{");
            ws.send("40" + auth);
            String reply = (String) ws.nextSkippingPings();
            assertThat(reply).startsWith("40{");
            JsonNode data = JSON.readTree(reply.substring(2));
            return new Sio(ws, data.path("sid").asText(), data.path("pid").asText(null));
        }

        JsonNode call(int ackId, String event, String args) throws Exception {
            ws.send("42" + ackId + "[\"" + event + "\"" + args + "]");
            String prefix = "43" + ackId;
            while (true) {
                Object f = ws.nextSkippingPings();
                if (f instanceof String s && s.startsWith(prefix + "[")) {
                    return JSON.readTree(s.substring(prefix.length())).get(0);
                }
            }
        }

        JsonNode event() throws Exception {
            while (true) {
                Object f = ws.nextSkippingPings();
                if (f instanceof String s && s.startsWith("42[")) {
                    return JSON.readTree(s.substring(2));
                }
            }
        }
    }

    private static boolean gone(RedisNode node, String sid) {
        return node.io().sockets().sockets().stream().map(SocketIoSocket::id).noneMatch(sid::equals);
    }

    @Test
    void aClientThatDroppedFromOneNodeRecoversOnAnotherWithItsIdRoomsAndData() throws Exception {
        try (RedisNode a = serving(RedisNode.start(redis.uri(), "a1"))) {
            Sio first = Sio.connect(a, "{\"name\":\"ann\"}");
            assertThat(first.pid()).isNotBlank();
            assertThat(first.call(0, "join", ",\"lobby\"").asText()).isEqualTo("ok");
            a.io().to("lobby").emit("news", 1);
            JsonNode news = first.event();
            String offset = news.get(news.size() - 1).asText();
            first.ws().close();
            Await.until(WAIT, () -> gone(a, first.sid()), "the drop noticed by a");

            Sio again = Sio.connect(b, "{\"pid\":\"" + first.pid() + "\",\"offset\":\"" + offset + "\"}");
            try (EngineIoWsClient ws = again.ws()) {
                assertThat(again.sid()).isEqualTo(first.sid());
                JsonNode me = again.call(1, "whoami", "");
                assertThat(me.path("recovered").asBoolean()).isTrue();
                assertThat(me.path("node").asText()).isEqualTo("b");
                assertThat(me.path("name").asText()).isEqualTo("ann");
                assertThat(me.path("rooms").toString()).contains("lobby");

                // the room is joined on b: a broadcast from a reaches it there
                a.io().to("lobby").emit("news", 2);
                assertThat(again.event().get(1).asInt()).isEqualTo(2);
            }
        }
    }

    @Test
    void aClientRecoversOnAnotherNodeAfterItsNodeDiedWithoutSavingAtTheDrop() throws Exception {
        RedisNode a = serving(RedisNode.start(redis.uri(), "a2"));
        Sio first;
        try {
            first = Sio.connect(a, "{\"name\":\"dee\"}");
            // joined after connecting: only the save on room change can have stored it
            assertThat(first.call(0, "join", ",\"den\"").asText()).isEqualTo("ok");
            assertThat(first.call(1, "whoami", "").path("rooms").toString()).contains("den");
        } finally {
            // as a killed process: the adapter's Redis connections go first, so the drop saves nothing
            a.adapter().close();
            a.close();
        }

        Sio again = Sio.connect(b, "{\"pid\":\"" + first.pid() + "\"}");
        try (EngineIoWsClient ws = again.ws()) {
            assertThat(again.sid()).isEqualTo(first.sid());
            JsonNode me = again.call(2, "whoami", "");
            assertThat(me.path("recovered").asBoolean()).isTrue();
            assertThat(me.path("name").asText()).isEqualTo("dee");
            assertThat(me.path("rooms").toString()).contains("den");

            // a node cannot tell a live socket from a half-open one: the private id presented
            // again takes the session over, and the socket that had it is disconnected
            Sio takeover = Sio.connect(b, "{\"pid\":\"" + first.pid() + "\"}");
            try (EngineIoWsClient ws2 = takeover.ws()) {
                assertThat(takeover.sid()).isEqualTo(first.sid());
                Object f;
                do {
                    f = ws.nextSkippingPings();
                } while (!"41".equals(f));
                assertThat(takeover.call(3, "whoami", "").path("rooms").toString())
                        .contains("den");
            }
        }
    }
}
