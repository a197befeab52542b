package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * One chat across Socket.IO (the official Java client), the native WebSocket {@code /ws}, Server-Sent
 * Events and HTTP POST: what one sends, the others receive, with the id the sender was given.
 */
class SocketIoCrossTransportIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @AutoClose
    private static final TestServer server = TestServer.start(b -> b.rateLimit(10_000, 10_000));

    /** An official Socket.IO client connected to the main namespace, and the chat messages it receives. */
    private record SioClient(Socket socket, BlockingQueue<JSONObject> messages) implements AutoCloseable {
        static SioClient connect(String nick) throws Exception {
            IO.Options options = new IO.Options();
            options.forceNew = true;
            options.reconnection = false;
            options.auth = Map.of("nick", nick);
            Socket socket = IO.socket(URI.create(server.http("")), options);
            BlockingQueue<JSONObject> messages = new LinkedBlockingQueue<>();
            socket.on("message", args -> messages.add((JSONObject) args[0]));
            CountDownLatch connected = new CountDownLatch(1);
            socket.on(Socket.EVENT_CONNECT, args -> connected.countDown());
            socket.connect();
            assertThat(connected.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("Socket.IO connected")
                    .isTrue();
            return new SioClient(socket, messages);
        }

        /** Emits an event with one object and returns what the ack callback got. */
        JSONObject call(String event, JSONObject arg) throws Exception {
            CompletableFuture<JSONObject> answer = new CompletableFuture<>();
            socket.emit(event, new Object[] {arg}, args -> answer.complete((JSONObject) args[0]));
            JSONObject a = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(a.has("error")).as("%s answered %s", event, a).isFalse();
            return a;
        }

        JSONObject nextMessage() throws InterruptedException {
            JSONObject m = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(m).as("a Socket.IO message event within " + WAIT).isNotNull();
            return m;
        }

        @Override
        public void close() {
            socket.disconnect();
            socket.close();
        }
    }

    /** {@code GET /api/rooms/R/events} read on a thread of its own; yields the message events. */
    private static final class SseReader implements AutoCloseable {
        /** One message event: its {@code id:} field and its data. */
        record Event(long id, JsonNode data) {}

        private static final Event END = new Event(-1, null);
        private final HttpResponse<InputStream> response;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

        SseReader(String room, long after) throws Exception {
            response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(server.http("/api/rooms/" + room + "/events?after=" + after)))
                            .header("Accept", "text/event-stream")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            Thread reader = new Thread(this::read, "sse-reader-" + room);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String id = null;
                String event = null;
                StringBuilder data = new StringBuilder();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.isEmpty()) {
                        // a message is an event of the default type with an id
                        if (event == null && id != null && data.length() > 0) {
                            // ids are <epoch>:<message id>
                            events.add(new Event(
                                    Long.parseLong(id.substring(id.lastIndexOf(':') + 1)),
                                    JSON.readTree(data.toString())));
                        }
                        id = null;
                        event = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        if (data.length() > 0) {
                            data.append('\n');
                        }
                        data.append(line.substring(5).stripLeading());
                    }
                    // comments (heartbeats) and retry: are skipped
                }
            } catch (IOException e) {
                // closed by the test
            }
            events.add(END);
        }

        Event nextMessage() throws InterruptedException {
            Event e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(e).as("an SSE message event within " + WAIT).isNotNull();
            assertThat(e).as("the SSE stream ended").isNotSameAs(END);
            return e;
        }

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    private static JSONObject obj(Object... kv) throws Exception {
        JSONObject o = new JSONObject();
        for (int i = 0; i < kv.length; i += 2) {
            o.put((String) kv[i], kv[i + 1]);
        }
        return o;
    }

    /** {@code POST /api/rooms/R/messages}; returns the stored message, failing unless it is new (201). */
    private static JsonNode postMessage(String room, String from, String text) throws Exception {
        String body =
                JSON.createObjectNode().put("from", from).put("text", text).toString();
        HttpResponse<String> res = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.http("/api/rooms/" + room + "/messages")))
                        .header("Content-Type", "application/json")
                        .timeout(WAIT)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return JSON.readTree(res.body());
    }

    @Test
    void aSocketIoMessageReachesTheNativeWebSocketAndSseWithItsId() throws Exception {
        String room = "sio-x-out";
        long start = postMessage(room, "setup", "before").path("id").asLong();
        try (SseReader sse = new SseReader(room, start);
                WsClient ws = WsClient.member(server.ws("/ws"), "wanda", room);
                SioClient sio = SioClient.connect("sonia")) {
            sio.call("join", obj("room", room));
            JSONObject ack = sio.call("message", obj("room", room, "text", "hello from socket.io", "clientId", "x-1"));
            long id = ack.getLong("id");
            assertThat(id).isGreaterThan(start);
            assertThat(ack.getBoolean("duplicate")).isFalse();

            JsonNode viaWs =
                    ws.await(n -> n.path("type").asText().equals("message")).path("message");
            assertThat(viaWs.path("id").asLong()).isEqualTo(id);
            assertThat(viaWs.path("text").asText()).isEqualTo("hello from socket.io");
            assertThat(viaWs.path("from").asText()).isEqualTo("sonia");
            assertThat(viaWs.path("clientId").asText()).isEqualTo("x-1");

            SseReader.Event viaSse = sse.nextMessage();
            assertThat(viaSse.id()).as("the SSE id: field").isEqualTo(id);
            assertThat(viaSse.data().path("id").asLong()).isEqualTo(id);
            assertThat(viaSse.data().path("room").asText()).isEqualTo(room);
            assertThat(viaSse.data().path("text").asText()).isEqualTo("hello from socket.io");
            assertThat(viaSse.data().path("from").asText()).isEqualTo("sonia");

            JSONObject own = sio.nextMessage();
            assertThat(own.getLong("id")).as("the sender's own copy").isEqualTo(id);
        }
    }

    @Test
    void messagesFromTheNativeWebSocketAndHttpPostReachSocketIoWithTheirIds() throws Exception {
        String room = "sio-x-in";
        try (WsClient ws = WsClient.member(server.ws("/ws"), "walter", room);
                SioClient sio = SioClient.connect("sven")) {
            sio.call("join", obj("room", room));

            ws.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"hello from ws\"}");
            long wsId = ws.awaitType("ack").path("id").asLong();
            JSONObject fromWs = sio.nextMessage();
            assertThat(fromWs.getLong("id")).isEqualTo(wsId);
            assertThat(fromWs.getString("text")).isEqualTo("hello from ws");
            assertThat(fromWs.getString("from")).isEqualTo("walter");
            assertThat(fromWs.getString("room")).isEqualTo(room);

            JsonNode posted = postMessage(room, "harriet", "hello from http");
            long httpId = posted.path("id").asLong();
            assertThat(httpId).isGreaterThan(wsId);
            JSONObject fromHttp = sio.nextMessage();
            assertThat(fromHttp.getLong("id")).isEqualTo(httpId);
            assertThat(fromHttp.getString("text")).isEqualTo("hello from http");
            assertThat(fromHttp.getString("from")).isEqualTo("harriet");
            assertThat(fromHttp.getLong("timestamp"))
                    .isEqualTo(posted.path("timestamp").asLong());
            assertThat(sio.messages().poll(200, TimeUnit.MILLISECONDS))
                    .as("nothing else, no duplicate")
                    .isNull();
        }
    }
}
