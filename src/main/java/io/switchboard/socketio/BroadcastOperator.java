package io.switchboard.socketio;

import io.switchboard.protocol.socketio.EncodedSocketPacket;
import io.switchboard.protocol.socketio.SocketPacket;
import io.switchboard.protocol.socketio.SocketPacketEncoder;
import io.switchboard.protocol.socketio.SocketPacketType;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An immutable broadcast target in one namespace: {@code to} and {@code except} return new
 * operators. {@link #emit} encodes the packet once for every recipient. Thread-safe.
 */
public final class BroadcastOperator {
    private final Namespace namespace;
    /** Rooms to reach; empty means the whole namespace. */
    private final Set<String> rooms;
    /** Rooms (a socket id is a room) whose members are left out. */
    private final Set<String> except;

    BroadcastOperator(Namespace namespace, Set<String> rooms, Set<String> except) {
        this.namespace = namespace;
        this.rooms = Set.copyOf(rooms);
        this.except = Set.copyOf(except);
    }

    public BroadcastOperator to(String room) {
        Set<String> r = new HashSet<>(rooms);
        r.add(room);
        return new BroadcastOperator(namespace, r, except);
    }

    public BroadcastOperator except(String roomOrSocketId) {
        Set<String> e = new HashSet<>(except);
        e.add(roomOrSocketId);
        return new BroadcastOperator(namespace, rooms, e);
    }

    /** The sockets this operator reaches now, each once. */
    public Set<SocketIoSocket> sockets() {
        Map<String, SocketIoSocket> targets = new LinkedHashMap<>();
        if (rooms.isEmpty()) {
            for (SocketIoSocket s : namespace.sockets()) {
                targets.put(s.id(), s);
            }
        } else {
            for (String room : rooms) {
                for (SocketIoSocket s : namespace.members(room)) {
                    targets.put(s.id(), s);
                }
            }
        }
        for (String room : except) {
            for (SocketIoSocket s : namespace.members(room)) {
                targets.remove(s.id());
            }
        }
        return Set.copyOf(targets.values());
    }

    /** Sends an event to every target; {@code byte[]} arguments travel as binary attachments. */
    public void emit(String event, Object... args) {
        EncodedSocketPacket encoded = SocketPacketEncoder.encode(SocketPacket.of(SocketPacketType.EVENT,
                namespace.name(), SocketPacket.NO_ACK, Json.array(event, args)));
        for (SocketIoSocket s : sockets()) {
            s.client().sendEncoded(encoded);
        }
    }
}
