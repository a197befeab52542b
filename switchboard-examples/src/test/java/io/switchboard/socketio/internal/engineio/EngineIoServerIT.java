package io.switchboard.socketio.internal.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.examples.ConformanceServer;
import io.switchboard.testing.Await;
import io.switchboard.testing.EngineIoWsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Engine.IO behaviours of the official test suite, against the echo at {@code /engine.io/} of
 * the conformance server (pingInterval 300 ms, pingTimeout 200 ms).
 */
class EngineIoServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static ConformanceServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        server = ConformanceServer.start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port() + "/engine.io/?EIO=4";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String query) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + query)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> getAsync(String query) {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(base + query)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String query, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + query))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String openPollingSession() throws Exception {
        return JSON.readTree(get("&transport=polling").body().substring(1))
                .get("sid")
                .asText();
    }

    @Test
    void pollingHandshakeAnnouncesSidUpgradesAndTimers() throws Exception {
        HttpResponse<String> res = get("&transport=polling");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).startsWith("0");
        JsonNode open = JSON.readTree(res.body().substring(1));
        assertThat(open.get("sid").isTextual()).isTrue();
        assertThat(open.get("upgrades").toString()).isEqualTo("[\"websocket\"]");
        assertThat(open.get("pingInterval").asInt()).isEqualTo(300);
        assertThat(open.get("pingTimeout").asInt()).isEqualTo(200);
        assertThat(open.get("maxPayload").asInt()).isEqualTo(1_000_000);
    }

    @Test
    void badRequestsGetTheReferenceErrorCodes() throws Exception {
        HttpResponse<String> noTransport = get("");
        assertThat(noTransport.statusCode()).isEqualTo(400);
        assertThat(noTransport.body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
        HttpResponse<String> badVersion = HTTP.send(
                HttpRequest.newBuilder(URI.create(base.replace("EIO=4", "EIO=abc") + "&transport=polling"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(badVersion.body()).isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        HttpResponse<String> unknownSid = get("&transport=polling&sid=nope");
        assertThat(unknownSid.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        HttpResponse<String> postHandshake = post("&transport=polling", "");
        assertThat(postHandshake.statusCode()).isEqualTo(400);
        assertThat(postHandshake.body()).isEqualTo("{\"code\":2,\"message\":\"Bad handshake method\"}");
    }

    @Test
    void postedPacketsComeBackOnTheNextPoll() throws Exception {
        String sid = openPollingSession();
        HttpResponse<String> push = post("&transport=polling&sid=" + sid, "4hello\u001ebAQIDBA==");
        assertThat(push.statusCode()).isEqualTo(200);
        assertThat(push.body()).isEqualTo("ok");
        assertThat(get("&transport=polling&sid=" + sid).body()).isEqualTo("4hello\u001ebAQIDBA==");
    }

    @Test
    void invalidPacketClosesThePollingSession() throws Exception {
        String sid = openPollingSession();
        assertThat(post("&transport=polling&sid=" + sid, "abc").statusCode()).isEqualTo(400);
        assertThat(get("&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
    }

    @Test
    void secondConcurrentPollClosesTheSession() throws Exception {
        String sid = openPollingSession();
        CompletableFuture<HttpResponse<String>> first = getAsync("&transport=polling&sid=" + sid);
        Await.until(AWAIT, () -> server.echo().hasWaitingPoll(sid), "the poll to be held");
        HttpResponse<String> second = get("&transport=polling&sid=" + sid);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(first.get().body()).isEqualTo("1");
        assertThat(get("&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
    }

    @Test
    void pollingSessionWithoutPongIsClosedAfterPingTimeout() throws Exception {
        String sid = openPollingSession();
        assertThat(get("&transport=polling&sid=" + sid).body()).isEqualTo("2");
        Await.until(AWAIT, () -> !server.echo().hasSession(sid), "the session to time out without a pong");
        assertThat(get("&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
    }

    @Test
    void pongKeepsThePollingSessionAlive() throws Exception {
        String sid = openPollingSession();
        for (int i = 0; i < 3; i++) {
            assertThat(get("&transport=polling&sid=" + sid).body()).isEqualTo("2");
            assertThat(post("&transport=polling&sid=" + sid, "3").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void closePacketEndsTheWaitingPollWithNoop() throws Exception {
        String sid = openPollingSession();
        CompletableFuture<HttpResponse<String>> poll = getAsync("&transport=polling&sid=" + sid);
        Await.until(AWAIT, () -> server.echo().hasWaitingPoll(sid), "the poll to be held");
        post("&transport=polling&sid=" + sid, "1");
        assertThat(poll.get().body()).isEqualTo("6");
        assertThat(get("&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
    }

    @Test
    void webSocketSessionEchoesTextAndBinary() throws Exception {
        try (EngineIoWsClient ws =
                EngineIoWsClient.connect(URI.create(base.replace("http", "ws") + "&transport=websocket"))) {
            String open = (String) ws.next();
            assertThat(JSON.readTree(open.substring(1)).get("upgrades").toString())
                    .isEqualTo("[]");
            ws.send("4hello");
            assertThat(ws.nextSkippingPings()).isEqualTo("4hello");
            ws.send(new byte[] {1, 2, 3, 4});
            assertThat((byte[]) ws.nextSkippingPings()).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void webSocketWithoutPongIsClosed() throws Exception {
        try (EngineIoWsClient ws =
                EngineIoWsClient.connect(URI.create(base.replace("http", "ws") + "&transport=websocket"))) {
            ws.next();
            assertThat(ws.next()).isEqualTo("2");
            ws.awaitClose(Duration.ofSeconds(10));
        }
    }

    @Test
    void pollingUpgradesToWebSocketAfterProbe() throws Exception {
        String sid = openPollingSession();
        try (EngineIoWsClient ws =
                EngineIoWsClient.connect(URI.create(base.replace("http", "ws") + "&transport=websocket&sid=" + sid))) {
            ws.send("2probe");
            assertThat(ws.next()).isEqualTo("3probe");
            assertThat(get("&transport=polling&sid=" + sid).body()).isEqualTo("6");
            ws.send("5");
            ws.send("4hello");
            assertThat(ws.nextSkippingPings()).isEqualTo("4hello");
            assertThat(get("&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void secondWebSocketForAnUpgradedSessionIsClosed() throws Exception {
        String sid = openPollingSession();
        URI uri = URI.create(base.replace("http", "ws") + "&transport=websocket&sid=" + sid);
        try (EngineIoWsClient ws = EngineIoWsClient.connect(uri)) {
            ws.send("2probe");
            assertThat(ws.next()).isEqualTo("3probe");
            ws.send("5");
            try (EngineIoWsClient second = EngineIoWsClient.connect(uri)) {
                second.awaitClose(Duration.ofSeconds(10));
            }
            ws.send("4still here");
            assertThat(ws.nextSkippingPings()).isEqualTo("4still here");
        }
    }
}
