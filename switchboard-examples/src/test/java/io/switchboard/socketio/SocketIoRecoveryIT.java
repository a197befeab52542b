package io.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.examples.ConformanceServer;
import io.switchboard.socketio.internal.engineio.EngineIoConfig;
import io.switchboard.testing.Await;
import io.switchboard.testing.EngineIoWsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery, volatile events and the room operations of the Java API, spoken in
 * raw Engine.IO frames (the official Java client has no recovery): offsets on events, the private
 * id in the CONNECT reply, and a reconnect that gets the same id, rooms and missed packets back.
 */
class SocketIoRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ConformanceServer server;
    private static ConformanceServer shortLived;
    /** Per socket id: why it disconnected, and whether each of its connections was a recovery. */
    private static final Map<String, BlockingQueue<String>> DISCONNECTS = new ConcurrentHashMap<>();

    private static final Map<String, BlockingQueue<Boolean>> RECOVERED = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        // the reference's ping timers: these raw clients never answer a ping, and the suites'
        // 300 ms interval would close them whenever a step takes half a second
        server = ConformanceServer.start(
                "127.0.0.1",
                0,
                new SocketIoConfig(
                        EngineIoConfig.defaults(),
                        Duration.ofSeconds(5),
                        new ConnectionStateRecovery(Duration.ofSeconds(30), true)));
        // slow pings too, so that a polling test's waiting GET is answered by its events only
        shortLived = ConformanceServer.start(
                "127.0.0.1",
                0,
                new SocketIoConfig(
                        EngineIoConfig.defaults(),
                        Duration.ofSeconds(5),
                        new ConnectionStateRecovery(Duration.ofMillis(200), true)));
        for (ConformanceServer s : List.of(server, shortLived)) {
            s.io().of("/rec").on("connection", socket -> {
                queue(RECOVERED, socket.id()).add(socket.recovered());
                socket.data().merge("connections", 1, (a, b) -> (Integer) a + (Integer) b);
                socket.onDisconnect(reason -> queue(DISCONNECTS, socket.id()).add(reason.description()));
                socket.on("join", (args, ack) -> {
                    socket.join(args.get(0).asText());
                    ack.send("ok");
                });
                socket.on("connections", (args, ack) -> ack.send(socket.data().get("connections")));
            });
        }
    }

    private static <T> BlockingQueue<T> queue(Map<String, BlockingQueue<T>> byId, String id) {
        return byId.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
    }

    private static String reasonOf(String sid) throws InterruptedException {
        return queue(DISCONNECTS, sid).poll(5, TimeUnit.SECONDS);
    }

    private static Boolean recoveredOf(String sid) throws InterruptedException {
        return queue(RECOVERED, sid).poll(5, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        server.close();
        shortLived.close();
    }

    private static URI wsUri(ConformanceServer s) {
        return URI.create("ws://127.0.0.1:" + s.port() + "/socket.io/?EIO=4&transport=websocket");
    }

    /** A connected /rec socket: its sid and pid from the CONNECT reply. */
    private record Joined(EngineIoWsClient ws, String sid, String pid) {}

    private static Joined connect(ConformanceServer s, String auth) throws Exception {
        EngineIoWsClient ws = EngineIoWsClient.connect(wsUri(s));
        assertThat((String) ws.next()).startsWith("0{");
        ws.send("40/rec," + auth);
        String reply = (String) ws.nextSkippingPings();
        assertThat(reply).startsWith("40/rec,{");
        JsonNode data = JSON.readTree(reply.substring("40/rec,".length()));
        return new Joined(ws, data.path("sid").asText(), data.path("pid").asText(null));
    }

    /** The next event's arguments (name first), the offset last. */
    private static JsonNode event(EngineIoWsClient ws) throws Exception {
        String frame = (String) ws.nextSkippingPings();
        assertThat(frame).startsWith("42/rec,");
        return JSON.readTree(frame.substring("42/rec,".length()));
    }

    private static String offsetOf(JsonNode event) {
        return event.get(event.size() - 1).asText();
    }

    private static void joinRoom(Joined j, String room) throws Exception {
        j.ws().send("42/rec,0[\"join\",\"" + room + "\"]");
        assertThat(j.ws().nextSkippingPings()).isEqualTo("43/rec,0[\"ok\"]");
    }

    @Test
    void aDroppedSocketComesBackWithItsIdRoomsDataAndEveryMissedEvent() throws Exception {
        Namespace rec = server.io().of("/rec");
        Joined first = connect(server, "{}");
        assertThat(first.pid()).isNotBlank();
        assertThat(recoveredOf(first.sid())).isFalse();
        joinRoom(first, "r");

        rec.to("r").emit("news", 1);
        JsonNode news1 = event(first.ws());
        assertThat(news1.get(0).asText()).isEqualTo("news");
        assertThat(news1.get(1).asInt()).isEqualTo(1);
        String offset = offsetOf(news1);
        assertThat(offset).matches("\\*:\\d+");

        first.ws().close();
        assertThat(reasonOf(first.sid())).isEqualTo("transport close");
        rec.to("r").emit("news", 2);
        rec.to("elsewhere").emit("news", -1);
        rec.emit("news", 3);
        rec.to("r").except(first.sid()).emit("news", -2);
        rec.to("r").emit("news", 4);
        rec.to("r").asVolatile().emit("news", -3);

        Joined again = connect(server, "{\"pid\":\"" + first.pid() + "\",\"offset\":\"" + offset + "\"}");
        assertThat(again.sid()).isEqualTo(first.sid());
        assertThat(again.pid()).isEqualTo(first.pid());
        assertThat(recoveredOf(first.sid())).isTrue();
        try (EngineIoWsClient ws = again.ws()) {
            assertThat(event(ws).get(1).asInt()).isEqualTo(2);
            assertThat(event(ws).get(1).asInt()).isEqualTo(3);
            JsonNode last = event(ws);
            assertThat(last.get(1).asInt()).isEqualTo(4);

            // still in room r, with the data it had; the next broadcast arrives once
            rec.to("r").emit("news", 5);
            assertThat(event(ws).get(1).asInt()).isEqualTo(5);
            ws.send("42/rec,1[\"connections\"]");
            assertThat(ws.nextSkippingPings()).isEqualTo("43/rec,1[2]");
            assertThat(rec.in("r").fetchSockets().get(5, TimeUnit.SECONDS))
                    .extracting(SocketIoSocket::id)
                    .containsExactly(first.sid());
        }
    }

    @Test
    void aClientThatSawNoEventRecoversFromWhereItConnected() throws Exception {
        Namespace rec = server.io().of("/rec");
        Joined first = connect(server, "{}");
        first.ws().close();
        assertThat(reasonOf(first.sid())).isEqualTo("transport close");
        rec.to(first.sid()).emit("direct", "while away");

        Joined again = connect(server, "{\"pid\":\"" + first.pid() + "\"}");
        try (EngineIoWsClient ws = again.ws()) {
            assertThat(again.sid()).isEqualTo(first.sid());
            JsonNode direct = event(ws);
            assertThat(direct.get(0).asText()).isEqualTo("direct");
            assertThat(direct.get(1).asText()).isEqualTo("while away");
        }
    }

    @Test
    void aSocketIsRecoveredOnceAndNeverAfterLeavingOnPurpose() throws Exception {
        Joined first = connect(server, "{}");
        first.ws().close();
        assertThat(reasonOf(first.sid())).isEqualTo("transport close");
        String auth = "{\"pid\":\"" + first.pid() + "\"}";
        Joined again = connect(server, auth);
        assertThat(again.sid()).isEqualTo(first.sid());
        // a second client with the same pid gets a socket of its own
        Joined thief = connect(server, auth);
        assertThat(thief.sid()).isNotEqualTo(first.sid());
        thief.ws().close();
        assertThat(reasonOf(thief.sid())).isEqualTo("transport close");

        // leaving the namespace is not a dropped connection: nothing is kept
        again.ws().send("41/rec,");
        assertThat(reasonOf(first.sid())).isEqualTo("client namespace disconnect");
        again.ws().close();
        Joined fresh = connect(server, auth);
        assertThat(fresh.sid()).isNotEqualTo(first.sid());
        fresh.ws().close();
    }

    @Test
    void unknownExpiredOrForgedStateGetsANewSocket() throws Exception {
        Joined unknown = connect(server, "{\"pid\":\"nobody\",\"offset\":\"*:1\",\"token\":\"t\"}");
        assertThat(unknown.sid()).isNotBlank();
        unknown.ws().close();
        Joined forged = connect(server, "{}");
        forged.ws().close();
        assertThat(reasonOf(forged.sid())).isEqualTo("transport close");
        for (String offset : List.of("\"*:999999\"", "\"not an offset\"", "42")) {
            Joined j = connect(server, "{\"pid\":\"" + forged.pid() + "\",\"offset\":" + offset + "}");
            assertThat(j.sid()).isNotEqualTo(forged.sid());
            j.ws().close();
        }
        Joined expiring = connect(shortLived, "{}");
        expiring.ws().close();
        assertThat(reasonOf(expiring.sid())).isEqualTo("transport close");
        // a pause past the 200 ms recovery window: expiry is a deadline, not an event, and asking for
        // the saved session before it passes would restore it
        Thread.sleep(400);
        Joined late = connect(shortLived, "{\"pid\":\"" + expiring.pid() + "\"}");
        assertThat(late.sid()).isNotEqualTo(expiring.sid());
        late.ws().close();
    }

    @Test
    void socketsJoinAndLeaveMoveEveryTarget() throws Exception {
        Namespace rec = server.io().of("/rec");
        Joined a = connect(server, "{}");
        Joined b = connect(server, "{}");
        try (EngineIoWsClient wa = a.ws();
                EngineIoWsClient wb = b.ws()) {
            joinRoom(a, "team");
            rec.in("team").socketsJoin("stage");
            assertThat(rec.in("stage").fetchSockets().get(5, TimeUnit.SECONDS))
                    .extracting(SocketIoSocket::id)
                    .containsExactly(a.sid());
            rec.to("stage").emit("on-stage");
            assertThat(event(wa).get(0).asText()).isEqualTo("on-stage");
            rec.except("team").socketsJoin("stage");
            rec.in("stage").socketsLeave("team");
            assertThat(rec.in("stage").fetchSockets().get(5, TimeUnit.SECONDS))
                    .extracting(SocketIoSocket::id)
                    .containsExactlyInAnyOrder(a.sid(), b.sid());
            assertThat(rec.in("team").fetchSockets().get(5, TimeUnit.SECONDS)).isEmpty();

            rec.in("stage").except(b.sid()).disconnectSockets(false);
            assertThat(wa.nextSkippingPings()).isEqualTo("41/rec,");
            assertThat(reasonOf(a.sid())).isEqualTo("server namespace disconnect");
            assertThat(rec.in("stage").fetchSockets().get(5, TimeUnit.SECONDS))
                    .extracting(SocketIoSocket::id)
                    .containsExactly(b.sid());
        }
    }

    @Test
    void aVolatileEventIsDroppedWhenNoPollIsWaiting() throws Exception {
        String base = "http://127.0.0.1:" + shortLived.port() + "/socket.io/?EIO=4&transport=polling";
        String open = get(base);
        String sid = JSON.readTree(open.substring(1)).get("sid").asText();
        String session = base + "&sid=" + sid;
        post(session, "40/rec,");
        String connect = get(session);
        assertThat(connect).startsWith("40/rec,");
        String socketId =
                JSON.readTree(connect.substring("40/rec,".length())).get("sid").asText();
        Namespace rec = shortLived.io().of("/rec");

        // no GET is waiting: the volatile event is dropped, the plain one waits for the next poll
        rec.to(socketId).asVolatile().emit("v", "dropped");
        rec.to(socketId).emit("plain", "kept");
        // both emits run on the session's loop; this question runs there after them
        assertThat(shortLived.io().engine().hasWaitingPoll(sid)).isFalse();
        String polled = get(session);
        assertThat(polled).doesNotContain("dropped").contains("\"plain\",\"kept\"");

        // a waiting GET takes a volatile event
        CompletableFuture<HttpResponse<String>> waiting = HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(session)).build(), HttpResponse.BodyHandlers.ofString());
        Await.until(Duration.ofSeconds(10), () -> shortLived.io().engine().hasWaitingPoll(sid), "the poll to be held");
        rec.to(socketId).asVolatile().emit("v", "delivered");
        assertThat(waiting.get(5, TimeUnit.SECONDS).body()).contains("\"v\",\"delivered\"");
        post(session, "1");
    }

    private static String get(String uri) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static void post(String uri, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }
}
