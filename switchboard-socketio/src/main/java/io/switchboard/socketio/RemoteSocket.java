package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A view of a socket that may live on another node, as {@link BroadcastOperator#fetchRemoteSockets}
 * finds it (the reference adapter's {@code RemoteSocket}): its id, rooms, data and handshake as
 * they were when its node answered, and operations that reach it wherever it is, through the
 * namespace's {@link Adapter}. Immutable; thread-safe.
 *
 * <p>{@code data} is {@link SocketIoSocket#data()} converted to JSON; values Jackson cannot
 * convert are left out. {@code handshake} is {@code {"auth": …, "issued": <epoch ms>}}.
 */
public final class RemoteSocket {
    private final Namespace namespace;
    private final String id;
    private final String node;
    private final Set<String> rooms;
    private final JsonNode data;
    private final JsonNode handshake;

    public RemoteSocket(
            Namespace namespace, String id, String node, Set<String> rooms, JsonNode data, JsonNode handshake) {
        this.namespace = namespace;
        this.id = id;
        this.node = node;
        this.rooms = Set.copyOf(rooms);
        this.data = data;
        this.handshake = handshake;
    }

    public String id() {
        return id;
    }

    /** The node that holds the socket ({@link Adapter#nodeId()}). */
    public String node() {
        return node;
    }

    public Set<String> rooms() {
        return rooms;
    }

    public JsonNode data() {
        return data;
    }

    public JsonNode handshake() {
        return handshake;
    }

    /** Sends an event to this socket, wherever it is. */
    public void emit(String event, Object... args) {
        namespace.to(id).emit(event, args);
    }

    public CompletableFuture<ClusterResult<Integer>> join(String room) {
        return namespace.in(id).socketsJoin(room);
    }

    public CompletableFuture<ClusterResult<Integer>> leave(String room) {
        return namespace.in(id).socketsLeave(room);
    }

    public CompletableFuture<ClusterResult<Integer>> disconnect(boolean close) {
        return namespace.in(id).disconnectSockets(close);
    }

    @Override
    public String toString() {
        return "RemoteSocket[" + id + "@" + node + " " + rooms + "]";
    }
}
