package io.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.socketio.internal.engineio.CorsOptions;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The origin policy on every handshake a browser can make, over raw sockets (every header chosen)
 * and the JDK clients: a foreign page gets 403 {@code origin_not_allowed} on each WebSocket
 * endpoint, each HTTP read, the post and every Engine.IO request, while the server's own pages, a
 * client without {@code Origin} and a {@code file://} page ({@code Origin: null}) get through;
 * {@code --allowed-origins} and the Socket.IO CORS origins widen it.
 */
class OriginGateIT {
    private static final String FOREIGN = "https://evil.example";

    @AutoClose
    private static final TestServer server = TestServer.start(b -> b.enableEcho(true));

    @AutoClose
    private static final TestServer widened =
            TestServer.start(b -> b.allowedOrigins(OriginPolicy.allowing(List.of("https://chat.example.com")))
                    .socketIoCors(CorsOptions.of("https://app.example.com")));

    @AutoClose
    private static final TestServer anyOrigin =
            TestServer.start(b -> b.allowedOrigins(OriginPolicy.allowing(List.of("*"))));

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Every handshake a browser can make: name, request target, extra headers, status when allowed. */
    static Stream<Arguments> handshakes() {
        return Stream.of(
                Arguments.of("tutorial WebSocket", "/", RawHttp.upgrade(), 101),
                Arguments.of("native WebSocket", "/ws", RawHttp.upgrade(), 101),
                Arguments.of("echo WebSocket", "/echo", RawHttp.upgrade(), 101),
                Arguments.of("SSE", "/api/rooms/lobby/events", new String[0], 200),
                Arguments.of("NDJSON stream", "/api/rooms/lobby/stream", new String[0], 200),
                Arguments.of("long-poll", "/api/rooms/lobby/messages?after=0&wait=1", new String[0], 200),
                Arguments.of("poll", "/api/rooms/lobby/messages", new String[0], 200),
                Arguments.of("members", "/api/rooms/lobby/members", new String[0], 200),
                Arguments.of("Engine.IO polling", "/socket.io/?EIO=4&transport=polling", new String[0], 200),
                Arguments.of("Engine.IO WebSocket", "/socket.io/?EIO=4&transport=websocket", RawHttp.upgrade(), 101));
    }

    private static RawHttp.Response handshake(TestServer s, String target, String[] headers, String origin)
            throws Exception {
        String[] all = headers;
        if (origin != null) {
            all = Stream.concat(Stream.of(headers), Stream.of("Origin: " + origin))
                    .toArray(String[]::new);
        }
        try (RawHttp c = RawHttp.connect("127.0.0.1", s.port())) {
            return c.exchange(RawHttp.get(s.port(), target, all));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handshakes")
    void aForeignPageIsRefusedWith403(String name, String target, String[] headers, int allowed) throws Exception {
        RawHttp.Response r = handshake(server, target, headers, FOREIGN);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        assertThat(r.body()).contains("\"error\":\"origin_not_allowed\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handshakes")
    void theServersOwnPageIsAllowed(String name, String target, String[] headers, int allowed) throws Exception {
        assertThat(handshake(server, target, headers, "http://127.0.0.1:" + server.port())
                        .status())
                .isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handshakes")
    void clientsWithoutOriginAndFileUrlPagesAreAllowed(String name, String target, String[] headers, int allowed)
            throws Exception {
        assertThat(handshake(server, target, headers, null).status())
                .as("no Origin")
                .isEqualTo(allowed);
        assertThat(handshake(server, target, headers, "null").status())
                .as("Origin: null")
                .isEqualTo(allowed);
    }

    @Test
    void aPageOfAnotherPortOfTheSameHostIsForeign() throws Exception {
        String otherPort = "http://127.0.0.1:" + (server.port() == 65535 ? 1 : server.port() + 1);

        assertThat(handshake(server, "/ws", RawHttp.upgrade(), otherPort).status())
                .isEqualTo(403);
    }

    @Test
    void aForeignPostIsRefusedBeforeItIsStored() throws Exception {
        HttpResponse<String> res = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.http("/api/rooms/origin-post/messages")))
                        .header("Origin", FOREIGN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"mallory\",\"text\":\"forged\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(res.statusCode()).isEqualTo(403);
        assertThat(res.body()).contains("origin_not_allowed");
        HttpResponse<String> stored = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.http("/api/rooms/origin-post/messages")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stored.body()).doesNotContain("forged");
    }

    @Test
    void theJdkWebSocketClientWithAForeignOriginGets403() {
        Throwable refused = catchThrowable(() -> WsClient.connectWithOrigin(server.ws("/ws"), FOREIGN));
        while (refused != null && !(refused instanceof WebSocketHandshakeException)) {
            refused = refused.getCause();
        }
        assertThat(refused).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused).getResponse().statusCode())
                .isEqualTo(403);
        try (WsClient same = WsClient.connectWithOrigin(server.ws("/ws"), "http://127.0.0.1:" + server.port())) {
            assertThat(same.awaitType("welcome")).isNotNull();
        }
    }

    @Test
    void eachRefusalIsLoggedOnceWithOriginPathAndAddressButNoQuery() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(OriginGateHandler.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            handshake(server, "/api/rooms/lobby/events?token=s3cret", new String[0], FOREIGN);
        } finally {
            logger.detachAppender(lines);
        }

        assertThat(lines.list).hasSize(1);
        String line = lines.list.get(0).getFormattedMessage();
        assertThat(line)
                .contains(FOREIGN, "/api/rooms/lobby/events", "127.0.0.1")
                .doesNotContain("s3cret");
    }

    @Test
    void allowedOriginsAddPagesOfOtherOriginsToEveryTransport() throws Exception {
        assertThat(handshake(widened, "/ws", RawHttp.upgrade(), "https://chat.example.com")
                        .status())
                .isEqualTo(101);
        assertThat(handshake(widened, "/api/rooms/lobby/messages", new String[0], "https://chat.example.com:443")
                        .status())
                .isEqualTo(200);
        assertThat(handshake(widened, "/ws", RawHttp.upgrade(), "https://chat.example.com:8443")
                        .status())
                .isEqualTo(403);
        assertThat(handshake(widened, "/ws", RawHttp.upgrade(), FOREIGN).status())
                .isEqualTo(403);
    }

    @Test
    void socketIoCorsOriginsMayUseSocketIoOnly() throws Exception {
        String app = "https://app.example.com";

        RawHttp.Response polling = handshake(widened, "/socket.io/?EIO=4&transport=polling", new String[0], app);
        assertThat(polling.status()).isEqualTo(200);
        assertThat(polling.headers().get("access-control-allow-origin")).isEqualTo(app);
        assertThat(handshake(widened, "/ws", RawHttp.upgrade(), app).status()).isEqualTo(403);
    }

    @Test
    void theWildcardAllowsEveryOrigin() throws Exception {
        assertThat(handshake(anyOrigin, "/ws", RawHttp.upgrade(), FOREIGN).status())
                .isEqualTo(101);
        assertThat(handshake(anyOrigin, "/api/rooms/lobby/messages", new String[0], FOREIGN)
                        .status())
                .isEqualTo(200);
    }
}
