package io.switchboard.transport.http;

import static io.switchboard.transport.http.HttpApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The HTTP API's limits: body size, JSON, media type, held requests per address, request deadline. */
class HttpLimitsIT {
    @AutoClose
    private static final TestServer server = TestServer.start(
            b -> b.maxHttpBodyBytes(1024).maxStreamsPerClient(2).handshakeTimeout(Duration.ofSeconds(1)));

    private static final HttpApiClient api = new HttpApiClient(server);

    @Test
    void aBodyOverTheLimitGets413WithAJsonError() {
        HttpResponse<String> res = api.post("limits", "{\"from\":\"a\",\"text\":\"" + "x".repeat(2000) + "\"}");
        assertThat(res.statusCode()).isEqualTo(413);
        assertThat(json(res.body()).path("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void malformedJsonGets400BadJsonWithTheReason() {
        HttpResponse<String> res = api.post("limits", "{\"from\":\"a\",");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(json(res.body()).path("error").asText()).isEqualTo("bad_json");
        assertThat(json(res.body()).path("message").asText())
                .startsWith("body is not valid JSON: ")
                .hasSizeGreaterThan(25);
        assertThat(json(api.post("limits", "[1]").body()).path("error").asText())
                .isEqualTo("bad_json");
    }

    @Test
    void aBodyWithAnythingAfterItsObjectGets400BadJsonAndNothingIsStored() {
        HttpResponse<String> res = api.post("trailing", "{\"from\":\"alice\",\"text\":\"hello\"}d83d\\ude0");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(json(res.body()).path("error").asText()).isEqualTo("bad_json");
        JsonNode stored = json(api.get("/api/rooms/trailing/messages").body());
        assertThat(stored.isArray()).isTrue();
        assertThat(stored.size()).isZero();
    }

    @Test
    void invalidFieldsGetTheNativeProtocolsCodes() {
        assertThat(json(api.post("limits", "{\"from\":\"\",\"text\":\"x\"}").body())
                        .path("error")
                        .asText())
                .isEqualTo("invalid_nick");
        assertThat(json(api.post("limits", "{\"from\":\"a\",\"text\":\"  \"}").body())
                        .path("error")
                        .asText())
                .isEqualTo("invalid_text");
        assertThat(json(api.post("limits", "{\"from\":\"a\"}").body())
                        .path("error")
                        .asText())
                .isEqualTo("bad_request");
        assertThat(json(api.post("limits", "{\"from\":\"a\",\"text\":\"x\",\"clientId\":\"" + "c".repeat(65) + "\"}")
                                .body())
                        .path("error")
                        .asText())
                .isEqualTo("bad_request");
        HttpResponse<String> room = api.post("no%20such", "{\"from\":\"a\",\"text\":\"x\"}");
        assertThat(room.statusCode()).isEqualTo(400);
        assertThat(json(room.body()).path("error").asText()).isEqualTo("invalid_room");
    }

    @Test
    void aBodyThatIsNotJsonGets415() {
        HttpResponse<String> res =
                api.send(HttpRequest.newBuilder(URI.create(server.http("/api/rooms/limits/messages")))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build());
        assertThat(res.statusCode()).isEqualTo(415);
        assertThat(json(res.body()).path("error").asText()).isEqualTo("unsupported_media_type");
    }

    @Test
    void otherMethodsGet405() {
        HttpResponse<String> res =
                api.send(HttpRequest.newBuilder(URI.create(server.http("/api/rooms/limits/messages")))
                        .DELETE()
                        .build());
        assertThat(res.statusCode()).isEqualTo(405);
        assertThat(json(res.body()).path("error").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void heldRequestsPastThePerAddressCapGet429() {
        try (HttpApiClient.Lines one = api.open("/api/rooms/limits/events");
                HttpApiClient.Lines two = api.open("/api/rooms/limits/stream")) {
            assertThat(one.response.statusCode()).isEqualTo(200);
            assertThat(two.response.statusCode()).isEqualTo(200);
            HttpResponse<String> third = api.get("/api/rooms/limits/messages?after=0&wait=1");
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(json(third.body()).path("error").asText()).isEqualTo("too_many_requests");
            // plain polls are not held, so they are not counted
            assertThat(api.get("/api/rooms/limits/messages").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void answeredLongPollsGiveTheirSlotBackSoACapOfTwoAllowsManyInARow() {
        api.post("many-polls", "{\"from\":\"a\",\"text\":\"x\"}");
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> answered = api.get("/api/rooms/many-polls/messages?after=0&wait=1");
            assertThat(answered.statusCode()).as("long-poll %d", i).isEqualTo(200);
            assertThat(json(answered.body()).size()).isEqualTo(1);
        }
        assertThat(server.server().hub().sessionCount())
                .as("every long-poll's hub session is gone")
                .isZero();
    }

    @Test
    void aRequestWhoseBodyNeverCompletesGets408AndIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/rooms/limits/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"from\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(reply).startsWith("HTTP/1.1 408 ").contains("\"error\":\"request_timeout\"");
            assertThat(elapsed).as("the 1 s deadline passed first").isGreaterThanOrEqualTo(500L);
        }
    }

    @Test
    void requestsThatCompleteInTimeAreNotTimedOut() throws Exception {
        // a keep-alive connection that sits between requests is the idle timer's business, not the deadline's
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            statuses.add(api.get("/api/rooms/limits/messages").statusCode());
            // a deliberate pause: two requests 700 ms apart outlast the 1 s deadline together, not
            // alone; there is no state to await, the point is that time passes
            Thread.sleep(700);
        }
        assertThat(statuses).containsExactly(200, 200);
    }
}
