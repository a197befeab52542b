package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.PipelinedSender;
import io.switchboard.testing.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on a server process (SQLite) with HTTP clients holding requests open: the long-poll gets
 * a complete response, SSE and NDJSON streams end with the terminating chunk (SSE after a last
 * {@code retry:} hint) and carry every message acknowledged before, a request arriving on an open
 * connection during the drain is refused with 503 and Retry-After, and the log counts the drain.
 * Read with raw sockets, so the test sees the exact bytes (chunking included).
 */
class HttpShutdownDrainIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOM = "drain";
    private static final String QUIET = "quiet";
    private static final String[] UNTHROTTLED = {
        "--rate-limit",
        "1000000",
        "--rate-burst",
        "1000000",
        "--max-commands-per-ip",
        "1000000",
        "--max-outbound-bytes",
        String.valueOf(64 << 20)
    };

    @TempDir
    Path dataDir;

    @Test
    void sigtermAnswersTheLongPollEndsStreamsCleanlyAndLosesNoAcknowledgedMessage() throws Exception {
        Map<String, Long> acked;
        try (ServerProcess server = ServerProcess.start(dataDir, UNTHROTTLED)) {
            int port = server.port();
            Raw longPoll = Raw.get(port, "/api/rooms/" + QUIET + "/messages?after=0&wait=30");
            Raw sse = Raw.get(port, "/api/rooms/" + ROOM + "/events?after=0");
            Raw ndjson = Raw.get(port, "/api/rooms/" + ROOM + "/stream?after=0");
            sse.awaitReceived("retry: ");
            ndjson.awaitReceived("HTTP/1.1 200");
            Raw keepAlive = Raw.open(port);
            assertThat(keepAlive.exchange("GET /favicon.svg HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");

            CompletableFuture<Void> closeSeen = new CompletableFuture<>();
            CompletableFuture<Void> closeGate = new CompletableFuture<>();
            WebSocket holdsClose = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(URI.create(server.ws("/ws")), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closeSeen.complete(null);
                            return closeGate;
                        }
                    })
                    .join();

            try (PipelinedSender burst = PipelinedSender.join(server.ws("/ws"), ROOM)) {
                burst.start("burst-", 2_000, 100);
                burst.ackedAtLeast(100).get(20, TimeUnit.SECONDS);
                CompletableFuture<Integer> exit =
                        CompletableFuture.supplyAsync(() -> server.terminate(Duration.ofSeconds(30)));

                // the WebSocket close comes once the drain has begun: new requests are refused now
                closeSeen.get(20, TimeUnit.SECONDS);
                String refused = keepAlive.exchange("GET /favicon.svg HTTP/1.1\r\nHost: x\r\n\r\n");
                closeGate.complete(null);
                assertThat(refused).startsWith("HTTP/1.1 503");
                assertThat(refused).containsIgnoringCase("\r\nretry-after: 5\r\n");
                assertThat(JSON.readTree(body(refused)).path("error").asText()).isEqualTo("unavailable");

                assertThat(exit.get(40, TimeUnit.SECONDS)).isEqualTo(ServerProcess.SIGTERM_EXIT);
                burst.awaitSenderDone(Duration.ofSeconds(10));
                acked = burst.acks();
                holdsClose.abort();
            }

            String poll = longPoll.awaitEnd();
            assertThat(poll).as("the long-poll's response").startsWith("HTTP/1.1 200");
            int length = Integer.parseInt(header(poll, "content-length"));
            assertThat(body(poll).getBytes(StandardCharsets.UTF_8))
                    .as("a complete body")
                    .hasSize(length);
            assertThat(JSON.readTree(body(poll)).isArray()).isTrue();

            String events = dechunk(sse.awaitEnd());
            assertThat(events).as("SSE ends with the reconnect hint").endsWith("retry: 5000\n\n");
            Set<Long> sseIds = new HashSet<>();
            for (String line : events.split("\n")) {
                if (line.startsWith("id: ")) {
                    // SSE ids are <epoch>:<id> (docs/http-api.md)
                    sseIds.add(Long.parseLong(line.substring(line.lastIndexOf(':') + 1)));
                }
            }
            Set<Long> ndjsonIds = new HashSet<>();
            for (String line : dechunk(ndjson.awaitEnd()).split("\n")) {
                if (!line.isEmpty()) {
                    ndjsonIds.add(JSON.readTree(line).path("id").asLong());
                }
            }
            assertThat(sseIds).as("acknowledged messages on the SSE stream").containsAll(acked.values());
            assertThat(ndjsonIds)
                    .as("acknowledged messages on the NDJSON stream")
                    .containsAll(acked.values());

            // the whole log: Netty's io_uring loops may log rejected tasks with stack traces after this line
            assertThat(Files.readString(server.log(), StandardCharsets.UTF_8))
                    .contains("drain: answered 1 long-polls, ended 2 HTTP streams (1 SSE, 1 NDJSON)");
        }

        try (ServerProcess restarted = ServerProcess.start(dataDir, UNTHROTTLED)) {
            Map<Long, String> stored = new HashMap<>();
            for (JsonNode m : restarted.history(ROOM)) {
                stored.put(m.path("id").asLong(), m.path("clientId").asText());
            }
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                assertThat(stored.get(e.getValue()))
                        .as("acknowledged message %s after restart", e.getKey())
                        .isEqualTo(e.getKey());
            }
        }
    }

    /** The body of a response whose bytes are all here. */
    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private static String header(String response, String name) {
        for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " header in " + response);
    }

    /** The body of a chunked response; fails unless it ends with the terminating zero-length chunk. */
    private static String dechunk(String response) {
        assertThat(header(response, "transfer-encoding")).isEqualToIgnoringCase("chunked");
        String rest = body(response);
        StringBuilder out = new StringBuilder();
        while (true) {
            int eol = rest.indexOf("\r\n");
            assertThat(eol)
                    .as("a chunk header; the stream broke off after %s", tail(out))
                    .isPositive();
            int size = Integer.parseInt(rest.substring(0, eol), 16);
            rest = rest.substring(eol + 2);
            if (size == 0) {
                assertThat(rest).as("the end of the chunked body").isEqualTo("\r\n");
                return out.toString();
            }
            // the bodies here are ASCII (JSON escapes nothing outside it for these texts)
            assertThat(rest.length())
                    .as("a whole chunk; the stream broke off after %s", tail(out))
                    .isGreaterThanOrEqualTo(size + 2);
            out.append(rest, 0, size);
            assertThat(rest.substring(size, size + 2)).isEqualTo("\r\n");
            rest = rest.substring(size + 2);
        }
    }

    private static String tail(StringBuilder s) {
        return s.substring(Math.max(0, s.length() - 200));
    }

    /** One raw HTTP/1.1 connection; a reader thread collects everything the server sends until it closes. */
    private static final class Raw {
        private final Socket socket;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final CompletableFuture<String> ended = new CompletableFuture<>();

        private Raw(int port, boolean collect) throws IOException {
            socket = new Socket("127.0.0.1", port);
            if (collect) {
                Thread reader = new Thread(this::read, "raw-http-reader");
                reader.setDaemon(true);
                reader.start();
            }
        }

        static Raw get(int port, String target) throws IOException {
            Raw r = new Raw(port, true);
            r.write("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
            return r;
        }

        static Raw open(int port) throws IOException {
            return new Raw(port, false);
        }

        private void write(String request) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Sends a request and reads its response, which carries a Content-Length. */
        String exchange(String request) throws IOException {
            socket.setSoTimeout(20_000);
            write(request);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (true) {
                String text = got.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                if (end > 0 && got.size() >= end + 4 + Integer.parseInt(header(text, "content-length"))) {
                    return text;
                }
                int b = in.read();
                if (b < 0) {
                    return text;
                }
                got.write(b);
            }
        }

        private void read() {
            byte[] buf = new byte[8192];
            try (InputStream in = socket.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (received) {
                        received.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // a reset ends the response as surely as a close; the content says whether it was whole
            }
            synchronized (received) {
                ended.complete(received.toString(StandardCharsets.UTF_8));
            }
        }

        void awaitReceived(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                synchronized (received) {
                    if (received.toString(StandardCharsets.UTF_8).contains(text)) {
                        return;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
            throw new AssertionError("not received within 20 s: " + text);
        }

        /** Everything the server sent, once it closed the connection. */
        String awaitEnd() throws Exception {
            try {
                return ended.get(20, TimeUnit.SECONDS);
            } finally {
                socket.close();
            }
        }
    }
}
