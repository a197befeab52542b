package io.switchboard.testing;

import io.switchboard.server.ServerConfig;
import io.switchboard.server.SwitchboardServer;
import java.util.function.UnaryOperator;

/** Starts a Switchboard on a free loopback port for one test class. */
public final class TestServer implements AutoCloseable {
    private final SwitchboardServer server;

    public TestServer(UnaryOperator<ServerConfig.Builder> settings) {
        try {
            server = SwitchboardServer.start(settings.apply(ServerConfig.builder().host("127.0.0.1").port(0)).build());
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
    }
}
