package io.switchboard.transport.http;

import static io.switchboard.transport.http.HttpApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An SSE or NDJSON resume sends every stored message after the position, in pages, before the
 * first live one, however many there are: more than one page (1,100 stored against pages of at most
 * 1,000) and with {@code limit} as a small page size.
 */
class StreamCatchUpIT {
    private static final int STORED = 1_100;

    @AutoClose
    /** Rate limit off: each test stores {@link #STORED} messages in a burst, past the default's 100. */
    private static final TestServer server = TestServer.start(b -> b.rateLimit(100_000, 100_000));

    private static final HttpApiClient api = new HttpApiClient(server);

    @Test
    void sseResumesWithEveryStoredMessageInOrderThenTheNextLiveOne() {
        String room = roomWith(STORED, "sse-catch-up");
        resumesWithEveryMessage(room, "/events?after=0", true, 0);
    }

    @Test
    void sseResumeWithALimitPagesByItInsteadOfTruncating() {
        String room = roomWith(STORED, "sse-catch-up-limit");
        resumesWithEveryMessage(room, "/events?after=0&limit=5", true, 0);
    }

    @Test
    void ndjsonResumesWithEveryStoredMessageInOrderThenTheNextLiveOne() {
        String room = roomWith(STORED, "ndjson-catch-up");
        resumesWithEveryMessage(room, "/stream?after=0", false, 0);
    }

    @Test
    void ndjsonResumeWithALimitPagesByItInsteadOfTruncating() {
        String room = roomWith(STORED, "ndjson-catch-up-limit");
        resumesWithEveryMessage(room, "/stream?after=0&limit=5", false, 0);
        resumesWithEveryMessage(room, "/stream?after=1090&limit=3", false, 1090);
    }

    @Test
    void messagesPostedDuringTheCatchUpArriveOnceAndInOrder() {
        String room = roomWith(STORED, "sse-catch-up-live");
        try (HttpApiClient.Lines sse = api.open("/api/rooms/" + room + "/events?after=0&limit=7")) {
            long[] id = new long[1];
            sse.nextMessageEvent(id);
            assertThat(id[0]).isEqualTo(1);
            // posted while the stream is (most likely) still paging through the stored ones
            long last = 0;
            for (int i = 0; i < 20; i++) {
                last = api.postText(room, "bob", "during " + i);
            }
            List<Long> rest = new ArrayList<>();
            while (rest.isEmpty() || rest.get(rest.size() - 1) < last) {
                sse.nextMessageEvent(id);
                rest.add(id[0]);
            }
            assertThat(rest).isEqualTo(LongStream.rangeClosed(2, last).boxed().toList());
        }
    }

    /** Opens the stream, expects ids after..stored once each in order, then one live message next. */
    private static void resumesWithEveryMessage(String room, String query, boolean sse, long after) {
        long stored = newestId(room);
        try (HttpApiClient.Lines stream = api.open("/api/rooms/" + room + query)) {
            List<Long> got = new ArrayList<>();
            for (long i = after; i < stored; i++) {
                got.add(nextId(stream, sse));
            }
            assertThat(got)
                    .isEqualTo(LongStream.rangeClosed(after + 1, stored).boxed().toList());
            long live = api.postText(room, "carol", "live");
            assertThat(live).isEqualTo(stored + 1);
            assertThat(nextId(stream, sse))
                    .as("the next live message follows the catch-up")
                    .isEqualTo(live);
        }
    }

    private static long nextId(HttpApiClient.Lines stream, boolean sse) {
        if (sse) {
            long[] id = new long[1];
            stream.nextMessageEvent(id);
            return id[0];
        }
        return json(stream.nextNonEmpty()).path("id").asLong();
    }

    private static long newestId(String room) {
        return json(api.get("/api/rooms/" + room + "/messages?limit=1").body())
                .get(0)
                .path("id")
                .asLong();
    }

    private static String roomWith(int count, String room) {
        for (int i = 1; i <= count; i++) {
            api.postText(room, "alice", "stored " + i);
        }
        return room;
    }
}
