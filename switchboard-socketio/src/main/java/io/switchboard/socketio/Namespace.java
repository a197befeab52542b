package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A Socket.IO namespace: its connection handlers and middleware, its connected sockets and its
 * {@link Adapter}, which keeps its rooms and carries its broadcasts ({@link InMemoryAdapter} unless
 * {@link SocketIoConfig#adapter()} names another).
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
    /** The sockets that are in a room, by id: what the adapter's ids resolve to on this node. */
    private final Map<String, SocketIoSocket> roomMembers = new ConcurrentHashMap<>();

    private final Adapter.Factory adapterFactory;
    private final Adapter adapter;
    /** Handlers of events other nodes send with {@link #serverSideEmit}; shared with dynamic children. */
    private final Map<String, List<EventHandler>> serverHandlers;
    /**
     * Ack ids of broadcasts with an ack. A socket counts its own acks from 0 (as clients and the
     * protocol suites expect), so broadcasts count from 2^30, where no socket's count gets to,
     * and one id of a socket never means two acks. Not higher: the official Java client parses
     * ack ids as a 32-bit int.
     */
    private final AtomicLong nextAckId = new AtomicLong(1L << 30);
    /** Names this namespace's packet log in saved sessions: a position counts in this log only. */
    private final String logId = UUID.randomUUID().toString();

    /**
     * @param recovery   null when recovery is off
     * @param logRetain  how long broadcasts are kept for recovery (the disconnection allowance
     *                   plus the time a dead connection takes to be noticed)
     */
    Namespace(String name, ConnectionStateRecovery recovery, Duration logRetain, Adapter.Factory adapterFactory) {
        this(
                name,
                recovery,
                logRetain,
                adapterFactory,
                new CopyOnWriteArrayList<>(),
                new CopyOnWriteArrayList<>(),
                new ConcurrentHashMap<>());
    }

    private Namespace(
            String name,
            ConnectionStateRecovery recovery,
            Duration logRetain,
            Adapter.Factory adapterFactory,
            List<Consumer<SocketIoSocket>> handlers,
            List<Middleware> middlewares,
            Map<String, List<EventHandler>> serverHandlers) {
        this.name = name;
        this.serverHandlers = serverHandlers;
        this.adapterFactory = adapterFactory;
        this.recovery = recovery;
        this.log = recovery == null ? null : new PacketLog(logRetain.toNanos(), MAX_LOGGED_PACKETS);
        this.logRetain = logRetain;
        this.connectionHandlers = handlers;
        this.middlewares = middlewares;
        // last: the factory may read the name and settings of the namespace it serves
        this.adapter = adapterFactory.create(this);
    }

    private final Duration logRetain;

    /** A namespace created on demand under a dynamic parent; it shares the parent's handlers. */
    Namespace child(String childName) {
        return new Namespace(
                childName, recovery, logRetain, adapterFactory, connectionHandlers, middlewares, serverHandlers);
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

    /**
     * Every socket of the namespace; events sent through it may be dropped (see {@link
     * BroadcastOperator#asVolatile}).
     */
    public BroadcastOperator asVolatile() {
        return all().asVolatile();
    }

    /** Sends an event to every socket of the namespace. */
    public void emit(String event, Object... args) {
        all().emit(event, args);
    }

    /** Makes every socket of the namespace, on every node, join a room. */
    public CompletableFuture<ClusterResult<Integer>> socketsJoin(String room) {
        return all().socketsJoin(room);
    }

    /** Makes every socket of the namespace, on every node, leave a room. */
    public CompletableFuture<ClusterResult<Integer>> socketsLeave(String room) {
        return all().socketsLeave(room);
    }

    /** This node's sockets of the namespace. */
    public CompletableFuture<List<SocketIoSocket>> fetchSockets() {
        return all().fetchSockets();
    }

    /** Views of the namespace's sockets on every node. */
    public CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchRemoteSockets() {
        return all().fetchRemoteSockets();
    }

    /** Disconnects every socket of the namespace; with {@code close} their connections close too. */
    public CompletableFuture<ClusterResult<Integer>> disconnectSockets(boolean close) {
        return all().disconnectSockets(close);
    }

    /** Every socket of the namespace, with cross-node operations waiting at most {@code timeout}. */
    public BroadcastOperator timeout(Duration timeout) {
        return all().timeout(timeout);
    }

    /**
     * Sends an event to this namespace's {@link #onServerSideEmit} handlers on the other nodes;
     * answers once each node ran its handlers (the JS {@code serverSideEmit}).
     */
    public CompletableFuture<ClusterResult<Map<String, List<JsonNode>>>> serverSideEmit(String event, Object... args) {
        return all().serverSideEmit(event, args);
    }

    /**
     * Sends an event to the other nodes' handlers and gathers each node's acknowledgement, within
     * {@code timeout} (the JS {@code serverSideEmitWithAck}).
     */
    public CompletableFuture<ClusterResult<Map<String, List<JsonNode>>>> serverSideEmitWithAck(
            Duration timeout, String event, Object... args) {
        return all().timeout(timeout).serverSideEmitWithAck(event, args);
    }

    /**
     * Takes events other nodes send with {@link #serverSideEmit}; called on an adapter thread, so
     * it must not block. Its {@code ack} is null unless the sender asked for one; a node answers
     * with the first handler's acknowledgement.
     */
    public Namespace onServerSideEmit(String event, EventHandler handler) {
        serverHandlers.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    /**
     * Runs this namespace's handlers of an event another node sent; for {@link Adapter}s. False
     * when no handler takes the event ({@code ack} is then never called).
     */
    public boolean receiveServerSideEmit(String event, List<JsonNode> args, Ack ack) {
        List<EventHandler> list = serverHandlers.get(event);
        if (list == null || list.isEmpty()) {
            return false;
        }
        for (EventHandler h : list) {
            h.handle(args, ack);
        }
        return true;
    }

    private BroadcastOperator all() {
        return new BroadcastOperator(this, Set.of(), Set.of(), false, null);
    }

    /** This namespace's rooms and broadcasts. */
    public Adapter adapter() {
        return adapter;
    }

    boolean recoveryEnabled() {
        return recovery != null;
    }

    /** Connection state recovery of this namespace, or null when it is off. */
    public ConnectionStateRecovery recovery() {
        return recovery;
    }

    /**
     * Names this namespace's packet log (random per namespace object): a saved session's {@code *}
     * position means something only to the log it was taken from.
     */
    public String logId() {
        return logId;
    }

    long nextAckId() {
        return nextAckId.getAndIncrement();
    }

    /** Sends an encoded event through the adapter. */
    void broadcast(Set<String> toRooms, Set<String> exceptRooms, EncodedSocketPacket packet) {
        adapter.broadcast(packet, new BroadcastOptions(toRooms, exceptRooms, false));
    }

    /**
     * Hands an encoded event to this node's targets (what {@link InMemoryAdapter#broadcast} does).
     * With recovery on, the packet is logged, and each target is handed it on its loop with its
     * offset, under the broadcast lock. The targets on a WebSocket with permessage-deflate share one
     * compressed frame per distinct text ({@link EncodedSocketPacket#sharedForBroadcast()}).
     */
    int deliver(Set<String> toRooms, Set<String> exceptRooms, EncodedSocketPacket packet) {
        EncodedSocketPacket shared = packet.shared() == null ? packet.sharedForBroadcast() : packet;
        try {
            return deliverShared(toRooms, exceptRooms, shared);
        } finally {
            if (shared != packet) {
                shared.releaseShared();
            }
        }
    }

    private int deliverShared(Set<String> toRooms, Set<String> exceptRooms, EncodedSocketPacket packet) {
        int n = 0;
        if (log == null) {
            for (SocketIoSocket s : targets(toRooms, exceptRooms)) {
                s.client().sendEncoded(packet);
                n++;
            }
            return n;
        }
        synchronized (log) {
            long seq = log.append(toRooms, exceptRooms, packet.unshared(), System.nanoTime());
            for (SocketIoSocket s : targets(toRooms, exceptRooms)) {
                s.sendLogged(packet, seq);
                n++;
            }
        }
        return n;
    }

    /**
     * Sends an event that asks for an acknowledgement to this node's targets: the packet gets an
     * ack id of this namespace and is encoded once; each client's answer is handed to
     * {@code onAck} (on that socket's loop). Such events are not logged for recovery, as in the
     * reference server. Answers how many sockets it was sent to.
     */
    int deliverWithAck(SocketPacket packet, BroadcastOptions opts, AckCallback onAck) {
        long ackId = nextAckId();
        EncodedSocketPacket encoded = SocketPacketEncoder.encode(
                        SocketPacket.of(packet.type(), name, ackId, packet.data()))
                .sharedForBroadcast();
        List<SocketIoSocket> to = new ArrayList<>(targets(opts.rooms(), opts.except()));
        try {
            for (SocketIoSocket s : to) {
                s.expectAck(ackId, onAck);
                if (opts.volatileFlag()) {
                    s.sendVolatile(encoded);
                } else {
                    s.client().sendEncoded(encoded);
                }
            }
        } finally {
            encoded.releaseShared();
        }
        return to.size();
    }

    /** A view of one of this node's sockets, as {@link #fetchRemoteSockets} answers it. */
    RemoteSocket view(SocketIoSocket s, String node) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Object> e : s.data().entrySet()) {
            try {
                data.set(e.getKey(), Json.toNode(e.getValue()));
            } catch (IllegalArgumentException notJson) {
                // a value Jackson cannot convert stays on its node
            }
        }
        ObjectNode handshake = JsonNodeFactory.instance.objectNode();
        handshake.set("auth", s.auth());
        handshake.put("issued", s.connectedAtMillis());
        return new RemoteSocket(this, s.id(), node, s.rooms(), data, handshake);
    }

    /** The sockets in any of {@code toRooms} (all sockets when empty) and in none of {@code exceptRooms}. */
    Collection<SocketIoSocket> targets(Set<String> toRooms, Set<String> exceptRooms) {
        Map<String, SocketIoSocket> targets = new LinkedHashMap<>();
        if (toRooms.isEmpty()) {
            targets.putAll(sockets);
        } else {
            for (String id : adapter.sockets(toRooms)) {
                SocketIoSocket s = roomMembers.get(id);
                if (s != null) {
                    targets.put(id, s);
                }
            }
        }
        if (!exceptRooms.isEmpty()) {
            targets.keySet().removeAll(adapter.sockets(exceptRooms));
        }
        return targets.values();
    }

    /** The sockets in a room now. */
    public Set<SocketIoSocket> members(String room) {
        Set<SocketIoSocket> m = new HashSet<>();
        for (String id : adapter.sockets(Set.of(room))) {
            SocketIoSocket s = roomMembers.get(id);
            if (s != null) {
                m.add(s);
            }
        }
        return Set.copyOf(m);
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
        // after the handlers, which may have put what the socket should recover with in data()
        socket.saveSession();
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
        roomMembers.put(socket.id(), socket);
        adapter.addAll(socket.id(), Set.of(room));
    }

    void removeFromRoom(String room, SocketIoSocket socket) {
        if (roomMembers.get(socket.id()) != socket) {
            return; // a recovered socket of the same id has taken over
        }
        adapter.del(socket.id(), room);
        if (adapter.socketRooms(socket.id()).isEmpty()) {
            roomMembers.remove(socket.id(), socket);
        }
    }
}
