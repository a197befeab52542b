package io.switchboard.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dashboard's HTTP surface: off without a token, the stream behind the bearer token only, a strict page. */
class AdminApiIT {
    private static final String TOKEN = "admin-token-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PATHS =
            List.of("/admin", "/admin/", "/admin/admin.js", "/admin/chart.js", "/admin/admin.css", "/admin/api/stream");

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static TestServer withToken() {
        return new TestServer(b -> b.adminToken(AdminToken.of(TOKEN)));
    }

    private HttpResponse<String> get(TestServer server, String path, String authorization) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(server.http(path)))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyDashboardPathIsNotFoundWithoutAnAdminToken() throws Exception {
        try (TestServer server = new TestServer()) {
            for (String path : PATHS) {
                assertThat(get(server, path, "Bearer " + TOKEN).statusCode())
                        .as(path)
                        .isEqualTo(404);
            }
        }
    }

    @Test
    void theStreamRefusesAMissingOrWrongTokenWithJson() throws Exception {
        try (TestServer server = withToken()) {
            for (String authorization : new String[] {null, "Bearer wrong-token-entirely", TOKEN, "Basic " + TOKEN}) {
                HttpResponse<String> res = get(server, "/admin/api/stream", authorization);
                assertThat(res.statusCode()).as(authorization).isEqualTo(401);
                assertThat(res.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
                assertThat(res.headers().firstValue("WWW-Authenticate"))
                        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                assertThat(JSON.readTree(res.body()).path("error").asText()).isEqualTo("unauthorized");
            }
        }
    }

    @Test
    void theTokenIsNotAcceptedFromTheQueryString() throws Exception {
        try (TestServer server = withToken()) {
            for (String query : new String[] {"token", "access_token", "admin-token", "authorization"}) {
                assertThat(get(server, "/admin/api/stream?" + query + "=" + TOKEN, null)
                                .statusCode())
                        .as(query)
                        .isEqualTo(401);
            }
        }
    }

    @Test
    void thePageIsServedWithAPolicyThatAllowsOnlyItsOwnScriptsStylesAndConnections() throws Exception {
        try (TestServer server = withToken()) {
            for (String path : PATHS.subList(0, 5)) {
                HttpResponse<String> res = get(server, path, null);
                assertThat(res.statusCode()).as(path).isEqualTo(200);
                String csp = res.headers().firstValue("Content-Security-Policy").orElseThrow();
                assertThat(csp)
                        .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'")
                        .doesNotContain("unsafe-inline", "unsafe-eval", "*");
            }
            String page = get(server, "/admin/", null).body();
            assertThat(page).contains("<script type=\"module\" src=\"/admin/admin.js\"></script>");
            assertThat(page.split("<script").length - 1)
                    .as("the only script is the module file")
                    .isEqualTo(1);
            assertThat(page).doesNotContain("style=", "onclick", "onsubmit");
            assertThat(get(server, "/admin/admin.js", null).headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
            assertThat(get(server, "/admin/nothing.js", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theStreamSendsTheHistoryThenASampleEverySecondShowingTheLoad() throws Exception {
        try (TestServer server = withToken();
                WsClient alice = WsClient.member(server.ws("/ws"), "alice", "lobby");
                WsClient bob = WsClient.member(server.ws("/ws"), "bob", "lobby")) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(server.http("/admin/api/stream")))
                    .header("Authorization", "Bearer " + TOKEN)
                    .GET()
                    .build();
            HttpResponse<Stream<String>> res = http.send(req, HttpResponse.BodyHandlers.ofLines());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            try (Stream<String> lines = res.body()) {
                var events = lines.iterator();
                assertThat(events.next()).isEqualTo("event: history");
                JsonNode history = JSON.readTree(events.next().substring("data: ".length()));
                assertThat(history.path("points").isArray()).isTrue();

                alice.send("{\"type\":\"send\",\"room\":\"lobby\",\"text\":\"hello\"}");
                alice.awaitType("ack");
                JsonNode sample = awaitSample(
                        events, s -> s.path("point").path("messagesPerSecond").asDouble() > 0);
                JsonNode point = sample.path("point");
                assertThat(point.path("deliveriesPerSecond").asDouble()).isGreaterThan(0);
                assertThat(point.path("connections").path("websocket_native").asLong())
                        .isEqualTo(2);
                assertThat(point.path("rooms").asLong()).isEqualTo(1);
                assertThat(point.path("storageQueueDepth").isNumber()).isTrue();
                assertThat(point.path("slowConsumerCloses").asLong(-1)).isZero();
                JsonNode room = sample.path("largestRooms").get(0);
                assertThat(room.path("room").asText()).isEqualTo("lobby");
                assertThat(room.path("sessions").asInt()).isEqualTo(2);
            }
        }
    }

    @Test
    void aStreamOpenedLaterStartsWithTheSecondsAlreadySampled() throws Exception {
        try (TestServer server = withToken()) {
            // a first stream sees samples arrive; then a second one must get them as history
            HttpRequest req = HttpRequest.newBuilder(URI.create(server.http("/admin/api/stream")))
                    .header("Authorization", "Bearer " + TOKEN)
                    .GET()
                    .build();
            try (Stream<String> first =
                    http.send(req, HttpResponse.BodyHandlers.ofLines()).body()) {
                var events = first.iterator();
                awaitSample(events, s -> true);
                awaitSample(events, s -> true);
            }
            try (BufferedReader later = new BufferedReader(new InputStreamReader(
                    http.send(req, HttpResponse.BodyHandlers.ofInputStream()).body(), StandardCharsets.UTF_8))) {
                assertThat(later.readLine()).isEqualTo("event: history");
                JsonNode history = JSON.readTree(later.readLine().substring("data: ".length()));
                assertThat(history.path("points").size()).isGreaterThanOrEqualTo(2);
            }
        }
    }

    /** The next {@code sample} event whose data matches, of at most 30 (one arrives each second). */
    private static JsonNode awaitSample(Iterator<String> lines, Predicate<JsonNode> match) throws Exception {
        for (int seen = 0; seen < 30; ) {
            String line = lines.next();
            if (line.startsWith("data: ")) {
                JsonNode data = JSON.readTree(line.substring("data: ".length()));
                if (data.has("point")) {
                    seen++;
                    if (match.test(data)) {
                        return data;
                    }
                }
            }
        }
        throw new AssertionError("no matching sample in 30 seconds of samples");
    }
}
