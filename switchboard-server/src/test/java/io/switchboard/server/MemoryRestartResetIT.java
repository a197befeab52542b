package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.WsClient;
import java.io.BufferedReader;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A memory store starts empty on every start, so ids 1, 2, ... are handed out again: a client
 * holding a position from before the restart must be told its history is gone (a reset) and get
 * the latest messages, on every transport, rather than wait for ids it already counted.
 */
class MemoryRestartResetIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ROOM = "memory-restart";

    @TempDir
    Path dataDir;

    @Test
    void everyTransportAnswersAPositionFromBeforeAMemoryRestartWithAResetAndTheLatestMessages() throws Exception {
        String oldEpoch;
        try (ServerProcess first = ServerProcess.start(dataDir, "--database", "memory")) {
            for (int i = 1; i <= 3; i++) {
                post(first, "before restart " + i);
            }
            oldEpoch = get(first, "/messages")
                    .headers()
                    .firstValue("Switchboard-Epoch")
                    .orElseThrow();
            assertThat(first.terminate(Duration.ofSeconds(10))).isEqualTo(ServerProcess.SIGTERM_EXIT);
        }
        try (ServerProcess second = ServerProcess.start(dataDir, "--database", "memory")) {
            assertThat(post(second, "after restart 1")).isEqualTo(1);
            assertThat(post(second, "after restart 2")).isEqualTo(2);
            List<Long> latest = List.of(1L, 2L);

            HttpResponse<String> pastEnd = get(second, "/messages?after=3");
            assertThat(pastEnd.headers().firstValue("Switchboard-Reset"))
                    .as("poll past the end")
                    .hasValue("past_end");
            assertThat(pastEnd.headers().firstValue("Switchboard-Epoch"))
                    .isPresent()
                    .isNotEqualTo(Optional.of(oldEpoch));
            assertThat(ids(pastEnd)).isEqualTo(latest);

            HttpResponse<String> foreign = get(second, "/messages?after=2&epoch=" + oldEpoch);
            assertThat(foreign.headers().firstValue("Switchboard-Reset"))
                    .as("poll from another epoch")
                    .hasValue("epoch");
            assertThat(ids(foreign)).isEqualTo(latest);

            // answered at once: waiting for id 4 would be waiting for the wrong messages
            HttpResponse<String> longPoll = get(second, "/messages?after=2&wait=30&epoch=" + oldEpoch);
            assertThat(longPoll.headers().firstValue("Switchboard-Reset"))
                    .as("long-poll")
                    .hasValue("epoch");
            assertThat(ids(longPoll)).isEqualTo(latest);
            HttpResponse<String> longPollPastEnd = get(second, "/messages?after=3&wait=30");
            assertThat(longPollPastEnd.headers().firstValue("Switchboard-Reset"))
                    .hasValue("past_end");
            assertThat(ids(longPollPastEnd)).isEqualTo(latest);

            String base = "http://127.0.0.1:" + second.port() + "/api/rooms/" + ROOM;
            // a browser's EventSource sends back the last id as it got it: here a plain one past the end
            assertThat(readStream(
                            HttpRequest.newBuilder(URI.create(base + "/events"))
                                    .header("Last-Event-ID", "3")
                                    .build(),
                            3,
                            true))
                    .as("SSE with a plain Last-Event-ID past the end")
                    .containsExactly("reset:past_end", "1", "2");
            assertThat(readStream(
                            HttpRequest.newBuilder(URI.create(base + "/events"))
                                    .header("Last-Event-ID", oldEpoch + ":2")
                                    .build(),
                            3,
                            true))
                    .as("SSE with an epoch Last-Event-ID")
                    .containsExactly("reset:epoch", "1", "2");
            assertThat(readStream(
                            HttpRequest.newBuilder(URI.create(base + "/stream?after=2&epoch=" + oldEpoch))
                                    .build(),
                            3,
                            false))
                    .as("NDJSON from another epoch")
                    .containsExactly("reset:epoch", "1", "2");
            assertThat(readStream(
                            HttpRequest.newBuilder(URI.create(base + "/stream?after=3"))
                                    .build(),
                            3,
                            false))
                    .as("NDJSON past the end")
                    .containsExactly("reset:past_end", "1", "2");

            try (WsClient ws = WsClient.connect(second.ws("/ws"))) {
                ws.awaitType("welcome");
                ws.sendJson("{\"type\":\"join\",\"room\":\"" + ROOM + "\",\"after\":3}");
                JsonNode joined = ws.awaitType("joined");
                assertThat(joined.path("reset").asText())
                        .as("/ws join past the end")
                        .isNotEmpty();
                assertThat(idsOf(joined.path("messages"))).isEqualTo(latest);
            }

            JSONObject sioJoined =
                    socketIoJoin(second, new JSONObject().put("room", ROOM).put("after", 3));
            assertThat(sioJoined.optString("reset"))
                    .as("Socket.IO join past the end")
                    .isNotEmpty();
            JSONArray sioMessages = sioJoined.getJSONArray("messages");
            assertThat(sioMessages.length()).isEqualTo(2);
            assertThat(sioMessages.getJSONObject(0).getLong("id")).isEqualTo(1);
        }
    }

    private static long post(ServerProcess server, String text) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/api/rooms/" + ROOM + "/messages"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"poster\",\"text\":\"" + text + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        return JSON.readTree(r.body()).path("id").asLong();
    }

    private static HttpResponse<String> get(ServerProcess server, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/rooms/" + ROOM + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r;
    }

    private static List<Long> ids(HttpResponse<String> r) throws Exception {
        return idsOf(JSON.readTree(r.body()));
    }

    private static List<Long> idsOf(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.path("id").asLong()));
        return ids;
    }

    /** The first {@code count} items of a stream: message ids, and {@code reset:<reason>} for a reset. */
    static List<String> readStream(HttpRequest request, int count, boolean sse) throws Exception {
        HttpResponse<InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> items = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String event = "message";
            while (items.size() < count) {
                String line = in.readLine();
                assertThat(line).as("stream ended after " + items).isNotNull();
                JsonNode item = null;
                if (sse) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.isEmpty()) {
                        event = "message";
                    } else if (line.startsWith("data:") && (event.equals("message") || event.equals("reset"))) {
                        item = JSON.readTree(line.substring(5));
                    }
                } else if (!line.isBlank()) {
                    item = JSON.readTree(line);
                }
                if (item != null) {
                    items.add(
                            item.path("type").asText().equals("reset")
                                    ? "reset:" + item.path("reset").asText()
                                    : Long.toString(item.path("id").asLong()));
                }
            }
        } finally {
            r.body().close();
        }
        return items;
    }

    private static JSONObject socketIoJoin(ServerProcess server, JSONObject join) throws Exception {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.auth = Map.of("nick", "sio");
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + server.port()), options);
        try {
            CountDownLatch connected = new CountDownLatch(1);
            socket.on(Socket.EVENT_CONNECT, args -> connected.countDown());
            socket.connect();
            assertThat(connected.await(10, TimeUnit.SECONDS))
                    .as("connected within 10 s")
                    .isTrue();
            CompletableFuture<JSONObject> answer = new CompletableFuture<>();
            socket.emit("join", new Object[] {join}, args -> answer.complete((JSONObject) args[0]));
            return answer.get(10, TimeUnit.SECONDS);
        } finally {
            socket.disconnect();
            socket.close();
        }
    }
}
