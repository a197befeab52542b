package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * With {@code --auth-secret}, every chat endpoint wants a valid token: refusals are 401 (403 for a
 * room the token does not grant) with a JSON body, before any WebSocket or Engine.IO session; the
 * server, not the client, decides who a message is from.
 */
class AuthenticationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @AutoClose
    private static final TestServer server = TestServer.start(b -> b.auth(Tokens.settings(Duration.ofSeconds(25))));

    private static HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.http(path)));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> res) throws Exception {
        return JSON.readTree(res.body()).path("error").asText();
    }

    @Test
    void aReadWithoutATokenIs401TokenMissing() throws Exception {
        HttpResponse<String> res = get("/api/rooms/general/messages", null);
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(code(res)).isEqualTo("token_missing");
    }

    @Test
    void forgedExpiredAndNotYetValidTokensAre401WithTheirCode() throws Exception {
        Instant soon = Instant.now().plusSeconds(600);
        String forged = Tokens.sign("another-secret-of-at-least-32-bytes-long!", Tokens.claims("alice", soon));
        String expired = Tokens.sign(Tokens.claims("alice", Instant.now().minusSeconds(1)));
        String early =
                Tokens.sign(new TokenMinter.Claims("alice", null, null, soon.minusSeconds(60), soon, null, null));
        assertThat(code(get("/api/rooms/general/messages", forged))).isEqualTo("token_invalid");
        assertThat(code(get("/api/rooms/general/messages", expired))).isEqualTo("token_expired");
        assertThat(code(get("/api/rooms/general/messages", early))).isEqualTo("token_not_yet_valid");
        assertThat(get("/api/rooms/general/messages?token=" + expired, null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aTokenInTheQueryOrTheHeaderIsAccepted() throws Exception {
        String token = Tokens.valid("alice", Duration.ofMinutes(5));
        assertThat(get("/api/rooms/general/messages?token=" + token, null).statusCode())
                .isEqualTo(200);
        assertThat(get("/api/rooms/general/messages", token).statusCode()).isEqualTo(200);
    }

    @Test
    void aRoomTheTokenDoesNotGrantIs403OnEveryHttpRead() throws Exception {
        String token = Tokens.forRooms("alice", List.of("general", "team-*"));
        assertThat(get("/api/rooms/team-red/messages", token).statusCode()).isEqualTo(200);
        for (String path : List.of(
                "/api/rooms/secret/messages",
                "/api/rooms/secret/messages?after=0&wait=1",
                "/api/rooms/secret/events",
                "/api/rooms/secret/stream",
                "/api/rooms/secret/members")) {
            HttpResponse<String> res = get(path, token);
            assertThat(res.statusCode()).as(path).isEqualTo(403);
            assertThat(code(res)).as(path).isEqualTo("room_forbidden");
        }
    }

    @Test
    void aPostIsStoredFromTheTokensSubjectWhateverFromItNames() throws Exception {
        String token = Tokens.valid("alice", Duration.ofMinutes(5));
        HttpResponse<String> res = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.http("/api/rooms/forge/messages")))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"mallory\",\"text\":\"hi\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(res.body()).path("from").asText()).isEqualTo("alice");
        JsonNode stored = JSON.readTree(get("/api/rooms/forge/messages", token).body());
        assertThat(stored.get(0).path("from").asText()).isEqualTo("alice");
    }

    @Test
    void aWebSocketUpgradeWithoutAValidTokenIs401AndNoWebSocket() throws Exception {
        String expired = Tokens.sign(Tokens.claims("alice", Instant.now().minusSeconds(1)));
        for (String target :
                List.of("/ws", "/", "/ws?token=" + expired, "/socket.io/?EIO=4&transport=websocket&token=" + expired)) {
            String head = rawUpgrade(target);
            assertThat(head).as(target).startsWith("HTTP/1.1 401");
            assertThat(head).as(target).doesNotContain(" 101 ").doesNotContainIgnoringCase("sec-websocket-accept");
        }
    }

    @Test
    void anEngineIoPollingHandshakeWithABadTokenGetsNoSession() throws Exception {
        HttpResponse<String> res = get("/socket.io/?EIO=4&transport=polling&token=not-a-jwt", null);
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(code(res)).isEqualTo("token_malformed");
        assertThat(res.body()).doesNotContain("\"sid\"");
    }

    @Test
    void theJdkWebSocketClientCannotOpenWsWithoutAToken() {
        try {
            WsClient.connect(server.ws("/ws")).close();
            throw new AssertionError("the handshake succeeded");
        } catch (CompletionException e) {
            assertThat(e).hasStackTraceContaining("401");
        }
    }

    @Test
    void theWelcomeOnWsSaysWhoTheTokenIsAndWhenItExpires() {
        Instant exp = Instant.now().plusSeconds(600);
        String token = Tokens.sign(new TokenMinter.Claims("alice", "Alice Liddell", null, null, exp, null, null));
        try (WsClient ws = WsClient.connect(server.ws("/ws?token=" + token))) {
            JsonNode welcome = ws.awaitType("welcome");
            assertThat(welcome.path("user").asText()).isEqualTo("alice");
            assertThat(welcome.path("nick").asText()).isEqualTo("alice");
            assertThat(welcome.path("name").asText()).isEqualTo("Alice Liddell");
            assertThat(welcome.path("expiresAt").asLong()).isEqualTo(exp.getEpochSecond() * 1000);
        }
    }

    @Test
    void onWsTheTokensRoomsLimitJoinSendAndHistoryAndNickIsRefused() {
        String token = Tokens.forRooms("alice", List.of("general"));
        try (WsClient ws = WsClient.connect(server.ws("/ws?token=" + token))) {
            ws.awaitType("welcome");
            for (String command : List.of(
                    "{\"type\":\"join\",\"room\":\"secret\",\"ref\":\"j\"}",
                    "{\"type\":\"send\",\"room\":\"secret\",\"text\":\"x\",\"ref\":\"s\"}",
                    "{\"type\":\"history\",\"room\":\"secret\",\"ref\":\"h\"}")) {
                ws.send(command);
                assertThat(ws.awaitType("error").path("code").asText())
                        .as(command)
                        .isEqualTo("room_forbidden");
            }
            ws.send("{\"type\":\"nick\",\"nick\":\"mallory\"}");
            assertThat(ws.awaitType("error").path("code").asText()).isEqualTo("nick_fixed");
            ws.send("{\"type\":\"join\",\"room\":\"general\"}");
            ws.awaitType("joined");
            ws.send("{\"type\":\"send\",\"room\":\"general\",\"text\":\"hello\"}");
            JsonNode message = ws.awaitType("message").path("message");
            assertThat(message.path("from").asText()).isEqualTo("alice");
        }
    }

    /** The response head to a WebSocket upgrade of {@code target}, read from a plain socket. */
    private static String rawUpgrade(String target) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            // the server closes a refused upgrade after its answer: read it all
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
