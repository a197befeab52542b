package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.ssl.SslContext;
import io.switchboard.socketio.internal.engineio.EngineIoServer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The Socket.IO v5 server: namespaces (the main one, registered ones, and ones created on demand
 * when a name matches a registered pattern) on top of an {@link EngineIoServer}.
 *
 * <pre>
 *   SocketIoServer io = new SocketIoServer(SocketIoConfig.defaults());
 *   io.of("/chat").on("connection", socket -&gt; socket.on("hi", (args, ack) -&gt; ack.send("hello")));
 *   io.to("room").except(id).emit("news", 1);
 * </pre>
 *
 * <p>Thread-safe.
 */
public final class SocketIoServer {
    private final SocketIoConfig config;
    private final EngineIoServer engine;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();
    /** Patterns and the parent namespace whose handlers a matching new namespace shares. */
    private final List<Map.Entry<Pattern, Namespace>> dynamic = new CopyOnWriteArrayList<>();

    private final SecureRandom random = new SecureRandom();
    private final List<SocketIoHttpServer> listeners = new CopyOnWriteArrayList<>();
    /** How long broadcasts stay in a namespace's log: the allowance plus dead-connection detection. */
    private final Duration logRetain;

    public SocketIoServer(SocketIoConfig config) {
        this.config = config;
        this.logRetain = config.recovery() == null
                ? Duration.ZERO
                : config.recovery()
                        .maxDisconnectionDuration()
                        .plus(config.engine().pingInterval())
                        .plus(config.engine().pingTimeout());
        this.engine =
                new EngineIoServer(config.engine(), session -> session.listener(new SocketIoClient(this, session)));
        of("/");
    }

    public SocketIoConfig config() {
        return config;
    }

    /** The Engine.IO server to hand HTTP requests under the Socket.IO path to. */
    public EngineIoServer engine() {
        return engine;
    }

    /** The namespace of this name, created if needed. */
    public Namespace of(String name) {
        return namespaces.computeIfAbsent(name, n -> new Namespace(n, config.recovery(), logRetain, config.adapter()));
    }

    /** A parent for namespaces created when a client connects to a name matching the pattern. */
    public Namespace of(Pattern pattern) {
        Namespace parent = new Namespace(pattern.pattern(), config.recovery(), logRetain, config.adapter());
        dynamic.add(Map.entry(pattern, parent));
        return parent;
    }

    /** The main namespace. */
    public Namespace sockets() {
        return of("/");
    }

    public BroadcastOperator to(String room) {
        return sockets().to(room);
    }

    /** The JS synonym of {@link #to}. */
    public BroadcastOperator in(String room) {
        return sockets().to(room);
    }

    public BroadcastOperator except(String room) {
        return sockets().except(room);
    }

    /** The main namespace's sockets, as {@link Namespace#fetchSockets}. */
    public CompletableFuture<List<SocketIoSocket>> fetchSockets() {
        return sockets().fetchSockets();
    }

    /** Makes every socket of the main namespace join a room. */
    public CompletableFuture<ClusterResult<Integer>> socketsJoin(String room) {
        return sockets().socketsJoin(room);
    }

    /** Makes every socket of the main namespace leave a room. */
    public CompletableFuture<ClusterResult<Integer>> socketsLeave(String room) {
        return sockets().socketsLeave(room);
    }

    /** The main namespace's sockets on every node, as {@link Namespace#fetchRemoteSockets}. */
    public CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchRemoteSockets() {
        return sockets().fetchRemoteSockets();
    }

    /** Sends an event to the main namespace's server-side handlers on the other nodes. */
    public CompletableFuture<ClusterResult<Map<String, List<JsonNode>>>> serverSideEmit(String event, Object... args) {
        return sockets().serverSideEmit(event, args);
    }

    /** Every socket of the main namespace, with cross-node operations waiting at most {@code timeout}. */
    public BroadcastOperator timeout(Duration timeout) {
        return sockets().timeout(timeout);
    }

    public void emit(String event, Object... args) {
        sockets().emit(event, args);
    }

    /** The namespace a client may connect to by this name, or null. */
    Namespace lookup(String name) {
        Namespace ns = namespaces.get(name);
        if (ns != null) {
            return ns;
        }
        for (Map.Entry<Pattern, Namespace> e : dynamic) {
            if (e.getKey().matcher(name).matches()) {
                return namespaces.computeIfAbsent(name, n -> e.getValue().child(n));
            }
        }
        return null;
    }

    String newId() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Serves this server at {@code /socket.io/} on its own HTTP port (port 0 picks a free one),
     * as the JS {@code io.listen(port)}; {@link #close} stops it. For a server embedded in an
     * existing Netty pipeline, hand requests to {@link #engine()} instead.
     */
    public SocketIoHttpServer listen(String host, int port) throws InterruptedException {
        return listen(host, port, null);
    }

    /**
     * As {@link #listen(String, int)}, over TLS (https and wss) when {@code tls} is a server
     * {@link SslContext}; null serves plain HTTP.
     */
    public SocketIoHttpServer listen(String host, int port, SslContext tls) throws InterruptedException {
        SocketIoHttpServer http = SocketIoHttpServer.start(
                host, port, Runtime.getRuntime().availableProcessors(), Map.of("/socket.io/", engine), tls);
        listeners.add(http);
        return http;
    }

    /** Closes every connection, and the ports {@link #listen} opened. */
    public void close() {
        engine.closeAll();
        for (Namespace ns : namespaces.values()) {
            ns.adapter().close();
        }
        for (Map.Entry<Pattern, Namespace> e : dynamic) {
            e.getValue().adapter().close();
        }
        for (SocketIoHttpServer http : listeners) {
            http.close();
        }
        listeners.clear();
    }
}
