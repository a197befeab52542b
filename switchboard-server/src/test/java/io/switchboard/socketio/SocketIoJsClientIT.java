package io.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.switchboard.server.DevelopmentCertificate;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official JavaScript client ({@code socket.io-client} 4.8, pinned by the lockfile in
 * {@code src/test/node/socketio-interop}) against our server, driven by Node: each test runs one
 * scenario of {@code interop.mjs}, which prints a JSON line per step and a result line, and exits
 * non-zero when a check failed.
 *
 * <p>Needs {@code node} and {@code npm} on the {@code PATH} (Debian's {@code nodejs} and
 * {@code npm}); {@code npm ci} runs when {@code node_modules} is missing. Without them the tests are
 * skipped loudly, except under {@code CI=true}, where they fail.
 */
class SocketIoJsClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROJECT = Path.of(System.getProperty("basedir", "."), "src/test/node/socketio-interop");
    private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
    /** A scenario's own steps are bounded by the script; this bounds the whole process. */
    private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(90);

    private static Served fixture;
    private static Served recovering;
    /** The fixture's handlers on a TLS port (the library's own HTTP server with an SslContext). */
    private static Served secure;
    /** The certificate {@link #secure} serves, as PEM: node trusts it through NODE_EXTRA_CA_CERTS. */
    private static Path secureCertificate;

    private static TestServer chat;

    /** A Socket.IO server with the scenarios' handlers on its own port ({@link SocketIoServer#listen}). */
    private record Served(SocketIoServer io, SocketIoHttpServer http, boolean secure) implements AutoCloseable {
        static Served start(SocketIoConfig config) throws InterruptedException {
            return start(config, null);
        }

        static Served start(SocketIoConfig config, SslContext tls) throws InterruptedException {
            SocketIoServer io = new SocketIoServer(config);
            registerHandlers(io);
            return new Served(io, io.listen("127.0.0.1", 0, tls), tls != null);
        }

        String url() {
            return (secure ? "https" : "http") + "://127.0.0.1:" + http.port();
        }

        @Override
        public void close() {
            io.close();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        assumeNodeInstalled();
        installClient();
        fixture = Served.start(SocketIoConfig.defaults());
        recovering = Served.start(
                SocketIoConfig.defaults().withRecovery(new ConnectionStateRecovery(Duration.ofMinutes(2), true)));
        chat = new TestServer(b -> b.rateLimit(10_000, 10_000));
        DevelopmentCertificate certificate = DevelopmentCertificate.generate("127.0.0.1");
        secureCertificate = Files.createTempFile("switchboard-sio-cert", ".pem");
        Path key = Files.createTempFile("switchboard-sio-key", ".pem");
        certificate.writePem(secureCertificate, key);
        Files.delete(key);
        secure = Served.start(
                SocketIoConfig.defaults(),
                SslContextBuilder.forServer(certificate.privateKey(), certificate.certificate())
                        .build());
    }

    @AfterAll
    static void stop() throws IOException {
        if (secureCertificate != null) {
            Files.deleteIfExists(secureCertificate);
        }
        for (AutoCloseable c : new AutoCloseable[] {fixture, recovering, chat, secure}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    /** The handlers the scenarios of interop.mjs expect. */
    private static void registerHandlers(SocketIoServer io) {
        Namespace main = io.sockets();
        main.on("connection", socket -> {
            socket.on("echo", (args, ack) -> {
                if (ack != null) {
                    ack.send(args.toArray());
                }
            });
            socket.on("push", (args, ack) -> socket.emit("pushed", args.toArray()));
            socket.on("join", (args, ack) -> {
                socket.join(args.get(0).asText());
                ack.send("joined", args.get(0).asText());
            });
            socket.on("to-room", (args, ack) -> {
                main.to(args.get(0).asText()).emit("room-msg", args.get(1));
                ack.send();
            });
            socket.on("to-room-except", (args, ack) -> {
                main.to(args.get(0).asText()).except(args.get(1).asText()).emit("room-msg", args.get(2));
                ack.send();
            });
            socket.on("shout", (args, ack) -> {
                socket.to(args.get(0).asText()).emit("room-msg", args.get(1));
                ack.send();
            });
            socket.on("marker", (args, ack) -> {
                main.emit("marker");
                ack.send();
            });
            socket.on("ask", (args, ack) -> {
                socket.emitWithAck("question", answer -> socket.emit("answer", answer.toArray()), args.get(0));
                ack.send("asked");
            });
            socket.on("never-acked", (args, ack) -> {});
            socket.on("make-binary", (args, ack) -> {
                byte[] bytes = new byte[args.get(0).asInt()];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) i;
                }
                ObjectNode made = JsonNodeFactory.instance
                        .objectNode()
                        .put("bytes", bytes)
                        .put("length", bytes.length);
                socket.emit("binary", made);
            });
            // recovery: 3 events to the room while the socket is away, sent when its transport drops
            socket.on("join-away-room", (args, ack) -> {
                String room = args.get(0).asText();
                socket.join(room);
                socket.emit("joined-room", room);
                ack.send("joined", room);
                socket.onDisconnect(reason -> {
                    if (reason != DisconnectReason.CLIENT_NAMESPACE_DISCONNECT) {
                        for (int i = 1; i <= 3; i++) {
                            main.to(room).emit("missed", room, i);
                        }
                    }
                });
            });
        });
        io.of("/custom").on("connection", socket -> {
            socket.emit("hello", socket.namespace().name());
            socket.on("echo", (args, ack) -> ack.send(args.toArray()));
        });
        io.of(Pattern.compile("/dyn-\\d+"))
                .on(
                        "connection",
                        socket -> socket.emit("hello", socket.namespace().name()));
        io.of("/private")
                .use((socket, next) -> {
                    if (socket.auth().path("token").asText().equals("secret")) {
                        next.proceed();
                    } else {
                        next.refuse("not authorized");
                    }
                })
                .on("connection", socket -> socket.emit("welcome"));
    }

    @Test
    void pollingOnly() throws Exception {
        assertThat(run(fixture.url(), "polling").path("transport").asText()).isEqualTo("polling");
    }

    @Test
    void webSocketOnly() throws Exception {
        assertThat(run(fixture.url(), "websocket").path("transport").asText()).isEqualTo("websocket");
    }

    @Test
    void upgradeFromPollingToWebSocket() throws Exception {
        assertThat(run(fixture.url(), "upgrade").path("transports").toString())
                .isEqualTo("[\"polling\",\"websocket\"]");
    }

    @Test
    void upgradeFromPollingToWebSocketOverTls() throws Exception {
        try (NodeRun node =
                NodeRun.start(Map.of("NODE_EXTRA_CA_CERTS", secureCertificate.toString()), secure.url(), "upgrade")) {
            assertThat(node.finish().path("transports").toString()).isEqualTo("[\"polling\",\"websocket\"]");
        }
    }

    @Test
    void namespacesDynamicNamespacesAndRefusals() throws Exception {
        JsonNode result = run(fixture.url(), "namespaces");
        assertThat(result.path("unknown").asText()).isEqualTo("Invalid namespace");
        assertThat(result.path("refused").asText()).isEqualTo("not authorized");
    }

    @Test
    void roomsBroadcastToMembersOnlyAndExcept() throws Exception {
        JsonNode result = run(fixture.url(), "rooms");
        assertThat(result.path("a").asInt()).isEqualTo(2);
        assertThat(result.path("b").asInt()).isEqualTo(2);
        assertThat(result.path("c").asInt()).isZero();
    }

    @Test
    void acksBothWaysAndClientTimeouts() throws Exception {
        assertThat(run(fixture.url(), "acks").path("timeout").asText()).isEqualTo("operation has timed out");
    }

    @Test
    void binaryNestedInObjectsBothWaysOverPollingAndWebSocket() throws Exception {
        JsonNode result = run(fixture.url(), "binary");
        assertThat(result.path("polling").asInt()).isEqualTo(6);
        assertThat(result.path("websocket").asInt()).isEqualTo(6);
    }

    @Test
    void connectionStateRecoveryRestoresIdRoomsAndMissedEvents() throws Exception {
        JsonNode result = run(recovering.url(), "recovery");
        assertThat(result.path("recovered").asBoolean()).isTrue();
        assertThat(result.path("missed").asInt()).isEqualTo(3);
    }

    @Test
    void chatMessagesCrossBetweenTheJsClientAndTheNativeWebSocketWithOneId() throws Exception {
        String room = "js-chat";
        try (WsClient ws = WsClient.member(chat.ws("/ws"), "wendy", room);
                NodeRun node = NodeRun.start(chat.http(""), "chat", room)) {
            node.step("joined");
            ArrayNode expect = JSON.createArrayNode();
            List<Long> fromWs = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String text = "from ws " + i;
                ws.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"" + text + "\"}");
                long id = ws.awaitType("ack").path("id").asLong();
                fromWs.add(id);
                expect.addObject().put("id", id).put("text", text);
            }
            node.send(JSON.createObjectNode().set("expect", expect));
            List<Long> fromJs = new ArrayList<>();
            for (JsonNode sent : node.step("sent").path("sent")) {
                long id = sent.path("id").asLong();
                JsonNode seen = ws.await(n -> n.path("type").asText().equals("message")
                        && n.path("message").path("id").asLong() == id);
                assertThat(seen.path("message").path("text").asText())
                        .isEqualTo(sent.path("text").asText());
                assertThat(seen.path("message").path("from").asText()).isEqualTo("jsclient");
                fromJs.add(id);
            }
            node.send(JSON.createObjectNode().put("seen", true));
            JsonNode result = node.finish();
            assertThat(ids(result.path("received"))).isEqualTo(fromWs);
            assertThat(ids(result.path("sent"))).isEqualTo(fromJs).hasSize(2);
        }
    }

    @Test
    void chatRecoveryDeliversWhatTheNativeClientSentWhileAway() throws Exception {
        String room = "lobby";
        try (WsClient ws = WsClient.member(chat.ws("/ws"), "wendy", room);
                NodeRun node = NodeRun.start(chat.http(""), "chat-recovery", room)) {
            node.step("joined");
            ws.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"before\"}");
            node.send(JSON.createObjectNode()
                    .put("before", ws.awaitType("ack").path("id").asLong()));
            node.step("away");
            ArrayNode expect = JSON.createArrayNode();
            for (int i = 1; i <= 3; i++) {
                ws.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"while away " + i + "\"}");
                expect.add(ws.awaitType("ack").path("id").asLong());
            }
            node.send(JSON.createObjectNode().set("expect", expect));
            JsonNode result = node.finish();
            assertThat(result.path("recovered").asBoolean()).isTrue();
            assertThat(ids(result.path("missed"))).isEqualTo(ids(expect)).hasSize(3);
        }
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    /** Runs a scenario that needs no help from the test; returns its result object. */
    private static JsonNode run(String url, String scenario) throws Exception {
        try (NodeRun node = NodeRun.start(url, scenario)) {
            return node.finish();
        }
    }

    /**
     * Skips the class (loudly) when {@code node} or {@code npm} is not on the PATH, or fails it when
     * the environment variable {@code CI} is {@code true}.
     */
    private static void assumeNodeInstalled() {
        boolean node = onPath("node");
        boolean npm = onPath("npm");
        if (node && npm) {
            return;
        }
        String message = "the JavaScript client test needs " + (node ? "" : "node (apt-get install nodejs) ")
                + (npm ? "" : "npm (apt-get install npm)");
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        System.err.println();
        System.err.println("!!!!!!!! SKIPPING JAVASCRIPT CLIENT TEST: " + message + " !!!!!!!!");
        System.err.println();
        Assumptions.abort(message);
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

    /**
     * {@code npm ci} from the committed lockfile, when {@code node_modules} is not there yet. The
     * embedding check (switchboard-examples/embedding-check) installs the same folder, and the
     * reactor builds it at the same time (-T in .mvn/maven.config), so the check and the install
     * run under an exclusive lock on the lockfile: a second {@code npm ci} would delete the first's
     * {@code node_modules} under it.
     */
    private static void installClient() throws Exception {
        try (FileChannel lockfile = FileChannel.open(PROJECT.resolve("package-lock.json"), StandardOpenOption.WRITE);
                FileLock ignored = lockfile.lock()) {
            installClientLocked();
        }
    }

    private static void installClientLocked() throws Exception {
        if (Files.isDirectory(PROJECT.resolve("node_modules/socket.io-client"))) {
            return;
        }
        Path log = Files.createTempFile("switchboard-npm-ci", ".log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(PROJECT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean done = npm.waitFor(NPM_CI_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            npm.destroyForcibly();
        }
        String output = Files.readString(log);
        Files.deleteIfExists(log);
        if (!done || npm.exitValue() != 0) {
            fail("npm ci in " + PROJECT + (done ? " exited " + npm.exitValue() : " took over " + NPM_CI_TIMEOUT) + ":\n"
                    + output);
        }
    }

    /**
     * One {@code node interop.mjs <url> <scenario> [room]}: its stdout lines as they come, a JSON
     * line at a time to its stdin, and its stderr in a file for failure messages.
     */
    private static final class NodeRun implements AutoCloseable {
        private static final String END = "\u0000end";

        private final Process process;
        private final Path stderr;
        private final Writer stdin;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private final long deadline = System.nanoTime() + SCENARIO_TIMEOUT.toNanos();

        private NodeRun(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            this.stdin = process.outputWriter(StandardCharsets.UTF_8);
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line = r.readLine(); line != null; line = r.readLine()) {
                                lines.add(line);
                            }
                        } catch (IOException e) {
                            // the process went away; END below says so
                        } finally {
                            lines.add(END);
                        }
                    },
                    "node-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static NodeRun start(String url, String... scenarioAndArgs) throws IOException {
            return start(Map.of(), url, scenarioAndArgs);
        }

        /** With {@code env} added to node's environment. */
        static NodeRun start(Map<String, String> env, String url, String... scenarioAndArgs) throws IOException {
            List<String> command = new ArrayList<>(List.of("node", "interop.mjs", url));
            command.addAll(List.of(scenarioAndArgs));
            Path stderr = Files.createTempFile("switchboard-node", ".err");
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(PROJECT.toFile()).redirectError(stderr.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            return new NodeRun(p, stderr);
        }

        /** The next stdout line, parsed; fails when the process ended or ran out of time first. */
        private JsonNode nextLine(String waitingFor) throws Exception {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END)) {
                if (line != null) {
                    lines.add(END);
                }
                return fail((line == null ? "timed out" : "node ended") + " waiting for " + waitingFor + report());
            }
            seen.add(line);
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                return fail("not a JSON line: " + line + report());
            }
        }

        /** Waits for the step line {@code {"step": name, ...}}; a result line first fails. */
        JsonNode step(String name) throws Exception {
            JsonNode line = nextLine("step " + name);
            if (!name.equals(line.path("step").asText())) {
                fail("expected step " + name + ", got " + line + report());
            }
            return line;
        }

        void send(JsonNode message) {
            try {
                stdin.write(JSON.writeValueAsString(message) + "\n");
                stdin.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits for the result line and the exit; asserts ok and exit code 0; returns the result. */
        JsonNode finish() throws Exception {
            JsonNode line = nextLine("the result line");
            while (line.has("step")) {
                line = nextLine("the result line");
            }
            boolean exited = process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!exited) {
                fail("node did not exit" + report());
            }
            if (!line.path("ok").asBoolean() || process.exitValue() != 0) {
                fail("scenario failed: " + line.path("error").asText(line.toString()) + report());
            }
            return line.path("result");
        }

        private String report() {
            String err;
            try {
                err = Files.readString(stderr);
            } catch (IOException e) {
                err = "(stderr unreadable: " + e + ")";
            }
            return "\n  exit: " + (process.isAlive() ? "still running" : process.exitValue())
                    + "\n  stdout: " + String.join("\n          ", seen)
                    + "\n  stderr: " + err;
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(stderr);
        }
    }
}
