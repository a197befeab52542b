package io.switchboard.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The native protocol at {@code /ws} (docs/protocol.md), with the JDK WebSocket client. */
class NativeEndpointIT {
    private static final AtomicInteger ROOMS = new AtomicInteger();

    @AutoClose
    private static final TestServer server = TestServer.start(b -> b.rateLimit(10_000, 10_000));

    /** Every test gets a room of its own. */
    private static String freshRoom() {
        return "room-" + ROOMS.incrementAndGet();
    }

    private static WsClient user(String nick) {
        WsClient c = WsClient.connect(server.ws("/ws"));
        JsonNode welcome = c.awaitType("welcome");
        assertThat(welcome.path("sessionId").asText()).startsWith("s-");
        assertThat(welcome.path("protocol").asInt()).isEqualTo(1);
        c.send("{\"type\":\"nick\",\"nick\":\"" + nick + "\",\"ref\":\"n\"}");
        assertThat(c.awaitType("nick").path("nick").asText()).isEqualTo(nick);
        return c;
    }

    private static JsonNode join(WsClient c, String room, Long after) {
        c.send("{\"type\":\"join\",\"room\":\"" + room + "\"" + (after == null ? "" : ",\"after\":" + after) + "}");
        return c.awaitType("joined");
    }

    private static long send(WsClient c, String room, String text) {
        c.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"" + text + "\"}");
        return c.awaitType("ack").path("id").asLong();
    }

    @Test
    void aSendFollowedAtOnceByLeaveIsAnsweredInCommandOrderEveryTime() {
        String room = freshRoom();
        try (WsClient alice = user("alice")) {
            for (int i = 0; i < 200; i++) {
                join(alice, room, null);
                // pipelined: the leave goes out before the send's ack has come back
                alice.send(
                        "{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"m" + i + "\",\"ref\":\"s" + i + "\"}");
                alice.send("{\"type\":\"leave\",\"room\":\"" + room + "\",\"ref\":\"l" + i + "\"}");
                List<String> seen = new ArrayList<>();
                JsonNode event;
                do {
                    event = alice.await(n -> List.of("ack", "message", "left", "error")
                            .contains(n.path("type").asText()));
                    String type = event.path("type").asText();
                    seen.add(
                            type.equals("message")
                                    ? "message "
                                            + event.path("message").path("text").asText()
                                    : type + " " + event.path("ref").asText());
                } while (!event.path("type").asText().equals("left") && seen.size() < 3);
                assertThat(seen).as("iteration %d", i).containsExactly("ack s" + i, "message m" + i, "left l" + i);
            }
        }
    }

    @Test
    void aSendRightAfterAJoinIsAcceptedAndAnsweredAfterTheJoin() {
        try (WsClient alice = user("alice")) {
            for (int i = 0; i < 50; i++) {
                String room = freshRoom();
                // pipelined: the send goes out before the join's answer has come back
                alice.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"ref\":\"j" + i + "\"}");
                alice.send(
                        "{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"m" + i + "\",\"ref\":\"s" + i + "\"}");
                List<String> seen = new ArrayList<>();
                JsonNode event;
                do {
                    event = alice.await(n -> List.of("joined", "ack", "message", "error")
                            .contains(n.path("type").asText()));
                    String type = event.path("type").asText();
                    seen.add(
                            type.equals("message")
                                    ? "message "
                                            + event.path("message").path("text").asText()
                                    : type + " " + event.path("ref").asText());
                } while (seen.size() < 3 && !event.path("type").asText().equals("error"));
                assertThat(seen).as("iteration %d", i).containsExactly("joined j" + i, "ack s" + i, "message m" + i);
            }
        }
    }

    @Test
    void historyAfterAPositionPastTheEndAnswersAResetWithTheLatestMessages() {
        String room = freshRoom();
        try (WsClient alice = user("alice")) {
            JsonNode joined = join(alice, room, null);
            send(alice, room, "one");
            send(alice, room, "two");
            alice.send("{\"type\":\"history\",\"room\":\"" + room + "\",\"after\":7,\"ref\":\"h\"}");
            JsonNode history = alice.awaitType("history");
            assertThat(history.path("reset").asText()).contains("no message 7");
            assertThat(history.path("messages").findValuesAsText("text")).containsExactly("one", "two");

            alice.send(
                    "{\"type\":\"history\",\"room\":\"" + room + "\",\"after\":1,\"epoch\":\"gone\",\"ref\":\"h2\"}");
            JsonNode foreign = alice.awaitType("history");
            assertThat(foreign.path("reset").asText()).contains("history epoch gone is gone");
            assertThat(foreign.path("messages").findValuesAsText("text")).containsExactly("one", "two");

            alice.send("{\"type\":\"history\",\"room\":\"" + room + "\",\"after\":1,\"epoch\":\""
                    + joined.path("epoch").asText() + "\",\"ref\":\"h3\"}");
            JsonNode exact = alice.awaitType("history");
            assertThat(exact.has("reset")).isFalse();
            assertThat(exact.path("epoch").asText())
                    .isEqualTo(joined.path("epoch").asText());
            assertThat(exact.path("messages").findValuesAsText("text")).containsExactly("two");
        }
    }

    @Test
    void aLeaveOfARoomNotJoinedIsStillAnsweredWithNotInRoom() {
        String room = freshRoom();
        try (WsClient alice = user("alice")) {
            alice.send("{\"type\":\"leave\",\"room\":\"" + room + "\",\"ref\":\"l\"}");
            JsonNode error = alice.awaitType("error");
            assertThat(error.path("code").asText()).isEqualTo("not_in_room");
            assertThat(error.path("ref").asText()).isEqualTo("l");
        }
    }

    @Test
    void messagesReachEveryMemberWithIncreasingIds() {
        String room = freshRoom();
        try (WsClient alice = user("alice");
                WsClient bob = user("bob")) {
            join(alice, room, null);
            JsonNode joined = join(bob, room, null);
            assertThat(joined.path("members").findValuesAsText("nick")).containsExactlyInAnyOrder("alice", "bob");

            alice.awaitType("presence");
            // the sender gets its ack first, then the message like everyone else
            alice.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"one\"}");
            JsonNode ack = alice.nextJson();
            assertThat(ack.path("type").asText()).isEqualTo("ack");
            JsonNode own = alice.nextJson();
            assertThat(own.path("type").asText()).isEqualTo("message");
            long first = ack.path("id").asLong();
            assertThat(own.path("message").path("id").asLong()).isEqualTo(first);
            long second = send(alice, room, "two");
            assertThat(second).isEqualTo(first + 1);

            JsonNode m1 = bob.awaitType("message").path("message");
            JsonNode m2 = bob.awaitType("message").path("message");
            assertThat(m1.path("id").asLong()).isEqualTo(first);
            assertThat(m1.path("text").asText()).isEqualTo("one");
            assertThat(m1.path("from").asText()).isEqualTo("alice");
            assertThat(m1.path("room").asText()).isEqualTo(room);
            assertThat(m2.path("id").asLong()).isEqualTo(second);
            assertThat(m2.path("text").asText()).isEqualTo("two");
        }
    }

    @Test
    void membersSeeJoinsLeavesRenamesAndDisconnects() {
        String room = freshRoom();
        try (WsClient alice = user("alice")) {
            join(alice, room, null);
            WsClient bob = user("bob");
            join(bob, room, null);
            JsonNode joinEvent = alice.awaitType("presence");
            assertThat(joinEvent.path("event").asText()).isEqualTo("join");
            assertThat(joinEvent.path("member").path("nick").asText()).isEqualTo("bob");

            bob.send("{\"type\":\"nick\",\"nick\":\"robert\"}");
            JsonNode rename = alice.awaitType("presence");
            assertThat(rename.path("event").asText()).isEqualTo("rename");
            assertThat(rename.path("member").path("nick").asText()).isEqualTo("robert");

            bob.close();
            JsonNode leave = alice.awaitType("presence");
            assertThat(leave.path("event").asText()).isEqualTo("leave");
            assertThat(leave.path("member").path("sessionId").asText())
                    .isEqualTo(joinEvent.path("member").path("sessionId").asText());
        }
    }

    @Test
    void reconnectingWithTheLastIdResumesExactly() {
        String room = freshRoom();
        try (WsClient alice = user("alice")) {
            join(alice, room, null);
            WsClient bob = user("bob");
            join(bob, room, null);
            send(alice, room, "seen");
            long lastSeen = bob.awaitType("message").path("message").path("id").asLong();
            bob.close();

            List<Long> missed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                missed.add(send(alice, room, "missed " + i));
            }
            try (WsClient bobAgain = user("bob")) {
                JsonNode joined = join(bobAgain, room, lastSeen);
                assertThat(joined.path("messages").findValues("id").stream()
                                .map(JsonNode::asLong)
                                .toList())
                        .containsExactlyElementsOf(missed);
                assertThat(joined.path("more").asBoolean()).isFalse();
                long live = send(alice, room, "live");
                JsonNode next = bobAgain.awaitType("message");
                assertThat(next.path("message").path("id").asLong()).isEqualTo(live);
                bobAgain.assertNothingMore(Duration.ofMillis(200));
            }
        }
    }

    @Test
    void joinWithoutAfterGetsTheLatestHistory() {
        String room = freshRoom();
        try (WsClient alice = user("alice")) {
            join(alice, room, null);
            for (int i = 1; i <= 60; i++) {
                send(alice, room, "m" + i);
            }
            try (WsClient bob = user("bob")) {
                JsonNode joined = join(bob, room, null);
                List<JsonNode> messages = joined.path("messages").findParents("id");
                assertThat(messages).hasSize(50);
                assertThat(messages.get(0).path("text").asText()).isEqualTo("m11");
                assertThat(messages.get(49).path("text").asText()).isEqualTo("m60");
                assertThat(joined.path("more").asBoolean()).isTrue();
                bob.send("{\"type\":\"history\",\"room\":\"" + room + "\",\"before\":"
                        + messages.get(0).path("id").asLong() + ",\"limit\":5}");
                JsonNode older = bob.awaitType("history");
                assertThat(older.path("messages").findValuesAsText("text"))
                        .containsExactly("m6", "m7", "m8", "m9", "m10");
            }
        }
    }

    @Test
    void repeatedClientIdIsStoredOnce() {
        String room = freshRoom();
        try (WsClient alice = user("alice");
                WsClient bob = user("bob")) {
            join(alice, room, null);
            join(bob, room, null);
            alice.send("{\"type\":\"send\",\"room\":\"" + room
                    + "\",\"text\":\"once\",\"clientId\":\"c-1\",\"ref\":\"a\"}");
            JsonNode ack1 = alice.awaitType("ack");
            alice.send("{\"type\":\"send\",\"room\":\"" + room
                    + "\",\"text\":\"once\",\"clientId\":\"c-1\",\"ref\":\"b\"}");
            JsonNode ack2 = alice.awaitType("ack");
            assertThat(ack1.path("duplicate").asBoolean()).isFalse();
            assertThat(ack2.path("duplicate").asBoolean()).isTrue();
            assertThat(ack2.path("id").asLong()).isEqualTo(ack1.path("id").asLong());
            assertThat(ack2.path("ref").asText()).isEqualTo("b");
            JsonNode m = bob.awaitType("message");
            assertThat(m.path("message").path("clientId").asText()).isEqualTo("c-1");
            bob.assertNothingMore(Duration.ofMillis(300));
        }
    }

    @Test
    void typingReachesTheOthersOnly() {
        String room = freshRoom();
        try (WsClient alice = user("alice");
                WsClient bob = user("bob")) {
            join(alice, room, null);
            join(bob, room, null);
            alice.awaitType("presence");
            alice.send("{\"type\":\"typing\",\"room\":\"" + room + "\",\"typing\":true}");
            JsonNode typing = bob.awaitType("typing");
            assertThat(typing.path("member").path("nick").asText()).isEqualTo("alice");
            assertThat(typing.path("typing").asBoolean()).isTrue();
            alice.assertNothingMore(Duration.ofMillis(300));
        }
    }

    @Test
    void badCommandsGetStableErrorCodesAndTheConnectionStays() {
        try (WsClient c = user("carol")) {
            c.send("not json");
            assertThat(c.awaitType("error").path("code").asText()).isEqualTo("bad_json");
            c.send("{\"type\":\"dance\",\"ref\":\"r9\"}");
            JsonNode unknown = c.awaitType("error");
            assertThat(unknown.path("code").asText()).isEqualTo("unknown_command");
            assertThat(unknown.path("ref").asText()).isEqualTo("r9");
            c.send("{\"type\":\"join\",\"room\":\"no spaces\"}");
            assertThat(c.awaitType("error").path("code").asText()).isEqualTo("invalid_room");
            c.send("{\"type\":\"send\",\"room\":\"never-joined\",\"text\":\"x\"}");
            assertThat(c.awaitType("error").path("code").asText()).isEqualTo("not_in_room");
            c.send("{\"type\":\"nick\",\"nick\":\"\"}");
            assertThat(c.awaitType("error").path("code").asText()).isEqualTo("invalid_nick");
            c.send("{\"type\":\"join\",\"room\":\"still-open\"}");
            assertThat(c.awaitType("joined").path("room").asText()).isEqualTo("still-open");
        }
    }

    @Test
    void oversizedFrameIsClosedWith1009() {
        try (WsClient c = user("dave")) {
            c.socket().sendText("x".repeat(64 * 1024 + 1), true);
            assertThat(c.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void oversizedFragmentedMessageIsClosedWith1009() {
        try (WsClient c = user("erin")) {
            String half = "y".repeat(40 * 1024);
            c.socket().sendText(half, false).join();
            c.socket().sendText(half, true);
            assertThat(c.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void binaryFrameIsClosedWith1003() {
        try (WsClient c = user("frank")) {
            c.socket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
            assertThat(c.awaitClose()).isEqualTo(1003);
        }
    }
}
