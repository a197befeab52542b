package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.PipelinedSender;
import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a server process in the middle of a pipelined stream of sends: every message
 * the server acknowledged is in the history after a restart on the same data folder, once, with
 * the acknowledged id; and the client ids survive the crash (a resend is recognised as a duplicate).
 */
class CrashRecoveryIT {
    /** Override with {@code -Dsb.seed=N} to replay another run; printed by the test. */
    private static final long SEED = Long.getLong("sb.seed", 0x5B_C0DEL);

    private static final String ROOM = "crash";
    /** One client across connections: its client ids are scoped to it, so a resend is recognised. */
    private static final String SENDER = "/ws?client=crash-test-sender";

    private static final int ROUNDS = 3;
    private static final int IN_FLIGHT = 64;
    /** The default rate limits (50/s, burst 100, a connection; 1000/s an address) would refuse a pipelined stream. */
    private static final String[] UNTHROTTLED = {
        "--rate-limit", "1000000", "--rate-burst", "1000000", "--max-commands-per-ip", "1000000"
    };

    @TempDir
    Path dataDir;

    @Test
    void killMinusNineLosesNoAcknowledgedMessage() throws Exception {
        Random random = new Random(SEED);
        System.out.println("CrashRecoveryIT seed " + SEED);
        // every client id the room has stored so far, with its id; grows round by round
        Map<String, Long> stored = new LinkedHashMap<>();
        ServerProcess server = ServerProcess.start(dataDir, UNTHROTTLED);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                int killAfter = 300 + random.nextInt(501);
                String prefix = "r" + round + "-";

                List<String> sent;
                Map<String, Long> acked;
                try (PipelinedSender stream = PipelinedSender.join(server.ws(SENDER), ROOM)) {
                    stream.start(prefix, 1_000_000, IN_FLIGHT);
                    stream.ackedAtLeast(killAfter).get(20, TimeUnit.SECONDS);
                    server.kill9(); // from this thread, while the sender thread keeps streaming
                    assertThat(stream.awaitClose(Duration.ofSeconds(10)))
                            .as("a killed server closes no WebSocket politely")
                            .isEqualTo(1006);
                    stream.awaitSenderDone(Duration.ofSeconds(10));
                    sent = stream.sent();
                    acked = stream.acks();
                    assertThat(stream.repeatedAcks())
                            .as("client ids acknowledged twice on one connection")
                            .isEmpty();
                    assertThat(stream.errors())
                            .as("error events during the stream")
                            .isEmpty();
                }
                assertThat(acked.size()).isGreaterThanOrEqualTo(killAfter);
                assertThat(sent).containsAll(acked.keySet());

                server.close();
                server = ServerProcess.start(dataDir, UNTHROTTLED);

                // 1. the history after the crash
                List<JsonNode> history = server.history(ROOM);
                Map<String, Long> found = assertWellFormed(history);
                for (Map.Entry<String, Long> e : stored.entrySet()) {
                    assertThat(found.get(e.getKey()))
                            .as("message %s stored before this round", e.getKey())
                            .isEqualTo(e.getValue());
                }
                for (Map.Entry<String, Long> e : acked.entrySet()) {
                    assertThat(found.get(e.getKey()))
                            .as("acknowledged message %s after kill -9 (round %d)", e.getKey(), round)
                            .isEqualTo(e.getValue());
                }
                for (String clientId : found.keySet()) {
                    assertThat(stored.containsKey(clientId) || sent.contains(clientId))
                            .as("stored message %s was sent by this test", clientId)
                            .isTrue();
                }
                for (JsonNode m : history) {
                    assertThat(m.path("text").asText())
                            .isEqualTo(
                                    PipelinedSender.textFor(m.path("clientId").asText()));
                }

                // 2. resend what was never acknowledged, with the same client ids
                List<String> unacked = new ArrayList<>();
                for (String clientId : sent) {
                    if (!acked.containsKey(clientId)) {
                        unacked.add(clientId);
                    }
                }
                long lastId = history.isEmpty()
                        ? 0
                        : history.get(history.size() - 1).path("id").asLong();
                int survived = 0;
                try (WsClient client = WsClient.connect(server.ws(SENDER))) {
                    client.awaitType("welcome");
                    client.send("{\"type\":\"join\",\"room\":\"" + ROOM + "\",\"limit\":1}");
                    client.awaitType("joined");
                    for (String clientId : unacked) {
                        client.send("{\"type\":\"send\",\"room\":\"" + ROOM + "\",\"clientId\":\"" + clientId
                                + "\",\"text\":\"" + PipelinedSender.textFor(clientId) + "\"}");
                        JsonNode ack =
                                client.await(n -> "ack".equals(n.path("type").asText())
                                        && clientId.equals(n.path("clientId").asText()));
                        Long before = found.get(clientId);
                        if (before != null) {
                            survived++;
                            assertThat(ack.path("duplicate").asBoolean())
                                    .as("resend of %s, stored before the kill though never acknowledged", clientId)
                                    .isTrue();
                            assertThat(ack.path("id").asLong()).isEqualTo(before);
                        } else {
                            assertThat(ack.path("duplicate").asBoolean())
                                    .as("resend of %s, lost with the kill", clientId)
                                    .isFalse();
                            assertThat(ack.path("id").asLong()).isGreaterThan(lastId);
                            lastId = ack.path("id").asLong();
                        }
                        found.put(clientId, ack.path("id").asLong());
                    }
                }
                stored.putAll(found);

                // 3. now the room holds every message sent so far, each once
                Map<String, Long> after = assertWellFormed(server.history(ROOM));
                assertThat(after).as("history after the resends").isEqualTo(stored);

                System.out.printf(
                        "CrashRecoveryIT round %d: killed after %d acks (target %d), %d sent, %d unacknowledged"
                                + " of which %d had been stored; room now %d messages%n",
                        round, acked.size(), killAfter, sent.size(), unacked.size(), survived, stored.size());
            }
        } finally {
            server.close();
        }
    }

    /** Ids strictly increasing, each message with a client id, no client id twice; returns client id → id. */
    private static Map<String, Long> assertWellFormed(List<JsonNode> history) {
        Map<String, Long> byClientId = new HashMap<>();
        long previous = 0;
        for (JsonNode m : history) {
            long id = m.path("id").asLong();
            assertThat(id).as("ids strictly increasing").isGreaterThan(previous);
            previous = id;
            String clientId = m.path("clientId").asText(null);
            assertThat(clientId).as("message %d has a client id", id).isNotNull();
            Long earlier = byClientId.put(clientId, id);
            assertThat(earlier)
                    .as("client id %s stored twice (ids %s and %d)", clientId, earlier, id)
                    .isNull();
        }
        return byClientId;
    }
}
