package io.switchboard.transport.http;

import static io.switchboard.transport.http.HttpApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** One chat over every transport: what one sends, all the others receive, in one order, with one id. */
class CrossTransportIT {
    @AutoClose
    private static final TestServer server =
            TestServer.start(b -> b.httpPresenceTimeout(Duration.ofSeconds(1)).rateLimit(10_000, 10_000));

    private static final HttpApiClient api = new HttpApiClient(server);

    @Test
    void theTutorialEndpointAndTheHttpTransportsShareTheLobby() throws Exception {
        long start = api.postText("lobby", "setup", "before");
        try (WsClient tutorial = WsClient.connect(server.ws("/"));
                HttpApiClient.Lines sse = api.open("/api/rooms/lobby/events?after=" + start)) {
            tutorial.next();
            long fromHttp = api.postText("lobby", "harry", "hello tutorial");
            JsonNode seen = tutorial.await(n -> n.path("text").asText().endsWith("hello tutorial"));
            assertThat(seen.path("text").asText()).isEqualTo("other: hello tutorial");
            assertThat(seen.path("id").asLong()).isEqualTo(fromHttp);

            tutorial.send("hello http");
            long[] id = new long[1];
            JsonNode first = sse.nextMessageEvent(id);
            assertThat(first.path("text").asText()).isEqualTo("hello tutorial");
            JsonNode second = sse.nextMessageEvent(id);
            assertThat(second.path("text").asText()).isEqualTo("hello http");
            assertThat(id[0]).isEqualTo(fromHttp + 1);
            JsonNode polled =
                    json(api.get("/api/rooms/lobby/messages?after=" + fromHttp).body());
            assertThat(polled.get(0).path("text").asText()).isEqualTo("hello http");
        }
    }

    @Test
    void aMessageFromEachTransportReachesEveryOtherInOneOrderWithOneId() throws Exception {
        String room = "cross-all";
        long start = api.postText(room, "setup", "start");
        try (WsClient ws = WsClient.member(server.ws("/ws"), "wendy", room);
                HttpApiClient.Lines sse = api.open("/api/rooms/" + room + "/events?after=" + start);
                HttpApiClient.Lines ndjson = api.open("/api/rooms/" + room + "/stream?after=" + start)) {
            // a long-poll is held while the messages are sent
            CompletableFuture<String> longPoll = CompletableFuture.supplyAsync(
                    () -> api.get("/api/rooms/" + room + "/messages?after=" + start + "&wait=10")
                            .body());
            long fromHttp = api.postText(room, "harry", "from http");
            long firstViaWs = ws.awaitType("message").path("message").path("id").asLong();
            ws.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"from ws\"}");
            long fromWs = ws.awaitType("ack").path("id").asLong();
            assertThat(fromWs).isGreaterThan(fromHttp);

            List<Long> viaWs = List.of(
                    firstViaWs,
                    ws.awaitType("message").path("message").path("id").asLong());
            long[] id = new long[1];
            List<Long> viaSse = new ArrayList<>();
            JsonNode m = sse.nextMessageEvent(id);
            viaSse.add(id[0]);
            assertThat(m.path("text").asText()).isEqualTo("from http");
            m = sse.nextMessageEvent(id);
            viaSse.add(id[0]);
            assertThat(m.path("text").asText()).isEqualTo("from ws");
            assertThat(m.path("from").asText()).isEqualTo("wendy");
            List<Long> viaNdjson = List.of(
                    json(ndjson.nextNonEmpty()).path("id").asLong(),
                    json(ndjson.nextNonEmpty()).path("id").asLong());
            List<Long> viaPoll = new ArrayList<>();
            for (JsonNode n : json(
                    api.get("/api/rooms/" + room + "/messages?after=" + start).body())) {
                viaPoll.add(n.path("id").asLong());
            }
            JsonNode held = json(longPoll.get(10, TimeUnit.SECONDS));

            List<Long> expected = List.of(fromHttp, fromWs);
            assertThat(viaWs).isEqualTo(expected);
            assertThat(viaSse).isEqualTo(expected);
            assertThat(viaNdjson).isEqualTo(expected);
            assertThat(viaPoll).isEqualTo(expected);
            assertThat(held.get(0).path("id").asLong())
                    .as("the long-poll answers with the first")
                    .isEqualTo(fromHttp);
        }
    }

    @Test
    void sseCarriesPresenceAndTypingAsNamedEventsWithoutIds() {
        String room = "cross-presence-sse";
        try (HttpApiClient.Lines sse = api.open("/api/rooms/" + room + "/events")) {
            assertThat(sse.next()).isEqualTo("retry: 2000");
            try (WsClient ws = WsClient.member(server.ws("/ws"), "tina", room)) {
                List<String> presence = sse.nextEvent();
                assertThat(presence.get(0)).isEqualTo("event: presence");
                assertThat(presence.get(1)).startsWith("data: ");
                JsonNode body = json(presence.get(1).substring(6));
                assertThat(body.path("event").asText()).isEqualTo("join");
                assertThat(body.path("member").path("nick").asText()).isEqualTo("tina");
                ws.send("{\"type\":\"typing\",\"room\":\"" + room + "\",\"typing\":true}");
                List<String> typing = sse.nextEvent();
                assertThat(typing).hasSize(2);
                assertThat(typing.get(0)).isEqualTo("event: typing");
            }
        }
    }

    @Test
    void aNickPollerIsPresentForWebSocketMembersAndLeavesAfterTheTimeout() {
        String room = "cross-presence-poll";
        try (WsClient ws = WsClient.member(server.ws("/ws"), "wanda", room)) {
            assertThat(api.get("/api/rooms/" + room + "/messages?nick=polly&client=tab-1")
                            .statusCode())
                    .isEqualTo(200);
            JsonNode join = ws.awaitType("presence");
            assertThat(join.path("event").asText()).isEqualTo("join");
            assertThat(join.path("member").path("nick").asText()).isEqualTo("polly");

            JsonNode members = json(api.get("/api/rooms/" + room + "/members").body());
            assertThat(members.findValuesAsText("nick")).containsExactlyInAnyOrder("wanda", "polly");
            assertThat(members.get(0).path("sessionId").asText()).startsWith("s-");

            // polling again within the timeout keeps it present, without a second join
            assertThat(api.get("/api/rooms/" + room + "/messages?nick=polly&client=tab-1")
                            .statusCode())
                    .isEqualTo(200);
            long stopped = System.nanoTime();
            JsonNode leave = ws.awaitType("presence");
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
            assertThat(leave.path("event").asText()).isEqualTo("leave");
            assertThat(leave.path("member").path("nick").asText()).isEqualTo("polly");
            assertThat(elapsed)
                    .as("not at once: after the 1 s presence timeout")
                    .isGreaterThanOrEqualTo(500L);
            assertThat(json(api.get("/api/rooms/" + room + "/members").body()).findValuesAsText("nick"))
                    .containsExactly("wanda");
        }
    }
}
