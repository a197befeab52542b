package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.EngineIoWsClient;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery of the chat over Socket.IO, in raw frames: message events carry the
 * history id of their room in the offset, and a reconnecting client gets the messages it missed
 * in every room from the history, exactly once, with the same session id and nickname.
 */
class SocketIoChatRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    private static final TestServer server = TestServer.start(b -> b.rateLimit(10_000, 10_000));

    private record Sio(EngineIoWsClient ws, String sid, String pid, Deque<Object> heldBack) {
        Sio(EngineIoWsClient ws, String sid, String pid) {
            this(ws, sid, pid, new ArrayDeque<>());
        }

        /** The next event of {@code name}, skipping others; its arguments, name first. */
        JsonNode next(String name) throws Exception {
            while (true) {
                Object f = heldBack.isEmpty() ? ws.nextSkippingPings() : heldBack.poll();
                if (f instanceof String s && s.startsWith("42")) {
                    JsonNode e = JSON.readTree(s.substring(2));
                    if (e.get(0).asText().equals(name)) {
                        return e;
                    }
                }
            }
        }

        /**
         * Emits with an ack and returns the ack's argument; the events that arrive before the ack
         * (a room broadcast may overtake it) are kept for {@link #next}.
         */
        JsonNode call(int ackId, String event, String arg) throws Exception {
            ws.send("42" + ackId + "[\"" + event + "\"," + arg + "]");
            while (true) {
                Object f = ws.nextSkippingPings();
                if (f instanceof String s && s.startsWith("43" + ackId + "[")) {
                    return JSON.readTree(s.substring(("43" + ackId).length())).get(0);
                }
                heldBack.add(f);
            }
        }
    }

    private static Sio connect(String auth) throws Exception {
        EngineIoWsClient ws = EngineIoWsClient.connect(URI.create(server.ws("/socket.io/?EIO=4&transport=websocket")));
        assertThat((String) ws.next()).startsWith("0{");
        ws.send("40" + auth);
        String reply = (String) ws.nextSkippingPings();
        assertThat(reply).startsWith("40{");
        JsonNode data = JSON.readTree(reply.substring(2));
        return new Sio(ws, data.path("sid").asText(), data.path("pid").asText(null));
    }

    private static long send(WsClient ws, String room, String text) {
        ws.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"" + text + "\"}");
        return ws.awaitType("ack").get("id").asLong();
    }

    @Test
    void aDroppedChatClientGetsEveryMissedMessageOfEveryRoomOnceWithItsSessionBack() throws Exception {
        String a = "rec-a";
        String b = "rec-b";
        try (WsClient other = WsClient.member(server.ws("/ws"), "bob", a)) {
            other.send("{\"type\":\"join\",\"room\":\"" + b + "\"}");
            other.awaitType("joined");
            Sio first = connect("{\"nick\":\"ann\"}");
            assertThat(first.pid()).isNotBlank();
            first.call(0, "join", "{\"room\":\"" + a + "\"}");
            JsonNode joinedB = first.call(1, "join", "{\"room\":\"" + b + "\"}");
            assertThat(joinedB.get("room").asText()).isEqualTo(b);
            JsonNode annJoined = other.await(m -> m.path("type").asText().equals("presence")
                    && m.path("event").asText().equals("join")
                    && m.path("member").path("nick").asText().equals("ann"));
            String annSession = annJoined.path("member").path("sessionId").asText();

            long one = send(other, a, "one");
            JsonNode seen = first.next("message");
            assertThat(seen.get(1).get("id").asLong()).isEqualTo(one);
            // the offset says how far the client got in every room it is in
            String offset = seen.get(2).asText();
            assertThat(offset).contains(a + ":" + one).contains(b + ":");

            first.ws().close();
            other.await(m -> m.path("type").asText().equals("presence")
                    && m.path("event").asText().equals("leave")
                    && m.path("member").path("nick").asText().equals("ann"));
            List<Long> missed = new ArrayList<>();
            missed.add(send(other, a, "two"));
            missed.add(send(other, b, "three"));
            missed.add(send(other, a, "four"));

            Sio again = connect("{\"pid\":\"" + first.pid() + "\",\"offset\":\"" + offset + "\"}");
            try (EngineIoWsClient ws = again.ws()) {
                assertThat(again.sid()).isEqualTo(first.sid());
                JsonNode back = other.await(m -> m.path("type").asText().equals("presence")
                        && m.path("event").asText().equals("join")
                        && m.path("member").path("nick").asText().equals("ann"));
                assertThat(back.path("member").path("sessionId").asText()).isEqualTo(annSession);

                long five = send(other, a, "five");
                List<String> texts = new ArrayList<>();
                List<Long> ids = new ArrayList<>();
                while (texts.size() < 4) {
                    JsonNode m = again.next("message").get(1);
                    texts.add(m.get("text").asText());
                    ids.add(m.get("id").asLong());
                }
                // replayed room by room, in id order within a room, then the live message; each once
                assertThat(texts.subList(0, 3)).containsExactlyInAnyOrder("two", "three", "four");
                assertThat(texts.indexOf("two")).isLessThan(texts.indexOf("four"));
                assertThat(ids.subList(0, 3)).containsExactlyInAnyOrderElementsOf(missed);
                assertThat(texts.get(3)).isEqualTo("five");
                assertThat(ids.get(3)).isEqualTo(five);

                // the ack path still works and the room is still joined
                JsonNode ack = again.call(7, "message", "{\"room\":\"" + b + "\",\"text\":\"i am back\"}");
                assertThat(ack.get("id").asLong()).isGreaterThan(missed.get(1));
                assertThat(again.next("message").get(1).get("text").asText()).isEqualTo("i am back");
            }
        }
    }

    @Test
    void aRecoveredClientIsToldWhoIsInEachRoom() throws Exception {
        String room = "rec-members";
        try (WsClient other = WsClient.member(server.ws("/ws"), "cid", room)) {
            Sio first = connect("{\"nick\":\"dee\"}");
            JsonNode welcome = first.next("welcome").get(1);
            assertThat(welcome.get("nick").asText()).isEqualTo("dee");
            assertThat(welcome.get("recovered").asBoolean()).isFalse();
            first.call(0, "join", "{\"room\":\"" + room + "\"}");
            first.ws().close();
            other.await(m -> m.path("type").asText().equals("presence")
                    && m.path("event").asText().equals("leave"));

            Sio again = connect("{\"pid\":\"" + first.pid() + "\"}");
            try (EngineIoWsClient ws = again.ws()) {
                JsonNode back = again.next("welcome").get(1);
                assertThat(back.get("recovered").asBoolean()).isTrue();
                assertThat(back.get("sessionId").asText())
                        .isEqualTo(welcome.get("sessionId").asText());
                JsonNode members = again.next("members").get(1);
                assertThat(members.get("room").asText()).isEqualTo(room);
                List<String> nicks = new ArrayList<>();
                members.get("members").forEach(m -> nicks.add(m.get("nick").asText()));
                assertThat(nicks).containsExactlyInAnyOrder("cid", "dee");
            }
        }
    }
}
