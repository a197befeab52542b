package io.switchboard.socketio.internal.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.testing.EngineIoWsClient;
import io.switchboard.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The {@link AllowRequest} hook on the main server's {@code /socket.io/}, over real HTTP and
 * WebSocket: a refused polling handshake and a refused direct WebSocket get 403 with code 4, an
 * allowed one connects, and sessions that were open before are not asked again.
 */
class EngineIoAllowRequestIT {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @AutoClose
    private static final TestServer server = TestServer.start();

    @AfterEach
    void allowAll() {
        engine().allowRequest(null);
    }

    private static EngineIoServer engine() {
        return server.server().socketIo().engine();
    }

    /** Allows requests whose {@code X-Token} header is {@code good}; others are refused with a message. */
    private static final AllowRequest TOKEN = r -> "good".equals(r.header("X-Token"))
            ? AllowRequest.Decision.allow()
            : AllowRequest.Decision.refuse("bad token");

    private static HttpResponse<String> get(String query, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.http("/socket.io/?EIO=4" + query)))
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String query, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.http("/socket.io/?EIO=4" + query)))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String sid(HttpResponse<String> handshake) {
        assertThat(handshake.statusCode()).as(handshake.body()).isEqualTo(200);
        String body = handshake.body();
        return body.substring(9, body.indexOf('"', 9));
    }

    @Test
    void refusedPollingHandshakeGets403WithCode4AndTheMessage() throws Exception {
        engine().allowRequest(TOKEN);
        int before = engine().sessionCount();
        HttpResponse<String> refused = get("&transport=polling", "X-Token", "bad");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(refused.body()).isEqualTo("{\"code\":4,\"message\":\"bad token\"}");
        assertThat(engine().sessionCount())
                .as("no session for a refused handshake")
                .isEqualTo(before);

        HttpResponse<String> allowed = get("&transport=polling", "X-Token", "good");
        assertThat(allowed.body()).startsWith("0{\"sid\":");
    }

    @Test
    void aRefusalWithoutMessageSaysForbiddenAndAThrowingHookRefuses() throws Exception {
        engine().allowRequest(r -> AllowRequest.Decision.refuse(null));
        HttpResponse<String> refused = get("&transport=polling");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");

        engine().allowRequest(r -> {
            throw new IllegalStateException("hook bug");
        });
        HttpResponse<String> failed = get("&transport=polling");
        assertThat(failed.statusCode()).isEqualTo(403);
        assertThat(failed.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");

        engine().allowRequest(r -> AllowRequest.Decision.refuse("no \"quotes\" \\ here\n"));
        assertThat(get("&transport=polling").body())
                .isEqualTo("{\"code\":4,\"message\":\"no \\\"quotes\\\" \\\\ here\\n\"}");
    }

    @Test
    void theHookSeesTransportQueryHeadersAndAddress() throws Exception {
        AtomicReference<AllowRequest.Request> seen = new AtomicReference<>();
        engine().allowRequest(r -> {
            seen.set(r);
            return AllowRequest.Decision.allow();
        });
        sid(get("&transport=polling&token=abc", "X-Token", "t1"));
        AllowRequest.Request r = seen.get();
        assertThat(r.transport()).isEqualTo(EngineTransport.POLLING);
        assertThat(r.query("token")).isEqualTo("abc");
        assertThat(r.query("EIO")).isEqualTo("4");
        assertThat(r.header("x-token")).isEqualTo("t1");
        assertThat(((InetSocketAddress) r.remoteAddress()).getAddress().isLoopbackAddress())
                .isTrue();
    }

    @Test
    void refusedDirectWebSocketGets403BeforeTheHandshake() throws Exception {
        engine().allowRequest(TOKEN);
        URI uri = URI.create(server.ws("/socket.io/?EIO=4&transport=websocket"));
        assertThatThrownBy(() -> EngineIoWsClient.connect(uri))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(
                                ((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(403));

        // on the wire: a plain 403 with the JSON error instead of 101 Switching Protocols
        String response = rawUpgrade("/socket.io/?EIO=4&transport=websocket", "bad");
        assertThat(response).startsWith("HTTP/1.1 403 Forbidden\r\n");
        assertThat(response).doesNotContain("101").doesNotContainIgnoringCase("sec-websocket-accept");
        assertThat(response).endsWith("\r\n\r\n{\"code\":4,\"message\":\"bad token\"}");

        String accepted = rawUpgrade("/socket.io/?EIO=4&transport=websocket", "good");
        assertThat(accepted).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
    }

    @Test
    void sessionsOpenedBeforeARefusingHookKeepWorking() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        String pollingSid = sid(get("&transport=polling"));
        String upgradingSid = sid(get("&transport=polling"));
        try (EngineIoWsClient ws =
                EngineIoWsClient.connect(URI.create(server.ws("/socket.io/?EIO=4&transport=websocket")))) {
            assertThat((String) ws.next()).startsWith("0{\"sid\":");

            engine().allowRequest(r -> {
                asked.incrementAndGet();
                return AllowRequest.Decision.refuse("closed for new connections");
            });
            assertThat(get("&transport=polling").statusCode()).isEqualTo(403);
            assertThat(asked).hasValue(1);

            // the polling session posts and polls as before
            assertThat(post("&transport=polling&sid=" + pollingSid, "40").body())
                    .isEqualTo("ok");
            assertThat(get("&transport=polling&sid=" + pollingSid).body()).startsWith("40{\"sid\":");

            // the WebSocket session still talks
            ws.send("40");
            assertThat((String) ws.nextSkippingPings()).startsWith("40{\"sid\":");

            // and a polling session may still upgrade: the probe names its sid
            try (EngineIoWsClient probe = EngineIoWsClient.connect(
                    URI.create(server.ws("/socket.io/?EIO=4&transport=websocket&sid=" + upgradingSid)))) {
                probe.send("2probe");
                assertThat(probe.next()).isEqualTo("3probe");
                probe.send("5");
                probe.send("40");
                assertThat((String) probe.nextSkippingPings()).startsWith("40{\"sid\":");
            }
            assertThat(asked).as("only the new handshake was asked about").hasValue(1);
        }
    }

    /** Sends a WebSocket upgrade by hand and returns everything the server answers before closing or 2 s. */
    private static String rawUpgrade(String path, String token) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.server().port())) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\n"
                            + "Host: 127.0.0.1\r\n"
                            + "Upgrade: websocket\r\n"
                            + "Connection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\n"
                            + "X-Token: " + token + "\r\n"
                            + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    got.write(buf, 0, n);
                    String text = got.toString(StandardCharsets.UTF_8);
                    if (text.startsWith("HTTP/1.1 101") && text.contains("\r\n\r\n")) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // what arrived is the answer
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }
}
