package io.switchboard.transport.http;

import static io.switchboard.transport.http.HttpApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A {@code clientId} belongs to its sender (issue #9): the key is (room, sender, clientId), the
 * sender being the {@code ?client=} id or, without one, the post's {@code from}.
 */
class HttpClientIdScopeIT {
    private static final AtomicInteger ROOMS = new AtomicInteger();

    @AutoClose
    private static final TestServer server = TestServer.start();

    private static final HttpApiClient api = new HttpApiClient(server);

    private static String freshRoom() {
        return "scope-" + ROOMS.incrementAndGet();
    }

    private static HttpResponse<String> post(String room, String client, String from, String text, String clientId) {
        String query = client == null ? "" : "?client=" + client;
        return api.send(HttpRequest.newBuilder(URI.create(server.http("/api/rooms/" + room + "/messages" + query)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"from\":\"" + from + "\",\"text\":\"" + text + "\",\"clientId\":\"" + clientId + "\"}"))
                .build());
    }

    @Test
    void twoClientsWithOneClientIdEachGetTheirOwnMessageStoredAndBackOnRepeat() {
        String room = freshRoom();
        HttpResponse<String> one = post(room, "tab-one", "sam", "from tab one", "c-1");
        HttpResponse<String> two = post(room, "tab-two", "sam", "from tab two", "c-1");
        assertThat(one.statusCode()).isEqualTo(201);
        assertThat(two.statusCode()).as("another sender's clientId is not ours").isEqualTo(201);
        assertThat(json(two.body()).path("text").asText()).isEqualTo("from tab two");

        HttpResponse<String> oneAgain = post(room, "tab-one", "sam", "retry", "c-1");
        HttpResponse<String> twoAgain = post(room, "tab-two", "sam", "retry", "c-1");
        assertThat(oneAgain.statusCode()).isEqualTo(200);
        assertThat(json(oneAgain.body())).isEqualTo(json(one.body()));
        assertThat(twoAgain.statusCode()).isEqualTo(200);
        assertThat(json(twoAgain.body())).isEqualTo(json(two.body()));

        JsonNode stored = json(api.get("/api/rooms/" + room + "/messages").body());
        assertThat(stored).extracting(m -> m.path("text").asText()).containsExactly("from tab one", "from tab two");
        assertThat(stored.get(0).path("sender").asText())
                .as("each message names its sender, not its nickname")
                .isNotEqualTo(stored.get(1).path("sender").asText());
    }

    @Test
    void withoutAClientIdTheNicknameIsTheSender() {
        String room = freshRoom();
        assertThat(post(room, null, "alice", "from alice", "k").statusCode()).isEqualTo(201);
        assertThat(post(room, null, "bob", "from bob", "k").statusCode()).isEqualTo(201);
        HttpResponse<String> aliceAgain = post(room, null, "alice", "again", "k");
        assertThat(aliceAgain.statusCode()).isEqualTo(200);
        assertThat(json(aliceAgain.body()).path("text").asText()).isEqualTo("from alice");
    }

    @Test
    void aWebSocketSenderAndAnHttpSenderDoNotShareClientIds() throws Exception {
        String room = freshRoom();
        try (WsClient ws = WsClient.member(server.ws("/ws"), "alice", room)) {
            ws.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"over ws\",\"clientId\":\"k\"}");
            JsonNode ack = ws.awaitType("ack");
            assertThat(ack.path("duplicate").asBoolean()).isFalse();
        }
        HttpResponse<String> http = post(room, "tab-x", "alice", "over http", "k");
        assertThat(http.statusCode()).isEqualTo(201);
        assertThat(json(http.body()).path("text").asText()).isEqualTo("over http");
    }
}
