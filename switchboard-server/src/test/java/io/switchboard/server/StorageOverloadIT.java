package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.history.AppendResult;
import io.switchboard.history.ForwardingHistoryStore;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.history.NewMessage;
import io.switchboard.testing.Await;
import io.switchboard.testing.EngineIoWsClient;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store that cannot keep up, made so deterministically: its commits wait for a gate the test
 * holds. Before the storage thread has measured the store it admits one batch (512 messages); past
 * that every transport's send is refused {@code unavailable} at once, while the store is still
 * held, and a refused send is never stored nor broadcast.
 */
class StorageOverloadIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOM = "overload";
    /**
     * What the storage thread admits before its first measurement (StorageSequencer.MIN_ADMITTED):
     * a store that wraps another, as this one does, assumes no cost per message.
     */
    private static final int FIRST_BOUND = 512;

    private static final int EXTRA = 88;

    /** Stores in memory; while a gate is set, every commit waits for it. */
    private static final class GatedStore extends ForwardingHistoryStore {
        volatile CountDownLatch gate;

        GatedStore() {
            super(new InMemoryHistoryStore(10_000));
        }

        @Override
        public List<AppendResult> appendAll(List<NewMessage> messages) {
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return delegate.appendAll(messages);
        }
    }

    private final GatedStore store = new GatedStore();
    private final HttpClient http = HttpClient.newHttpClient();
    private SwitchboardServer server;

    @BeforeEach
    void start() throws InterruptedException {
        ServerConfig config = ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .database(ServerConfig.MEMORY)
                .ioThreads(2)
                .rateLimit(100_000, 100_000)
                .maxCommandsPerIp(1_000_000)
                .build();
        server = SwitchboardServer.start(config, new Components(store, new InMemoryBroker()));
    }

    @AfterEach
    void stop() {
        CountDownLatch g = store.gate;
        if (g != null) {
            g.countDown();
        }
        server.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private String ws(String path) {
        return "ws://127.0.0.1:" + server.port() + path;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private long refusedTotal() throws Exception {
        Matcher m = Pattern.compile("(?m)^switchboard_storage_refused_total (\\S+)$")
                .matcher(get("/metrics").body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    private long refusedTotalNow() {
        try {
            return refusedTotal();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String send(String text, String ref) {
        return "{\"type\":\"send\",\"room\":\"" + ROOM + "\",\"text\":\"" + text + "\",\"ref\":\"" + ref + "\"}";
    }

    @Test
    void pastTheBoundEveryTransportIsRefusedAtOnceAndNothingRefusedIsStoredOrBroadcast() throws Exception {
        try (WsClient listener = WsClient.member(ws("/ws"), "lis", ROOM);
                WsClient flooder = WsClient.member(ws("/ws"), "flo", ROOM);
                WsClient late = WsClient.member(ws("/ws"), "late", ROOM);
                EngineIoWsClient sio =
                        EngineIoWsClient.connect(URI.create(ws("/socket.io/?EIO=4&transport=websocket")))) {
            assertThat((String) sio.next()).startsWith("0{");
            sio.send("40{\"nick\":\"sio\"}");
            assertThat((String) sio.nextSkippingPings()).startsWith("40{");
            sio.send("420[\"join\",{\"room\":\"" + ROOM + "\"}]");
            assertThat(sioAck(sio, 0).has("room")).isTrue();

            store.gate = new CountDownLatch(1);
            // one connection offers the first bound and more: the rest of it is refused at the door
            for (int i = 0; i < FIRST_BOUND + EXTRA; i++) {
                flooder.send(send("m-" + i, "f-" + i));
            }
            Await.until(Duration.ofSeconds(30), () -> refusedTotalNow() == EXTRA, "the extra sends refused");

            // the store is still held: each transport's next send is answered unavailable at once
            late.send(send("refused-ws", "late-1"));
            JsonNode error = late.await(m -> "late-1".equals(m.path("ref").asText()));
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo("unavailable");
            assertThat(error.path("message").asText()).contains("retry");

            sio.send("421[\"message\",{\"room\":\"" + ROOM + "\",\"text\":\"refused-sio\"}]");
            JsonNode sioError = sioAck(sio, 1);
            assertThat(sioError.path("error").asText()).isEqualTo("unavailable");

            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(URI.create(url("/api/rooms/" + ROOM + "/messages")))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"web\",\"text\":\"refused-http\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(503);
            assertThat(post.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
            assertThat(post.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(JSON.readTree(post.body()).path("error").asText()).isEqualTo("unavailable");
            assertThat(refusedTotal()).isEqualTo(EXTRA + 3);

            store.gate.countDown();

            // the flooder: the admitted ones acked, then the refused ones, in command order
            for (int i = 0; i < FIRST_BOUND + EXTRA; i++) {
                String ref = "f-" + i;
                JsonNode answer = flooder.await(m -> ref.equals(m.path("ref").asText()), Duration.ofSeconds(30));
                assertThat(answer.path("type").asText()).as(ref).isEqualTo(i < FIRST_BOUND ? "ack" : "error");
                if (i >= FIRST_BOUND) {
                    assertThat(answer.path("code").asText()).isEqualTo("unavailable");
                }
            }
            // once the backlog is through a send is accepted again; it is published after all the
            // admitted ones, so the listener sees exactly those and then it, and nothing refused
            late.send(send("after", "late-2"));
            assertThat(late.await(m -> "late-2".equals(m.path("ref").asText()))
                            .path("type")
                            .asText())
                    .isEqualTo("ack");
            List<String> heard = new ArrayList<>();
            while (heard.isEmpty() || !heard.get(heard.size() - 1).equals("after")) {
                JsonNode m = listener.await(n -> "message".equals(n.path("type").asText()), Duration.ofSeconds(30));
                heard.add(m.path("message").path("text").asText());
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < FIRST_BOUND; i++) {
                expected.add("m-" + i);
            }
            expected.add("after");
            assertThat(heard).containsExactlyElementsOf(expected);

            List<String> stored = new ArrayList<>();
            store.after(ROOM, 0, 10_000).messages().forEach(m -> stored.add(m.text()));
            assertThat(stored).containsExactlyElementsOf(expected);
        }
    }

    /** The Socket.IO ack of {@code ackId}: its first argument. */
    private static JsonNode sioAck(EngineIoWsClient sio, int ackId) throws Exception {
        while (true) {
            Object f = sio.nextSkippingPings();
            if (f instanceof String s && s.startsWith("43" + ackId + "[")) {
                return JSON.readTree(s.substring(("43" + ackId).length())).get(0);
            }
        }
    }
}
