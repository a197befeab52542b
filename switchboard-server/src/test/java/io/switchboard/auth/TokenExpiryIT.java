package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.json.JSONObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A token's expiry is enforced while connected, on every transport: the client is told when, may
 * bring a new token in band, and is otherwise closed with a stated code within {@code exp} +
 * {@code --auth-grace} + 1 s (lifetimes of a few seconds and a 1 s grace here).
 *
 * <p>The tests are independent (each its own connections, rooms and tokens on the shared server) and
 * almost all of their time is the wait for a token to run out, so they wait at the same time.
 */
@Execution(ExecutionMode.CONCURRENT)
class TokenExpiryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration GRACE = Duration.ofSeconds(1);
    /**
     * How long a test waits for the close after exp + grace. The server's timer fires at exactly
     * that instant (ExpiryTimerTest, on a driven clock); here a loaded test machine only has to see
     * the close, never before the deadline, so the wait is not a wall-clock bound that flakes.
     */
    private static final Duration AWAIT = Duration.ofSeconds(30);

    @AutoClose
    private static final TestServer server = TestServer.start(b -> b.auth(Tokens.settings(GRACE)));

    /**
     * A token that expires a few seconds from now, and when exactly (JWT times are whole seconds):
     * long enough for its clients to connect on a busy machine before it runs out.
     */
    private record ShortToken(String token, Instant exp) {
        static ShortToken of(String sub) {
            return of(sub, 5);
        }

        static ShortToken of(String sub, int seconds) {
            Instant exp = Instant.ofEpochSecond(Instant.now().getEpochSecond() + seconds);
            return new ShortToken(Tokens.sign(Tokens.claims(sub, exp)), exp);
        }

        Instant deadline() {
            return exp.plus(GRACE);
        }

        void assertClosedInTime(Instant closedAt) {
            assertThat(closedAt).as("closed no earlier than exp + grace").isAfterOrEqualTo(deadline());
        }
    }

    @Test
    void anUnrefreshedWsIsClosedWith4401TokenExpiredWithinTheGrace() {
        ShortToken t = ShortToken.of("alice");
        try (WsClient ws = WsClient.connect(server.ws("/ws?token=" + t.token()))) {
            assertThat(ws.awaitType("welcome").path("expiresAt").asLong())
                    .isEqualTo(t.exp().toEpochMilli());
            assertThat(ws.awaitClose(AWAIT)).isEqualTo(4401);
            t.assertClosedInTime(Instant.now());
            assertThat(ws.closeReason()).isEqualTo("token expired");
        }
    }

    @Test
    void aWsThatRefreshesInBandStaysPastTheOldExpiry() {
        String hour = Tokens.valid("alice", Duration.ofHours(1));
        try (WsClient refreshing = WsClient.connect(server.ws("/ws?token=" + hour));
                WsClient control = WsClient.connect(server.ws("/ws?token=" + hour))) {
            refreshing.awaitType("welcome");
            control.awaitType("welcome");
            // both now hold the same short-lived token (a refresh may shorten it too), so they share a deadline
            ShortToken t = ShortToken.of("alice", 4);
            for (WsClient c : new WsClient[] {refreshing, control}) {
                c.send("{\"type\":\"refresh\",\"token\":\"" + t.token() + "\"}");
                assertThat(c.awaitType("refreshed").path("expiresAt").asLong())
                        .isEqualTo(t.exp().toEpochMilli());
            }
            refreshing.send("{\"type\":\"refresh\",\"token\":\"" + Tokens.valid("bob", Duration.ofMinutes(5))
                    + "\",\"ref\":\"r0\"}");
            assertThat(refreshing.awaitType("error").path("code").asText()).isEqualTo("token_subject_changed");
            Instant newExp = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 300);
            refreshing.send("{\"type\":\"refresh\",\"token\":\"" + Tokens.sign(Tokens.claims("alice", newExp))
                    + "\",\"ref\":\"r1\"}");
            JsonNode refreshed = refreshing.awaitType("refreshed");
            assertThat(refreshed.path("expiresAt").asLong()).isEqualTo(newExp.toEpochMilli());
            assertThat(refreshed.path("ref").asText()).isEqualTo("r1");
            // the control connection shares the old deadline: once it is closed, that deadline has passed
            assertThat(control.awaitClose(AWAIT)).isEqualTo(4401);
            t.assertClosedInTime(Instant.now());
            refreshing.send("{\"type\":\"join\",\"room\":\"after-refresh\"}");
            assertThat(refreshing.awaitType("joined").path("room").asText()).isEqualTo("after-refresh");
            assertThat(refreshing.isClosed()).isFalse();
        }
    }

    @Test
    void theTutorialEndpointIsClosedWith4401Too() {
        ShortToken t = ShortToken.of("alice");
        try (WsClient ws = WsClient.connect(server.ws("/?token=" + t.token()))) {
            assertThat(ws.awaitClose(AWAIT)).isEqualTo(4401);
            t.assertClosedInTime(Instant.now());
        }
    }

    @Test
    void anSseStreamSaysWhenItsTokenExpiresAndEndsWithATokenExpiredEvent() throws Exception {
        ShortToken t = ShortToken.of("alice");
        HttpResponse<Stream<String>> res = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.http("/api/rooms/sse-expiry/events?token=" + t.token())))
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(res.statusCode()).isEqualTo(200);
        try (Stream<String> lines = res.body()) {
            Iterator<String> it = lines.iterator();
            JsonNode auth = dataAfter(it, "event: auth");
            assertThat(auth.path("expiresAt").asLong()).isEqualTo(t.exp().toEpochMilli());
            assertThat(auth.path("user").asText()).isEqualTo("alice");
            assertThat(dataAfter(it, "event: token_expired").path("code").asText())
                    .isEqualTo("token_expired");
            t.assertClosedInTime(Instant.now());
            while (it.hasNext()) {
                assertThat(it.next())
                        .as("nothing but blank lines after the last event")
                        .isBlank();
            }
        }
    }

    @Test
    void anNdjsonStreamEndsWithATokenExpiredLine() throws Exception {
        ShortToken t = ShortToken.of("alice");
        HttpResponse<Stream<String>> res = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.http("/api/rooms/nd-expiry/stream")))
                        .header("Authorization", "Bearer " + t.token())
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = res.body()) {
            Iterator<String> it = lines.iterator();
            assertThat(JSON.readTree(nextNonBlank(it)).path("type").asText()).isEqualTo("auth");
            assertThat(JSON.readTree(nextNonBlank(it)).path("type").asText()).isEqualTo("token_expired");
            t.assertClosedInTime(Instant.now());
            assertThat(it.hasNext() ? it.next() : "").isBlank();
        }
    }

    @Test
    void aLongPollHeldPastItsTokensExpiryIsAnswered401AndTheNextPollTakesANewToken() throws Exception {
        ShortToken t = ShortToken.of("alice");
        HttpResponse<String> held = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                server.http("/api/rooms/lp-expiry/messages?after=0&wait=30&token=" + t.token())))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        t.assertClosedInTime(Instant.now());
        assertThat(held.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(held.body()).path("error").asText()).isEqualTo("token_expired");
        HttpResponse<String> next = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.http("/api/rooms/lp-expiry/messages?after=0&token="
                                + Tokens.valid("alice", Duration.ofMinutes(5)))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(next.statusCode()).isEqualTo(200);
    }

    @Test
    void socketIoRefusesAMissingOrExpiredTokenWithConnectErrorCodes() throws Exception {
        assertThat(connectError(Map.of())).isEqualTo("token_missing");
        assertThat(connectError(Map.of(
                        "token",
                        Tokens.sign(Tokens.claims("alice", Instant.now().minusSeconds(1))))))
                .isEqualTo("token_expired");
        assertThat(connectError(Map.of("token", "garbage"))).isEqualTo("token_malformed");
    }

    @Test
    void socketIoRefreshKeepsTheSocketAndWithoutOneItIsDisconnected() throws Exception {
        Instant hourExp = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 3600);
        String hour = Tokens.sign(Tokens.claims("alice", hourExp));
        SocketIoClient refreshing = SocketIoClient.connect(server, hour);
        SocketIoClient control = SocketIoClient.connect(server, hour);
        try {
            JSONObject welcome = refreshing.welcome.poll(30, TimeUnit.SECONDS);
            assertThat(welcome.getString("user")).isEqualTo("alice");
            assertThat(welcome.getLong("expiresAt")).isEqualTo(hourExp.toEpochMilli());
            // both now hold the same short-lived token, so they share a deadline
            ShortToken t = ShortToken.of("alice", 4);
            for (SocketIoClient c : new SocketIoClient[] {refreshing, control}) {
                JSONObject shortened = c.call("refresh", new JSONObject().put("token", t.token()));
                assertThat(shortened.getLong("expiresAt")).isEqualTo(t.exp().toEpochMilli());
            }
            Instant newExp = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 300);
            JSONObject ack = refreshing.call(
                    "refresh", new JSONObject().put("token", Tokens.sign(Tokens.claims("alice", newExp))));
            assertThat(ack.getLong("expiresAt")).isEqualTo(newExp.toEpochMilli());
            String reason = control.disconnected.poll(30, TimeUnit.SECONDS);
            t.assertClosedInTime(Instant.now());
            assertThat(reason).isEqualTo("io server disconnect");
            assertThat(control.expired.poll(0, TimeUnit.SECONDS).getString("code"))
                    .isEqualTo("token_expired");
            JSONObject joined = refreshing.call("join", new JSONObject().put("room", "sio-refresh"));
            assertThat(joined.getString("room")).isEqualTo("sio-refresh");
            assertThat(refreshing.socket.connected()).isTrue();
        } finally {
            refreshing.socket.close();
            control.socket.close();
        }
    }

    /** The official Java client, with {@code auth.token}; no reconnection, so a disconnect is final. */
    private record SocketIoClient(
            Socket socket,
            BlockingQueue<JSONObject> welcome,
            BlockingQueue<JSONObject> expired,
            BlockingQueue<String> disconnected) {
        static SocketIoClient connect(TestServer server, String token) throws Exception {
            IO.Options options = new IO.Options();
            options.forceNew = true;
            options.reconnection = false;
            options.auth = Map.of("token", token);
            Socket socket = IO.socket(URI.create(server.http("")), options);
            SocketIoClient c = new SocketIoClient(
                    socket, new LinkedBlockingQueue<>(), new LinkedBlockingQueue<>(), new LinkedBlockingQueue<>());
            socket.on("welcome", args -> c.welcome.add((JSONObject) args[0]));
            socket.on("token_expired", args -> c.expired.add((JSONObject) args[0]));
            socket.on(Socket.EVENT_DISCONNECT, args -> c.disconnected.add(String.valueOf(args[0])));
            CountDownLatch connected = new CountDownLatch(1);
            socket.on(Socket.EVENT_CONNECT, args -> connected.countDown());
            socket.connect();
            assertThat(connected.await(30, TimeUnit.SECONDS)).as("connected").isTrue();
            return c;
        }

        JSONObject call(String event, JSONObject arg) throws Exception {
            CompletableFuture<JSONObject> answer = new CompletableFuture<>();
            socket.emit(event, new Object[] {arg}, args -> answer.complete((JSONObject) args[0]));
            return answer.get(30, TimeUnit.SECONDS);
        }
    }

    /** The {@code data.code} of the CONNECT_ERROR the server answers a socket with {@code auth}. */
    private static String connectError(Map<String, String> auth) throws Exception {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.auth = auth;
        Socket socket = IO.socket(URI.create(server.http("")), options);
        CompletableFuture<Object> error = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> error.complete(args[0]));
        socket.connect();
        try {
            Object e = error.get(10, TimeUnit.SECONDS);
            assertThat(e).isInstanceOf(JSONObject.class);
            JSONObject packet = (JSONObject) e;
            assertThat(packet.getString("message")).isEqualTo("unauthorized");
            return packet.getJSONObject("data").getString("code");
        } finally {
            socket.close();
        }
    }

    /** The JSON of the {@code data:} line after the line {@code marker}. */
    private static JsonNode dataAfter(Iterator<String> it, String marker) throws Exception {
        while (it.hasNext()) {
            if (it.next().equals(marker)) {
                String data = it.next();
                assertThat(data).startsWith("data: ");
                return JSON.readTree(data.substring("data: ".length()));
            }
        }
        throw new AssertionError("the stream ended before " + marker);
    }

    private static String nextNonBlank(Iterator<String> it) {
        while (it.hasNext()) {
            String line = it.next();
            if (!line.isBlank()) {
                return line;
            }
        }
        throw new AssertionError("the stream ended");
    }
}
