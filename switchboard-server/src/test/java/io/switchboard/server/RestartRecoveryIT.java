package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that reconnects after the server process was stopped and started again resumes from its
 * last id and epoch: on the same data folder it gets exactly what it missed, on a wiped one it is
 * told that its position is gone.
 */
class RestartRecoveryIT {
    private static final String ROOM = "r";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @TempDir
    Path emptyDataDir;

    @Test
    void reconnectAfterRestartGetsExactlyTheMissedMessages() {
        List<Long> missedIds = new ArrayList<>();
        List<String> missedTexts = new ArrayList<>();
        String epoch;
        long bobLastId;
        long aliceLastId;

        try (ServerProcess first = ServerProcess.start(dataDir)) {
            try (WsClient alice = WsClient.connect(first.ws("/ws"))) {
                epoch = alice.awaitType("welcome").path("epoch").asText();
                assertThat(epoch).isNotEmpty();
                join(alice, ROOM);
                try (WsClient bob = WsClient.connect(first.ws("/ws"))) {
                    bob.awaitType("welcome");
                    assertThat(join(bob, ROOM).path("epoch").asText()).isEqualTo(epoch);
                    send(alice, "seen-1", "seen by bob 1");
                    long seen = send(alice, "seen-2", "seen by bob 2");
                    bobLastId = bob.await(n -> "message".equals(n.path("type").asText())
                                    && n.path("message").path("id").asLong() == seen)
                            .path("message")
                            .path("id")
                            .asLong();
                } // bob disconnects
                for (int i = 1; i <= 5; i++) {
                    missedTexts.add("before restart " + i);
                    missedIds.add(send(alice, "before-" + i, "before restart " + i));
                }
                aliceLastId = missedIds.get(missedIds.size() - 1);
                assertThat(first.terminate(EXIT_TIMEOUT))
                        .as("exit value after SIGTERM")
                        .isEqualTo(ServerProcess.SIGTERM_EXIT);
                assertThat(alice.awaitClose()).isEqualTo(1001);
            }
        }

        try (ServerProcess second = ServerProcess.start(dataDir)) {
            try (WsClient alice = WsClient.connect(second.ws("/ws"))) {
                assertThat(alice.awaitType("welcome").path("epoch").asText())
                        .as("epoch of the same store")
                        .isEqualTo(epoch);
                JsonNode resumed = joinAfter(alice, ROOM, aliceLastId, epoch);
                assertThat(resumed.has("reset")).isFalse();
                assertThat(resumed.path("messages")).as("alice missed nothing").isEmpty();
                for (int i = 1; i <= 3; i++) {
                    missedTexts.add("after restart " + i);
                    missedIds.add(send(alice, "after-" + i, "after restart " + i));
                }
            }
            try (WsClient bob = WsClient.connect(second.ws("/ws"))) {
                bob.awaitType("welcome");
                JsonNode joined = joinAfter(bob, ROOM, bobLastId, epoch);
                assertThat(joined.has("reset"))
                        .as("a resume within the same epoch is no reset: " + joined)
                        .isFalse();
                assertThat(joined.path("epoch").asText()).isEqualTo(epoch);
                assertThat(joined.path("more").asBoolean()).isFalse();
                List<Long> ids = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                joined.path("messages").forEach(m -> {
                    ids.add(m.path("id").asLong());
                    texts.add(m.path("text").asText());
                });
                assertThat(ids)
                        .as("exactly the missed messages, in order, once each")
                        .containsExactlyElementsOf(missedIds);
                assertThat(texts).containsExactlyElementsOf(missedTexts);
                assertThat(ids).isSorted().doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void wipedStoreTellsTheClientItCannotResume() {
        String oldEpoch;
        long bobLastId;
        try (ServerProcess first = ServerProcess.start(dataDir)) {
            try (WsClient alice = WsClient.connect(first.ws("/ws"));
                    WsClient bob = WsClient.connect(first.ws("/ws"))) {
                alice.awaitType("welcome");
                bob.awaitType("welcome");
                join(alice, ROOM);
                oldEpoch = join(bob, ROOM).path("epoch").asText();
                send(alice, "old-1", "old 1");
                long last = send(alice, "old-2", "old 2");
                bobLastId = bob.await(n -> "message".equals(n.path("type").asText())
                                && n.path("message").path("id").asLong() == last)
                        .path("message")
                        .path("id")
                        .asLong();
            }
            assertThat(first.terminate(EXIT_TIMEOUT)).isEqualTo(ServerProcess.SIGTERM_EXIT);
        }

        try (ServerProcess wiped = ServerProcess.start(emptyDataDir)) {
            String newEpoch;
            long newId;
            try (WsClient alice = WsClient.connect(wiped.ws("/ws"))) {
                newEpoch = alice.awaitType("welcome").path("epoch").asText();
                assertThat(newEpoch)
                        .as("a new store is a new epoch")
                        .isNotEqualTo(oldEpoch)
                        .isNotEmpty();
                join(alice, ROOM);
                newId = send(alice, "new-1", "after the wipe");
            }
            try (WsClient bob = WsClient.connect(wiped.ws("/ws"))) {
                bob.awaitType("welcome");
                JsonNode joined = joinAfter(bob, ROOM, bobLastId, oldEpoch);
                assertThat(joined.path("reset").asText())
                        .as("reset in " + joined)
                        .isNotEmpty();
                assertThat(joined.path("epoch").asText()).isEqualTo(newEpoch);
                assertThat(joined.path("messages"))
                        .as("the latest messages instead of a silent gap")
                        .hasSize(1);
                JsonNode latest = joined.path("messages").get(0);
                assertThat(latest.path("id").asLong()).isEqualTo(newId);
                assertThat(latest.path("text").asText()).isEqualTo("after the wipe");
            }
        }
    }

    private static JsonNode join(WsClient client, String room) {
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"ref\":\"j\"}");
        return client.await(n -> "joined".equals(n.path("type").asText())
                && "j".equals(n.path("ref").asText()));
    }

    private static JsonNode joinAfter(WsClient client, String room, long after, String epoch) {
        client.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"after\":" + after + ",\"epoch\":\"" + epoch
                + "\",\"limit\":100,\"ref\":\"resume\"}");
        return client.await(n -> "joined".equals(n.path("type").asText())
                && "resume".equals(n.path("ref").asText()));
    }

    /** Sends and waits for the ack; returns the stored id. */
    private static long send(WsClient client, String clientId, String text) {
        client.send("{\"type\":\"send\",\"room\":\"" + ROOM + "\",\"clientId\":\"" + clientId + "\",\"text\":\"" + text
                + "\"}");
        JsonNode ack = client.await(n -> "ack".equals(n.path("type").asText())
                && clientId.equals(n.path("clientId").asText()));
        assertThat(ack.path("duplicate").asBoolean()).isFalse();
        return ack.path("id").asLong();
    }
}
