package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.EngineIoWsClient;
import io.switchboard.testing.PostgresServer;
import io.switchboard.testing.RedisServer;
import io.switchboard.testing.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two chat server processes sharing PostgreSQL and Redis: a Socket.IO client of node A, whose node
 * is killed with SIGKILL, reconnects to node B with its private id and last offset and recovers
 * its socket, its session and its rooms, and exactly the messages it missed (from the shared
 * history, by id: no duplicate, no gap). Node A saved nothing at the drop; what B finds in Redis
 * was stored while the socket was connected.
 */
class SocketIoClusterRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @AutoClose
    private final RedisServer redis = RedisServer.start();

    @TempDir
    Path dirA;

    @TempDir
    Path dirB;

    private record Sio(EngineIoWsClient ws, String sid, String pid) {
        static Sio connect(ServerProcess node, String auth) throws Exception {
            EngineIoWsClient ws =
                    EngineIoWsClient.connect(URI.create(node.ws("/socket.io/?EIO=4&transport=websocket")));
            assertThat((String) ws.next()).startsWith("0{");
            ws.send("40" + auth);
            String reply = (String) ws.nextSkippingPings();
            assertThat(reply).startsWith("40{");
            JsonNode data = JSON.readTree(reply.substring(2));
            return new Sio(ws, data.path("sid").asText(), data.path("pid").asText(null));
        }

        /** The next event of one of {@code names}: its arguments, name first. */
        JsonNode next(String... names) throws Exception {
            while (true) {
                Object f = ws.nextSkippingPings();
                if (f instanceof String s && s.startsWith("42[")) {
                    JsonNode e = JSON.readTree(s.substring(2));
                    if (List.of(names).contains(e.get(0).asText())) {
                        return e;
                    }
                }
            }
        }

        JsonNode call(int ackId, String event, String arg) throws Exception {
            ws.send("42" + ackId + "[\"" + event + "\"," + arg + "]");
            while (true) {
                Object f = ws.nextSkippingPings();
                if (f instanceof String s && s.startsWith("43" + ackId + "[")) {
                    return JSON.readTree(s.substring(("43" + ackId).length())).get(0);
                }
            }
        }
    }

    /** Posts a message through a node's HTTP API; its id. */
    private static long post(ServerProcess node, String room, String text) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + node.port() + "/api/rooms/" + room + "/messages"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"bob\",\"text\":\"" + text + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asLong();
    }

    @Test
    void aClientOfAKilledNodeRecoversOnAnotherNodeWithExactlyTheMessagesItMissed() throws Exception {
        String db = PostgresServer.shared().newDatabase();
        try (ServerProcess a = ServerProcess.start(dirA, "--database", db, "--redis", redis.uri());
                ServerProcess b = ServerProcess.start(dirB, "--database", db, "--redis", redis.uri())) {
            Sio first = Sio.connect(a, "{\"nick\":\"ann\"}");
            assertThat(first.pid()).isNotBlank();
            String session = first.next("welcome").get(1).get("sessionId").asText();
            first.call(0, "join", "{\"room\":\"lobby\"}");
            long seen = post(a, "lobby", "one");
            JsonNode one = first.next("message");
            assertThat(one.get(1).get("id").asLong()).isEqualTo(seen);
            String offset = one.get(one.size() - 1).asText();
            assertThat(offset).contains("lobby:" + seen);

            a.kill9();
            first.ws().close();
            List<Long> missed = new ArrayList<>();
            missed.add(post(b, "lobby", "two"));
            post(b, "elsewhere", "not for ann");
            missed.add(post(b, "lobby", "three"));

            Sio again = Sio.connect(b, "{\"pid\":\"" + first.pid() + "\",\"offset\":\"" + offset + "\"}");
            try (EngineIoWsClient ws = again.ws()) {
                assertThat(again.sid()).isEqualTo(first.sid());
                JsonNode welcome = again.next("welcome").get(1);
                assertThat(welcome.get("recovered").asBoolean()).isTrue();
                assertThat(welcome.get("sessionId").asText()).isEqualTo(session);
                assertThat(welcome.get("nick").asText()).isEqualTo("ann");

                List<Long> got = new ArrayList<>();
                JsonNode e;
                while (!(e = again.next("message", "members")).get(0).asText().equals("members")) {
                    got.add(e.get(1).get("id").asLong());
                }
                assertThat(e.get(1).get("room").asText()).isEqualTo("lobby");
                assertThat(got).containsExactlyElementsOf(missed);

                // still in the room on node B: the next message arrives live, once
                long four = post(b, "lobby", "four");
                assertThat(again.next("message").get(1).get("id").asLong()).isEqualTo(four);
            }
        }
    }
}
