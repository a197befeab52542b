package io.switchboard.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The HTTP API from the JDK client, for tests: posts, polls and line-reading streams. */
final class HttpApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final TestServer server;

    HttpApiClient(TestServer server) {
        this.server = server;
    }

    HttpResponse<String> post(String room, String json) {
        return send(HttpRequest.newBuilder(URI.create(server.http("/api/rooms/" + room + "/messages")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** Posts and returns the stored message's id, failing unless it was stored (201). */
    long postText(String room, String from, String text) {
        HttpResponse<String> res = post(room, "{\"from\":\"" + from + "\",\"text\":\"" + text + "\"}");
        if (res.statusCode() != 201) {
            throw new AssertionError("post answered " + res.statusCode() + " " + res.body());
        }
        return json(res.body()).path("id").asLong();
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(server.http(pathAndQuery)))
                .timeout(Duration.ofSeconds(40))
                .GET()
                .build());
    }

    HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** Opens a GET whose response is read line by line on a thread of its own. */
    Lines open(String pathAndQuery, String... headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(server.http(pathAndQuery))).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<InputStream> res = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new Lines(res);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** An open streaming response; {@link #next} takes its lines in order. */
    static final class Lines implements AutoCloseable {
        private static final String END = "\u0000end";
        final HttpResponse<InputStream> response;
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Lines(HttpResponse<InputStream> response) {
            this.response = response;
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader in =
                                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                            for (String line = in.readLine(); line != null; line = in.readLine()) {
                                lines.add(line);
                            }
                        } catch (IOException e) {
                            // closed by the test
                        }
                        lines.add(END);
                    },
                    "test-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line, failing after five seconds or at the end of the stream. */
        String next() {
            try {
                String line = lines.poll(5, TimeUnit.SECONDS);
                if (line == null || line.equals(END)) {
                    throw new AssertionError(line == null ? "no line within 5 s" : "stream ended");
                }
                return line;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        /** The next non-empty line. */
        String nextNonEmpty() {
            for (String line = next(); ; line = next()) {
                if (!line.isEmpty()) {
                    return line;
                }
            }
        }

        /** Whether a line other than heartbeats arrives within the wait. */
        String pollContent(Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (line != null && !line.isEmpty() && !line.startsWith(":")) {
                        return line;
                    }
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return null;
        }

        /** The next SSE event as its field lines (comments skipped), without the blank line. */
        List<String> nextEvent() {
            List<String> fields = new ArrayList<>();
            while (true) {
                String line = next();
                if (line.startsWith(":")) {
                    continue;
                }
                if (line.isEmpty()) {
                    if (!fields.isEmpty() && !fields.get(0).startsWith("retry:")) {
                        return fields;
                    }
                    fields.clear();
                    continue;
                }
                fields.add(line);
            }
        }

        /** The next SSE event of the default type (a message), skipping named events. */
        JsonNode nextMessageEvent(long[] idOut) {
            while (true) {
                List<String> fields = nextEvent();
                if (fields.get(0).startsWith("event:")) {
                    continue;
                }
                String id = fields.get(0).substring("id: ".length());
                idOut[0] = Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
                return json(fields.get(1).substring("data: ".length()));
            }
        }

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
