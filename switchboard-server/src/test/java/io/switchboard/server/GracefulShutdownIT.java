package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EngineIoWsClient;
import io.switchboard.testing.PipelinedSender;
import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on a server process while a client is bursting: the shutdown hook closes every WebSocket
 * with 1001, the process exits promptly, and nothing it acknowledged is lost. Socket.IO clients get
 * the Engine.IO close packet ("server shutting down") first.
 */
class GracefulShutdownIT {
    private static final String ROOM = "drain";
    private static final int BURST = 5_000;
    /**
     * The default rate limits (50/s, burst 100, per connection; 1000/s per address) would refuse
     * most of the burst, and the default outbound limit (1 MiB) could close the bursting client as
     * a slow consumer (1008) first; the storage admission bound is widened too, though before the
     * store's first measured batch it admits one batch (512) and refuses the rest of a burst.
     */
    private static final String[] UNTHROTTLED = {
        "--rate-limit",
        "1000000",
        "--rate-burst",
        "1000000",
        "--max-commands-per-ip",
        "1000000",
        "--max-outbound-bytes",
        String.valueOf(64 << 20),
        "--max-storage-wait-ms",
        "60000"
    };

    @TempDir
    Path dataDir;

    @Test
    void sigtermClosesClientsWith1001AndKeepsEveryAcknowledgedMessage() throws Exception {
        Map<String, Long> acked;
        Set<String> sent;
        int refused;
        try (ServerProcess server = ServerProcess.start(dataDir, UNTHROTTLED)) {
            try (WsClient watcher = WsClient.connect(server.ws("/ws"));
                    PipelinedSender burst = PipelinedSender.join(server.ws("/ws"), ROOM)) {
                watcher.awaitType("welcome");
                watcher.send("{\"type\":\"join\",\"room\":\"" + ROOM + "\"}");
                watcher.awaitType("joined");

                burst.start("burst-", BURST, BURST); // no waiting for acks
                burst.ackedAtLeast(100).get(20, TimeUnit.SECONDS);

                long start = System.nanoTime();
                int exit = server.terminate(Duration.ofSeconds(10));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                assertThat(burst.awaitClose(Duration.ofSeconds(10)))
                        .as("close code seen by the bursting client, reason " + burst.closeReason())
                        .isEqualTo(1001);
                assertThat(burst.closeReason()).isEqualTo("server shutting down");
                assertThat(watcher.awaitClose())
                        .as("close code seen by the watching client, reason " + watcher.closeReason())
                        .isEqualTo(1001);
                assertThat(watcher.closeReason()).isEqualTo("server shutting down");
                assertThat(exit)
                        .as("exit value after SIGTERM (JVM: 128 + 15 once the shutdown hooks ran)")
                        .isEqualTo(ServerProcess.SIGTERM_EXIT);

                burst.awaitSenderDone(Duration.ofSeconds(10));
                acked = burst.acks();
                sent = new HashSet<>(burst.sent());
                assertThat(burst.repeatedAcks()).isEmpty();
                // a burst sent without waiting may outrun the store's admission bound: those sends are
                // refused `unavailable` at once and never stored; any other error is a failure
                refused = burst.errors().size();
                assertThat(burst.errors())
                        .as("error events during the burst other than admission refusals")
                        .allMatch(e -> e.path("code").asText().equals("unavailable"));
                System.out.printf(
                        "GracefulShutdownIT: exit %d after %d ms; %d sent, %d acknowledged before the close%n",
                        exit, millis, sent.size(), acked.size());
            }
        }

        try (ServerProcess restarted = ServerProcess.start(dataDir, UNTHROTTLED)) {
            List<JsonNode> history = restarted.history(ROOM);
            Map<String, Long> stored = new HashMap<>();
            long previous = 0;
            for (JsonNode m : history) {
                long id = m.path("id").asLong();
                assertThat(id).as("ids strictly increasing").isGreaterThan(previous);
                previous = id;
                String clientId = m.path("clientId").asText();
                assertThat(stored.put(clientId, id))
                        .as("client id %s stored twice", clientId)
                        .isNull();
                assertThat(sent).contains(clientId);
            }
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                assertThat(stored.get(e.getKey()))
                        .as("acknowledged message %s after SIGTERM and restart", e.getKey())
                        .isEqualTo(e.getValue());
            }
            assertThat(stored.size() + refused)
                    .as("stored plus refused, against sent: a refused send is never stored")
                    .isLessThanOrEqualTo(sent.size());
            System.out.printf("GracefulShutdownIT: %d stored after restart, %d refused%n", stored.size(), refused);
        }
    }

    @Test
    void sigtermSendsSocketIoClientsTheEngineIoClosePacket() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            String base = "http://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=polling";
            try (EngineIoWsClient ws =
                    EngineIoWsClient.connect(URI.create(server.ws("/socket.io/?EIO=4&transport=websocket")))) {
                assertThat((String) ws.next()).startsWith("0{\"sid\":");
                ws.send("40");
                assertThat((String) ws.nextSkippingPings()).startsWith("40{\"sid\":");
                // the chat on the main namespace greets every socket
                assertThat((String) ws.nextSkippingPings()).startsWith("42[\"welcome\",");

                String open = http.send(
                                HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString())
                        .body();
                String sid = open.substring(9, open.indexOf('"', 9));
                URI session = URI.create(base + "&sid=" + sid);
                assertThat(http.send(
                                        HttpRequest.newBuilder(session)
                                                .POST(HttpRequest.BodyPublishers.ofString("40"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())
                        .isEqualTo("ok");
                assertThat(http.send(HttpRequest.newBuilder(session).build(), HttpResponse.BodyHandlers.ofString())
                                .body())
                        .startsWith("40{\"sid\":");
                CompletableFuture<HttpResponse<String>> poll = http.sendAsync(
                        HttpRequest.newBuilder(session)
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                // the server is another process: no state of it to await, so a pause lets the poll be
                // held before SIGTERM, which is the case this test is about
                Thread.sleep(100);
                assertThat(poll).as("the poll waits").isNotDone();

                int exit = server.terminate(Duration.ofSeconds(10));

                assertThat(poll.get(5, TimeUnit.SECONDS).body())
                        .as("the waiting poll gets the close packet")
                        .isEqualTo("1");
                assertThat(ws.nextSkippingPings())
                        .as("the Socket.IO WebSocket gets the close packet")
                        .isEqualTo("1");
                assertThat(ws.awaitClose(Duration.ofSeconds(5))).isEqualTo(1001);
                assertThat(exit).isEqualTo(ServerProcess.SIGTERM_EXIT);
            }
        }
    }
}
