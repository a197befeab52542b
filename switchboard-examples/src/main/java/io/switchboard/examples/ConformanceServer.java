package io.switchboard.examples;

import io.switchboard.socketio.SocketIoConfig;
import io.switchboard.socketio.SocketIoHttpServer;
import io.switchboard.socketio.SocketIoServer;
import io.switchboard.socketio.SocketIoSocket;
import io.switchboard.socketio.internal.engineio.EngineCloseReason;
import io.switchboard.socketio.internal.engineio.EngineIoConfig;
import io.switchboard.socketio.internal.engineio.EngineIoServer;
import io.switchboard.socketio.internal.engineio.EngineIoSession;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server the official Engine.IO and Socket.IO protocol test suites run against: an Engine.IO
 * echo at {@code /engine.io/} and, at {@code /socket.io/}, a Socket.IO server that emits
 * {@code auth} on connection, answers {@code message} with {@code message-back} and
 * {@code message-with-ack} through the ack, and accepts the namespace {@code /custom}.
 *
 * <p>Usage: {@code ConformanceServer [--port N] [--host H]} (default 127.0.0.1:3000).
 */
public final class ConformanceServer implements AutoCloseable {
    /** The suites' timers: pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1 MB. */
    public static final EngineIoConfig ENGINE = new EngineIoConfig(
            Duration.ofMillis(300), Duration.ofMillis(200), 1_000_000, Duration.ofSeconds(10), 4_000_000);

    /** How long after the CONNECT reply the auth event leaves; see {@link #echoBehaviour}. */
    private static final long AUTH_DELAY_MS = 5;

    private final SocketIoHttpServer http;
    private final SocketIoServer io;
    private final EngineIoServer echo;

    private ConformanceServer(SocketIoHttpServer http, SocketIoServer io, EngineIoServer echo) {
        this.http = http;
        this.io = io;
        this.echo = echo;
    }

    public static void main(String[] args) throws Exception {
        int port = 3000;
        String host = "127.0.0.1";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--host" -> host = args[i + 1];
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        ConformanceServer s = start(host, port);
        System.out.println("conformance server listening on " + host + ":" + s.port());
        Thread.currentThread().join();
    }

    /** Starts a server; port 0 picks a free one. */
    public static ConformanceServer start(String host, int port) throws InterruptedException {
        return start(host, port, new SocketIoConfig(ENGINE, Duration.ofMillis(1000)));
    }

    /** Starts a server with other Socket.IO settings (tests register more namespaces on {@link #io()}). */
    public static ConformanceServer start(String host, int port, SocketIoConfig config) throws InterruptedException {
        return start(host, port, config, ENGINE);
    }

    /**
     * Like {@link #start(String, int, SocketIoConfig)}, with other timers for the Engine.IO echo at
     * {@code /engine.io/} (tests of behaviours that do not involve the heartbeat use longer ones, so
     * a slow machine cannot time their sessions out between two steps).
     */
    public static ConformanceServer start(String host, int port, SocketIoConfig config, EngineIoConfig echoEngine)
            throws InterruptedException {
        SocketIoServer io = new SocketIoServer(config);
        io.sockets().on("connection", ConformanceServer::echoBehaviour);
        io.of("/custom").on("connection", ConformanceServer::echoBehaviour);
        EngineIoServer echo = new EngineIoServer(echoEngine, ConformanceServer::echoSession);
        Map<String, EngineIoServer> routes = new LinkedHashMap<>();
        routes.put("/engine.io/", echo);
        routes.put("/socket.io/", io.engine());
        return new ConformanceServer(SocketIoHttpServer.start(host, port, 2, routes), io, echo);
    }

    public int port() {
        return http.port();
    }

    public SocketIoServer io() {
        return io;
    }

    /** The plain Engine.IO echo server on {@code /engine.io/}, for tests that await its sessions' state. */
    public EngineIoServer echo() {
        return echo;
    }

    private static void echoBehaviour(SocketIoSocket socket) {
        // a moment after the CONNECT reply: the suites read one WebSocket message per wait and lose
        // a second one that arrives in the same TCP read (ws 8.5 emits both in one tick)
        socket.executor().schedule(() -> socket.emit("auth", socket.auth()), AUTH_DELAY_MS, TimeUnit.MILLISECONDS);
        socket.on("message", (args, ack) -> socket.emit("message-back", args.toArray()));
        socket.on("message-with-ack", (args, ack) -> {
            if (ack != null) {
                ack.send(args.toArray());
            }
        });
    }

    private static void echoSession(EngineIoSession session) {
        session.listener(new EngineIoSession.Listener() {
            @Override
            public void onMessage(EnginePacket message) {
                session.send(message);
            }

            @Override
            public void onClose(EngineCloseReason reason) {}
        });
    }

    @Override
    public void close() {
        io.close();
        http.close();
    }
}
