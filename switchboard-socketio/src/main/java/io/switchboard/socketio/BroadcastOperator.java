package io.switchboard.socketio;

import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketEncoder;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * An immutable broadcast target in one namespace: {@code to}, {@code except} and
 * {@code asVolatile} return new operators. {@link #emit} encodes the packet once for every
 * recipient. Thread-safe.
 */
public final class BroadcastOperator {
    private final Namespace namespace;
    /** Rooms to reach; empty means the whole namespace. */
    private final Set<String> rooms;
    /** Rooms (a socket id is a room) whose members are left out. */
    private final Set<String> except;

    private final boolean volatileFlag;

    BroadcastOperator(Namespace namespace, Set<String> rooms, Set<String> except, boolean volatileFlag) {
        this.namespace = namespace;
        this.rooms = Set.copyOf(rooms);
        this.except = Set.copyOf(except);
        this.volatileFlag = volatileFlag;
    }

    public BroadcastOperator to(String room) {
        Set<String> r = new HashSet<>(rooms);
        r.add(room);
        return new BroadcastOperator(namespace, r, except, volatileFlag);
    }

    /** The JS synonym of {@link #to}. */
    public BroadcastOperator in(String room) {
        return to(room);
    }

    public BroadcastOperator except(String roomOrSocketId) {
        Set<String> e = new HashSet<>(except);
        e.add(roomOrSocketId);
        return new BroadcastOperator(namespace, rooms, e, volatileFlag);
    }

    /**
     * The same targets, but an event is dropped for a client that cannot take it right away (a
     * poll is not waiting, or the WebSocket is busy writing), as the reference server's
     * {@code volatile} flag. Volatile events are never logged for recovery.
     */
    public BroadcastOperator asVolatile() {
        return new BroadcastOperator(namespace, rooms, except, true);
    }

    /** The sockets this operator reaches now, each once. */
    public Set<SocketIoSocket> sockets() {
        return Set.copyOf(namespace.targets(rooms, except));
    }

    /** The sockets this operator reaches; a future so that a clustered server can answer the same way. */
    public CompletableFuture<List<SocketIoSocket>> fetchSockets() {
        return namespace.adapter().fetchSockets(options());
    }

    /** Makes every target join {@code room}. */
    public void socketsJoin(String room) {
        namespace.adapter().addSockets(options(), Set.of(room));
    }

    /** Makes every target leave {@code room}. */
    public void socketsLeave(String room) {
        namespace.adapter().delSockets(options(), Set.of(room));
    }

    /** Disconnects every target from the namespace; with {@code close} their connections close too. */
    public void disconnectSockets(boolean close) {
        namespace.adapter().disconnectSockets(options(), close);
    }

    /** Sends an event to every target; {@code byte[]} arguments travel as binary attachments. */
    public void emit(String event, Object... args) {
        EncodedSocketPacket encoded = SocketPacketEncoder.encode(SocketPacket.of(
                SocketPacketType.EVENT, namespace.name(), SocketPacket.NO_ACK, Json.array(event, args)));
        namespace.adapter().broadcast(encoded, options());
    }

    private BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, volatileFlag);
    }
}
