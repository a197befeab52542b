package io.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.ServerConfig;
import io.switchboard.testing.Await;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The limits per address with one address (127.0.0.2, the client socket bound to it) over them and
 * another (127.0.0.1) beside it: past {@code --max-connections-per-ip} a connection's first request,
 * a WebSocket handshake included, is answered 429 and the connection closed, and a freed slot is
 * usable again; past {@code --max-commands-per-ip} commands are refused as rate-limited on every
 * transport (HTTP post, {@code /ws}, {@code /}, Socket.IO) though each connection is far under its own limit;
 * and all the while the other address connects and its messages are delivered.
 */
class AddressLimitsIT {
    private static final String FLOODER = "127.0.0.2";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void anAddressOverItsConnectionLimitIsAnswered429WhileAnotherKeepsConnecting() throws Exception {
        try (TestServer server =
                TestServer.start(b -> b.database(ServerConfig.MEMORY).maxConnectionsPerIp(4))) {
            List<RawHttp> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    RawHttp c = RawHttp.connect(FLOODER, server.port());
                    held.add(c);
                    // answered, so surely counted before the next one arrives
                    assertThat(c.exchange(RawHttp.get(server.port(), "/healthz"))
                                    .status())
                            .isEqualTo(200);
                }

                try (RawHttp over = RawHttp.connect(FLOODER, server.port())) {
                    RawHttp.Response r = over.exchange(RawHttp.get(server.port(), "/ws", RawHttp.upgrade()));
                    assertThat(r.status()).isEqualTo(429);
                    assertThat(r.body()).contains("\"error\":\"too_many_connections\"");
                    assertThat(r.headers().get("retry-after")).isEqualTo("1");
                    assertThat(over.closedByServer()).isTrue();
                }

                try (WsClient a = WsClient.member(server.ws("/ws"), "alice", "limits");
                        WsClient b = WsClient.member(server.ws("/ws"), "bob", "limits")) {
                    a.send("{\"type\":\"send\",\"room\":\"limits\",\"text\":\"still here\"}");
                    assertThat(b.await(n -> n.path("type").asText().equals("message"))
                                    .path("message")
                                    .path("text")
                                    .asText())
                            .isEqualTo("still here");
                }

                held.remove(0).close();
                Await.until(Duration.ofSeconds(10), () -> healthy(FLOODER, server.port()), "a freed slot to be usable");
            } finally {
                for (RawHttp c : held) {
                    c.close();
                }
            }
        }
    }

    @Test
    void anAddressOverItsCommandRateIsRefusedOnEveryTransportWhileAnotherIsDelivered() throws Exception {
        // 2.5 commands a second per address, bursts of 5; each connection's own limit is far away
        try (TestServer server = TestServer.start(b -> b.database(ServerConfig.MEMORY)
                        .rateLimit(10_000, 10_000)
                        .maxCommandsPerIp(2.5));
                WsClient reader = WsClient.member(server.ws("/ws"), "reader", "flood")) {
            int port = server.port();

            // HTTP: 30 posts pipelined on one connection, from the flooding address
            StringBuilder posts = new StringBuilder();
            String body = "{\"from\":\"mallory\",\"text\":\"flood\"}";
            for (int i = 0; i < 30; i++) {
                posts.append("POST /api/rooms/flood/messages HTTP/1.1\r\nHost: 127.0.0.1:")
                        .append(port)
                        .append("\r\nContent-Type: application/json\r\nContent-Length: ")
                        .append(body.length())
                        .append("\r\n\r\n")
                        .append(body);
            }
            List<Integer> statuses = new ArrayList<>();
            String refusal = null;
            try (RawHttp c = RawHttp.connect(FLOODER, port)) {
                c.send(posts.toString());
                for (int i = 0; i < 30; i++) {
                    RawHttp.Response r = c.read();
                    statuses.add(r.status());
                    if (r.status() == 429) {
                        refusal = r.body();
                    }
                }
            }
            assertThat(statuses).contains(201, 429);
            assertThat(refusal).contains("\"error\":\"too_many_requests\"", "from your address");

            // the native WebSocket: 30 commands in one burst, on a connection of its own
            try (RawWebSocket ws = RawWebSocket.open(FLOODER, port, "/ws")) {
                assertThat(ws.nextText()).contains("\"welcome\"");
                for (int i = 0; i < 30; i++) {
                    ws.sendText("{\"type\":\"nick\",\"nick\":\"m" + i + "\"}");
                }
                List<String> replies = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    replies.add(ws.nextText());
                }
                assertThat(replies).anyMatch(r -> r.contains("\"code\":\"rate_limited\""));
            }

            // the tutorial's WebSocket at /: the same, answered with its text notice
            try (RawWebSocket ws = RawWebSocket.open(FLOODER, port, "/")) {
                assertThat(ws.nextText()).contains("\"text\"");
                for (int i = 0; i < 30; i++) {
                    ws.sendText("flood " + i);
                }
                List<String> replies = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    replies.add(ws.nextText());
                }
                assertThat(replies).anyMatch(r -> r.contains("error: too many messages"));
            }

            // Socket.IO over polling: 30 events with acks in one posted payload
            assertThat(socketIoAcks(port, 30)).anyMatch(a -> a.contains("rate_limited"));

            // meanwhile the other address sends, and its message is delivered
            HttpResponse<String> own = HTTP.send(
                    HttpRequest.newBuilder(URI.create(server.http("/api/rooms/flood/messages")))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"carol\",\"text\":\"delivered\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(own.statusCode()).isEqualTo(201);
            assertThat(reader.await(n -> n.path("type").asText().equals("message")
                                    && n.path("message").path("text").asText().equals("delivered"))
                            .path("message")
                            .path("from")
                            .asText())
                    .isEqualTo("carol");
        }
    }

    /** Opens a Socket.IO session from the flooding address by polling, emits {@code n} events, returns the acks. */
    private static List<String> socketIoAcks(int port, int n) throws IOException {
        try (RawHttp c = RawHttp.connect(FLOODER, port)) {
            String open = c.exchange(RawHttp.get(port, "/socket.io/?EIO=4&transport=polling"))
                    .body();
            String sid = open.replaceAll("(?s).*\"sid\":\"([^\"]+)\".*", "$1");
            String target = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
            assertThat(c.exchange(post(port, target, "40")).status()).isEqualTo(200);
            assertThat(c.exchange(RawHttp.get(port, target)).body()).startsWith("40");
            StringBuilder events = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                if (i > 1) {
                    events.append('\u001e');
                }
                events.append("42")
                        .append(i)
                        .append("[\"nick\",{\"nick\":\"m")
                        .append(i)
                        .append("\"}]");
            }
            assertThat(c.exchange(post(port, target, events.toString())).status())
                    .isEqualTo(200);
            List<String> acks = new ArrayList<>();
            while (acks.size() < n) {
                for (String packet :
                        c.exchange(RawHttp.get(port, target)).body().split("\u001e")) {
                    if (packet.startsWith("43")) {
                        acks.add(packet);
                    }
                }
            }
            return acks;
        }
    }

    private static boolean healthy(String from, int port) {
        try (RawHttp again = RawHttp.connect(from, port)) {
            return again.exchange(RawHttp.get(port, "/healthz")).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static String post(int port, String target, String body) {
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: " + length + "\r\n\r\n" + body;
    }
}
