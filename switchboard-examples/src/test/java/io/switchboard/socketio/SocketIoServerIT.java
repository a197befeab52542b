package io.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.examples.ConformanceServer;
import io.switchboard.socketio.internal.engineio.EngineIoConfig;
import io.switchboard.testing.EngineIoWsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Socket.IO behaviours of the official test suite and of the Java API, against the conformance
 * server at {@code /socket.io/} plus a few namespaces registered here.
 */
class SocketIoServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ConformanceServer server;
    private static URI uri;
    private static final BlockingQueue<DisconnectReason> REASONS = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        // the reference's ping timers, as in SocketIoRecoveryIT: these raw clients never answer a
        // ping, and the suites' 300 ms interval closed them whenever a step took half a second
        server = ConformanceServer.start(
                "127.0.0.1", 0, new SocketIoConfig(EngineIoConfig.defaults(), Duration.ofMillis(1000)));
        uri = URI.create("ws://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=websocket");
        SocketIoServer io = server.io();
        io.of("/private")
                .use((socket, next) -> {
                    if (socket.auth().path("token").asText().equals("secret")) {
                        next.proceed();
                    } else {
                        next.refuse("not authorized");
                    }
                })
                .on("connection", socket -> socket.emit("welcome"));
        io.of(Pattern.compile("/team-\\d+")).on("connection", socket -> {
            socket.emit("team", socket.namespace().name());
            socket.on("join", (args, ack) -> {
                socket.join(args.get(0).asText());
                ack.send("joined");
            });
            socket.on("shout", (args, ack) -> socket.to(args.get(0).asText()).emit("shouted", args.get(1)));
        });
        io.of("/bye").on("connection", socket -> {
            socket.onDisconnect(REASONS::add);
            socket.on("kick-me", (args, ack) -> socket.disconnect(false));
        });
        io.of("/ask")
                .on(
                        "connection",
                        socket -> socket.emitWithAck(
                                "question", answer -> socket.emit("thanks", answer.get(0)), "how are you?"));
        io.of("/ask-timeout").on("connection", socket -> socket.emitWithAck("question", Duration.ofMillis(300))
                .whenComplete((answer, error) -> socket.emit(
                        "outcome",
                        error == null
                                ? "answered " + answer.get(0).asText()
                                : error.getClass().getSimpleName())));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Opens Engine.IO and Socket.IO on the main namespace; returns after the auth event. */
    private static EngineIoWsClient connected() throws Exception {
        EngineIoWsClient ws = EngineIoWsClient.connect(uri);
        ws.next();
        ws.send("40");
        assertThat((String) ws.nextSkippingPings()).startsWith("40{\"sid\":");
        assertThat(ws.nextSkippingPings()).isEqualTo("42[\"auth\",{}]");
        return ws;
    }

    @Test
    void connectToMainNamespaceAnswersSidThenAuthPayload() throws Exception {
        try (EngineIoWsClient ws = EngineIoWsClient.connect(uri)) {
            ws.next();
            ws.send("40{\"token\":\"123\"}");
            String handshake = (String) ws.nextSkippingPings();
            assertThat(JSON.readTree(handshake.substring(2)).fieldNames())
                    .toIterable()
                    .containsExactly("sid");
            assertThat(ws.nextSkippingPings()).isEqualTo("42[\"auth\",{\"token\":\"123\"}]");
        }
    }

    @Test
    void customNamespaceAnswersWithItsName() throws Exception {
        try (EngineIoWsClient ws = EngineIoWsClient.connect(uri)) {
            ws.next();
            ws.send("40/custom,{\"token\":\"abc\"}");
            assertThat((String) ws.nextSkippingPings()).startsWith("40/custom,{\"sid\":");
            assertThat(ws.nextSkippingPings()).isEqualTo("42/custom,[\"auth\",{\"token\":\"abc\"}]");
        }
    }

    @Test
    void unknownNamespaceIsRefusedWithConnectError() throws Exception {
        try (EngineIoWsClient ws = EngineIoWsClient.connect(uri)) {
            ws.next();
            ws.send("40/random");
            assertThat(ws.nextSkippingPings()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
        }
    }

    @Test
    void middlewareRefusalBecomesConnectErrorWithItsMessage() throws Exception {
        try (EngineIoWsClient ws = EngineIoWsClient.connect(uri)) {
            ws.next();
            ws.send("40/private,{\"token\":\"wrong\"}");
            assertThat(ws.nextSkippingPings()).isEqualTo("44/private,{\"message\":\"not authorized\"}");
            ws.send("40/private,{\"token\":\"secret\"}");
            assertThat((String) ws.nextSkippingPings()).startsWith("40/private,{\"sid\":");
            assertThat(ws.nextSkippingPings()).isEqualTo("42/private,[\"welcome\"]");
        }
    }

    @Test
    void eventIsEchoedAsMessageBack() throws Exception {
        try (EngineIoWsClient ws = connected()) {
            ws.send("42[\"message\",1,\"2\",{\"3\":[true]}]");
            assertThat(ws.nextSkippingPings()).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
        }
    }

    @Test
    void eventWithAckIsAnsweredWithTheSameArguments() throws Exception {
        try (EngineIoWsClient ws = connected()) {
            ws.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
            assertThat(ws.nextSkippingPings()).isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
        }
    }

    @Test
    void binaryAttachmentsTravelBothWays() throws Exception {
        try (EngineIoWsClient ws = connected()) {
            ws.send("452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},"
                    + "{\"_placeholder\":true,\"num\":1}]");
            ws.send(new byte[] {1, 2, 3});
            ws.send(new byte[] {4, 5, 6});
            assertThat(ws.nextSkippingPings())
                    .isEqualTo("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            assertThat((byte[]) ws.nextSkippingPings()).containsExactly(1, 2, 3);
            assertThat((byte[]) ws.nextSkippingPings()).containsExactly(4, 5, 6);
        }
    }

    @Test
    void anAckWaitedForWithATimeoutCompletesOrTimesOut() throws Exception {
        try (EngineIoWsClient ws = connected()) {
            ws.send("40/ask-timeout,");
            assertThat((String) ws.nextSkippingPings()).startsWith("40/ask-timeout,{\"sid\":");
            assertThat(ws.nextSkippingPings()).isEqualTo("42/ask-timeout,0[\"question\"]");
            ws.send("43/ask-timeout,0[\"fine\"]");
            assertThat(ws.nextSkippingPings()).isEqualTo("42/ask-timeout,[\"outcome\",\"answered fine\"]");
        }
        try (EngineIoWsClient ws = connected()) {
            ws.send("40/ask-timeout,");
            ws.nextSkippingPings();
            assertThat(ws.nextSkippingPings()).isEqualTo("42/ask-timeout,0[\"question\"]");
            // no answer: the future fails after 300 ms, and a late answer changes nothing
            assertThat(ws.nextSkippingPings()).isEqualTo("42/ask-timeout,[\"outcome\",\"TimeoutException\"]");
            ws.send("43/ask-timeout,0[\"too late\"]");
        }
    }

    @Test
    void attachmentsOfOnePacketMayNotOutgrowMaxPayload() throws Exception {
        try (EngineIoWsClient ws = connected()) {
            ws.send("4510-[\"message\"]");
            byte[] chunk = new byte[400_000];
            ws.send(chunk);
            ws.send(chunk);
            // the third takes the packet past maxPayload (1,000,000): a parse error closes it
            ws.send(chunk);
            assertThat(ws.awaitClose(Duration.ofSeconds(10))).isNotNull();
        }
    }

    @Test
    void malformedPacketsCloseTheConnection() throws Exception {
        for (String bad : List.of("4abc", "42{}", "42abc[\"message-with-ack\",1]")) {
            try (EngineIoWsClient ws = connected()) {
                ws.send(bad);
                ws.awaitClose(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void disconnectFromOneNamespaceKeepsTheOthers() throws Exception {
        try (EngineIoWsClient ws = connected()) {
            ws.send("40/custom");
            ws.nextSkippingPings();
            ws.nextSkippingPings();
            ws.send("41/custom");
            ws.send("42[\"message\",\"still here\"]");
            assertThat(ws.nextSkippingPings()).isEqualTo("42[\"message-back\",\"still here\"]");
        }
    }

    @Test
    void clientThatNeverConnectsToANamespaceIsClosedAfterConnectTimeout() throws Exception {
        try (EngineIoWsClient ws = EngineIoWsClient.connect(uri)) {
            ws.next();
            long start = System.nanoTime();
            CompletableFuture<Void> ponger = CompletableFuture.runAsync(() -> {
                try {
                    while (true) {
                        if ("2".equals(ws.next())) {
                            ws.send("3");
                        }
                    }
                } catch (Throwable e) {
                    // the connection closed
                }
            });
            ws.awaitClose(Duration.ofSeconds(10));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(900);
            ponger.cancel(true);
        }
    }

    @Test
    void dynamicNamespaceIsCreatedOnDemandAndRoomsReachOtherMembers() throws Exception {
        try (EngineIoWsClient a = EngineIoWsClient.connect(uri);
                EngineIoWsClient b = EngineIoWsClient.connect(uri)) {
            for (EngineIoWsClient c : List.of(a, b)) {
                c.next();
                c.send("40/team-7,");
                assertThat((String) c.nextSkippingPings()).startsWith("40/team-7,");
                assertThat(c.nextSkippingPings()).isEqualTo("42/team-7,[\"team\",\"/team-7\"]");
                c.send("42/team-7,1[\"join\",\"blue\"]");
                assertThat(c.nextSkippingPings()).isEqualTo("43/team-7,1[\"joined\"]");
            }
            a.send("42/team-7,[\"shout\",\"blue\",\"hi\"]");
            assertThat(b.nextSkippingPings()).isEqualTo("42/team-7,[\"shouted\",\"hi\"]");
        }
    }

    @Test
    void disconnectReasonsTellWhoLeft() throws Exception {
        try (EngineIoWsClient ws = EngineIoWsClient.connect(uri)) {
            ws.next();
            ws.send("40/bye,");
            ws.nextSkippingPings();
            ws.send("41/bye");
            assertThat(REASONS.poll(2, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
            ws.send("40/bye,");
            ws.nextSkippingPings();
            ws.send("42/bye,[\"kick-me\"]");
            assertThat(ws.nextSkippingPings()).as("the client is told").isEqualTo("41/bye,");
            assertThat(REASONS.poll(2, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
            ws.send("40/bye,");
            ws.nextSkippingPings();
            ws.close();
            assertThat(REASONS.poll(2, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.TRANSPORT_CLOSE);
        }
    }

    @Test
    void binaryEventRoundTripsOverLongPolling() throws Exception {
        String base = "http://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=polling";
        String sid = JSON.readTree(http(base, null).substring(1)).get("sid").asText();
        String session = base + "&sid=" + sid;
        http(session, "40");
        assertThat(pollPackets(session, 2)).startsWith("40{\"sid\":").endsWith("42[\"auth\",{}]");
        http(session, "451-[\"message\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID");
        assertThat(pollPackets(session, 2))
                .isEqualTo("451-[\"message-back\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID");
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** GET when body is null, else POST; returns the response body. */
    private static String http(String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (body != null) {
            b.POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls until {@code count} packets other than pings arrived (answering pings); joins them with RS. */
    private static String pollPackets(String session, int count) throws Exception {
        List<String> packets = new ArrayList<>();
        while (packets.size() < count) {
            for (String p : http(session, null).split("\u001e")) {
                if (p.equals("2")) {
                    http(session, "3");
                } else {
                    packets.add(p);
                }
            }
        }
        return String.join("\u001e", packets);
    }

    @Test
    void serverEventWithAckGetsTheClientsAnswer() throws Exception {
        try (EngineIoWsClient ws = EngineIoWsClient.connect(uri)) {
            ws.next();
            ws.send("40/ask,");
            ws.nextSkippingPings();
            assertThat(ws.nextSkippingPings()).isEqualTo("42/ask,0[\"question\",\"how are you?\"]");
            ws.send("43/ask,0[\"fine\"]");
            assertThat(ws.nextSkippingPings()).isEqualTo("42/ask,[\"thanks\",\"fine\"]");
        }
    }
}
