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
 * data folder that {@link #close} deletes.
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

    public SwitchboardServer server() {
        return server;
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
