package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketEncoder;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * An immutable broadcast target in one namespace: {@code to}, {@code except}, {@code asVolatile}
 * and {@code timeout} return new operators. {@link #emit} encodes the packet once for every
 * recipient (once in all for a clustered adapter, which ships the encoded packet). The operations
 * that answer ({@code emitWithAck}, {@code fetchRemoteSockets}, {@code socketsJoin}, …) complete
 * with a {@link ClusterResult} naming the nodes that responded and those that did not within the
 * timeout (see {@link Adapter}). Thread-safe.
 */
public final class BroadcastOperator {
    private final Namespace namespace;
    /** Rooms to reach; empty means the whole namespace. */
    private final Set<String> rooms;
    /** Rooms (a socket id is a room) whose members are left out. */
    private final Set<String> except;

    private final boolean volatileFlag;
    /** How long answering operations wait; null for the adapter's default. */
    private final Duration timeout;

    BroadcastOperator(
            Namespace namespace, Set<String> rooms, Set<String> except, boolean volatileFlag, Duration timeout) {
        this.namespace = namespace;
        this.rooms = Set.copyOf(rooms);
        this.except = Set.copyOf(except);
        this.volatileFlag = volatileFlag;
        this.timeout = timeout;
    }

    public BroadcastOperator to(String room) {
        Set<String> r = new HashSet<>(rooms);
        r.add(room);
        return new BroadcastOperator(namespace, r, except, volatileFlag, timeout);
    }

    /** The JS synonym of {@link #to}. */
    public BroadcastOperator in(String room) {
        return to(room);
    }

    public BroadcastOperator except(String roomOrSocketId) {
        Set<String> e = new HashSet<>(except);
        e.add(roomOrSocketId);
        return new BroadcastOperator(namespace, rooms, e, volatileFlag, timeout);
    }

    /**
     * The same targets, but an event is dropped for a client that cannot take it right away (a
     * poll is not waiting, or the WebSocket is busy writing), as the reference server's
     * {@code volatile} flag. Volatile events are never logged for recovery.
     */
    public BroadcastOperator asVolatile() {
        return new BroadcastOperator(namespace, rooms, except, true, timeout);
    }

    /**
     * The same targets, with answering operations waiting at most {@code timeout} for the other
     * nodes (and {@link #emitWithAck} for the clients), as the JS {@code timeout(ms)}.
     */
    public BroadcastOperator timeout(Duration timeout) {
        return new BroadcastOperator(namespace, rooms, except, volatileFlag, timeout);
    }

    /** This node's sockets this operator reaches now, each once. */
    public Set<SocketIoSocket> sockets() {
        return Set.copyOf(namespace.targets(rooms, except));
    }

    /** This node's sockets this operator reaches, as live objects. */
    public CompletableFuture<List<SocketIoSocket>> fetchSockets() {
        return namespace.adapter().fetchSockets(options());
    }

    /** The sockets this operator reaches on every node, as views (the reference {@code fetchSockets}). */
    public CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchRemoteSockets() {
        return namespace.adapter().fetchRemoteSockets(options());
    }

    /** Makes every target, on every node, join {@code room}; answers how many did. */
    public CompletableFuture<ClusterResult<Integer>> socketsJoin(String room) {
        return namespace.adapter().addSockets(options(), Set.of(room));
    }

    /** Makes every target, on every node, leave {@code room}. */
    public CompletableFuture<ClusterResult<Integer>> socketsLeave(String room) {
        return namespace.adapter().delSockets(options(), Set.of(room));
    }

    /** Disconnects every target from the namespace; with {@code close} their connections close too. */
    public CompletableFuture<ClusterResult<Integer>> disconnectSockets(boolean close) {
        return namespace.adapter().disconnectSockets(options(), close);
    }

    /** Sends an event to every target; {@code byte[]} arguments travel as binary attachments. One-way. */
    public void emit(String event, Object... args) {
        namespace.adapter().broadcast(encode(event, args), options());
    }

    /** {@link #emit}, answered with the number of sockets each node handed the event to. */
    public CompletableFuture<ClusterResult<Integer>> emitCounted(String event, Object... args) {
        return namespace.adapter().broadcastCounted(encode(event, args), options());
    }

    /**
     * Sends an event every target is asked to acknowledge and gathers the answers of the clients
     * of every node until all answered or the timeout ran out (the JS
     * {@code io.timeout(ms).emitWithAck}); never fails for a silent client or node, which the
     * result reports instead.
     */
    public CompletableFuture<ClusterResult<BroadcastAcks>> emitWithAck(String event, Object... args) {
        SocketPacket packet =
                SocketPacket.of(SocketPacketType.EVENT, namespace.name(), SocketPacket.NO_ACK, Json.array(event, args));
        return namespace.adapter().broadcastWithAck(packet, options());
    }

    /** Sends an event to the other nodes' server-side handlers (the targets do not matter). */
    public CompletableFuture<ClusterResult<Map<String, List<JsonNode>>>> serverSideEmit(String event, Object... args) {
        return namespace.adapter().serverSideEmit(event, nodes(args), false, options());
    }

    /** Sends an event to the other nodes' server-side handlers and gathers one answer per node. */
    public CompletableFuture<ClusterResult<Map<String, List<JsonNode>>>> serverSideEmitWithAck(
            String event, Object... args) {
        return namespace.adapter().serverSideEmit(event, nodes(args), true, options());
    }

    private static List<JsonNode> nodes(Object[] args) {
        List<JsonNode> out = new ArrayList<>(args.length);
        for (Object o : args) {
            out.add(Json.toNode(o));
        }
        return out;
    }

    private EncodedSocketPacket encode(String event, Object[] args) {
        return SocketPacketEncoder.encode(SocketPacket.of(
                SocketPacketType.EVENT, namespace.name(), SocketPacket.NO_ACK, Json.array(event, args)));
    }

    private BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, volatileFlag, timeout);
    }
}
