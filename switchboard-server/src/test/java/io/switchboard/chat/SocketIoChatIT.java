package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.emitter.Emitter;
import io.socket.engineio.client.Transport;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The chat over Socket.IO, driven by the official Java client, shares rooms and ids with {@code /ws}. */
class SocketIoChatIT {
    @AutoClose
    private static final TestServer server = TestServer.start(b -> b.rateLimit(10_000, 10_000));

    /** A connected client and the chat messages it receives. */
    private record Client(Socket socket, BlockingQueue<JSONObject> messages, BlockingQueue<String> transports)
            implements AutoCloseable {
        JSONObject nextMessage() throws InterruptedException {
            JSONObject m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a message event within 10 s").isNotNull();
            return m;
        }

        JSONObject call(String event, JSONObject arg) throws Exception {
            CompletableFuture<JSONObject> answer = new CompletableFuture<>();
            socket.emit(event, new Object[] {arg}, args -> answer.complete((JSONObject) args[0]));
            return answer.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            socket.disconnect();
            socket.close();
        }
    }

    private static Client connect(String nick, String... transports) throws Exception {
        return connectTo(server, nick, transports);
    }

    private static Client connectTo(TestServer target, String nick, String... transports) throws Exception {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        if (transports.length > 0) {
            options.transports = transports;
        }
        options.auth = Map.of("nick", nick);
        Socket socket = IO.socket(URI.create(target.http("")), options);
        BlockingQueue<JSONObject> messages = new LinkedBlockingQueue<>();
        socket.on("message", args -> messages.add((JSONObject) args[0]));
        BlockingQueue<String> used = new LinkedBlockingQueue<>();
        socket.io().on(Manager.EVENT_TRANSPORT, args -> used.add(((Transport) args[0]).name));
        CountDownLatch connected = new CountDownLatch(1);
        socket.on(Socket.EVENT_CONNECT, args -> connected.countDown());
        socket.connect();
        assertThat(connected.await(30, TimeUnit.SECONDS))
                .as("connected within 30 s")
                .isTrue();
        return new Client(socket, messages, used);
    }

    private static JSONObject obj(Object... kv) throws Exception {
        JSONObject o = new JSONObject();
        for (int i = 0; i < kv.length; i += 2) {
            o.put((String) kv[i], kv[i + 1]);
        }
        return o;
    }

    @Test
    void aJoinAnswersWithHistoryAndMembers() throws Exception {
        String room = "sio-history";
        try (WsClient ws = WsClient.member(server.ws("/ws"), "wanda", room)) {
            ws.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"before\"}");
            long id = ws.awaitType("ack").path("id").asLong();
            try (Client sio = connect("sally")) {
                JSONObject joined = sio.call("join", obj("room", room));
                assertThat(joined.getString("room")).isEqualTo(room);
                assertThat(joined.getString("epoch")).isNotEmpty();
                JSONArray messages = joined.getJSONArray("messages");
                JSONObject last = messages.getJSONObject(messages.length() - 1);
                assertThat(last.getLong("id")).isEqualTo(id);
                assertThat(last.getString("text")).isEqualTo("before");
                assertThat(last.getString("from")).isEqualTo("wanda");
                assertThat(joined.getBoolean("more")).isFalse();
                assertThat(joined.getJSONArray("members").toString()).contains("\"sally\"", "\"wanda\"");
                JsonNode presence = ws.await(n -> n.path("type").asText().equals("presence"));
                assertThat(presence.path("member").path("nick").asText()).isEqualTo("sally");

                JSONObject history = sio.call("history", obj("room", room, "before", id + 1, "limit", 1));
                assertThat(history.getJSONArray("messages").getJSONObject(0).getLong("id"))
                        .isEqualTo(id);
            }
        }
    }

    @Test
    void messagesCrossBetweenSocketIoAndTheNativeWebSocketWithOneId() throws Exception {
        String room = "sio-cross";
        try (WsClient ws = WsClient.member(server.ws("/ws"), "walter", room);
                Client sio = connect("simon")) {
            sio.call("join", obj("room", room));
            JSONObject ack = sio.call("message", obj("room", room, "text", "from socket.io", "clientId", "c-1"));
            assertThat(ack.has("error")).isFalse();
            assertThat(ack.getBoolean("duplicate")).isFalse();
            long id = ack.getLong("id");
            JsonNode seen = ws.awaitType("message").path("message");
            assertThat(seen.path("id").asLong()).isEqualTo(id);
            assertThat(seen.path("text").asText()).isEqualTo("from socket.io");
            assertThat(seen.path("from").asText()).isEqualTo("simon");
            JSONObject own = sio.nextMessage();
            assertThat(own.getLong("id")).isEqualTo(id);
            assertThat(own.getString("clientId")).isEqualTo("c-1");

            // the ack arrives before the sender's own copy of the message
            BlockingQueue<String> order = new LinkedBlockingQueue<>();
            sio.socket().on("message", args -> order.add("message"));
            sio.socket().emit("message", new Object[] {obj("room", room, "text", "ordered")}, args -> order.add("ack"));
            assertThat(order.poll(10, TimeUnit.SECONDS)).isEqualTo("ack");
            assertThat(order.poll(10, TimeUnit.SECONDS)).isEqualTo("message");
            long ordered = sio.nextMessage().getLong("id");
            assertThat(ws.awaitType("message").path("message").path("id").asLong())
                    .isEqualTo(ordered);
            id = ordered;

            JSONObject again = sio.call("message", obj("room", room, "text", "from socket.io", "clientId", "c-1"));
            assertThat(again.getLong("id")).isEqualTo(ack.getLong("id"));
            assertThat(again.getBoolean("duplicate")).isTrue();

            ws.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"from ws\"}");
            long wsId = ws.awaitType("ack").path("id").asLong();
            JSONObject received = sio.nextMessage();
            assertThat(received.getLong("id")).isEqualTo(wsId).isEqualTo(id + 1);
            assertThat(received.getString("text")).isEqualTo("from ws");
            assertThat(received.getString("from")).isEqualTo("walter");
            assertThat(received.getString("room")).isEqualTo(room);
        }
    }

    @Test
    void theSendersOwnMessageComesBeforeTheAckOfALeaveEmittedRightAfterTheSend() throws Exception {
        String room = "sio-send-leave";
        try (Client sio = connect("sadie", "websocket")) {
            for (int i = 0; i < 100; i++) {
                sio.call("join", obj("room", room));
                // one ordered record of what arrives: the client runs listeners and acks in packet order
                BlockingQueue<String> seen = new LinkedBlockingQueue<>();
                sio.messages().clear();
                Emitter.Listener onMessage = args -> seen.add("message " + ((JSONObject) args[0]).optString("text"));
                sio.socket().on("message", onMessage);
                sio.socket()
                        .emit(
                                "message",
                                new Object[] {obj("room", room).put("text", "m" + i)},
                                args -> seen.add("ack"));
                sio.socket().emit("leave", new Object[] {obj("room", room)}, args -> seen.add("left " + args[0]));
                String event;
                List<String> order = new ArrayList<>();
                do {
                    event = seen.poll(10, TimeUnit.SECONDS);
                    assertThat(event)
                            .as("iteration %d: an event within 10 s after %s", i, order)
                            .isNotNull();
                    order.add(event);
                } while (!event.startsWith("left"));
                sio.socket().off("message", onMessage);
                assertThat(order)
                        .as("iteration %d", i)
                        .contains("message m" + i)
                        .contains("ack");
                assertThat(order.get(order.size() - 1)).as("iteration %d", i).contains("\"room\":\"" + room + "\"");
            }
        }
    }

    @Test
    void pollingOnlyDelivers() throws Exception {
        deliversOver("sio-polling", "polling");
    }

    @Test
    void webSocketOnlyDelivers() throws Exception {
        deliversOver("sio-websocket", "websocket");
    }

    @Test
    void theDefaultUpgradeDelivers() throws Exception {
        deliversOver("sio-upgrade");
    }

    private static void deliversOver(String room, String... transports) throws Exception {
        try (WsClient ws = WsClient.member(server.ws("/ws"), "wes", room);
                Client sio = connect("sid", transports)) {
            sio.call("join", obj("room", room));
            for (int i = 0; i < 3; i++) {
                ws.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"m" + i + "\"}");
                long id = ws.awaitType("ack").path("id").asLong();
                JSONObject got = sio.nextMessage();
                assertThat(got.getLong("id")).isEqualTo(id);
                assertThat(got.getString("text")).isEqualTo("m" + i);
            }
            JSONObject ack = sio.call("message", obj("room", room, "text", "back"));
            JsonNode seen = ws.await(n -> n.path("type").asText().equals("message")
                    && n.path("message").path("text").asText().equals("back"));
            assertThat(seen.path("message").path("id").asLong()).isEqualTo(ack.getLong("id"));
            String first = sio.transports().poll(10, TimeUnit.SECONDS);
            if (transports.length == 1) {
                assertThat(first).isEqualTo(transports[0]);
                assertThat(sio.transports()).allMatch(transports[0]::equals);
            } else {
                // the default: polling first, then the WebSocket probe of the upgrade
                assertThat(first).isEqualTo("polling");
                assertThat(sio.transports().poll(10, TimeUnit.SECONDS)).isEqualTo("websocket");
            }
        }
    }

    @Test
    void typingNickPresenceAndDisconnectReachTheOtherTransport() throws Exception {
        String room = "sio-presence";
        try (WsClient ws = WsClient.member(server.ws("/ws"), "wilma", room)) {
            Client sio = connect("sam");
            try {
                BlockingQueue<JSONObject> typing = new LinkedBlockingQueue<>();
                BlockingQueue<JSONObject> presence = new LinkedBlockingQueue<>();
                sio.socket().on("typing", args -> typing.add((JSONObject) args[0]));
                sio.socket().on("presence", args -> presence.add((JSONObject) args[0]));
                sio.call("join", obj("room", room));
                assertThat(ws.await(n -> n.path("type").asText().equals("presence"))
                                .path("event")
                                .asText())
                        .isEqualTo("join");

                sio.call("typing", obj("room", room, "typing", true));
                JsonNode typed = ws.awaitType("typing");
                assertThat(typed.path("member").path("nick").asText()).isEqualTo("sam");
                assertThat(typed.path("typing").asBoolean()).isTrue();

                ws.send("{\"type\":\"typing\",\"room\":\"" + room + "\",\"typing\":true}");
                JSONObject t = typing.poll(10, TimeUnit.SECONDS);
                assertThat(t).isNotNull();
                assertThat(t.getJSONObject("member").getString("nick")).isEqualTo("wilma");

                JSONObject renamed = sio.call("nick", obj("nick", "  samuel "));
                assertThat(renamed.getString("nick")).isEqualTo("samuel");
                JsonNode rename = ws.await(n -> n.path("type").asText().equals("presence")
                        && n.path("event").asText().equals("rename"));
                assertThat(rename.path("member").path("nick").asText()).isEqualTo("samuel");

                ws.send("{\"type\":\"leave\",\"room\":\"" + room + "\"}");
                ws.awaitType("left");
                JSONObject left = presence.poll(10, TimeUnit.SECONDS);
                assertThat(left).isNotNull();
                assertThat(left.getString("event")).isEqualTo("leave");
                assertThat(left.getJSONObject("member").getString("nick")).isEqualTo("wilma");
                ws.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
                ws.awaitType("joined");
            } finally {
                sio.close();
            }
            JsonNode gone = ws.await(n -> n.path("type").asText().equals("presence")
                    && n.path("event").asText().equals("leave"));
            assertThat(gone.path("member").path("nick").asText()).isEqualTo("samuel");
        }
    }

    @Test
    void anInvalidRoomIsAnsweredWithAnErrorAck() throws Exception {
        try (Client sio = connect("ivan")) {
            JSONObject answer = sio.call("join", obj("room", "no spaces allowed!"));
            assertThat(answer.getString("error")).isEqualTo("invalid_room");
            assertThat(answer.getString("message")).isNotEmpty();
            JSONObject notIn = sio.call("message", obj("room", "sio-never-joined", "text", "hi"));
            assertThat(notIn.getString("error")).isEqualTo("not_in_room");
        }
    }

    @Test
    void commandsPastTheRateLimitAreRefusedWithAnErrorAck() throws Exception {
        try (TestServer strict = new TestServer(b -> b.rateLimit(0.001, 2));
                Client sio = connectTo(strict, "rita")) {
            assertThat(sio.call("join", obj("room", "sio-limited")).has("error"))
                    .isFalse();
            assertThat(sio.call("history", obj("room", "sio-limited")).has("error"))
                    .isFalse();
            assertThat(sio.call("history", obj("room", "sio-limited")).getString("error"))
                    .isEqualTo("rate_limited");
        }
    }

    @Test
    void anUnknownEventWithAnAckIsAnsweredWithAnError() throws Exception {
        try (Client sio = connect("una")) {
            JSONObject answer = sio.call("joinn", obj("room", "typo", "ref", "u1"));
            assertThat(answer.getString("error")).isEqualTo("unknown_command");
            assertThat(answer.getString("message")).contains("\"joinn\"");
            assertThat(answer.getString("ref")).isEqualTo("u1");
        }
    }

    @Test
    void aRateLimitedCommandsErrorAckEchoesItsRef() throws Exception {
        try (TestServer limited = new TestServer(b -> b.rateLimit(0.01, 1));
                Client sio = connectTo(limited, "rita")) {
            assertThat(sio.call("nick", obj("nick", "rita2", "ref", "n1")).getString("nick"))
                    .isEqualTo("rita2");
            JSONObject refused = sio.call("nick", obj("nick", "rita3", "ref", "n2"));
            assertThat(refused.getString("error")).isEqualTo("rate_limited");
            assertThat(refused.getString("ref")).isEqualTo("n2");
        }
    }
}
