package io.switchboard.cluster.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.server.ServerConfig;
import io.switchboard.server.SwitchboardServer;
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
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One Switchboard node of a test cluster, in this JVM: the shared PostgreSQL database and Redis,
 * its own port. Not thread-safe to start and close; its HTTP helpers may be called from any thread.
 */
final class ClusterNode implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final SwitchboardServer server;

    private ClusterNode(SwitchboardServer server) {
        this.server = server;
    }

    static ClusterNode start(String database, String redis) {
        try {
            return new ClusterNode(SwitchboardServer.start(ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(Files.createTempDirectory("switchboard-cluster"))
                    .database(database)
                    .redis(redis)
                    .rateLimit(10_000, 10_000)
                    .build()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    SwitchboardServer server() {
        return server;
    }

    String http(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    String ws(String path) {
        return "ws://127.0.0.1:" + server.port() + path;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(http(path)))
                .timeout(Duration.ofSeconds(40))
                .GET()
                .build());
    }

    /** Posts over HTTP and returns the stored message's id, failing unless it was stored. */
    long post(String room, String from, String text) {
        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(http("/api/rooms/" + room + "/messages")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"" + from + "\",\"text\":\"" + text + "\"}"))
                .build());
        if (res.statusCode() != 201) {
            throw new AssertionError("post answered " + res.statusCode() + " " + res.body());
        }
        return json(res.body()).path("id").asLong();
    }

    /** Opens a streaming GET read line by line on a thread of its own. */
    Lines open(String path) {
        try {
            return new Lines(HTTP.send(
                    HttpRequest.newBuilder(URI.create(http(path))).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static HttpResponse<String> send(HttpRequest req) {
        try {
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
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

    @Override
    public void close() {
        server.close();
    }

    /** The lines of an open streaming response, in order. */
    static final class Lines implements AutoCloseable {
        private final HttpResponse<InputStream> response;
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
                    },
                    "test-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line starting with {@code prefix}, or an error after {@code wait}. */
        String next(String prefix, Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            try {
                while (true) {
                    String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (line == null) {
                        throw new AssertionError("no line starting with '" + prefix + "' within " + wait);
                    }
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
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
