package io.switchboard.socketio;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A Socket.IO namespace: its connection handlers and middleware, its connected sockets and its
 * rooms (a two-way index: room → sockets here, socket → rooms in each socket).
 *
 * <p>Thread-safe: handlers may be added from any thread; the socket and room tables are
 * concurrent. Rooms live here until the Socket.IO layer is joined to the hub.
 */
public final class Namespace {
    private final String name;
    /** Shared with the namespaces a dynamic parent creates. */
    private final List<Consumer<SocketIoSocket>> connectionHandlers;
    private final List<Middleware> middlewares;
    private final Map<String, SocketIoSocket> sockets = new ConcurrentHashMap<>();
    private final Map<String, Set<SocketIoSocket>> rooms = new ConcurrentHashMap<>();

    Namespace(String name) {
        this(name, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    private Namespace(String name, List<Consumer<SocketIoSocket>> handlers, List<Middleware> middlewares) {
        this.name = name;
        this.connectionHandlers = handlers;
        this.middlewares = middlewares;
    }

    /** A namespace created on demand under a dynamic parent; it shares the parent's handlers. */
    Namespace child(String childName) {
        return new Namespace(childName, connectionHandlers, middlewares);
    }

    public String name() {
        return name;
    }

    /** Called with each socket that joined (after the middleware accepted it), on its loop. */
    public Namespace onConnection(Consumer<SocketIoSocket> handler) {
        connectionHandlers.add(handler);
        return this;
    }

    /** The JS spelling: {@code on("connection", …)} (or {@code "connect"}). */
    public Namespace on(String event, Consumer<SocketIoSocket> handler) {
        if (!event.equals("connection") && !event.equals("connect")) {
            throw new IllegalArgumentException("a namespace has only the connection event, not " + event);
        }
        return onConnection(handler);
    }

    public Namespace use(Middleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    public Collection<SocketIoSocket> sockets() {
        return List.copyOf(sockets.values());
    }

    public BroadcastOperator to(String room) {
        return new BroadcastOperator(this, Set.of(room), Set.of());
    }

    public BroadcastOperator except(String roomOrSocketId) {
        return new BroadcastOperator(this, Set.of(), Set.of(roomOrSocketId));
    }

    /** Sends an event to every socket of the namespace. */
    public void emit(String event, Object... args) {
        new BroadcastOperator(this, Set.of(), Set.of()).emit(event, args);
    }

    /** The sockets in a room now. */
    public Set<SocketIoSocket> members(String room) {
        Set<SocketIoSocket> m = rooms.get(room);
        return m == null ? Set.of() : Set.copyOf(m);
    }

    List<Middleware> middlewares() {
        return middlewares;
    }

    void add(SocketIoSocket socket) {
        sockets.put(socket.id(), socket);
        for (Consumer<SocketIoSocket> h : connectionHandlers) {
            h.accept(socket);
        }
    }

    void remove(SocketIoSocket socket) {
        sockets.remove(socket.id(), socket);
    }

    void addToRoom(String room, SocketIoSocket socket) {
        rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(socket);
    }

    void removeFromRoom(String room, SocketIoSocket socket) {
        rooms.computeIfPresent(room, (r, members) -> {
            members.remove(socket);
            return members.isEmpty() ? null : members;
        });
    }
}
