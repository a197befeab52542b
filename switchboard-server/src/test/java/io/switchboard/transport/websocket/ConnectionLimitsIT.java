package io.switchboard.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.ServerConfig;
import io.switchboard.testing.Await;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Slow consumers, idle and silent connections, and the connection cap, each on a server of its own. */
class ConnectionLimitsIT {
    private static final Duration AWAIT = Duration.ofSeconds(20);

    @Test
    void slowConsumerIsDisconnectedInsteadOfGrowingServerMemory() throws Exception {
        // the in-memory store: this is about the transport, and SQLite group commits would burst the writer too
        try (TestServer server = new TestServer(b -> b.maxOutboundBytes(256 * 1024)
                        .maxCommandsPerIp(1_000_000)
                        .rateLimit(100_000, 100_000)
                        .database(ServerConfig.MEMORY));
                WsClient writer = WsClient.connect(server.ws("/ws"));
                WsClient stalled = WsClient.connectPaused(server.ws("/ws"))) {
            writer.awaitType("welcome");
            writer.send("{\"type\":\"join\",\"room\":\"flood\"}");
            writer.awaitType("joined");
            // the paused client has read its welcome only; its join is sent but nothing more is read
            stalled.send("{\"type\":\"join\",\"room\":\"flood\"}");
            Await.until(
                    AWAIT,
                    () -> server.server().hub().roomCount() == 1 && membersOf(server) == 2,
                    "both clients in the room");

            String text = "z".repeat(3900);
            for (int i = 0; i < 6000 && server.server().hub().sessionCount() == 2; i++) {
                writer.socket()
                        .sendText("{\"type\":\"send\",\"room\":\"flood\",\"text\":\"" + text + "\"}", true)
                        .join();
                if (i % 32 == 31) {
                    // a windowed writer that reads what it is sent: only the stalled reader falls behind
                    writer.awaitType("ack");
                }
            }
            // loopback socket buffers hold a few MiB; past them the server queue passes 256 KiB
            Await.until(AWAIT, () -> server.server().hub().sessionCount() == 1, "the slow consumer to be dropped");
            // the client still has megabytes in its socket buffers to read before it sees the end
            stalled.request(Long.MAX_VALUE);
            assertThat(stalled.awaitClose(Duration.ofSeconds(60))).isIn(1008, 1006);
            assertThat(writer.isClosed()).isFalse();
        }
    }

    @Test
    void pongsKeepAClientAliveAndSilenceClosesWith1001() throws Exception {
        try (TestServer server =
                new TestServer(b -> b.pingInterval(Duration.ofMillis(200)).idleTimeout(Duration.ofMillis(700)))) {
            try (WsClient live = WsClient.connect(server.ws("/ws"))) {
                live.awaitType("welcome");
                // a deliberate pause past the 700 ms idle timeout: staying open is the behaviour, there
                // is no event to await
                Thread.sleep(1500);
                assertThat(live.isClosed()).as("the JDK client answers pings").isFalse();
            }
            try (Socket raw = handshake(server, "/ws")) {
                // a client that never answers: the server pings it, then closes with 1001
                byte[] frames = raw.getInputStream().readAllBytes();
                int close = indexOfOpcode(frames, 0x88);
                assertThat(indexOfOpcode(frames, 0x89)).as("a ping was sent").isGreaterThanOrEqualTo(0);
                assertThat(close).as("a close frame was sent").isGreaterThanOrEqualTo(0);
                assertThat(((frames[close + 2] & 0xff) << 8) | (frames[close + 3] & 0xff))
                        .isEqualTo(1001);
            }
        }
    }

    /** Regression: the HTTP request deadline once stayed in the pipeline and wrote a 408 into the stream. */
    @Test
    void webSocketOutlivesTheHttpRequestDeadline() throws Exception {
        try (TestServer server = new TestServer(b -> b.handshakeTimeout(Duration.ofMillis(300)));
                WsClient c = WsClient.connect(server.ws("/ws"))) {
            c.awaitType("welcome");
            c.send("{\"type\":\"join\",\"room\":\"long-lived\"}");
            c.awaitType("joined");
            // a deliberate pause past the 300 ms request deadline: no event says a timer did not fire
            Thread.sleep(1000);
            c.send("{\"type\":\"history\",\"room\":\"long-lived\"}");
            assertThat(c.awaitType("history").path("room").asText()).isEqualTo("long-lived");
            assertThat(c.isClosed()).isFalse();
        }
    }

    @Test
    void connectionThatSendsNoRequestIsClosed() throws Exception {
        try (TestServer server = new TestServer(b -> b.httpIdleTimeout(Duration.ofMillis(300)));
                Socket raw = new Socket("127.0.0.1", server.server().port())) {
            raw.setSoTimeout(5000);
            assertThat(raw.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void upgradesPastTheConnectionCapGet503() throws Exception {
        try (TestServer server = new TestServer(b -> b.maxConnections(1));
                WsClient first = WsClient.connect(server.ws("/ws"))) {
            first.awaitType("welcome");
            try (Socket raw = new Socket("127.0.0.1", server.server().port())) {
                raw.setSoTimeout(5000);
                raw.getOutputStream().write(upgradeRequest("/ws"));
                assertThat(new String(raw.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                        .isEqualTo("HTTP/1.1 503");
            }
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.http("/healthz")))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"webSockets\":1");
        }
    }

    private static int membersOf(TestServer server) {
        return server.server().hub().sessionCount();
    }

    private static Socket handshake(TestServer server, String path) throws Exception {
        Socket raw = new Socket("127.0.0.1", server.server().port());
        raw.setSoTimeout(10_000);
        OutputStream out = raw.getOutputStream();
        out.write(upgradeRequest(path));
        InputStream in = raw.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return raw;
    }

    private static byte[] upgradeRequest(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Walks unmasked server frames (short lengths only) and returns the offset of the first with the opcode. */
    private static int indexOfOpcode(byte[] frames, int firstByte) {
        int i = 0;
        while (i + 1 < frames.length) {
            int len = frames[i + 1] & 0x7f;
            int header = 2;
            if (len == 126) {
                len = ((frames[i + 2] & 0xff) << 8) | (frames[i + 3] & 0xff);
                header = 4;
            }
            if ((frames[i] & 0xff) == firstByte) {
                return i;
            }
            i += header + len;
        }
        return -1;
    }
}
