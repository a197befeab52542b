package io.switchboard.transport.http;

import static io.switchboard.transport.http.HttpApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Server-Sent Events at /api/rooms/{room}/events and NDJSON streaming at /api/rooms/{room}/stream. */
class HttpStreamsIT {
    private static final AtomicInteger ROOMS = new AtomicInteger();

    @AutoClose
    private static final TestServer server =
            TestServer.start(b -> b.sseHeartbeat(Duration.ofMillis(300)).httpIdleTimeout(Duration.ofSeconds(1)));

    private static final HttpApiClient api = new HttpApiClient(server);

    private static String freshRoom() {
        return "stream-" + ROOMS.incrementAndGet();
    }

    @Test
    void sseDeliversMessagesInOrderWithTheirIds() {
        String room = freshRoom();
        try (HttpApiClient.Lines sse = api.open("/api/rooms/" + room + "/events")) {
            assertThat(sse.response.statusCode()).isEqualTo(200);
            assertThat(sse.response.headers().firstValue("Content-Type"))
                    .get()
                    .asString()
                    .startsWith("text/event-stream");
            assertThat(sse.response.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(sse.response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
            assertThat(sse.next()).isEqualTo("retry: 2000");
            long a = api.postText(room, "alice", "one");
            long b = api.postText(room, "alice", "two\\nline");
            long[] id = new long[1];
            JsonNode first = sse.nextMessageEvent(id);
            assertThat(id[0]).isEqualTo(a);
            assertThat(first.path("id").asLong()).isEqualTo(a);
            assertThat(first.path("text").asText()).isEqualTo("one");
            JsonNode second = sse.nextMessageEvent(id);
            assertThat(id[0]).isEqualTo(b);
            assertThat(second.path("text").asText()).isEqualTo("two\nline");
        }
    }

    @Test
    void lastEventIdResumesAfterThatMessageWithExactlyTheMissedOnes() {
        String room = freshRoom();
        long a = api.postText(room, "alice", "a");
        long b = api.postText(room, "alice", "b");
        long c = api.postText(room, "alice", "c");
        // the header wins over ?after=
        try (HttpApiClient.Lines sse =
                api.open("/api/rooms/" + room + "/events?after=0", "Last-Event-ID", Long.toString(a))) {
            long[] id = new long[1];
            sse.nextMessageEvent(id);
            assertThat(id[0]).isEqualTo(b);
            sse.nextMessageEvent(id);
            assertThat(id[0]).isEqualTo(c);
            long d = api.postText(room, "alice", "d");
            sse.nextMessageEvent(id);
            assertThat(id[0]).isEqualTo(d);
            assertThat(sse.pollContent(Duration.ofMillis(700))).as("no repeats").isNull();
        }
    }

    @Test
    void anSseIdAsSentNamesTheEpochAndResumesAsLastEventIdWithoutAReset() {
        String room = freshRoom();
        long a = api.postText(room, "alice", "a");
        long b = api.postText(room, "alice", "b");
        String sentId;
        try (HttpApiClient.Lines sse = api.open("/api/rooms/" + room + "/events?after=0")) {
            String epoch =
                    sse.response.headers().firstValue("Switchboard-Epoch").orElseThrow();
            assertThat(sse.next()).isEqualTo("retry: 2000");
            sentId = sse.nextEvent().get(0).substring("id: ".length());
            assertThat(sentId).isEqualTo(epoch + ":" + a);
        }
        try (HttpApiClient.Lines sse = api.open("/api/rooms/" + room + "/events", "Last-Event-ID", sentId)) {
            assertThat(sse.next()).isEqualTo("retry: 2000");
            List<String> first = sse.nextEvent();
            assertThat(first.get(0)).as("a message, not a reset").startsWith("id: ");
            assertThat(json(first.get(1).substring("data: ".length()))
                            .path("id")
                            .asLong())
                    .isEqualTo(b);
        }
    }

    @Test
    void sseStaysOpenPastTheHttpIdleTimeoutWithHeartbeats() {
        String room = freshRoom();
        try (HttpApiClient.Lines sse = api.open("/api/rooms/" + room + "/events?after=0")) {
            assertThat(sse.next()).isEqualTo("retry: 2000");
            assertThat(sse.next()).isEmpty();
            assertThat(sse.next()).isEqualTo(": heartbeat");
            // the idle timeout is 1 s; heartbeats keep coming after it
            long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < until) {
                sse.next();
            }
            long id = api.postText(room, "alice", "still here");
            long[] got = new long[1];
            sse.nextMessageEvent(got);
            assertThat(got[0]).isEqualTo(id);
        }
    }

    @Test
    void ndjsonStreamSendsOneMessagePerLineAndResumesFromAfter() {
        String room = freshRoom();
        long a = api.postText(room, "alice", "a");
        long b = api.postText(room, "alice", "b");
        try (HttpApiClient.Lines stream = api.open("/api/rooms/" + room + "/stream?after=" + a)) {
            assertThat(stream.response.headers().firstValue("Content-Type"))
                    .get()
                    .asString()
                    .startsWith("application/x-ndjson");
            assertThat(json(stream.nextNonEmpty()).path("id").asLong()).isEqualTo(b);
            long c = api.postText(room, "bob", "c");
            long d = api.postText(room, "bob", "d");
            assertThat(json(stream.nextNonEmpty()).path("id").asLong()).isEqualTo(c);
            JsonNode last = json(stream.nextNonEmpty());
            assertThat(last.path("id").asLong()).isEqualTo(d);
            assertThat(last.path("from").asText()).isEqualTo("bob");
            assertThat(stream.pollContent(Duration.ofMillis(700)))
                    .as("no repeats")
                    .isNull();
        }
    }
}
