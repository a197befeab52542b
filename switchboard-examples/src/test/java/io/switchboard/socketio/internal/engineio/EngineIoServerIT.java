package io.switchboard.socketio.internal.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.examples.ConformanceServer;
import io.switchboard.socketio.SocketIoConfig;
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
 * the conformance server. The heartbeat tests run with the suite's timers (pingInterval 300 ms,
 * pingTimeout 200 ms); the others against an echo with 30 s timers, so that a slow machine cannot
 * time their sessions out between two steps of a test, which is not what they test.
 */
class EngineIoServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static Echo suite;
    private static Echo steady;
    private static Echo patient;

    @BeforeAll
    static void start() throws Exception {
        suite = new Echo(ConformanceServer.start("127.0.0.1", 0));
        steady = new Echo(start(Duration.ofSeconds(30), Duration.ofSeconds(30)));
        // the suite's ping interval with a timeout a loaded machine can meet: a test of "a pong keeps
        // the session" then fails only when pongs are not counted, not when the POST is slow
        patient = new Echo(start(Duration.ofMillis(300), Duration.ofSeconds(2)));
    }

    private static ConformanceServer start(Duration pingInterval, Duration pingTimeout) throws Exception {
        EngineIoConfig suiteTimers = ConformanceServer.ENGINE;
        EngineIoConfig echo = new EngineIoConfig(
                pingInterval,
                pingTimeout,
                suiteTimers.maxPayload(),
                suiteTimers.upgradeTimeout(),
                suiteTimers.maxBufferedBytes(),
                suiteTimers.cors());
        return ConformanceServer.start(
                "127.0.0.1", 0, new SocketIoConfig(ConformanceServer.ENGINE, Duration.ofMillis(1000)), echo);
    }

    @AfterAll
    static void stop() {
        for (Echo echo : new Echo[] {suite, steady, patient}) {
            if (echo != null) {
                echo.server.close();
            }
        }
    }

    /** One conformance server's Engine.IO echo, and requests to it. */
    private static final class Echo {
        final ConformanceServer server;
        final String base;

        Echo(ConformanceServer server) {
            this.server = server;
            this.base = "http://127.0.0.1:" + server.port() + "/engine.io/?EIO=4";
        }

        HttpResponse<String> get(String query) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + query)).build(), HttpResponse.BodyHandlers.ofString());
        }

        CompletableFuture<HttpResponse<String>> getAsync(String query) {
            return HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + query)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String query, String body) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + query))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        String openPollingSession() throws Exception {
            return JSON.readTree(get("&transport=polling").body().substring(1))
                    .get("sid")
                    .asText();
        }

        URI webSocket(String query) {
            return URI.create(base.replace("http", "ws") + "&transport=websocket" + query);
        }
    }

    @Test
    void pollingHandshakeAnnouncesSidUpgradesAndTimers() throws Exception {
        HttpResponse<String> res = suite.get("&transport=polling");
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
        HttpResponse<String> noTransport = steady.get("");
        assertThat(noTransport.statusCode()).isEqualTo(400);
        assertThat(noTransport.body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
        HttpResponse<String> badVersion = HTTP.send(
                HttpRequest.newBuilder(URI.create(steady.base.replace("EIO=4", "EIO=abc") + "&transport=polling"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(badVersion.body()).isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        HttpResponse<String> unknownSid = steady.get("&transport=polling&sid=nope");
        assertThat(unknownSid.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        HttpResponse<String> postHandshake = steady.post("&transport=polling", "");
        assertThat(postHandshake.statusCode()).isEqualTo(400);
        assertThat(postHandshake.body()).isEqualTo("{\"code\":2,\"message\":\"Bad handshake method\"}");
    }

    @Test
    void postedPacketsComeBackOnTheNextPoll() throws Exception {
        String sid = steady.openPollingSession();
        HttpResponse<String> push = steady.post("&transport=polling&sid=" + sid, "4hello\u001ebAQIDBA==");
        assertThat(push.statusCode()).isEqualTo(200);
        assertThat(push.body()).isEqualTo("ok");
        assertThat(steady.get("&transport=polling&sid=" + sid).body()).isEqualTo("4hello\u001ebAQIDBA==");
    }

    @Test
    void invalidPacketClosesThePollingSession() throws Exception {
        String sid = steady.openPollingSession();
        assertThat(steady.post("&transport=polling&sid=" + sid, "abc").statusCode())
                .isEqualTo(400);
        assertThat(steady.get("&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
    }

    @Test
    void secondConcurrentPollClosesTheSession() throws Exception {
        String sid = steady.openPollingSession();
        CompletableFuture<HttpResponse<String>> first = steady.getAsync("&transport=polling&sid=" + sid);
        Await.until(AWAIT, () -> steady.server.echo().hasWaitingPoll(sid), "the poll to be held");
        HttpResponse<String> second = steady.get("&transport=polling&sid=" + sid);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(first.get().body()).isEqualTo("1");
        assertThat(steady.get("&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
    }

    @Test
    void pollingSessionWithoutPongIsClosedAfterPingTimeout() throws Exception {
        String sid = suite.openPollingSession();
        assertThat(suite.get("&transport=polling&sid=" + sid).body()).isEqualTo("2");
        Await.until(AWAIT, () -> !suite.server.echo().hasSession(sid), "the session to time out without a pong");
        assertThat(suite.get("&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
    }

    @Test
    void pongKeepsThePollingSessionAlive() throws Exception {
        String sid = patient.openPollingSession();
        // 10 pings at 300 ms outlast pingInterval + pingTimeout (2.3 s): without counted pongs the
        // session would be gone before the loop ends
        for (int i = 0; i < 10; i++) {
            assertThat(patient.get("&transport=polling&sid=" + sid).body()).isEqualTo("2");
            assertThat(patient.post("&transport=polling&sid=" + sid, "3").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void closePacketEndsTheWaitingPollWithNoop() throws Exception {
        String sid = steady.openPollingSession();
        CompletableFuture<HttpResponse<String>> poll = steady.getAsync("&transport=polling&sid=" + sid);
        Await.until(AWAIT, () -> steady.server.echo().hasWaitingPoll(sid), "the poll to be held");
        steady.post("&transport=polling&sid=" + sid, "1");
        assertThat(poll.get().body()).isEqualTo("6");
        assertThat(steady.get("&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
    }

    @Test
    void webSocketSessionEchoesTextAndBinary() throws Exception {
        try (EngineIoWsClient ws = EngineIoWsClient.connect(steady.webSocket(""))) {
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
        try (EngineIoWsClient ws = EngineIoWsClient.connect(suite.webSocket(""))) {
            ws.next();
            assertThat(ws.next()).isEqualTo("2");
            ws.awaitClose(Duration.ofSeconds(10));
        }
    }

    @Test
    void pollingUpgradesToWebSocketAfterProbe() throws Exception {
        String sid = steady.openPollingSession();
        try (EngineIoWsClient ws = EngineIoWsClient.connect(steady.webSocket("&sid=" + sid))) {
            ws.send("2probe");
            assertThat(ws.next()).isEqualTo("3probe");
            assertThat(steady.get("&transport=polling&sid=" + sid).body()).isEqualTo("6");
            ws.send("5");
            ws.send("4hello");
            assertThat(ws.nextSkippingPings()).isEqualTo("4hello");
            assertThat(steady.get("&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void secondWebSocketForAnUpgradedSessionIsClosed() throws Exception {
        String sid = steady.openPollingSession();
        URI uri = steady.webSocket("&sid=" + sid);
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
