package io.switchboard.testing;

import io.switchboard.server.ServerConfig;
import io.switchboard.server.SwitchboardServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Starts a Switchboard on a free loopback port, with the default SQLite store in a fresh temporary
 * data folder that {@link #close} deletes. A test class states the server it needs in one line and
 * lets JUnit stop it:
 *
 * <pre>{@code
 * @AutoClose
 * static final TestServer server = TestServer.start(config -> config.rateLimit(10_000, 10_000));
 * }</pre>
 *
 * <p>The data folder is the server's own rather than a {@code @TempDir}, because a static field's
 * initializer runs before JUnit injects temporary directories. Not thread-safe: start and close it
 * from the test thread; {@link #ws} and {@link #http} may be called from any thread.
 */
public final class TestServer implements AutoCloseable {
    private final Path dataDir;
    private final SwitchboardServer server;

    public TestServer(UnaryOperator<ServerConfig.Builder> settings) {
        try {
            dataDir = Files.createTempDirectory("switchboard-test");
            server = SwitchboardServer.start(settings.apply(
                            ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public TestServer() {
        this(b -> b);
    }

    /** A server with the defaults plus {@code settings}; close it (or mark the field {@code @AutoClose}). */
    public static TestServer start(UnaryOperator<ServerConfig.Builder> settings) {
        return new TestServer(settings);
    }

    /** A server with the defaults. */
    public static TestServer start() {
        return new TestServer();
    }

    public SwitchboardServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public String ws(String path) {
        return "ws://127.0.0.1:" + server.port() + path;
    }

    public String http(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
