package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link Adapter}: one node's rooms as a two-way index (room → socket ids, socket id
 * → rooms), broadcasts handed to the namespace's own sockets, and dropped sessions kept in memory
 * until the recovery allowance runs out. Every operation answers at once with this node alone
 * ({@code responded = [nodeId]}), except a broadcast with an ack, which waits for the clients.
 * A clustered adapter uses one for its own node's part.
 *
 * <p>Thread-safe: the indexes are concurrent maps; the expiry queue is guarded by itself.
 */
public final class InMemoryAdapter implements Adapter {
    /** How long a broadcast with an ack waits for the clients when the caller set no timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Namespace namespace;
    private final String nodeId;
    private final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> socketRooms = new ConcurrentHashMap<>();
    /** Dropped sockets kept for recovery, by private id. */
    private final Map<String, SavedSession> saved = new ConcurrentHashMap<>();
    /** The same sessions in the order they dropped, which is their expiry order; guarded by itself. */
    private final ArrayDeque<SavedSession> expiry = new ArrayDeque<>();

    public InMemoryAdapter(Namespace namespace) {
        this(namespace, "local");
    }

    /** An adapter that names its node {@code nodeId} in its answers. */
    public InMemoryAdapter(Namespace namespace, String nodeId) {
        this.namespace = namespace;
        this.nodeId = nodeId;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void addAll(String socketId, Set<String> toJoin) {
        for (String room : toJoin) {
            rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(socketId);
        }
        socketRooms
                .computeIfAbsent(socketId, s -> ConcurrentHashMap.newKeySet())
                .addAll(toJoin);
    }

    @Override
    public void del(String socketId, String room) {
        rooms.computeIfPresent(room, (r, ids) -> {
            ids.remove(socketId);
            return ids.isEmpty() ? null : ids;
        });
        socketRooms.computeIfPresent(socketId, (s, in) -> {
            in.remove(room);
            return in.isEmpty() ? null : in;
        });
    }

    @Override
    public void delAll(String socketId) {
        Set<String> had = socketRooms.remove(socketId);
        if (had != null) {
            for (String room : had) {
                del(socketId, room);
            }
        }
    }

    @Override
    public Set<String> sockets(Set<String> inRooms) {
        if (inRooms.isEmpty()) {
            return Set.copyOf(socketRooms.keySet());
        }
        Set<String> ids = new HashSet<>();
        for (String room : inRooms) {
            Set<String> members = rooms.get(room);
            if (members != null) {
                ids.addAll(members);
            }
        }
        return ids;
    }

    @Override
    public Set<String> socketRooms(String socketId) {
        Set<String> in = socketRooms.get(socketId);
        return in == null ? Set.of() : Set.copyOf(in);
    }

    @Override
    public void broadcast(EncodedSocketPacket packet, BroadcastOptions opts) {
        deliver(packet, opts);
    }

    /** Hands the packet to this node's targets; how many. */
    private int deliver(EncodedSocketPacket packet, BroadcastOptions opts) {
        if (opts.volatileFlag()) {
            int n = 0;
            EncodedSocketPacket shared = packet.sharedForBroadcast();
            try {
                for (SocketIoSocket s : namespace.targets(opts.rooms(), opts.except())) {
                    s.sendVolatile(shared);
                    n++;
                }
            } finally {
                shared.releaseShared();
            }
            return n;
        }
        return namespace.deliver(opts.rooms(), opts.except(), packet);
    }

    @Override
    public CompletableFuture<ClusterResult<Integer>> broadcastCounted(
            EncodedSocketPacket packet, BroadcastOptions opts) {
        return answer(deliver(packet, opts));
    }

    @Override
    public CompletableFuture<ClusterResult<BroadcastAcks>> broadcastWithAck(
            SocketPacket packet, BroadcastOptions opts) {
        List<List<JsonNode>> got = new ArrayList<>();
        CompletableFuture<ClusterResult<BroadcastAcks>> answer = new CompletableFuture<>();
        int[] clients = {-1};
        int n = namespace.deliverWithAck(packet, opts, args -> {
            synchronized (got) {
                got.add(args);
                if (got.size() == clients[0]) {
                    answer.complete(ClusterResult.of(nodeId, new BroadcastAcks(clients[0], got)));
                }
            }
        });
        synchronized (got) {
            clients[0] = n;
            if (got.size() == n) {
                answer.complete(ClusterResult.of(nodeId, new BroadcastAcks(n, got)));
                return answer;
            }
        }
        CompletableFuture.delayedExecutor(opts.timeoutOr(DEFAULT_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    synchronized (got) {
                        answer.complete(ClusterResult.of(nodeId, new BroadcastAcks(n, got)));
                    }
                });
        return answer;
    }

    @Override
    public CompletableFuture<List<SocketIoSocket>> fetchSockets(BroadcastOptions opts) {
        return CompletableFuture.completedFuture(List.copyOf(namespace.targets(opts.rooms(), opts.except())));
    }

    @Override
    public CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchRemoteSockets(BroadcastOptions opts) {
        List<RemoteSocket> views = new ArrayList<>();
        for (SocketIoSocket s : namespace.targets(opts.rooms(), opts.except())) {
            views.add(namespace.view(s, nodeId));
        }
        return answer(views);
    }

    @Override
    public CompletableFuture<ClusterResult<Integer>> addSockets(BroadcastOptions opts, Set<String> toJoin) {
        int n = 0;
        for (SocketIoSocket s : namespace.targets(opts.rooms(), opts.except())) {
            toJoin.forEach(s::join);
            n++;
        }
        return answer(n);
    }

    @Override
    public CompletableFuture<ClusterResult<Integer>> delSockets(BroadcastOptions opts, Set<String> toLeave) {
        int n = 0;
        for (SocketIoSocket s : namespace.targets(opts.rooms(), opts.except())) {
            toLeave.forEach(s::leave);
            n++;
        }
        return answer(n);
    }

    @Override
    public CompletableFuture<ClusterResult<Integer>> disconnectSockets(BroadcastOptions opts, boolean close) {
        int n = 0;
        for (SocketIoSocket s : namespace.targets(opts.rooms(), opts.except())) {
            s.disconnect(close);
            n++;
        }
        return answer(n);
    }

    /** A single node has no other server to tell: this node answers, with nothing. */
    @Override
    public CompletableFuture<ClusterResult<Map<String, List<JsonNode>>>> serverSideEmit(
            String event, List<JsonNode> args, boolean withAck, BroadcastOptions opts) {
        return answer(Map.of());
    }

    private <T> CompletableFuture<ClusterResult<T>> answer(T value) {
        return CompletableFuture.completedFuture(ClusterResult.of(nodeId, value));
    }

    /** Keeps a dropped socket for recovery; expired ones are forgotten on the way. */
    @Override
    public void persistSession(SavedSession session) {
        long now = System.nanoTime();
        synchronized (expiry) {
            forgetExpired(now);
            expiry.addLast(session);
        }
        saved.put(session.pid(), session);
    }

    /** The dropped socket a client asks back, once, if it is of this namespace and not expired. */
    @Override
    public CompletableFuture<SavedSession> restoreSession(String pid) {
        return CompletableFuture.completedFuture(take(pid));
    }

    private SavedSession take(String pid) {
        SavedSession s = saved.get(pid);
        if (s == null || !s.namespace().equals(namespace.name()) || !saved.remove(pid, s)) {
            return null;
        }
        long age = System.nanoTime() - s.keptAtNanos();
        return age <= maxDisconnectionNanos() ? s : null;
    }

    private void forgetExpired(long now) {
        long max = maxDisconnectionNanos();
        while (!expiry.isEmpty() && now - expiry.peekFirst().keptAtNanos() > max) {
            SavedSession old = expiry.pollFirst();
            saved.remove(old.pid(), old);
        }
    }

    private long maxDisconnectionNanos() {
        ConnectionStateRecovery recovery = namespace.recovery();
        return recovery == null ? 0 : recovery.maxDisconnectionDuration().toNanos();
    }
}
