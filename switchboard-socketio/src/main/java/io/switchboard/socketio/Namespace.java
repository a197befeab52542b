package io.switchboard.socketio;

import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import java.util.Collection;
import java.util.LinkedHashMap;
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
 * <p>With connection state recovery on, broadcasts go through a {@link PacketLog}: each one is
 * numbered and sent under one lock, so every socket is handed the namespace's packets in log
 * order, which is what lets one offset say which of them a client has.
 *
 * <p>Thread-safe: handlers may be added from any thread; the socket and room tables are
 * concurrent.
 */
public final class Namespace {
    /** Enough for two minutes of 800 broadcasts a second; older packets make recovery fail. */
    private static final int MAX_LOGGED_PACKETS = 100_000;

    private final String name;
    /** Null when recovery is off. */
    private final ConnectionStateRecovery recovery;
    /** Null when recovery is off; guarded by itself, which is also the broadcast lock. */
    private final PacketLog log;
    /** Shared with the namespaces a dynamic parent creates. */
    private final List<Consumer<SocketIoSocket>> connectionHandlers;
    private final List<Middleware> middlewares;
    private final Map<String, SocketIoSocket> sockets = new ConcurrentHashMap<>();
    private final Map<String, Set<SocketIoSocket>> rooms = new ConcurrentHashMap<>();

    /**
     * @param recovery   null when recovery is off
     * @param logRetain  how long broadcasts are kept for recovery (the disconnection allowance
     *                   plus the time a dead connection takes to be noticed)
     */
    Namespace(String name, ConnectionStateRecovery recovery, java.time.Duration logRetain) {
        this(name, recovery, logRetain, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    private Namespace(String name, ConnectionStateRecovery recovery, java.time.Duration logRetain,
                      List<Consumer<SocketIoSocket>> handlers, List<Middleware> middlewares) {
        this.name = name;
        this.recovery = recovery;
        this.log = recovery == null ? null : new PacketLog(logRetain.toNanos(), MAX_LOGGED_PACKETS);
        this.logRetain = logRetain;
        this.connectionHandlers = handlers;
        this.middlewares = middlewares;
    }

    private final java.time.Duration logRetain;

    /** A namespace created on demand under a dynamic parent; it shares the parent's handlers. */
    Namespace child(String childName) {
        return new Namespace(childName, recovery, logRetain, connectionHandlers, middlewares);
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
        return all().to(room);
    }

    /** The JS synonym of {@link #to}. */
    public BroadcastOperator in(String room) {
        return to(room);
    }

    public BroadcastOperator except(String roomOrSocketId) {
        return all().except(roomOrSocketId);
    }

    /** Every socket of the namespace; events sent through it may be dropped (see {@link BroadcastOperator#asVolatile}). */
    public BroadcastOperator asVolatile() {
        return all().asVolatile();
    }

    /** Sends an event to every socket of the namespace. */
    public void emit(String event, Object... args) {
        all().emit(event, args);
    }

    /** Makes every socket of the namespace join a room. */
    public void socketsJoin(String room) {
        all().socketsJoin(room);
    }

    /** Makes every socket of the namespace leave a room. */
    public void socketsLeave(String room) {
        all().socketsLeave(room);
    }

    /** The namespace's sockets; a future so that a clustered namespace can answer the same way. */
    public java.util.concurrent.CompletableFuture<List<SocketIoSocket>> fetchSockets() {
        return all().fetchSockets();
    }

    /** Disconnects every socket of the namespace; with {@code close} their connections close too. */
    public void disconnectSockets(boolean close) {
        all().disconnectSockets(close);
    }

    private BroadcastOperator all() {
        return new BroadcastOperator(this, Set.of(), Set.of(), false);
    }

    boolean recoveryEnabled() {
        return recovery != null;
    }

    ConnectionStateRecovery recovery() {
        return recovery;
    }

    /**
     * Sends an encoded event to the targets. With recovery on, the packet is logged, and each
     * target is handed it on its loop with its offset, under the broadcast lock.
     */
    void broadcast(Set<String> toRooms, Set<String> exceptRooms, EncodedSocketPacket packet) {
        if (log == null) {
            for (SocketIoSocket s : targets(toRooms, exceptRooms)) {
                s.client().sendEncoded(packet);
            }
            return;
        }
        synchronized (log) {
            long seq = log.append(toRooms, exceptRooms, packet, System.nanoTime());
            for (SocketIoSocket s : targets(toRooms, exceptRooms)) {
                s.sendLogged(packet, seq);
            }
        }
    }

    /** The sockets in any of {@code toRooms} (all sockets when empty) and in none of {@code exceptRooms}. */
    Collection<SocketIoSocket> targets(Set<String> toRooms, Set<String> exceptRooms) {
        Map<String, SocketIoSocket> targets = new LinkedHashMap<>();
        if (toRooms.isEmpty()) {
            targets.putAll(sockets);
        } else {
            for (String room : toRooms) {
                for (SocketIoSocket s : members(room)) {
                    targets.put(s.id(), s);
                }
            }
        }
        for (String room : exceptRooms) {
            for (SocketIoSocket s : members(room)) {
                targets.remove(s.id());
            }
        }
        return targets.values();
    }

    /** The sockets in a room now. */
    public Set<SocketIoSocket> members(String room) {
        Set<SocketIoSocket> m = rooms.get(room);
        return m == null ? Set.of() : Set.copyOf(m);
    }

    List<Middleware> middlewares() {
        return middlewares;
    }

    /**
     * Makes a socket that just got its CONNECT reply a member: it joins its rooms and becomes a
     * broadcast target; a recovered socket is first sent the logged packets it missed. Then the
     * connection handlers run. On the socket's loop.
     */
    void add(SocketIoSocket socket) {
        if (log == null) {
            socket.markConnected();
            sockets.put(socket.id(), socket);
        } else {
            synchronized (log) {
                socket.markConnected();
                sockets.put(socket.id(), socket);
                socket.attachedToLog(log);
            }
        }
        for (Consumer<SocketIoSocket> h : connectionHandlers) {
            h.accept(socket);
        }
    }

    /** Whether the log still holds every packet after {@code position} (recovery is on). */
    boolean canReplayAfter(long position) {
        synchronized (log) {
            return log.after(position, Set.of(), System.nanoTime()) != null;
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
