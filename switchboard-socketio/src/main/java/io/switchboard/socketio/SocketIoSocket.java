package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.switchboard.socketio.internal.engineio.EngineTransport;
import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketEncoder;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketType;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client's membership of one namespace, as in the JS API: {@code on}, {@code emit} (with or
 * without an ack), rooms, {@code disconnect}.
 *
 * <p>With connection state recovery on, events sent without an ack carry an offset as their last
 * argument (see {@link StreamCursor}); a socket whose connection drops is kept for the
 * recovery's duration and handed back, with its id, rooms, {@link #data()} and the packets it
 * missed, to a client that reconnects with its private id and last offset.
 *
 * <p>Thread-safe: handlers are called on the client's loop; emit, join, leave and disconnect may
 * be called from any thread. An event emitted with recovery on is handed to the loop in the
 * namespace's order, so it leaves after packets sent directly in the same loop turn (acks).
 */
public final class SocketIoSocket {
    private final String id;
    private final Namespace namespace;
    private final SocketIoClient client;
    private final JsonNode auth;
    /** Event name → handlers; registered from any thread, read on the loop. */
    private final Map<String, List<EventHandler>> handlers = new ConcurrentHashMap<>();

    private final List<Consumer<DisconnectReason>> disconnectHandlers = new CopyOnWriteArrayList<>();
    /**
     * Called with the event name for an event no {@link #on} handler takes; null ignores it, as the reference server
     * does.
     */
    private volatile UnhandledEventHandler unhandled;
    /** Acks the server is waiting for, by id. */
    private final Map<Long, AckCallback> acks = new ConcurrentHashMap<>();

    private final AtomicLong nextAckId = new AtomicLong();
    /** When this socket (this incarnation of it, for a recovered one) connected; epoch millis. */
    private final long connectedAtMillis = System.currentTimeMillis();
    /** Set while a {@link #saveSession} is queued on the loop, so changes of one turn save once. */
    private final AtomicBoolean saveQueued = new AtomicBoolean();
    /** The rooms this socket is in; mirrors the namespace's index. */
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean connected = new AtomicBoolean();
    /** The private id a client presents to recover this socket; null when recovery is off. */
    private final String pid;

    private final boolean recovered;
    /** Application state kept across a recovery. */
    private final Map<String, Object> data;
    /** Where the client is in each stream, as far as this socket has sent; loop-confined. */
    private final StreamCursor cursor;
    /**
     * Where each stream started for this socket (the namespace log's head when it connected, a
     * room's head when the application began tracking it); loop-confined. Recovery starts a
     * stream the client's offset does not mention from here.
     */
    private final StreamCursor baseline;

    /** A new socket. */
    SocketIoSocket(String id, String pid, Namespace namespace, SocketIoClient client, JsonNode auth) {
        this(id, pid, namespace, client, auth, false, Set.of(), new ConcurrentHashMap<>(), Map.of());
    }

    /** A socket given back to a reconnecting client: same ids, rooms and data, positions restored. */
    SocketIoSocket(
            String id,
            String pid,
            Namespace namespace,
            SocketIoClient client,
            JsonNode auth,
            boolean recovered,
            Set<String> rooms,
            Map<String, Object> data,
            Map<String, Long> positions) {
        this.id = id;
        this.pid = pid;
        this.namespace = namespace;
        this.client = client;
        this.auth = auth;
        this.recovered = recovered;
        this.rooms.addAll(rooms);
        this.data = data;
        this.cursor = new StreamCursor(positions);
        this.baseline = new StreamCursor(positions);
    }

    public String id() {
        return id;
    }

    public Namespace namespace() {
        return namespace;
    }

    /** The CONNECT packet's payload, an empty object when there was none. */
    public JsonNode auth() {
        return auth;
    }

    SocketIoClient client() {
        return client;
    }

    /** The private session id sent in the CONNECT reply; null when recovery is off. */
    String pid() {
        return pid;
    }

    /** True when this socket is a dropped one given back with its state (connection state recovery). */
    public boolean recovered() {
        return recovered;
    }

    /** Application state that survives a recovery (the JS {@code socket.data}); thread-safe. */
    public Map<String, Object> data() {
        return data;
    }

    /**
     * For a recovered socket, where the client was in each stream (its last offset over the
     * positions the streams started at); empty otherwise. Call on the socket's loop.
     */
    public Map<String, Long> recoveredPositions() {
        return recovered ? cursor.snapshot() : Map.of();
    }

    public boolean connected() {
        return connected.get();
    }

    /**
     * The peer of the connection that opened the Engine.IO session under this socket, as the
     * reference server's {@code socket.handshake.address}: what a per-address limit keys on.
     */
    public SocketAddress remoteAddress() {
        return client.session().remoteAddress();
    }

    /** The Engine.IO session id this socket rides on. */
    public String engineSessionId() {
        return client.session().id();
    }

    /** Whether the Engine.IO session under this socket runs over a WebSocket now (else HTTP long-polling). */
    public boolean overWebSocket() {
        return client.session().transport() == EngineTransport.WEBSOCKET;
    }

    /** Runs tasks on the loop this socket's handlers are called on. */
    public ScheduledExecutorService executor() {
        return client.session().loop();
    }

    public SocketIoSocket on(String event, EventHandler handler) {
        handlers.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    /**
     * Takes the events no {@link #on} handler is registered for, e.g. to answer their ack with an
     * error rather than leave the client waiting. One per socket; a second replaces the first.
     */
    public SocketIoSocket onUnhandled(UnhandledEventHandler handler) {
        this.unhandled = handler;
        return this;
    }

    /** An event without a handler of its own; on the socket's loop. {@code ack} is null when none was asked for. */
    @FunctionalInterface
    public interface UnhandledEventHandler {
        void handle(String event, List<JsonNode> args, Ack ack);
    }

    public SocketIoSocket onDisconnect(Consumer<DisconnectReason> handler) {
        disconnectHandlers.add(handler);
        return this;
    }

    /**
     * Sends an event to this client; {@code byte[]} arguments travel as binary attachments. With
     * recovery on it is logged like a broadcast to this socket's own room, so it is recoverable.
     */
    public void emit(String event, Object... args) {
        SocketPacket p =
                SocketPacket.of(SocketPacketType.EVENT, namespace.name(), SocketPacket.NO_ACK, Json.array(event, args));
        if (namespace.recoveryEnabled()) {
            namespace.broadcast(Set.of(id), Set.of(), SocketPacketEncoder.encode(p));
        } else {
            client.send(p);
        }
    }

    /** This socket as a target whose events are dropped when the client cannot take them at once. */
    public BroadcastOperator asVolatile() {
        return new BroadcastOperator(namespace, Set.of(id), Set.of(), true, null);
    }

    /**
     * Sends an event the application orders itself in {@code stream} (1–64 of
     * {@code [A-Za-z0-9_-]}) at {@code position}: with recovery on, the socket's cursor moves there
     * and the event carries the offset; positions in a stream must grow. Call on the socket's loop.
     * As for {@link #sendEncoded}, a packet shared for a broadcast must not have been released yet;
     * sockets whose offsets are equal share its compressed frame.
     */
    public void sendTracked(EncodedSocketPacket encoded, String stream, long position) {
        if (!namespace.recoveryEnabled()) {
            client.sendEncoded(encoded);
            return;
        }
        requireStream(stream);
        cursor.put(stream, position);
        client.sendEncoded(encoded.withOffset(cursor.encode()));
    }

    /**
     * Starts (or restarts) tracking {@code stream} at {@code position}: the client has everything
     * up to it. Call on the socket's loop, before the first event of the stream after that point.
     */
    public void track(String stream, long position) {
        if (namespace.recoveryEnabled()) {
            requireStream(stream);
            cursor.put(stream, position);
            baseline.put(stream, position);
            saveSession();
        }
    }

    /** Stops tracking {@code stream}. Call on the socket's loop. */
    public void untrack(String stream) {
        cursor.remove(stream);
        if (baseline.get(stream) != null) {
            baseline.remove(stream);
            saveSession();
        }
    }

    private static void requireStream(String stream) {
        if (StreamCursor.NAMESPACE.equals(stream) || !StreamCursor.isValidStream(stream)) {
            throw new IllegalArgumentException("a stream is 1-64 of [A-Za-z0-9_-], not " + stream);
        }
    }

    /** A namespace broadcast numbered {@code seq}; called under the broadcast lock, from any thread. */
    void sendLogged(EncodedSocketPacket encoded, long seq) {
        EncodedSocketPacket held = encoded.retainShared();
        executor().execute(() -> {
            try {
                if (connected()) {
                    sendLoggedNow(held, seq);
                }
            } finally {
                held.releaseShared();
            }
        });
    }

    private void sendLoggedNow(EncodedSocketPacket encoded, long seq) {
        cursor.put(StreamCursor.NAMESPACE, seq);
        client.sendEncoded(encoded.withOffset(cursor.encode()));
    }

    /**
     * Called by the namespace under the broadcast lock, on the loop, once this socket is a target:
     * a new socket starts at the log's head; a recovered one is sent what it missed.
     */
    void attachedToLog(PacketLog log) {
        if (!recovered) {
            cursor.put(StreamCursor.NAMESPACE, log.head());
            baseline.put(StreamCursor.NAMESPACE, log.head());
            return;
        }
        Long position = cursor.get(StreamCursor.NAMESPACE);
        List<PacketLog.Entry> missed =
                position == null ? null : log.after(position, Set.copyOf(rooms), System.nanoTime());
        if (missed == null) {
            // a session from another node's log (whose packets this node never had), or pruned
            // between the check at CONNECT and now (only when middleware ran long): send what
            // follows the head; the client was told it recovered and may lack some packets
            cursor.put(StreamCursor.NAMESPACE, log.head());
        } else {
            for (PacketLog.Entry e : missed) {
                sendLoggedNow(e.packet(), e.seq());
            }
        }
        baseline.put(StreamCursor.NAMESPACE, cursor.get(StreamCursor.NAMESPACE));
    }

    /** Sends an event only if the client can take it at once; from any thread. */
    void sendVolatile(EncodedSocketPacket encoded) {
        EncodedSocketPacket held = encoded.retainShared();
        executor().execute(() -> {
            try {
                if (connected() && client.session().isWritable()) {
                    client.sendEncoded(held);
                }
            } finally {
                held.releaseShared();
            }
        });
    }

    /**
     * Closes the connection underneath without leaving the namespace first, as a network failure
     * would: a client with reconnection on comes back (and recovers, when recovery is on).
     */
    public void closeConnection() {
        client.close();
    }

    /**
     * Sends a packet encoded once for many sockets (see {@code BroadcastOperator}); the packet must
     * have been encoded for this socket's namespace. A packet made with
     * {@link EncodedSocketPacket#sharedForBroadcast()} must not have been released yet: on a
     * WebSocket with permessage-deflate this socket then writes the frame compressed once for the
     * whole broadcast. Call from any thread.
     */
    public void sendEncoded(EncodedSocketPacket encoded) {
        client.sendEncoded(encoded);
    }

    /** Sends an event and calls {@code callback} with the client's acknowledgement. */
    public void emitWithAck(String event, AckCallback callback, Object... args) {
        long ackId = nextAckId.getAndIncrement();
        acks.put(ackId, callback);
        client.send(SocketPacket.of(SocketPacketType.EVENT, namespace.name(), ackId, Json.array(event, args)));
    }

    /**
     * Sends an event and completes with the client's acknowledgement, or fails with a
     * {@link java.util.concurrent.TimeoutException} when none came within {@code timeout} (also
     * when the socket disconnected meanwhile): the JS {@code socket.timeout(ms).emitWithAck}.
     */
    public CompletableFuture<List<JsonNode>> emitWithAck(String event, Duration timeout, Object... args) {
        CompletableFuture<List<JsonNode>> answer = new CompletableFuture<>();
        long ackId = nextAckId.getAndIncrement();
        acks.put(ackId, answer::complete);
        ScheduledFuture<?> timer = executor()
                .schedule(
                        () -> {
                            acks.remove(ackId);
                            answer.completeExceptionally(new TimeoutException(
                                    "no acknowledgement of " + event + " within " + timeout.toMillis() + " ms"));
                        },
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
        answer.whenComplete((v, e) -> timer.cancel(false));
        client.send(SocketPacket.of(SocketPacketType.EVENT, namespace.name(), ackId, Json.array(event, args)));
        return answer;
    }

    public void join(String room) {
        if (rooms.add(room)) {
            namespace.addToRoom(room, this);
            saveSession();
        }
    }

    public void leave(String room) {
        if (rooms.remove(room)) {
            namespace.removeFromRoom(room, this);
            saveSession();
        }
    }

    /**
     * Tells the namespace's {@link Adapter} that what this socket would recover with changed (for
     * {@link #data()}, which the socket cannot watch): an adapter that shares sessions between
     * nodes stores it, so that the client recovers on another node even if this one dies. Joins,
     * leaves and {@link #track} save by themselves; changes of one loop turn are saved once. A
     * no-op when recovery is off. Any thread.
     */
    public void saveSession() {
        if (pid == null || !saveQueued.compareAndSet(false, true)) {
            return;
        }
        executor().execute(() -> {
            saveQueued.set(false);
            if (connected()) {
                namespace.adapter().sessionUpdated(snapshot(System.nanoTime()));
            }
        });
    }

    /** What a recovered socket would get back, now. On the loop. */
    private SavedSession snapshot(long nowNanos) {
        return new SavedSession(
                pid, id, namespace.name(), Set.copyOf(rooms), data, baseline.snapshot(), namespace.logId(), nowNanos);
    }

    /** When this socket connected (epoch millis), for its handshake as other nodes see it. */
    long connectedAtMillis() {
        return connectedAtMillis;
    }

    /** Waits for a client's answer to a packet sent with {@code ackId} (a broadcast with an ack). */
    void expectAck(long ackId, AckCallback callback) {
        acks.put(ackId, callback);
    }

    public Set<String> rooms() {
        return Set.copyOf(rooms);
    }

    /** Broadcasts to a room, leaving this socket out. */
    public BroadcastOperator to(String room) {
        return namespace.to(room).except(id);
    }

    /** Broadcasts to the whole namespace, leaving this socket out. */
    public BroadcastOperator broadcast() {
        return namespace.except(id);
    }

    /**
     * Leaves the namespace (the client is told); with {@code close} the whole connection is closed.
     */
    public void disconnect(boolean close) {
        if (!connected()) {
            return;
        }
        client.send(SocketPacket.of(SocketPacketType.DISCONNECT, namespace.name(), SocketPacket.NO_ACK, null));
        client.session().loop().execute(() -> {
            closed(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
            if (close) {
                client.close();
            }
        });
    }

    /** Joins its own room and, for a recovered socket, the rooms it had. On the loop. */
    void markConnected() {
        connected.set(true);
        rooms.add(id);
        for (String room : rooms) {
            namespace.addToRoom(room, this);
        }
    }

    /** A packet for this namespace from the client; on the loop. */
    void onPacket(SocketPacket p) {
        switch (p.type()) {
            case EVENT -> onEvent(p);
            case ACK -> {
                AckCallback cb = acks.remove(p.ackId());
                if (cb != null) {
                    cb.onAck(Json.list(p.data(), 0));
                }
            }
            case DISCONNECT -> closed(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
            default -> {
                // CONNECT is the client's, CONNECT_ERROR is never sent by clients
            }
        }
    }

    private void onEvent(SocketPacket p) {
        JsonNode data = p.data();
        String event = data.get(0).asText();
        List<EventHandler> list = handlers.get(event);
        List<JsonNode> args = Json.list(data, 1);
        Ack ack = p.hasAck() ? ackFor(p.ackId()) : null;
        if (list == null) {
            UnhandledEventHandler fallback = unhandled;
            if (fallback != null) {
                fallback.handle(event, args, ack);
            }
            return;
        }
        for (EventHandler h : list) {
            h.handle(args, ack);
        }
    }

    private Ack ackFor(long ackId) {
        AtomicBoolean sent = new AtomicBoolean();
        return args -> {
            if (sent.compareAndSet(false, true)) {
                ArrayNode data = args.length == 0 ? JsonNodeFactory.instance.arrayNode() : Json.array(null, args);
                client.send(SocketPacket.of(SocketPacketType.ACK, namespace.name(), ackId, data));
            }
        };
    }

    /**
     * Leaves the namespace and its rooms; on the loop; once. A socket that may be recovered is
     * kept after its disconnect handlers ran, so that they have let go of what the recovered
     * socket takes up again.
     */
    void closed(DisconnectReason reason) {
        if (!connected.compareAndSet(true, false)) {
            return;
        }
        Set<String> had = Set.copyOf(rooms);
        for (String room : had) {
            leave(room);
        }
        namespace.remove(this);
        client.removeSocket(this);
        acks.clear();
        for (Consumer<DisconnectReason> h : disconnectHandlers) {
            h.accept(reason);
        }
        if (pid != null && reason.recoverable()) {
            namespace
                    .adapter()
                    .persistSession(new SavedSession(
                            pid,
                            id,
                            namespace.name(),
                            had,
                            data,
                            baseline.snapshot(),
                            namespace.logId(),
                            System.nanoTime()));
        } else if (pid != null) {
            namespace.adapter().sessionEnded(pid);
        }
    }
}
