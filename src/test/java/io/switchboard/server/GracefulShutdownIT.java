package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.PipelinedSender;
import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on a server process while a client is bursting: the shutdown hook closes every WebSocket
 * with 1001, the process exits promptly, and nothing it acknowledged is lost.
 */
class GracefulShutdownIT {
    private static final String ROOM = "drain";
    private static final int BURST = 5_000;
    /**
     * The default rate limit (50/s, burst 100) would refuse most of the burst, and the default
     * outbound limit (1 MiB) could close the bursting client as a slow consumer (1008) first.
     */
    private static final String[] UNTHROTTLED = {"--rate-limit", "1000000", "--rate-burst", "1000000",
            "--max-outbound-bytes", String.valueOf(64 << 20)};

    @TempDir
    Path dataDir;

    @Test
    void sigtermClosesClientsWith1001AndKeepsEveryAcknowledgedMessage() throws Exception {
        Map<String, Long> acked;
        Set<String> sent;
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

                assertThat(burst.awaitClose(Duration.ofSeconds(10))).as("close code seen by the bursting client, reason "
                        + burst.closeReason()).isEqualTo(1001);
                assertThat(burst.closeReason()).isEqualTo("server shutting down");
                assertThat(watcher.awaitClose()).as("close code seen by the watching client, reason "
                        + watcher.closeReason()).isEqualTo(1001);
                assertThat(watcher.closeReason()).isEqualTo("server shutting down");
                assertThat(exit).as("exit value after SIGTERM (JVM: 128 + 15 once the shutdown hooks ran)")
                        .isEqualTo(ServerProcess.SIGTERM_EXIT);

                burst.awaitSenderDone(Duration.ofSeconds(10));
                acked = burst.acks();
                sent = new HashSet<>(burst.sent());
                assertThat(burst.repeatedAcks()).isEmpty();
                assertThat(burst.errors()).as("error events during the burst").isEmpty();
                System.out.printf("GracefulShutdownIT: exit %d after %d ms; %d sent, %d acknowledged before the close%n",
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
                assertThat(stored.put(clientId, id)).as("client id %s stored twice", clientId).isNull();
                assertThat(sent).contains(clientId);
            }
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                assertThat(stored.get(e.getKey())).as("acknowledged message %s after SIGTERM and restart", e.getKey())
                        .isEqualTo(e.getValue());
            }
            System.out.printf("GracefulShutdownIT: %d stored after restart%n", stored.size());
        }
    }
}
