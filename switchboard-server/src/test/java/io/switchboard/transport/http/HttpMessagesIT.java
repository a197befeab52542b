package io.switchboard.transport.http;

import static io.switchboard.transport.http.HttpApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.Await;
import io.switchboard.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Posting, polling and long-polling under /api/rooms/{room}/messages. */
class HttpMessagesIT {
    private static final AtomicInteger ROOMS = new AtomicInteger();

    @AutoClose
    private static final TestServer server = TestServer.start();

    private static final HttpApiClient api = new HttpApiClient(server);

    private static String freshRoom() {
        return "http-" + ROOMS.incrementAndGet();
    }

    private static long[] ids(String body) {
        JsonNode array = json(body);
        long[] ids = new long[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).path("id").asLong();
        }
        return ids;
    }

    @Test
    void postStoresTheMessageWith201AndTheSameClientIdAgainGets200WithTheSameMessage() {
        String room = freshRoom();
        String body = "{\"from\":\"alice\",\"text\":\"hello\",\"clientId\":\"c-1\"}";
        HttpResponse<String> first = api.post(room, body);
        assertThat(first.statusCode()).isEqualTo(201);
        JsonNode stored = json(first.body());
        assertThat(stored.path("room").asText()).isEqualTo(room);
        assertThat(stored.path("from").asText()).isEqualTo("alice");
        assertThat(stored.path("text").asText()).isEqualTo("hello");
        assertThat(stored.path("clientId").asText()).isEqualTo("c-1");
        assertThat(stored.path("id").isIntegralNumber()).isTrue();
        assertThat(stored.path("timestamp").asLong()).isPositive();

        HttpResponse<String> again = api.post(room, body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again.body())).isEqualTo(stored);
        assertThat(ids(api.get("/api/rooms/" + room + "/messages").body()))
                .containsExactly(stored.path("id").asLong());
    }

    @Test
    void pollingReturnsTheMessagesAfterAnIdInOrderAndBeforePagesBackwards() {
        String room = freshRoom();
        long[] sent = new long[5];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = api.postText(room, "alice", "m" + i);
        }
        assertThat(ids(api.get("/api/rooms/" + room + "/messages").body())).containsExactly(sent);
        assertThat(ids(api.get("/api/rooms/" + room + "/messages?after=" + sent[1])
                        .body()))
                .containsExactly(sent[2], sent[3], sent[4]);
        assertThat(ids(api.get("/api/rooms/" + room + "/messages?after=" + sent[0] + "&limit=2")
                        .body()))
                .containsExactly(sent[1], sent[2]);
        assertThat(ids(api.get("/api/rooms/" + room + "/messages?before=" + sent[4] + "&limit=2")
                        .body()))
                .containsExactly(sent[2], sent[3]);
        assertThat(ids(api.get("/api/rooms/" + room + "/messages?limit=2").body()))
                .containsExactly(sent[3], sent[4]);
    }

    @Test
    void anUnknownRoomPollsAsAnEmptyArray() {
        HttpResponse<String> res = api.get("/api/rooms/never-used-room/messages?after=0");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        assertThat(res.body()).isEqualTo("[]");
    }

    @Test
    void badParametersAreRefusedWithTheirCode() {
        assertThat(api.get("/api/rooms/bad%20room/messages").body()).contains("\"invalid_room\"");
        assertThat(api.get("/api/rooms/bad%20room/messages").statusCode()).isEqualTo(400);
        for (String query : new String[] {
            "limit=0", "limit=1001", "after=-1", "after=x", "wait=5", "wait=31&after=0", "after=1&before=2"
        }) {
            HttpResponse<String> res = api.get("/api/rooms/r/messages?" + query);
            assertThat(res.statusCode()).as(query).isEqualTo(400);
            assertThat(json(res.body()).path("error").asText()).as(query).isEqualTo("bad_request");
        }
        assertThat(api.get("/api/rooms/r/nothing").statusCode()).isEqualTo(404);
        assertThat(json(api.get("/api/rooms/r/nothing").body()).path("error").asText())
                .isEqualTo("not_found");
    }

    @Test
    void longPollAnswersAtOnceWhenSomethingIsNewerThanAfter() {
        String room = freshRoom();
        long first = api.postText(room, "alice", "one");
        long second = api.postText(room, "alice", "two");
        long start = System.nanoTime();
        HttpResponse<String> res = api.get("/api/rooms/" + room + "/messages?after=" + first + "&wait=30");
        // an ordering bound, not a speed one: far short of the 30 s the poll would otherwise wait
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(20_000);
        assertThat(ids(res.body())).containsExactly(second);
    }

    @Test
    void aHeldLongPollIsAnsweredByTheNextMessageLongBeforeItsWait() throws Exception {
        String room = freshRoom();
        long last = api.postText(room, "alice", "before");
        int sessions = server.server().hub().sessionCount();
        CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(
                () -> api.get("/api/rooms/" + room + "/messages?after=" + last + "&wait=30"));
        // a held poll is a hub session; if it is not listening yet, it still finds the message in history
        Await.until(
                Duration.ofSeconds(10),
                () -> server.server().hub().sessionCount() > sessions,
                "the long-poll to be held");
        long posted = System.nanoTime();
        long id = api.postText(room, "bob", "now");
        HttpResponse<String> res = poll.get(25, TimeUnit.SECONDS);
        // an ordering bound, not a speed one: far short of the 30 s the poll would otherwise wait
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - posted)).isLessThan(20_000);
        assertThat(ids(res.body())).containsExactly(id);
    }

    @Test
    void longPollAnswersAnEmptyArrayAtItsTimeout() {
        String room = freshRoom();
        long start = System.nanoTime();
        HttpResponse<String> res = api.get("/api/rooms/" + room + "/messages?after=0&wait=1");
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("[]");
        assertThat(elapsed).as("it waited for its timeout").isGreaterThanOrEqualTo(900L);
    }

    @Test
    void successiveLongPollsMissNothingAndRepeatNothing() throws Exception {
        String room = freshRoom();
        CompletableFuture<List<Long>> poller = CompletableFuture.supplyAsync(() -> {
            List<Long> seen = new ArrayList<>();
            long after = 0;
            while (seen.size() < 20) {
                for (long id : ids(api.get("/api/rooms/" + room + "/messages?after=" + after + "&wait=5")
                        .body())) {
                    seen.add(id);
                    after = id;
                }
            }
            return seen;
        });
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(api.postText(room, "alice", "m" + i));
        }
        assertThat(poller.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(sent);
    }
}
