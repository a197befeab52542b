package io.switchboard.socketio;

import io.switchboard.transport.engineio.EngineIoServer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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

    public SocketIoServer(SocketIoConfig config) {
        this.config = config;
        this.engine = new EngineIoServer(config.engine(), session -> session.listener(new SocketIoClient(this, session)));
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
        return namespaces.computeIfAbsent(name, Namespace::new);
    }

    /** A parent for namespaces created when a client connects to a name matching the pattern. */
    public Namespace of(Pattern pattern) {
        Namespace parent = new Namespace(pattern.pattern());
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

    public BroadcastOperator except(String room) {
        return sockets().except(room);
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

    /** Closes every connection. */
    public void close() {
        engine.closeAll();
    }
}
