package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One namespace's rooms and its way of reaching sockets, as the reference server's
 * {@code socket.io-adapter}: {@link InMemoryAdapter} serves a single node; an adapter backed by a
 * message broker (the Redis one of {@code switchboard-socketio-redis}) makes rooms, broadcasts and
 * socket operations span many nodes and keeps sessions where any node finds them.
 *
 * <p>A namespace gets its adapter from {@link SocketIoConfig#adapter()} when it is created. Sockets
 * and rooms are named by id; a socket's id is also a room holding just that socket.
 *
 * <p>Contract of the operations that reach sockets on other nodes ({@code addSockets},
 * {@code fetchRemoteSockets}, {@code broadcastWithAck}, …): none is fire-and-forget. Each future
 * completes, never exceptionally because a node was silent, once every node expected to answer
 * (the live nodes of the namespace) did or when {@link BroadcastOptions#timeout} ran out, with a
 * {@link ClusterResult} naming the nodes that responded and those that did not. Only
 * {@link #broadcast} is one-way, because it is the hot path; {@link #broadcastCounted} is the same
 * broadcast answered.
 *
 * <p>Implementations must be thread-safe: sockets join and leave on their own event loops.
 */
public interface Adapter extends AutoCloseable {

    /** This node's name in {@link ClusterResult}s; stable for the adapter's life. */
    String nodeId();

    /** Makes a socket a member of the rooms. */
    void addAll(String socketId, Set<String> rooms);

    /** Removes a socket from one room. */
    void del(String socketId, String room);

    /** Removes a socket from all its rooms. */
    void delAll(String socketId);

    /** The ids of this node's sockets in any of the rooms (every socket with a room when empty). */
    Set<String> sockets(Set<String> rooms);

    /** The rooms a socket of this node is in (empty when it is unknown). */
    Set<String> socketRooms(String socketId);

    /** Sends an encoded packet to the sockets {@code opts} names, on every node; one-way. */
    void broadcast(EncodedSocketPacket packet, BroadcastOptions opts);

    /** {@link #broadcast}, answered with the number of sockets each node handed the packet to. */
    CompletableFuture<ClusterResult<Integer>> broadcastCounted(EncodedSocketPacket packet, BroadcastOptions opts);

    /**
     * Sends an event that asks for an acknowledgement (a packet without ack id: each node gives it
     * its own) to the sockets {@code opts} names and gathers the clients' answers until every
     * client of every node answered or the timeout ran out.
     */
    CompletableFuture<ClusterResult<BroadcastAcks>> broadcastWithAck(SocketPacket packet, BroadcastOptions opts);

    /** This node's sockets that {@code opts} names, as live objects. */
    CompletableFuture<List<SocketIoSocket>> fetchSockets(BroadcastOptions opts);

    /** The sockets {@code opts} names on every node, as views. */
    CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchRemoteSockets(BroadcastOptions opts);

    /** Makes the sockets {@code opts} names join the rooms; answers how many did. */
    CompletableFuture<ClusterResult<Integer>> addSockets(BroadcastOptions opts, Set<String> rooms);

    /** Makes the sockets {@code opts} names leave the rooms; answers how many were asked to. */
    CompletableFuture<ClusterResult<Integer>> delSockets(BroadcastOptions opts, Set<String> rooms);

    /**
     * Disconnects the sockets {@code opts} names; with {@code close} their connections close too.
     * Answers how many were disconnected.
     */
    CompletableFuture<ClusterResult<Integer>> disconnectSockets(BroadcastOptions opts, boolean close);

    /**
     * Sends an event to the other nodes' {@link Namespace#onServerSideEmit} handlers (not to
     * clients, not to this node). With {@code withAck} each node answers with its handler's
     * acknowledgement (the value maps node to arguments); without, a node answers once its
     * handlers ran (the value maps node to an empty list). A single node has no one to tell.
     */
    CompletableFuture<ClusterResult<Map<String, List<JsonNode>>>> serverSideEmit(
            String event, List<JsonNode> args, boolean withAck, BroadcastOptions opts);

    /** Keeps a dropped socket's session for connection state recovery. */
    void persistSession(SavedSession session);

    /**
     * The session a reconnecting client asks back by its private id, once, or null when there is
     * none or it has expired. A future, because a shared store answers over the network; the
     * socket's loop resumes when it completes.
     */
    CompletableFuture<SavedSession> restoreSession(String pid);

    /**
     * A connected socket's recoverable state changed (it connected, joined or left a room,
     * started or stopped tracking a stream, or {@link SocketIoSocket#saveSession} was called).
     * An adapter whose sessions must survive the loss of this node stores it now; the in-memory
     * one keeps sessions only once they drop, so it does nothing. Called on the socket's loop.
     */
    default void sessionUpdated(SavedSession session) {}

    /** A socket with a private id left for good (not recoverable): its stored session may go. */
    default void sessionEnded(String pid) {}

    /** Releases what the adapter holds; the namespace's server is closing. */
    @Override
    default void close() {}

    /** Makes the adapter of a new namespace. */
    @FunctionalInterface
    interface Factory {
        Adapter create(Namespace namespace);
    }
}
