package io.switchboard.transport.http;

import static io.switchboard.transport.http.HttpApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Every error the HTTP side answers is a JSON body with a documented code, and carries the headers
 * its status calls for: unknown query parameters, 405 {@code Allow}, 429 {@code Retry-After}, 431,
 * 413 after {@code Expect: 100-continue}, bad UTF-8 and lone surrogates, 503 {@code unavailable},
 * and paths with control characters in them.
 */
class HttpErrorRepliesIT {
    @AutoClose
    private static final TestServer server = TestServer.start(
            b -> b.maxHttpBodyBytes(1024).maxStreamsPerClient(1).maxConnections(1));

    private static final HttpApiClient api = new HttpApiClient(server);

    @Test
    void anUnknownQueryParameterGets400NamingItWhileTheDocumentedOnesWork() {
        HttpResponse<String> res = api.get("/api/rooms/params/messages?afterr=3");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(json(res.body()).path("error").asText()).isEqualTo("bad_request");
        assertThat(json(res.body()).path("message").asText()).contains("\"afterr\"");
        // the documented ones, and those the page sends, still work
        assertThat(api.get("/api/rooms/params/messages?after=0&limit=5&nick=ann&client=page-1&epoch=e1")
                        .statusCode())
                .isEqualTo(200);
        assertThat(api.get("/api/rooms/params/messages?before=9").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/rooms/params/messages?after=0&wait=1").statusCode())
                .isEqualTo(200);
    }

    @Test
    void a405NamesTheAllowedMethods() {
        HttpResponse<String> messages =
                api.send(HttpRequest.newBuilder(URI.create(server.http("/api/rooms/allow/messages")))
                        .DELETE()
                        .build());
        assertThat(messages.statusCode()).isEqualTo(405);
        assertThat(messages.headers().firstValue("Allow")).hasValue("GET, POST");
        HttpResponse<String> members =
                api.send(HttpRequest.newBuilder(URI.create(server.http("/api/rooms/allow/members")))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
        assertThat(members.headers().firstValue("Allow")).hasValue("GET");
        HttpResponse<String> page = api.send(HttpRequest.newBuilder(URI.create(server.http("/index.html")))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(page.statusCode()).isEqualTo(405);
        assertThat(page.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(json(page.body()).path("error").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void aHeldRequestPastTheCapGets429WithRetryAfter() {
        try (HttpApiClient.Lines held = api.open("/api/rooms/capped/stream")) {
            assertThat(held.response.statusCode()).isEqualTo(200);
            HttpResponse<String> refused = api.get("/api/rooms/capped/events");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
            assertThat(json(refused.body()).path("error").asText()).isEqualTo("too_many_requests");
        }
    }

    @Test
    void postsPastTheRateLimitGet429WithRetryAfterAndStoreNothing() {
        try (TestServer limited = new TestServer(b -> b.rateLimit(0.5, 2))) {
            HttpApiClient client = new HttpApiClient(limited);
            assertThat(client.post("rate", "{\"from\":\"a\",\"text\":\"1\"}").statusCode())
                    .isEqualTo(201);
            assertThat(client.post("rate", "{\"from\":\"a\",\"text\":\"2\"}").statusCode())
                    .isEqualTo(201);
            HttpResponse<String> third = client.post("rate", "{\"from\":\"a\",\"text\":\"3\"}");
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 2L));
            assertThat(json(third.body()).path("error").asText()).isEqualTo("too_many_requests");
            // a page that names itself has a bucket of its own
            HttpResponse<String> named = client.send(
                    HttpRequest.newBuilder(URI.create(limited.http("/api/rooms/rate/messages?client=page-2")))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"b\",\"text\":\"4\"}"))
                            .build());
            assertThat(named.statusCode()).isEqualTo(201);
            assertThat(json(client.get("/api/rooms/rate/messages").body()).findValuesAsText("text"))
                    .containsExactly("1", "2", "4");
        }
    }

    @Test
    void aHugeHeaderGets431WithAJsonError() throws IOException {
        String reply = raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20 * 1024) + "\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 431 ");
        assertThat(json(body(reply)).path("error").asText()).isEqualTo("request_header_fields_too_large");
    }

    @Test
    void aBodyRefusedAfterExpectContinueGets413WithTheSameJsonError() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST /api/rooms/expect/messages HTTP/1.1\r\nHost: x\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 5000\r\nExpect: "
                                    + "100-continue\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String reply = readResponse(socket.getInputStream());
            assertThat(reply).startsWith("HTTP/1.1 413 ");
            JsonNode error = json(body(reply));
            assertThat(error.path("error").asText()).isEqualTo("payload_too_large");
            assertThat(error.path("message").asText()).contains("1024 bytes");
        }
    }

    @Test
    void invalidUtf8InABodyGets400AndIsNotStored() throws IOException {
        byte[] head = "{\"from\":\"a\",\"text\":\"bad ".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + 3];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xff;
        body[head.length + 1] = '"';
        body[head.length + 2] = '}';
        HttpResponse<String> res = api.send(HttpRequest.newBuilder(URI.create(server.http("/api/rooms/utf8/messages")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(json(res.body()).path("error").asText()).isEqualTo("bad_json");
        assertThat(json(res.body()).path("message").asText()).contains("UTF-8");
        assertThat(json(api.get("/api/rooms/utf8/messages").body())).isEmpty();
    }

    @Test
    void aLoneSurrogateGets400InvalidTextAndIsNotStored() {
        HttpResponse<String> res = api.post("surrogate", "{\"from\":\"a\",\"text\":\"x\\uD800y\"}");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(json(res.body()).path("error").asText()).isEqualTo("invalid_text");
        // a pair is one character and fine
        assertThat(api.post("surrogate", "{\"from\":\"a\",\"text\":\"\\uD83D\\uDE00\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(json(api.get("/api/rooms/surrogate/messages").body()).findValuesAsText("text"))
                .containsExactly("\uD83D\uDE00");
    }

    @Test
    void anUpgradeToAPathWithANewlineGetsA404WithValidJson() throws IOException {
        String reply = raw("GET /%0A HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: "
                + "13\r\nConnection: close\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 404 ");
        JsonNode error = json(body(reply));
        assertThat(error.path("error").asText()).isEqualTo("not_found");
        assertThat(error.path("message").asText()).isEqualTo("no WebSocket endpoint at /\n");
    }

    @Test
    void anUpgradePastTheConnectionCapGets503Unavailable() throws IOException {
        try (WsClient first = WsClient.connect(server.ws("/ws"))) {
            first.awaitType("welcome");
            String reply = raw("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: "
                    + "13\r\nConnection: close\r\n\r\n");
            assertThat(reply).startsWith("HTTP/1.1 503 ");
            assertThat(json(body(reply)).path("error").asText()).isEqualTo("unavailable");
        }
    }

    /** One request on a connection of its own; the whole reply until the server closes. */
    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** One response of Content-Length bytes, read without waiting for the connection to close. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int headEnd = -1;
        int length = -1;
        while (headEnd < 0 || seen.size() < headEnd + length) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            seen.write(b);
            String text = seen.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0 && text.endsWith("\r\n\r\n")) {
                headEnd = text.length();
                Matcher m = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
                length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            }
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    private static String body(String reply) {
        return reply.substring(reply.indexOf("\r\n\r\n") + 4);
    }
}
