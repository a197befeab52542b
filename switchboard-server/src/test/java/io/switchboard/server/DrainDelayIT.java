package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM with {@code --drain-delay 3}: {@code /readyz} answers 503 at once, yet for the delay the
 * server keeps serving its WebSocket clients and takes new ones; then every client gets 1001.
 */
class DrainDelayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void sigtermTurnsReadyzTo503WhileClientsAreServedUntilTheDelayEnds() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir, "--database", "memory", "--drain-delay", "3")) {
            HttpClient http = HttpClient.newHttpClient();
            URI readyz = URI.create("http://127.0.0.1:" + server.port() + "/readyz");
            assertThat(http.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            try (WsClient alice = WsClient.member(server.ws("/ws"), "alice", "lobby")) {
                CompletableFuture<Integer> exit =
                        CompletableFuture.supplyAsync(() -> server.terminate(Duration.ofSeconds(60)));

                HttpResponse<String> notReady = awaitNotReady(http, readyz);
                JsonNode checks = JSON.readTree(notReady.body()).path("checks");
                assertThat(checks.path("draining").path("ok").asBoolean()).isFalse();

                // still served: an existing client's message, and a new connection
                alice.send("{\"type\":\"send\",\"room\":\"lobby\",\"text\":\"still here\",\"ref\":\"r1\"}");
                alice.await(n -> "ack".equals(n.path("type").asText()));
                try (WsClient bob = WsClient.connect(server.ws("/ws"))) {
                    bob.awaitType("welcome");

                    assertThat(alice.awaitClose(Duration.ofSeconds(30))).isEqualTo(1001);
                    assertThat(bob.awaitClose(Duration.ofSeconds(30))).isEqualTo(1001);
                }
                assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(ServerProcess.SIGTERM_EXIT);
            }
        }
    }

    private static HttpResponse<String> awaitNotReady(HttpClient http, URI readyz) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> res =
                    http.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 503 || System.nanoTime() > deadline) {
                assertThat(res.statusCode()).isEqualTo(503);
                return res;
            }
        }
    }
}
