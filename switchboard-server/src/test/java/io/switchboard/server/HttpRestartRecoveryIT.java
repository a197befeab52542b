package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.ServerProcess;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HTTP transport resumes across a server restart: a reader that saw up to id N before the
 * server stopped gets exactly the messages after N from the restarted server, whether it polls,
 * long-polls, reads SSE with Last-Event-ID or an NDJSON stream with after.
 */
class HttpRestartRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ROOM = "http-restart";

    @TempDir
    Path dataDir;

    @Test
    void everyHttpTransportResumesAfterARestartWithExactlyTheMissedMessages() throws Exception {
        long lastSeen;
        List<Long> missed = new ArrayList<>();
        try (ServerProcess first = ServerProcess.start(dataDir)) {
            post(first, "seen 1");
            lastSeen = post(first, "seen 2");
            for (int i = 1; i <= 3; i++) {
                missed.add(post(first, "missed before restart " + i));
            }
            assertThat(first.terminate(Duration.ofSeconds(10))).isEqualTo(ServerProcess.SIGTERM_EXIT);
        }
        try (ServerProcess second = ServerProcess.start(dataDir)) {
            for (int i = 1; i <= 2; i++) {
                missed.add(post(second, "missed after restart " + i));
            }
            String base = "http://127.0.0.1:" + second.port() + "/api/rooms/" + ROOM;

            assertThat(ids(get(base + "/messages?after=" + lastSeen)))
                    .as("polling")
                    .isEqualTo(missed);
            assertThat(ids(get(base + "/messages?after=" + lastSeen + "&wait=5")))
                    .as("long-polling")
                    .isEqualTo(missed);

            HttpRequest sse = HttpRequest.newBuilder(URI.create(base + "/events"))
                    .header("Last-Event-ID", Long.toString(lastSeen))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            assertThat(readIds(sse, missed.size(), true))
                    .as("SSE with Last-Event-ID")
                    .isEqualTo(missed);

            HttpRequest ndjson = HttpRequest.newBuilder(URI.create(base + "/stream?after=" + lastSeen))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            assertThat(readIds(ndjson, missed.size(), false))
                    .as("NDJSON stream with after")
                    .isEqualTo(missed);
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

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.path("id").asLong()));
        return ids;
    }

    /** Reads message ids off an open stream until {@code count} arrived (SSE data: lines, or NDJSON lines). */
    private static List<Long> readIds(HttpRequest request, int count, boolean sse) throws Exception {
        HttpResponse<InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String event = "message";
            while (ids.size() < count) {
                String line = in.readLine();
                assertThat(line).as("stream ended after " + ids).isNotNull();
                if (sse) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.isEmpty()) {
                        event = "message";
                    } else if (line.startsWith("data:") && event.equals("message")) {
                        ids.add(JSON.readTree(line.substring(5)).path("id").asLong());
                    }
                } else if (!line.isBlank()) {
                    ids.add(JSON.readTree(line).path("id").asLong());
                }
            }
        }
        return ids;
    }
}
