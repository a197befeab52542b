package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.PostgresServer;
import io.switchboard.testing.RedisServer;
import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.WsClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node of a two-node cluster (one PostgreSQL, one Redis) killed with SIGKILL: its clients
 * reconnect to the other node with the position they had (SSE {@code Last-Event-ID}, a {@code /ws}
 * join's {@code after}, a long-poll's {@code after}) and get exactly the messages they missed, no
 * reset, no duplicate, no gap: every node reads one history in one epoch.
 */
class NodeKillResumeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @AutoClose
    private final RedisServer redis = RedisServer.start();

    @TempDir
    Path dirA;

    @TempDir
    Path dirB;

    @Test
    void clientsOfAKilledNodeResumeOnAnotherNodeWithExactlyWhatTheyMissed() throws Exception {
        String db = PostgresServer.shared().newDatabase();
        try (ServerProcess a = ServerProcess.start(dirA, "--database", db, "--redis", redis.uri());
                ServerProcess b = ServerProcess.start(dirB, "--database", db, "--redis", redis.uri())) {
            // an SSE reader and a /ws member on node A, both at the room's first message
            InputStream sseA = sse(a, "lobby", null);
            BufferedReader sseLines = new BufferedReader(new InputStreamReader(sseA, StandardCharsets.UTF_8));
            long first = post(b, "lobby", "one");
            String lastEventId = nextSseId(sseLines);
            assertThat(lastEventId).endsWith(":" + first);
            String epoch = lastEventId.substring(0, lastEventId.indexOf(':'));

            try (WsClient ws = WsClient.connect(a.ws("/ws"))) {
                ws.awaitType("welcome");
                ws.send("{\"type\":\"join\",\"room\":\"lobby\",\"after\":" + first + ",\"epoch\":\"" + epoch + "\"}");
                ws.awaitType("joined");
            }

            a.kill9();
            sseA.close();
            List<Long> missed = new ArrayList<>();
            missed.add(post(b, "lobby", "two"));
            post(b, "elsewhere", "not for this room");
            missed.add(post(b, "lobby", "three"));

            // SSE: EventSource's reconnect, to another node, with the id it last saw
            try (InputStream sseB = sse(b, "lobby", lastEventId)) {
                BufferedReader lines = new BufferedReader(new InputStreamReader(sseB, StandardCharsets.UTF_8));
                List<Long> got = new ArrayList<>();
                for (int i = 0; i < missed.size(); i++) {
                    String id = nextSseId(lines);
                    assertThat(id).as("same epoch on every node: no reset").startsWith(epoch + ":");
                    got.add(Long.parseLong(id.substring(id.indexOf(':') + 1)));
                }
                assertThat(got).containsExactlyElementsOf(missed);
            }

            // /ws: a join with the position the client had on node A
            try (WsClient ws = WsClient.connect(b.ws("/ws"))) {
                ws.awaitType("welcome");
                ws.send("{\"type\":\"join\",\"room\":\"lobby\",\"after\":" + first + ",\"epoch\":\"" + epoch + "\"}");
                JsonNode joined = ws.awaitType("joined");
                assertThat(joined.has("reset")).as("no reset: %s", joined).isFalse();
                List<Long> got = new ArrayList<>();
                joined.get("messages").forEach(m -> got.add(m.get("id").asLong()));
                assertThat(got).containsExactlyElementsOf(missed);
            }

            // long-poll: the next poll, to another node, with after=<epoch>:<id>
            HttpResponse<String> poll = HTTP.send(
                    HttpRequest.newBuilder(URI.create(
                                    base(b) + "/api/rooms/lobby/messages?wait=5&after=" + epoch + ":" + first))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(poll.statusCode()).isEqualTo(200);
            assertThat(poll.headers().firstValue("Switchboard-Reset")).isEmpty();
            List<Long> polled = new ArrayList<>();
            JsonNode body = JSON.readTree(poll.body());
            (body.isArray() ? body : body.get("messages"))
                    .forEach(m -> polled.add(m.get("id").asLong()));
            assertThat(polled).containsExactlyElementsOf(missed);
        }
    }

    private static String base(ServerProcess node) {
        return "http://127.0.0.1:" + node.port();
    }

    private static InputStream sse(ServerProcess node, String room, String lastEventId) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base(node) + "/api/rooms/" + room + "/events"))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            req.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The id of the next SSE event that has one (messages; presence and heartbeats have none). */
    private static String nextSseId(BufferedReader lines) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
                    try {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            if (line.startsWith("id:")) {
                                return line.substring(3).trim();
                            }
                        }
                        throw new IllegalStateException("the SSE stream ended");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static long post(ServerProcess node, String room, String text) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base(node) + "/api/rooms/" + room + "/messages"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"bob\",\"text\":\"" + text + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asLong();
    }
}
