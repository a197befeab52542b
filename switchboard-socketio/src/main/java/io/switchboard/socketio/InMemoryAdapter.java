package io.switchboard.socketio;

import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link Adapter}: one node's rooms as a two-way index (room → socket ids, socket id
 * → rooms), broadcasts handed to the namespace's own sockets, and dropped sessions kept in memory
 * until the recovery allowance runs out.
 *
 * <p>Thread-safe: the indexes are concurrent maps; the expiry queue is guarded by itself.
 */
public final class InMemoryAdapter implements Adapter {
    private final Namespace namespace;
    private final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> socketRooms = new ConcurrentHashMap<>();
    /** Dropped sockets kept for recovery, by private id. */
    private final Map<String, SavedSession> saved = new ConcurrentHashMap<>();
    /** The same sessions in the order they dropped, which is their expiry order; guarded by itself. */
    private final ArrayDeque<SavedSession> expiry = new ArrayDeque<>();

    public InMemoryAdapter(Namespace namespace) {
        this.namespace = namespace;
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
        if (opts.volatileFlag()) {
            for (SocketIoSocket s : namespace.targets(opts.rooms(), opts.except())) {
                s.sendVolatile(packet);
            }
        } else {
            namespace.deliver(opts.rooms(), opts.except(), packet);
        }
    }

    @Override
    public CompletableFuture<List<SocketIoSocket>> fetchSockets(BroadcastOptions opts) {
        return CompletableFuture.completedFuture(List.copyOf(namespace.targets(opts.rooms(), opts.except())));
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> toJoin) {
        for (SocketIoSocket s : namespace.targets(opts.rooms(), opts.except())) {
            toJoin.forEach(s::join);
        }
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> toLeave) {
        for (SocketIoSocket s : namespace.targets(opts.rooms(), opts.except())) {
            toLeave.forEach(s::leave);
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        for (SocketIoSocket s : namespace.targets(opts.rooms(), opts.except())) {
            s.disconnect(close);
        }
    }

    @Override
    public void serverSideEmit(String event, Object... args) {
        // a single node has no other server to tell
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
    public SavedSession restoreSession(String pid) {
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
