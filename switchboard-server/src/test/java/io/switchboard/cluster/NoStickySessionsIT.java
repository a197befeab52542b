package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import io.switchboard.socketio.SocketIoSocket;
import io.switchboard.testing.Await;
import io.switchboard.testing.PostgresServer;
import io.switchboard.testing.RedisServer;
import io.switchboard.testing.RoundRobinProxy;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Engine.IO sessions served by whichever node a request lands on (docs/cluster.md, "No sticky
 * sessions"): two chat nodes on one Redis and one PostgreSQL behind a balancer with no stickiness,
 * the official JavaScript client (under Node) and the official Java client, on polling alone and
 * with the upgrade to WebSocket. The other client of each chat is a native {@code /ws} client on
 * the node holding the Socket.IO session, so what is tested is the forwarding, not the broker.
 *
 * <p>Two balancers: one that sends each HTTP request to the next node in turn, and an adversarial
 * one that sends every request naming a session (polls, posts, the WebSocket upgrade) to a node that
 * does not hold it.
 */
class NoStickySessionsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_PROJECT =
            Path.of(System.getProperty("basedir", "."), "src/test/node/socketio-interop");
    private static final Pattern SID = Pattern.compile("[?&]sid=([^&\\s]+)");

    private static RedisServer redis;
    private static final List<TestServer> nodes = new ArrayList<>();
    private static RoundRobinProxy inTurn;
    private static RoundRobinProxy elsewhere;

    @BeforeAll
    static void start() throws IOException {
        redis = RedisServer.start();
        String database = PostgresServer.shared().newDatabase();
        for (int i = 0; i < 2; i++) {
            nodes.add(TestServer.start(
                    b -> b.database(database).redis(redis.uri()).rateLimit(10_000, 10_000)));
        }
        List<Integer> ports = nodes.stream().map(TestServer::port).toList();
        inTurn = RoundRobinProxy.perRequest(ports);
        elsewhere = RoundRobinProxy.perRequest(ports).choosing(NoStickySessionsIT::awayFromTheSession);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c :
                List.<AutoCloseable>of(inTurn == null ? () -> {} : inTurn, elsewhere == null ? () -> {} : elsewhere)) {
            closeQuietly(c);
        }
        nodes.forEach(NoStickySessionsIT::closeQuietly);
        if (redis != null) {
            redis.close();
        }
    }

    /** A node other than the one holding the session the request names; in turn for a new session. */
    private static int awayFromTheSession(String head, int inTurn) {
        Matcher m = SID.matcher(head.substring(0, Math.max(0, head.indexOf('\r'))));
        if (!m.find()) {
            return inTurn;
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (!nodes.get(i).server().socketIo().engine().hasSession(m.group(1))) {
                return i;
            }
        }
        return inTurn;
    }

    @Test
    void theJavaScriptClientOnPollingChatsThroughABalancerThatTakesTurns() throws Exception {
        int[] before = {inTurn.connections(0), inTurn.connections(1)};
        JsonNode result = chatWithNodeClient(inTurn, "js-polling", "polling");
        assertThat(result.path("transport").asText()).isEqualTo("polling");
        // each request went to the next node: both served polls and posts of the one session
        assertThat(inTurn.connections(0) - before[0]).isGreaterThan(3);
        assertThat(inTurn.connections(1) - before[1]).isGreaterThan(3);
    }

    @Test
    void theJavaScriptClientOnPollingChatsWhenEveryRequestLandsOnTheOtherNode() throws Exception {
        JsonNode result = chatWithNodeClient(elsewhere, "js-polling-elsewhere", "polling");
        assertThat(result.path("transport").asText()).isEqualTo("polling");
    }

    @Test
    void theJavaScriptClientUpgradesOverAWebSocketOnTheNodeThatDoesNotHoldItsSession() throws Exception {
        JsonNode result = chatWithNodeClient(elsewhere, "js-upgrade", "default");
        assertThat(result.path("transports").toString()).isEqualTo("[\"polling\",\"websocket\"]");
        assertThat(result.path("transport").asText()).isEqualTo("websocket");
    }

    @Test
    void theJavaClientOnPollingChatsThroughABalancerThatTakesTurns() throws Exception {
        assertThat(chatWithJavaClient(inTurn, "java-polling", "polling")).containsExactly("polling");
    }

    @Test
    void theJavaClientUpgradesOverAWebSocketOnTheNodeThatDoesNotHoldItsSession() throws Exception {
        assertThat(chatWithJavaClient(elsewhere, "java-upgrade", "polling", "websocket"))
                .containsExactly("polling", "websocket");
    }

    @Test
    void aSessionIdThatNoLiveNodeHoldsIsUnknown() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String sid : List.of("0123456789abcdef.AAAAAAAAAAAAAAAAAAAA", "no-prefix-at-all")) {
            HttpResponse<String> res = http.send(
                    HttpRequest.newBuilder(
                                    URI.create(nodes.get(0).http("/socket.io/?EIO=4&transport=polling&sid=" + sid)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(400);
            assertThat(res.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        }
    }

    /** The node whose Socket.IO server holds socket {@code id}. */
    private static TestServer holderOf(String socketId) throws Exception {
        for (TestServer node : nodes) {
            for (SocketIoSocket s : node.server().socketIo().fetchSockets().get(10, TimeUnit.SECONDS)) {
                if (s.id().equals(socketId)) {
                    return node;
                }
            }
        }
        throw new AssertionError("no node holds socket " + socketId);
    }

    /**
     * The Node client joins through {@code balancer}; a {@code /ws} client on the node holding its
     * socket sends three messages, which it must receive; then it sends five and gets them back.
     */
    private static JsonNode chatWithNodeClient(RoundRobinProxy balancer, String room, String transports)
            throws Exception {
        assumeNodeInstalled();
        try (NodeRun node = NodeRun.start(balancer.url(), room, transports)) {
            String socketId = node.step("joined").path("id").asText();
            try (WsClient ws = WsClient.member(holderOf(socketId).ws("/ws"), "wendy", room)) {
                ArrayNode expect = JSON.createArrayNode();
                for (int i = 1; i <= 3; i++) {
                    String text = "from ws " + i;
                    ws.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"" + text + "\"}");
                    expect.addObject()
                            .put("id", ws.awaitType("ack").path("id").asLong())
                            .put("text", text);
                }
                node.send(JSON.createObjectNode().set("expect", expect));
                for (JsonNode sent : node.step("sent").path("sent")) {
                    long id = sent.path("id").asLong();
                    ws.await(n -> n.path("type").asText().equals("message")
                            && n.path("message").path("id").asLong() == id);
                }
                return node.finish();
            }
        }
    }

    /** As {@link #chatWithNodeClient}, with the official Java client; returns the transports it used. */
    private static List<String> chatWithJavaClient(RoundRobinProxy balancer, String room, String... transports)
            throws Exception {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.transports = transports;
        options.auth = Map.of("nick", "jane");
        Socket socket = IO.socket(URI.create(balancer.url()), options);
        BlockingQueue<JSONObject> messages = new LinkedBlockingQueue<>();
        socket.on("message", args -> messages.add((JSONObject) args[0]));
        List<String> used = new CopyOnWriteArrayList<>();
        socket.io().on(Manager.EVENT_TRANSPORT, args -> used.add(((Transport) args[0]).name));
        CountDownLatch connected = new CountDownLatch(1);
        socket.on(Socket.EVENT_CONNECT, args -> connected.countDown());
        socket.connect();
        try {
            assertThat(connected.await(10, TimeUnit.SECONDS)).as("connected").isTrue();
            if (transports.length > 1) {
                awaitUpgrade(socket);
            }
            call(socket, "join", new JSONObject().put("room", room));
            try (WsClient ws = WsClient.member(holderOf(socket.id()).ws("/ws"), "wendy", room)) {
                for (int i = 1; i <= 3; i++) {
                    ws.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"from ws " + i + "\"}");
                    long id = ws.awaitType("ack").path("id").asLong();
                    JSONObject got = messages.poll(10, TimeUnit.SECONDS);
                    assertThat(got).as("message " + id).isNotNull();
                    assertThat(got.getLong("id")).isEqualTo(id);
                }
                for (int i = 1; i <= 5; i++) {
                    JSONObject ack = call(
                            socket,
                            "message",
                            new JSONObject().put("room", room).put("text", "java " + i));
                    long id = ack.getLong("id");
                    JSONObject own = messages.poll(10, TimeUnit.SECONDS);
                    assertThat(own).as("own copy of " + id).isNotNull();
                    assertThat(own.getLong("id")).isEqualTo(id);
                    ws.await(n -> n.path("type").asText().equals("message")
                            && n.path("message").path("id").asLong() == id);
                }
            }
            return List.copyOf(used);
        } finally {
            socket.disconnect();
            socket.close();
        }
    }

    /**
     * Waits (bounded) until the Java client's engine runs on its WebSocket. The client exposes no
     * accessor for its current transport, so this reads its fields; the "websocket" transport event
     * alone only says the probe began.
     */
    private static void awaitUpgrade(Socket socket) throws Exception {
        Field engineField = Manager.class.getDeclaredField("engine");
        engineField.setAccessible(true);
        Await.until(
                Duration.ofSeconds(10),
                () -> {
                    try {
                        Object engine = engineField.get(socket.io());
                        Transport t = engine == null ? null : (Transport) transport(engine);
                        return t != null && "websocket".equals(t.name);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                },
                "the Java client upgraded to WebSocket");
    }

    private static Object transport(Object engine) throws IllegalAccessException {
        // the manager's engine is a subclass of the engine.io client's socket, which holds the field
        for (Class<?> c = engine.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("transport");
                f.setAccessible(true);
                return f.get(engine);
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        throw new IllegalStateException("no transport field in " + engine.getClass());
    }

    private static JSONObject call(Socket socket, String event, JSONObject arg) throws Exception {
        CompletableFuture<JSONObject> answer = new CompletableFuture<>();
        socket.emit(event, new Object[] {arg}, args -> answer.complete((JSONObject) args[0]));
        JSONObject ack = answer.get(10, TimeUnit.SECONDS);
        assertThat(ack.has("error")).as(ack.toString()).isFalse();
        return ack;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // keep closing the others
        }
    }

    /** Skips (loudly) without node and npm, fails under CI=true; runs {@code npm ci} when needed. */
    private static void assumeNodeInstalled() throws Exception {
        if (!onPath("node") || !onPath("npm")) {
            String message = "the JavaScript client test needs node and npm (apt-get install nodejs npm)";
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true and " + message);
            }
            System.err.println("!!!!!!!! SKIPPING JAVASCRIPT CLIENT TEST: " + message + " !!!!!!!!");
            Assumptions.abort(message);
        }
        if (!Files.isDirectory(NODE_PROJECT.resolve("node_modules/socket.io-client"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(NODE_PROJECT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            assertThat(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0)
                    .as("npm ci in " + NODE_PROJECT)
                    .isTrue();
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** One {@code node cluster-chat.mjs <url> <room> <transports>}: its stdout lines, JSON lines to its stdin. */
    private static final class NodeRun implements AutoCloseable {
        private final Process process;
        private final Writer stdin;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Path stderr;

        private NodeRun(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            this.stdin = process.outputWriter(StandardCharsets.UTF_8);
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader out = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = out.readLine()) != null) {
                                lines.add(line);
                            }
                        } catch (IOException e) {
                            // the process ended
                        }
                    },
                    "node-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static NodeRun start(String url, String room, String transports) throws IOException {
            Path stderr = Files.createTempFile("cluster-chat", ".stderr");
            Process p = new ProcessBuilder("node", "cluster-chat.mjs", url, room, transports)
                    .directory(NODE_PROJECT.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            return new NodeRun(p, stderr);
        }

        /** The next line, which must be step {@code name} (a result line instead fails the test). */
        JsonNode step(String name) throws Exception {
            JsonNode line = next();
            assertThat(line.path("step").asText()).as(line.toString()).isEqualTo(name);
            return line;
        }

        void send(JsonNode line) throws IOException {
            stdin.write(JSON.writeValueAsString(line) + "\n");
            stdin.flush();
        }

        JsonNode finish() throws Exception {
            JsonNode line = next();
            assertThat(line.path("ok").asBoolean()).as(line.toString()).isTrue();
            return line.path("result");
        }

        private JsonNode next() throws Exception {
            String line = lines.poll(70, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no line from node within 70 s; stderr: " + Files.readString(stderr));
            }
            return JSON.readTree(line);
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                Files.deleteIfExists(stderr);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
