package embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The library embedded by a project that depends on nothing else of Switchboard: the official
 * JavaScript client connects, is greeted and gets its echo acknowledged; the project's dependency
 * tree holds no JDBC driver, logging backend or picocli.
 *
 * <p>The client comes from the server module's interop project ({@code npm ci} from its lockfile
 * when missing). Without node and npm the test is skipped, except under {@code CI=true}.
 */
class EmbeddingCheckIT {
    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    private static final Path NODE_PROJECT = BASE.resolve("../../switchboard-server/src/test/node/socketio-interop");

    @Test
    void theOfficialJavaScriptClientTalksToAServerBuiltOnTheLibraryAlone() throws Exception {
        assumeNode();
        installClient();
        try (EchoServer server = EchoServer.start("127.0.0.1", 0)) {
            ProcessBuilder pb = new ProcessBuilder(
                    "node",
                    BASE.resolve("src/test/node/client.cjs").toString(),
                    "http://127.0.0.1:" + server.http().port());
            pb.environment()
                    .put(
                            "NODE_PATH",
                            NODE_PROJECT
                                    .resolve("node_modules")
                                    .toAbsolutePath()
                                    .toString());
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process node = pb.start();
            boolean done = node.waitFor(60, TimeUnit.SECONDS);
            if (!done) {
                node.destroyForcibly();
                fail("the client did not finish");
            }
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, node.exitValue(), out);
            assertTrue(out.contains("\"echo\":[\"hello\",42,{\"nested\":true}]"), out);
            assertTrue(out.matches("\\{\"welcome\":\"([^\"]+)\",\"socketId\":\"\\1\".*"), out);
        }
    }

    @Test
    void theDependencyTreeHasNoJdbcDriverLoggingBackendOrPicocli() throws IOException {
        String tree = Files.readString(BASE.resolve("target/dependency-tree.txt"));
        assertTrue(tree.contains("io.switchboard:switchboard-socketio"), tree);
        for (String banned : List.of(
                "sqlite-jdbc", "org.postgresql", "HikariCP", "logback", "log4j-core", "slf4j-simple", "picocli")) {
            assertFalse(tree.contains(banned), banned + " in\n" + tree);
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            assertFalse(entry.matches(".*(sqlite-jdbc|postgresql|logback|picocli|HikariCP).*"), entry);
        }
    }

    private static void assumeNode() {
        boolean present = onPath("node") && onPath("npm");
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI=true and node or npm is not on the PATH");
        }
        assumeTrue(present, "node and npm are needed (apt-get install nodejs npm)");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The server module's SocketIoJsClientIT installs the same folder while the reactor builds this
     * project (-T), so both check and install under an exclusive lock on the lockfile.
     */
    private static void installClient() throws Exception {
        try (FileChannel lockfile =
                        FileChannel.open(NODE_PROJECT.resolve("package-lock.json"), StandardOpenOption.WRITE);
                FileLock ignored = lockfile.lock()) {
            installClientLocked();
        }
    }

    private static void installClientLocked() throws Exception {
        if (Files.isDirectory(NODE_PROJECT.resolve("node_modules/socket.io-client"))) {
            return;
        }
        // Not inheritIO(): this JVM's stdin and stdout are the test runner's command and event
        // channels. Node switches an inherited stdin to non-blocking, after which the runner's next
        // read fails ("std/in stream corrupted") and fails the build, and npm's output on stdout
        // would corrupt the events. npm reads nothing, and its output goes to a log shown on failure.
        Path log = Files.createTempFile("embedding-npm-ci", ".log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(NODE_PROJECT.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            fail("npm ci in " + NODE_PROJECT + " failed:\n" + Files.readString(log));
        }
        Files.deleteIfExists(log);
    }
}
