package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.switchboard.testing.Await;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * A scripted session against a real server, then its {@code /metrics}: each counter and gauge at the
 * value the session implies. Clients are the real ones: the JDK's WebSocket and HTTP clients and the
 * official Socket.IO Java client.
 */
class MetricsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final String[] TRANSPORTS = {
        "websocket_tutorial", "websocket_native", "sse", "stream", "socketio_websocket", "socketio_polling"
    };

    @Test
    void aSessionOnEveryTransportShowsInTheCountersAndGauges() throws Exception {
        Scrape afterClose;
        try (TestServer server =
                new TestServer(b -> b.database(ServerConfig.MEMORY).rateLimit(10_000, 10_000))) {
            HttpResponse<InputStream> sse = open(server, "/api/rooms/lobby/events");
            HttpResponse<InputStream> ndjson = open(server, "/api/rooms/lobby/stream");
            try (WsClient tutorial = WsClient.connect(server.ws("/"));
                    WsClient nativeWs = WsClient.member(server.ws("/ws"), "nat", "lobby");
                    SioClient sioWs = SioClient.connect(server, "websocket");
                    SioClient sioPolling = SioClient.connect(server, "polling")) {
                sioWs.join("lobby");
                sioPolling.join("lobby");
                Scrape open = awaitScrape(server, s -> {
                    for (String t : TRANSPORTS) {
                        if (s.value("switchboard_connections", "transport", t) != 1) {
                            return false;
                        }
                    }
                    return s.value("switchboard_rooms") == 1;
                });
                for (String t : TRANSPORTS) {
                    assertThat(open.value("switchboard_connections_opened_total", "transport", t))
                            .as(t)
                            .isEqualTo(1);
                }

                tutorial.send("from the tutorial");
                nativeWs.send("{\"type\":\"send\",\"room\":\"lobby\",\"text\":\"from native\"}");
                nativeWs.awaitType("ack");
                sioWs.send("lobby", "from socket.io ws");
                sioPolling.send("lobby", "from socket.io polling");
                long last = post(server, "lobby", "from http");
                // a long-poll that has its answer at once: one longpoll connection, opened and closed
                HttpResponse<String> polled = get(server, "/api/rooms/lobby/messages?after=" + (last - 1) + "&wait=5");
                assertThat(polled.statusCode()).isEqualTo(200);
                // a resume inside the history, and one past its end
                get(server, "/api/rooms/lobby/messages?after=" + (last - 1));
                open(server, "/api/rooms/lobby/events?after=" + (last - 2))
                        .body()
                        .close();
                open(server, "/api/rooms/lobby/events?after=" + (last + 1000))
                        .body()
                        .close();

                Scrape s = awaitScrape(
                        server,
                        x -> x.value("switchboard_deliveries_total", "transport", "sse") >= 5
                                && x.value("switchboard_connections", "transport", "sse") == 1
                                && x.value(
                                                "switchboard_connections_closed_total",
                                                "transport",
                                                "longpoll",
                                                "reason",
                                                "normal")
                                        == 1);
                for (String t : new String[] {
                    "websocket_tutorial", "websocket_native", "socketio_websocket", "socketio_polling", "http"
                }) {
                    assertThat(s.value("switchboard_messages_received_total", "transport", t))
                            .as(t)
                            .isEqualTo(1);
                }
                assertThat(s.value("switchboard_messages_stored_total")).isEqualTo(5);
                // five messages reached every listener (presence events add to the WebSocket ones)
                for (String t : TRANSPORTS) {
                    assertThat(s.value("switchboard_deliveries_total", "transport", t))
                            .as(t)
                            .isGreaterThanOrEqualTo(5);
                }
                assertThat(s.value("switchboard_connections_opened_total", "transport", "longpoll"))
                        .isEqualTo(1);
                assertThat(s.value("switchboard_connections", "transport", "longpoll"))
                        .isZero();
                assertThat(s.value("switchboard_connections_opened_total", "transport", "sse"))
                        .isEqualTo(3);
                assertThat(s.value("switchboard_connections_closed_total", "transport", "sse", "reason", "normal"))
                        .isEqualTo(2);
                // the long-poll, the plain poll and the SSE resume each resumed from a position inside the history
                assertThat(s.value("switchboard_recovery_total", "result", "exact"))
                        .isEqualTo(3);
                assertThat(s.value("switchboard_recovery_total", "result", "reset"))
                        .isEqualTo(1);
                assertThat(s.value("switchboard_rooms")).isEqualTo(1);
                assertThat(s.value("switchboard_room_members_count")).isEqualTo(1);
                assertThat(s.value("switchboard_room_members_sum")).isGreaterThanOrEqualTo(6);
                assertThat(s.value("switchboard_storage_batch_size_sum")).isEqualTo(5);
                assertThat(s.value("switchboard_storage_append_seconds_count")).isPositive();
                assertThat(s.value("switchboard_storage_errors_total")).isZero();
                assertThat(s.value("switchboard_outbound_queue_bytes_count")).isEqualTo(3);
                assertThat(s.value("switchboard_deliveries_dropped_total", "reason", "slow_consumer"))
                        .isZero();
                assertThat(s.value("switchboard_rate_limited_total")).isZero();
                assertThat(s.has(
                                "switchboard_build_info", "version", BuildInfo.version(), "commit", BuildInfo.commit()))
                        .as(s.text())
                        .isTrue();
                assertThat(s.value("jvm_threads_current")).isPositive();
                assertThat(s.has("process_cpu_seconds_total")).isTrue();
                assertThat(s.has("switchboard_netty_allocator_used_bytes", "memory", "direct"))
                        .isTrue();

                nativeWs.close();
                awaitScrape(
                        server,
                        x -> x.value(
                                                "switchboard_connections_closed_total",
                                                "transport",
                                                "websocket_native",
                                                "reason",
                                                "normal")
                                        == 1
                                && x.value("switchboard_connections", "transport", "websocket_native") == 0);
                awaitScrape(server, x -> x.value("switchboard_eventloop_task_delay_seconds_count") > 0);
            }
            awaitScrape(
                    server,
                    x -> x.value("switchboard_connections", "transport", "socketio_websocket") == 0
                            && x.value("switchboard_connections", "transport", "websocket_tutorial") == 0);
            // a restart: the streams still open are closed by the shutdown, and the next server starts at zero
            server.server().close();
            afterClose = scrape(server.server());
            sse.body().close();
            ndjson.body().close();
        }
        assertThat(afterClose.value(
                        "switchboard_connections_closed_total", "transport", "stream", "reason", "shutdown"))
                .isEqualTo(1);
        assertThat(afterClose.value("switchboard_connections_closed_total", "transport", "sse", "reason", "shutdown"))
                .isEqualTo(1);
        for (String t : TRANSPORTS) {
            assertThat(afterClose.value("switchboard_connections", "transport", t))
                    .as(t)
                    .isZero();
        }
        try (TestServer restarted = new TestServer(b -> b.database(ServerConfig.MEMORY))) {
            Scrape fresh = new Scrape(get(restarted, "/metrics").body());
            assertThat(fresh.value("switchboard_messages_stored_total")).isZero();
            assertThat(fresh.value("switchboard_connections_opened_total", "transport", "sse"))
                    .isZero();
        }
    }

    @Test
    void aRateLimitHitIsCounted() throws Exception {
        // one token and practically no refill: the first command passes, the rest are refused
        try (TestServer server = new TestServer(b -> b.rateLimit(0.001, 1));
                WsClient ws = WsClient.connect(server.ws("/ws"))) {
            ws.awaitType("welcome");
            ws.send("{\"type\":\"join\",\"room\":\"r\"}");
            ws.awaitType("joined");
            ws.send("{\"type\":\"join\",\"room\":\"q\"}");
            ws.awaitType("error");
            ws.send("{\"type\":\"join\",\"room\":\"q\"}");
            ws.awaitType("error");
            Scrape s = new Scrape(get(server, "/metrics").body());
            assertThat(s.value("switchboard_rate_limited_total")).isEqualTo(2);
        }
    }

    @Test
    void aSlowConsumerIsClosedAndCountedWithItsReason() throws Exception {
        // a flood from one address: lift the per-address command limit, which would throttle it first
        try (TestServer server = new TestServer(b -> b.maxOutboundBytes(256 * 1024)
                        .rateLimit(100_000, 100_000)
                        .maxCommandsPerIp(1_000_000)
                        .database(ServerConfig.MEMORY));
                WsClient writer = WsClient.member(server.ws("/ws"), "writer", "flood");
                WsClient stalled = WsClient.connectPaused(server.ws("/ws"))) {
            stalled.send("{\"type\":\"join\",\"room\":\"flood\"}");
            awaitScrape(server, s -> s.value("switchboard_room_members_sum") == 2);
            String text = "z".repeat(3900);
            for (int i = 0; i < 6000 && server.server().hub().sessionCount() == 2; i++) {
                writer.socket()
                        .sendText("{\"type\":\"send\",\"room\":\"flood\",\"text\":\"" + text + "\"}", true)
                        .join();
                if (i % 32 == 31) {
                    writer.awaitType("ack");
                }
            }
            Scrape s = awaitScrape(
                    server,
                    x -> x.value(
                                            "switchboard_connections_closed_total",
                                            "transport",
                                            "websocket_native",
                                            "reason",
                                            "slow_consumer")
                                    == 1
                            // the gauge drops when the channel has closed, a moment after the count
                            && x.value("switchboard_connections", "transport", "websocket_native") == 1);
            assertThat(s.value("switchboard_deliveries_dropped_total", "reason", "slow_consumer"))
                    .isGreaterThanOrEqualTo(1);
            stalled.request(Long.MAX_VALUE);
        }
    }

    @Test
    void openMetricsIsServedWhenTheAcceptHeaderAsksForIt() throws Exception {
        try (TestServer server = new TestServer()) {
            HttpResponse<String> om = HTTP.send(
                    HttpRequest.newBuilder(URI.create(server.http("/metrics")))
                            .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(om.statusCode()).isEqualTo(200);
            assertThat(om.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
            assertThat(om.body())
                    .contains("# TYPE switchboard_connections_opened counter")
                    .endsWith("# EOF\n");

            HttpResponse<String> text = get(server, "/metrics");
            assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(text.body())
                    .contains("# TYPE switchboard_connections_opened_total counter")
                    .doesNotContain("# EOF");
        }
    }

    @Test
    void metricsCanBeTurnedOffOrMovedToAPortOfTheirOwn() throws Exception {
        try (TestServer off = new TestServer(b -> b.metrics(MetricsSettings.OFF))) {
            assertThat(get(off, "/metrics").statusCode()).isEqualTo(404);
        }
        try (TestServer moved = new TestServer(b -> b.metrics(new MetricsSettings(true, 0)))) {
            assertThat(get(moved, "/metrics").statusCode()).isEqualTo(404);
            int port = moved.server().metricsPort();
            HttpResponse<String> res = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).contains("switchboard_connections_opened_total");
        }
    }

    private static Scrape scrape(SwitchboardServer server) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, server.metricsRegistry().scrape());
        return new Scrape(out.toString(StandardCharsets.UTF_8));
    }

    /** Scrapes {@code /metrics} until the scrape matches (bounded), and returns that scrape. */
    private static Scrape awaitScrape(TestServer server, Predicate<Scrape> match) {
        AtomicReference<Scrape> last = new AtomicReference<>();
        try {
            Await.until(
                    Duration.ofSeconds(30),
                    () -> {
                        last.set(scrape(server));
                        return match.test(last.get());
                    },
                    "a scrape that matches");
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; the last:\n" + last.get().text(), e);
        }
        return last.get();
    }

    private static Scrape scrape(TestServer server) {
        try {
            HttpResponse<String> res = get(server, "/metrics");
            assertThat(res.statusCode()).isEqualTo(200);
            return new Scrape(res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> get(TestServer server, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.http(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<InputStream> open(TestServer server, String path) throws Exception {
        HttpResponse<InputStream> res = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.http(path))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        return res;
    }

    private static long post(TestServer server, String room, String text) throws Exception {
        HttpResponse<String> res = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.http("/api/rooms/" + room + "/messages")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"h\",\"text\":\"" + text + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(201);
        return new JSONObject(res.body()).getLong("id");
    }

    /** The official Socket.IO client on one transport only. */
    private record SioClient(Socket socket) implements AutoCloseable {
        static SioClient connect(TestServer server, String transport) throws Exception {
            IO.Options options = new IO.Options();
            options.forceNew = true;
            options.reconnection = false;
            options.upgrade = false;
            options.transports = new String[] {transport};
            options.auth = Map.of("nick", transport);
            Socket socket = IO.socket(URI.create(server.http("")), options);
            CountDownLatch connected = new CountDownLatch(1);
            socket.on(Socket.EVENT_CONNECT, args -> connected.countDown());
            socket.connect();
            assertThat(connected.await(10, TimeUnit.SECONDS))
                    .as("Socket.IO connected")
                    .isTrue();
            return new SioClient(socket);
        }

        void join(String room) throws Exception {
            call("join", new JSONObject().put("room", room));
        }

        void send(String room, String text) throws Exception {
            call("message", new JSONObject().put("room", room).put("text", text));
        }

        private void call(String event, JSONObject arg) throws Exception {
            CompletableFuture<JSONObject> answer = new CompletableFuture<>();
            socket.emit(event, new Object[] {arg}, args -> answer.complete((JSONObject) args[0]));
            JSONObject a = answer.get(10, TimeUnit.SECONDS);
            assertThat(a.has("error")).as("%s answered %s", event, a).isFalse();
        }

        @Override
        public void close() {
            socket.disconnect();
            socket.close();
        }
    }
}
