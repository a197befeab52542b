package io.switchboard.socketio;

import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One namespace's rooms and its way of reaching sockets, as the reference server's
 * {@code socket.io-adapter}: {@link InMemoryAdapter} serves a single node; an adapter backed by a
 * message broker (Redis, say) can make rooms, broadcasts and socket operations span many nodes and
 * keep sessions for connection state recovery where any node finds them.
 *
 * <p>A namespace gets its adapter from {@link SocketIoConfig#adapter()} when it is created. Sockets
 * and rooms are named by id; a socket's id is also a room holding just that socket.
 *
 * <p>Implementations must be thread-safe: sockets join and leave on their own event loops.
 */
public interface Adapter extends AutoCloseable {

    /** Makes a socket a member of the rooms. */
    void addAll(String socketId, Set<String> rooms);

    /** Removes a socket from one room. */
    void del(String socketId, String room);

    /** Removes a socket from all its rooms. */
    void delAll(String socketId);

    /** The ids of the sockets in any of the rooms (every socket with a room when empty). */
    Set<String> sockets(Set<String> rooms);

    /** The rooms a socket is in (empty when it is unknown). */
    Set<String> socketRooms(String socketId);

    /** Sends an encoded packet to the sockets {@code opts} names. */
    void broadcast(EncodedSocketPacket packet, BroadcastOptions opts);

    /** The sockets {@code opts} names (on this node for the in-memory adapter). */
    CompletableFuture<List<SocketIoSocket>> fetchSockets(BroadcastOptions opts);

    /** Makes the sockets {@code opts} names join the rooms. */
    void addSockets(BroadcastOptions opts, Set<String> rooms);

    /** Makes the sockets {@code opts} names leave the rooms. */
    void delSockets(BroadcastOptions opts, Set<String> rooms);

    /** Disconnects the sockets {@code opts} names; with {@code close} their connections close too. */
    void disconnectSockets(BroadcastOptions opts, boolean close);

    /**
     * Sends an event to the other servers of a cluster (not to clients). A single node has no one
     * to tell: the in-memory adapter drops it.
     */
    void serverSideEmit(String event, Object... args);

    /** Keeps a dropped socket's session for connection state recovery. */
    void persistSession(SavedSession session);

    /**
     * The session a reconnecting client asks back by its private id, once, or null when there is
     * none or it has expired.
     */
    SavedSession restoreSession(String pid);

    /** Releases what the adapter holds; the namespace's server is closing. */
    @Override
    default void close() {}

    /** Makes the adapter of a new namespace. */
    @FunctionalInterface
    interface Factory {
        Adapter create(Namespace namespace);
    }
}
