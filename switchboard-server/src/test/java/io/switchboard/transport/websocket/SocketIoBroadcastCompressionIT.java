package io.switchboard.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.socketio.internal.engineio.EngineIoServer;
import io.switchboard.testing.Await;
import io.switchboard.testing.EngineIoWsClient;
import io.switchboard.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A Socket.IO broadcast to WebSocket clients that negotiated permessage-deflate is compressed once,
 * and every one of them receives the same compressed bytes (issue #13), as on {@code /ws}; a client
 * without deflate and a polling client get the broadcast as before, and a short one is not
 * compressed. Both the chat's messages (a hub broadcast) and the library's own room emit
 * ({@code io.except(id).emit}) are covered, the clients being raw sockets that speak RFC 7692.
 */
class SocketIoBroadcastCompressionIT {
    private static final String OFFER = "permessage-deflate; client_max_window_bits";
    private static final String WS_PATH = "/socket.io/?EIO=4&transport=websocket";
    private static final String LONG_TEXT = "a Socket.IO broadcast long enough to compress, said again; ".repeat(10);
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    @AutoClose
    private static final TestServer server = TestServer.start(b -> b.rateLimit(10_000, 10_000));

    private static EngineIoServer engine() {
        return server.server().socketIo().engine();
    }

    @Test
    void aChatMessageIsCompressedOnceForEveryWebSocketWithDeflate() throws Exception {
        String room = "sio-deflate";
        List<SioDeflate> deflating = new ArrayList<>();
        try (Polling polling = Polling.open(server.port());
                EngineIoWsClient plain = EngineIoWsClient.connect(URI.create(server.ws(WS_PATH)))) {
            for (int i = 0; i < 4; i++) {
                deflating.add(SioDeflate.connect(server.port(), "deflater" + i, room));
            }
            polling.post("420[\"join\",{\"room\":\"" + room + "\"}]");
            polling.awaitContaining("430");
            plain.nextSkippingPings(); // the open packet
            plain.send("40{\"nick\":\"plain\"}");
            awaitPlain(plain, "40{");
            plain.send("420[\"join\",{\"room\":\"" + room + "\"}]");
            awaitPlain(plain, "430");

            long compressions = engine().sharedCompressions();
            long writes = engine().sharedFrameWrites();
            SioDeflate sender = deflating.get(0);
            sender.ws.sendText("421[\"message\",{\"room\":\"" + room + "\",\"text\":\"" + LONG_TEXT + "\"}]");

            byte[] first = null;
            for (SioDeflate client : deflating) { // the sender too: the chat sends everyone the message
                DeflateSocket.Frame frame = client.awaitMessage(LONG_TEXT);
                assertThat(frame.compressed()).as("RSV1 on the broadcast").isTrue();
                assertThat(frame.payload().length).isLessThan(LONG_TEXT.length() / 2);
                assertThat(frame.text()).startsWith("42[\"message\",{").contains(LONG_TEXT);
                if (first == null) {
                    first = frame.payload();
                }
                assertThat(frame.payload())
                        .as("the same compressed bytes for everyone")
                        .isEqualTo(first);
            }
            assertThat(awaitPlain(plain, LONG_TEXT)).startsWith("42[\"message\",{");
            assertThat(polling.awaitContaining(LONG_TEXT)).contains("42[\"message\",{");

            assertThat(engine().sharedCompressions() - compressions)
                    .as("one compression for four recipients")
                    .isEqualTo(1);
            assertThat(engine().sharedFrameWrites() - writes)
                    .as("one shared frame written per WebSocket with deflate")
                    .isEqualTo(4);

            sender.ws.sendText("422[\"message\",{\"room\":\"" + room + "\",\"text\":\"short\"}]");
            for (SioDeflate client : deflating) {
                DeflateSocket.Frame frame = client.awaitMessage("\"text\":\"short\"");
                assertThat(frame.compressed()).as("a short event stays plain").isFalse();
            }
            assertThat(engine().sharedCompressions() - compressions).isEqualTo(1);
        } finally {
            for (SioDeflate client : deflating) {
                client.close();
            }
        }
    }

    @Test
    void aLibraryEmitIsCompressedOnceAndSkipsTheExcludedSocket() throws Exception {
        try (SioDeflate excluded = SioDeflate.connect(server.port(), "excluded", null);
                SioDeflate b = SioDeflate.connect(server.port(), "bee", null);
                SioDeflate c = SioDeflate.connect(server.port(), "sea", null);
                Polling polling = Polling.open(server.port())) {
            // the emit goes to every socket of the namespace: wait until earlier tests' have gone
            Await.until(Duration.ofSeconds(20), () -> engine().sessionCount() == 4, "only this test's sessions");
            long compressions = engine().sharedCompressions();
            long writes = engine().sharedFrameWrites();

            server.server().socketIo().sockets().except(excluded.socketId).emit("news", LONG_TEXT);

            DeflateSocket.Frame atB = b.awaitEvent("news");
            DeflateSocket.Frame atC = c.awaitEvent("news");
            for (DeflateSocket.Frame f : List.of(atB, atC)) {
                assertThat(f.compressed()).isTrue();
                assertThat(f.text()).startsWith("42[\"news\",\"" + LONG_TEXT + "\"");
            }
            assertThat(atC.payload()).isEqualTo(atB.payload());
            assertThat(polling.awaitContaining("42[\"news\"")).contains(LONG_TEXT);
            assertThat(engine().sharedCompressions() - compressions).isEqualTo(1);
            assertThat(engine().sharedFrameWrites() - writes).isEqualTo(2);

            // everyone gets the next emit; the excluded socket's first event must be it, not the news
            server.server().socketIo().sockets().emit("after", "x");
            assertThat(excluded.awaitEvent("").text()).startsWith("42[\"after\"");
        }
    }

    @Test
    void aSessionUpgradedFromPollingGetsTheSharedFrameInOrderWithItsOthers() throws Exception {
        Polling polling = Polling.open(server.port());
        try (DeflateSocket upgraded = DeflateSocket.connect(server.port(), WS_PATH + "&sid=" + polling.sid, OFFER);
                SioDeflate other = SioDeflate.connect(server.port(), "other", null)) {
            assertThat(upgraded.extensions()).startsWith("permessage-deflate");
            upgraded.sendText("2probe");
            assertThat(upgraded.nextTextContaining("probe")).isEqualTo("3probe");
            upgraded.sendText("5");
            upgraded.sendText("2"); // answered after the upgrade, on the WebSocket
            SioDeflate client = new SioDeflate(upgraded, null);
            client.awaitPrefix("3");
            // the emit goes to every socket of the namespace: wait until earlier tests' have gone
            Await.until(Duration.ofSeconds(20), () -> engine().sessionCount() == 2, "only this test's sessions");
            long compressions = engine().sharedCompressions();
            long writes = engine().sharedFrameWrites();

            // a shared compressed frame, then a short one through the pipeline: they arrive in order
            server.server().socketIo().sockets().emit("news", LONG_TEXT);
            server.server().socketIo().sockets().emit("after", "x");

            DeflateSocket.Frame news = client.awaitEvent("");
            assertThat(news.text()).startsWith("42[\"news\",\"" + LONG_TEXT + "\"");
            assertThat(news.compressed()).isTrue();
            assertThat(client.awaitEvent("").text()).startsWith("42[\"after\"");
            assertThat(other.awaitEvent("news").payload()).isEqualTo(news.payload());
            assertThat(engine().sharedCompressions() - compressions).isEqualTo(1);
            assertThat(engine().sharedFrameWrites() - writes).isEqualTo(2);
        }
    }

    private static String awaitPlain(EngineIoWsClient client, String part) throws InterruptedException {
        while (true) {
            Object f = client.nextSkippingPings();
            if (f instanceof String s && s.contains(part)) {
                return s;
            }
        }
    }

    /** A Socket.IO client on a raw WebSocket with permessage-deflate, in the main namespace. */
    private static final class SioDeflate implements AutoCloseable {
        final DeflateSocket ws;
        final String socketId;

        private SioDeflate(DeflateSocket ws, String socketId) {
            this.ws = ws;
            this.socketId = socketId;
        }

        /** Connects as {@code nick} and joins the chat room {@code room} (null: none). */
        static SioDeflate connect(int port, String nick, String room) throws IOException {
            DeflateSocket ws = DeflateSocket.connect(port, WS_PATH, OFFER);
            assertThat(ws.extensions()).startsWith("permessage-deflate").contains("server_no_context_takeover");
            ws.nextTextContaining("\"sid\"");
            ws.sendText("40{\"nick\":\"" + nick + "\"}");
            SioDeflate client = new SioDeflate(ws, null);
            Matcher m = SID.matcher(client.awaitPrefix("40{").text());
            assertThat(m.find()).isTrue();
            client = new SioDeflate(ws, m.group(1));
            client.awaitEvent("welcome");
            if (room != null) {
                ws.sendText("420[\"join\",{\"room\":\"" + room + "\"}]");
                client.awaitPrefix("430");
            }
            return client;
        }

        /** The next text frame starting with {@code prefix}; pings are answered, other frames skipped. */
        DeflateSocket.Frame awaitPrefix(String prefix) throws IOException {
            while (true) {
                DeflateSocket.Frame f = ws.next();
                if (f.opcode() == 0x8) {
                    throw new AssertionError("closed: " + f.closeCode());
                }
                if (f.opcode() != 0x1) {
                    continue;
                }
                String text = f.text();
                if (text.equals("2")) {
                    ws.sendText("3");
                } else if (text.startsWith(prefix)) {
                    return f;
                }
            }
        }

        /** The next event named {@code name}, or the next event at all when it is empty. */
        DeflateSocket.Frame awaitEvent(String name) throws IOException {
            return awaitPrefix(name.isEmpty() ? "42[" : "42[\"" + name + "\"");
        }

        /** The next {@code message} event containing {@code part}. */
        DeflateSocket.Frame awaitMessage(String part) throws IOException {
            while (true) {
                DeflateSocket.Frame f = awaitEvent("message");
                if (f.text().contains(part)) {
                    return f;
                }
            }
        }

        @Override
        public void close() throws IOException {
            ws.close();
        }
    }

    /** A Socket.IO client on HTTP long-polling, in the main namespace. */
    private static final class Polling implements AutoCloseable {
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String url;
        final String sid;

        private Polling(String url, String sid) {
            this.url = url;
            this.sid = sid;
        }

        static Polling open(int port) throws Exception {
            String base = "http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling";
            Polling p = new Polling(base, null);
            Matcher m = SID.matcher(p.get(base));
            assertThat(m.find()).isTrue();
            Polling session = new Polling(base + "&sid=" + m.group(1), m.group(1));
            session.post("40{\"nick\":\"poller\"}");
            session.awaitContaining("\"welcome\"");
            return session;
        }

        private String get(String to) throws Exception {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(to))
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        }

        void post(String body) throws Exception {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }

        /** Polls until a payload contains {@code part}; answers pings on the way. */
        String awaitContaining(String part) throws Exception {
            while (true) {
                String payload = get(url);
                for (String packet : payload.split("\u001e")) {
                    if (packet.equals("2")) {
                        post("3");
                    }
                }
                if (payload.contains(part)) {
                    return payload;
                }
            }
        }

        /** Ends the session: a close packet, and the poll that the server answers and closes on. */
        @Override
        public void close() throws Exception {
            post("1");
            http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
        }
    }
}
