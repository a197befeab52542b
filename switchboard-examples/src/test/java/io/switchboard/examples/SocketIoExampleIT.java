package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.switchboard.socketio.SocketIoHttpServer;
import io.switchboard.socketio.SocketIoServer;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's Socket.IO API example, run against the official Java client. */
class SocketIoExampleIT {
    private static SocketIoServer io;
    private static SocketIoHttpServer http;

    @BeforeAll
    static void start() throws Exception {
        io = SocketIoExample.create();
        http = io.listen("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        io.close();
    }

    private record Client(Socket socket, BlockingQueue<List<Object>> events) implements AutoCloseable {
        /** Waits up to 30 s: only a lost event takes that long, a busy machine running tests in parallel not. */
        List<Object> next() throws InterruptedException {
            List<Object> e = events.poll(30, TimeUnit.SECONDS);
            assertThat(e).as("an event within 30 s").isNotNull();
            return e;
        }

        Object call(String event, Object... args) throws Exception {
            CompletableFuture<Object> answer = new CompletableFuture<>();
            socket.emit(event, args, (Ack) reply -> answer.complete(reply[0]));
            return answer.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            socket.disconnect();
            socket.close();
        }
    }

    private static Client connect(Map<String, String> auth) throws Exception {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.auth = auth;
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + http.port() + "/rooms"), options);
        BlockingQueue<List<Object>> events = new LinkedBlockingQueue<>();
        for (String name : List.of("welcome", "joined", "said", Socket.EVENT_CONNECT_ERROR)) {
            socket.on(name, args -> {
                List<Object> e = new ArrayList<>();
                e.add(name);
                e.addAll(List.of(args));
                events.add(e);
            });
        }
        socket.on("ready?", args -> ((Ack) args[args.length - 1]).call("yes, " + args[0]));
        CountDownLatch connected = new CountDownLatch(1);
        socket.on(Socket.EVENT_CONNECT, args -> connected.countDown());
        socket.connect();
        if (!auth.isEmpty()) {
            assertThat(connected.await(10, TimeUnit.SECONDS))
                    .as("connected within 10 s")
                    .isTrue();
        }
        return new Client(socket, events);
    }

    @Test
    void clientsJoinTalkAskAndAreAskedBack() throws Exception {
        try (Client ann = connect(Map.of("nick", "ann"));
                Client bob = connect(Map.of("nick", "bob"))) {
            // the server asked each client with emitWithAck and used the answer; with recovery
            // on, events end with their offset
            List<Object> welcome = ann.next();
            assertThat(welcome.subList(0, 3)).containsExactly("welcome", "ann", "yes, ann");
            assertThat(welcome.get(3)).asString().startsWith("*:");
            assertThat(bob.next().subList(0, 3)).containsExactly("welcome", "bob", "yes, bob");

            JSONObject joined = (JSONObject) ann.call("join", "lobby");
            assertThat(joined.getString("room")).isEqualTo("lobby");
            assertThat(joined.getBoolean("recovered")).isFalse();
            bob.call("join", "lobby");
            assertThat(ann.next().subList(0, 3)).containsExactly("joined", "bob", "lobby");

            bob.socket().emit("say", "lobby", "hello");
            List<Object> said = ann.next();
            assertThat(said.subList(0, 3)).containsExactly("said", "bob", "hello");

            JSONArray who = (JSONArray) ann.call("who", "lobby");
            assertThat(List.of(who.get(0), who.get(1))).containsExactlyInAnyOrder("ann", "bob");
            // bob is left out of his own broadcast
            assertThat(bob.events().poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void theMiddlewareRefusesAClientWithoutANick() throws Exception {
        try (Client nobody = connect(Map.of())) {
            List<Object> error = nobody.next();
            assertThat(error.get(0)).isEqualTo(Socket.EVENT_CONNECT_ERROR);
            assertThat(((JSONObject) error.get(1)).getString("message")).isEqualTo("a nick is required");
        }
    }
}
