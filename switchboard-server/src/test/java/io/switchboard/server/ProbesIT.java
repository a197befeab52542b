package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.concurrent.EventExecutor;
import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.history.ForwardingHistoryStore;
import io.switchboard.history.HistoryStoreException;
import io.switchboard.history.InMemoryHistoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /readyz}, {@code /healthz} and {@code /livez} of an in-process server on a store the test can break. */
class ProbesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A store whose ping the test makes fail or hang; everything else is an in-memory store's. */
    private static final class BreakableStore extends ForwardingHistoryStore {
        volatile boolean failing;
        /** Non-null while pings hang; counted down to let them (and the storage thread) go. */
        volatile CountDownLatch hang;

        BreakableStore() {
            super(new InMemoryHistoryStore(100));
        }

        @Override
        public void ping() {
            CountDownLatch h = hang;
            if (h != null) {
                try {
                    h.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failing) {
                throw new HistoryStoreException("disk on fire");
            }
        }
    }

    private final BreakableStore store = new BreakableStore();
    private SwitchboardServer server;

    @BeforeEach
    void start() throws InterruptedException {
        ServerConfig config = ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .database(ServerConfig.MEMORY)
                .ioThreads(2)
                .build();
        server = SwitchboardServer.start(config, new Components(store, new InMemoryBroker()));
    }

    @AfterEach
    void stop() {
        CountDownLatch h = store.hang;
        if (h != null) {
            h.countDown();
        }
        server.close();
    }

    @Test
    void readyzIsReadyAndNamesEachCheck() throws Exception {
        HttpResponse<String> res = get("/readyz");

        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.path("status").asText()).isEqualTo("ready");
        assertThat(body.path("checks").path("store").path("ok").asBoolean()).isTrue();
        assertThat(body.path("checks").path("store").path("ms").isIntegralNumber())
                .isTrue();
        assertThat(body.path("checks").path("draining").path("ok").asBoolean()).isTrue();
    }

    @Test
    void readyzTurns503WhenTheStoreFailsAndLivenessDoesNot() throws Exception {
        store.failing = true;

        HttpResponse<String> res = get("/readyz");
        assertThat(res.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.path("status").asText()).isEqualTo("not_ready");
        assertThat(body.path("checks").path("store").path("ok").asBoolean()).isFalse();
        assertThat(body.path("checks").path("store").path("error").asText()).contains("disk on fire");
        assertThat(body.path("checks").path("draining").path("ok").asBoolean()).isTrue();
        assertThat(get("/healthz").statusCode())
                .as("liveness checks no dependency")
                .isEqualTo(200);

        store.failing = false;
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void readyzTurns503WhenTheStoreDoesNotAnswerWithinHalfASecond() throws Exception {
        store.hang = new CountDownLatch(1);

        HttpResponse<String> res = get("/readyz");
        assertThat(res.statusCode()).isEqualTo(503);
        JsonNode store = JSON.readTree(res.body()).path("checks").path("store");
        assertThat(store.path("ok").asBoolean()).isFalse();
        assertThat(store.path("error").asText()).isEqualTo("no answer within 500 ms");
        assertThat(store.path("ms").asLong()).isGreaterThanOrEqualTo(500);

        this.store.hang.countDown();
        this.store.hang = null;
        awaitStatus("/readyz", 200);
    }

    @Test
    void readyzTurns503AtOnceOnShutdownWhileEverythingElseIsStillServed() throws Exception {
        Thread shutdown = new Thread(server::shutdown, "test-shutdown"); // drain delay: the default 5 s
        shutdown.start();
        try {
            awaitStatus("/readyz", 503);
            HttpResponse<String> res = get("/readyz");
            JsonNode checks = JSON.readTree(res.body()).path("checks");
            assertThat(checks.path("draining").path("ok").asBoolean()).isFalse();
            assertThat(checks.path("store").path("ok").asBoolean()).isTrue();
            assertThat(get("/healthz").statusCode()).isEqualTo(200);
            assertThat(get("/api/rooms/lobby/messages").statusCode())
                    .as("the API still answers during the drain delay")
                    .isEqualTo(200);
        } finally {
            shutdown.interrupt(); // ends the delay; the shutdown then closes the server
            shutdown.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(shutdown.isAlive()).isFalse();
    }

    @Test
    void healthzTurns503WhenAnEventLoopIsBlocked() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        EventExecutor loop = server.workerGroup().next();
        loop.execute(() -> {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            // connections are spread over both loops: the one on the free loop answers first, and
            // the blocked loop is the one it cannot reach
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(HttpClient.newHttpClient()
                        .sendAsync(request("/healthz"), HttpResponse.BodyHandlers.ofString()));
            }
            @SuppressWarnings("unchecked")
            HttpResponse<String> first =
                    (HttpResponse<String>) CompletableFuture.anyOf(answers.toArray(CompletableFuture[]::new))
                            .get(30, TimeUnit.SECONDS);

            assertThat(first.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(first.body());
            assertThat(body.path("status").asText()).isEqualTo("unhealthy");
            assertThat(body.path("eventLoops").path("count").asInt()).isEqualTo(2);
            assertThat(body.path("eventLoops").path("blocked").asInt()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        awaitStatus("/healthz", 200);
    }

    @Test
    void healthzAndLivezAnswerWithTheVersion() throws Exception {
        for (String path : List.of("/healthz", "/livez")) {
            HttpResponse<String> res = get(path);
            assertThat(res.statusCode()).as(path).isEqualTo(200);
            JsonNode body = JSON.readTree(res.body());
            assertThat(body.path("status").asText()).isEqualTo("ok");
            assertThat(body.path("version").asText()).isEqualTo(BuildInfo.version());
            assertThat(body.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(body.path("commit").asText()).isEqualTo(BuildInfo.commit());
            assertThat(body.path("eventLoops").path("blocked").asInt()).isZero();
            assertThat(body.has("sessions")).isTrue();
        }
    }

    private void awaitStatus(String path, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int last;
        do {
            last = get(path).statusCode();
            if (last == status) {
                return;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        assertThat(last).as(path).isEqualTo(status);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .build();
    }
}
