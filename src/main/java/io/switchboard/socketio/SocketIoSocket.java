package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.switchboard.protocol.socketio.SocketPacket;
import io.switchboard.protocol.socketio.SocketPacketType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client's membership of one namespace, as in the JS API: {@code on}, {@code emit} (with or
 * without an ack), rooms, {@code disconnect}.
 *
 * <p>Thread-safe: handlers are called on the client's loop; emit, join, leave and disconnect may
 * be called from any thread.
 */
public final class SocketIoSocket {
    private final String id;
    private final Namespace namespace;
    private final SocketIoClient client;
    private final JsonNode auth;
    /** Event name → handlers; registered from any thread, read on the loop. */
    private final Map<String, List<EventHandler>> handlers = new ConcurrentHashMap<>();
    private final List<Consumer<DisconnectReason>> disconnectHandlers = new CopyOnWriteArrayList<>();
    /** Acks the server is waiting for, by id. */
    private final Map<Long, AckCallback> acks = new ConcurrentHashMap<>();
    private final AtomicLong nextAckId = new AtomicLong();
    /** The rooms this socket is in; mirrors the namespace's index. */
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean connected = new AtomicBoolean();

    SocketIoSocket(String id, Namespace namespace, SocketIoClient client, JsonNode auth) {
        this.id = id;
        this.namespace = namespace;
        this.client = client;
        this.auth = auth;
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

    public boolean connected() {
        return connected.get();
    }

    /** The Engine.IO session id this socket rides on. */
    public String engineSessionId() {
        return client.session().id();
    }

    /** Runs tasks on the loop this socket's handlers are called on. */
    public java.util.concurrent.ScheduledExecutorService executor() {
        return client.session().loop();
    }

    public SocketIoSocket on(String event, EventHandler handler) {
        handlers.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    public SocketIoSocket onDisconnect(Consumer<DisconnectReason> handler) {
        disconnectHandlers.add(handler);
        return this;
    }

    /** Sends an event to this client; {@code byte[]} arguments travel as binary attachments. */
    public void emit(String event, Object... args) {
        client.send(SocketPacket.of(SocketPacketType.EVENT, namespace.name(), SocketPacket.NO_ACK,
                Json.array(event, args)));
    }

    /**
     * Sends a packet encoded once for many sockets (see {@code BroadcastOperator}); the packet must
     * have been encoded for this socket's namespace.
     */
    public void sendEncoded(io.switchboard.protocol.socketio.EncodedSocketPacket encoded) {
        client.sendEncoded(encoded);
    }

    /** Sends an event and calls {@code callback} with the client's acknowledgement. */
    public void emitWithAck(String event, AckCallback callback, Object... args) {
        long ackId = nextAckId.getAndIncrement();
        acks.put(ackId, callback);
        client.send(SocketPacket.of(SocketPacketType.EVENT, namespace.name(), ackId, Json.array(event, args)));
    }

    public void join(String room) {
        if (rooms.add(room)) {
            namespace.addToRoom(room, this);
        }
    }

    public void leave(String room) {
        if (rooms.remove(room)) {
            namespace.removeFromRoom(room, this);
        }
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

    void markConnected() {
        connected.set(true);
        join(id);
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
        if (list == null) {
            return;
        }
        List<JsonNode> args = Json.list(data, 1);
        Ack ack = p.hasAck() ? ackFor(p.ackId()) : null;
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

    /** Leaves the namespace and its rooms; on the loop; once. */
    void closed(DisconnectReason reason) {
        if (!connected.compareAndSet(true, false)) {
            return;
        }
        for (String room : Set.copyOf(rooms)) {
            leave(room);
        }
        namespace.remove(this);
        client.removeSocket(this);
        acks.clear();
        for (Consumer<DisconnectReason> h : disconnectHandlers) {
            h.accept(reason);
        }
    }
}
