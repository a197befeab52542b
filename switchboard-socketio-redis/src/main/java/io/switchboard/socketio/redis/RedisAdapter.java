package io.switchboard.socketio.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.switchboard.socketio.Adapter;
import io.switchboard.socketio.BroadcastAcks;
import io.switchboard.socketio.BroadcastOptions;
import io.switchboard.socketio.ClusterResult;
import io.switchboard.socketio.ConnectionStateRecovery;
import io.switchboard.socketio.InMemoryAdapter;
import io.switchboard.socketio.Namespace;
import io.switchboard.socketio.RemoteSocket;
import io.switchboard.socketio.SavedSession;
import io.switchboard.socketio.SocketIoSocket;
import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacket;
import io.switchboard.socketio.internal.protocol.socketio.SocketPacketEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * An {@link Adapter} that makes the namespaces of many {@code SocketIoServer}s sharing one Redis
 * behave as one, as the reference {@code @socket.io/redis-adapter} does, with three differences:
 * every operation but the plain broadcast answers with the nodes that responded and those that did
 * not within the timeout (the reference's {@code socketsJoin} and {@code disconnectSockets} never
 * answer); the nodes know each other from a registry kept by heartbeats ({@link NodeRegistry}), so
 * "every node" is a known set rather than a count from {@code PUBSUB NUMSUB}; and sessions for
 * connection state recovery are stored in Redis while the socket is connected
 * ({@link RedisSessionStore}), so a client recovers on another node even when its node was killed.
 *
 * <p>Per namespace: broadcasts and requests go over the channel {@code <prefix>{<ns>}:req}, replies
 * to the asking node over {@code <prefix>{<ns>}:r:<node>}. A broadcast carries the packet encoded
 * once by the sender; the other nodes hand it to their sockets as is. This node's own part of every
 * operation is done by an {@link InMemoryAdapter}, which also keeps the local room index.
 *
 * <pre>
 *   SocketIoServer io = new SocketIoServer(SocketIoConfig.defaults()
 *           .withAdapter(RedisAdapter.factory("redis://localhost:6379", RedisAdapterOptions.defaults())));
 *   io.timeout(Duration.ofSeconds(2)).emitWithAck("ping")
 *           .thenAccept(r -&gt; log.info("{} acks from {}, no answer from {}", r.value().acks().size(),
 *                   r.responded(), r.missing()));
 * </pre>
 *
 * <p>Thread-safe: messages from Redis arrive on a Lettuce I/O thread, timeouts on the link's
 * scheduler, operations on any thread.
 */
public final class RedisAdapter implements Adapter {
    private final Namespace namespace;
    private final RedisLink link;
    private final RedisAdapterOptions options;
    private final InMemoryAdapter local;
    private final NodeRegistry registry;
    /** Null when the namespace has no connection state recovery. */
    private final RedisSessionStore sessions;

    private final RemoteRequestHandler handler;
    private final String requestChannel;
    private final String replyChannel;
    private final String replyChannelPrefix;
    private final Map<String, PendingRequest> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextRequest = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Completes once this node is subscribed and registered. */
    private final CompletableFuture<Void> ready;

    private RedisAdapter(Namespace namespace, RedisLink link, RedisAdapterOptions options) {
        this.namespace = namespace;
        this.link = link;
        this.options = options;
        this.local = new InMemoryAdapter(namespace, options.nodeId());
        String base = options.prefix() + "{" + namespace.name() + "}:";
        this.requestChannel = base + "req";
        this.replyChannelPrefix = base + "r:";
        this.replyChannel = replyChannelPrefix + options.nodeId();
        link.retain();
        this.registry = new NodeRegistry(link, base + "nodes", options);
        ConnectionStateRecovery recovery = namespace.recovery();
        this.sessions = recovery == null
                ? null
                : new RedisSessionStore(link, base + "s:", namespace.name(), recovery.maxDisconnectionDuration());
        this.handler = new RemoteRequestHandler(namespace, local, options.nodeId(), this::publishReply);
        // registered even if the first subscription failed: Lettuce resubscribes on reconnect
        this.ready = link.subscribe(Map.of(requestChannel, handler::onRequest, replyChannel, this::onReply))
                .handle((v, failure) -> null)
                .thenCompose(v -> registry.start());
        if (sessions != null) {
            sessions.start();
        }
    }

    /** Namespaces of a server whose adapters share {@code client}, which the caller shuts down. */
    public static Adapter.Factory factory(RedisClient client, RedisAdapterOptions options) {
        RedisLink link = new RedisLink(client, false);
        return ns -> new RedisAdapter(ns, link, options);
    }

    /**
     * Namespaces of a server whose adapters share a client of {@code uri} ({@code redis://} or
     * {@code rediss://}), shut down when the last adapter closes (with the server).
     */
    public static Adapter.Factory factory(String uri, RedisAdapterOptions options) {
        RedisLink link = new RedisLink(RedisClient.create(uri), true);
        return ns -> new RedisAdapter(ns, link, options);
    }

    /** Completes once this node receives the others' messages and is in the registry. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /**
     * The nodes of this namespace alive at this node's last heartbeat, itself included: the ones
     * an operation expects an answer from.
     */
    public Set<String> nodes() {
        return registry.live();
    }

    @Override
    public String nodeId() {
        return options.nodeId();
    }

    @Override
    public void addAll(String socketId, Set<String> rooms) {
        local.addAll(socketId, rooms);
    }

    @Override
    public void del(String socketId, String room) {
        local.del(socketId, room);
    }

    @Override
    public void delAll(String socketId) {
        local.delAll(socketId);
    }

    @Override
    public Set<String> sockets(Set<String> rooms) {
        return local.sockets(rooms);
    }

    @Override
    public Set<String> socketRooms(String socketId) {
        return local.socketRooms(socketId);
    }

    @Override
    public void broadcast(EncodedSocketPacket packet, BroadcastOptions opts) {
        local.broadcast(packet, opts);
        ObjectNode m = Envelope.request(RequestType.BROADCAST, nodeId(), null, opts);
        Envelope.putPacket(m, packet);
        link.publish(requestChannel, Envelope.write(m));
    }

    @Override
    public CompletableFuture<ClusterResult<Integer>> broadcastCounted(
            EncodedSocketPacket packet, BroadcastOptions opts) {
        ObjectNode m = request(RequestType.BROADCAST_COUNTED, opts);
        Envelope.putPacket(m, packet);
        return ask(m, opts, local.broadcastCounted(packet, opts), RedisAdapter::sum);
    }

    @Override
    public CompletableFuture<ClusterResult<BroadcastAcks>> broadcastWithAck(
            SocketPacket packet, BroadcastOptions opts) {
        Duration timeout = opts.timeoutOr(options.requestTimeout());
        // the other nodes stop waiting for their clients a little earlier, so that their answer
        // (with the acks they got) arrives before this node gives up on them
        Duration theirs = timeout.minus(timeout.dividedBy(5));
        BroadcastOptions withTimeout = new BroadcastOptions(opts.rooms(), opts.except(), opts.volatileFlag(), timeout);
        ObjectNode m = request(RequestType.BROADCAST_ACK, withTimeout);
        m.put("timeout", theirs.toMillis());
        Envelope.putPacket(m, SocketPacketEncoder.encode(packet));
        return ask(m, withTimeout, local.broadcastWithAck(packet, withTimeout), (mine, reply) -> {
            List<List<JsonNode>> acks = new ArrayList<>(mine.acks());
            for (JsonNode ack : reply.path("acks")) {
                List<JsonNode> args = new ArrayList<>();
                ack.forEach(args::add);
                acks.add(args);
            }
            return new BroadcastAcks(mine.clients() + reply.path("clients").asInt(), acks);
        });
    }

    @Override
    public CompletableFuture<List<SocketIoSocket>> fetchSockets(BroadcastOptions opts) {
        return local.fetchSockets(opts);
    }

    @Override
    public CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchRemoteSockets(BroadcastOptions opts) {
        return ask(request(RequestType.FETCH_SOCKETS, opts), opts, local.fetchRemoteSockets(opts), (mine, reply) -> {
            List<RemoteSocket> all = new ArrayList<>(mine);
            String node = reply.path("node").asText();
            for (JsonNode s : reply.path("sockets")) {
                all.add(new RemoteSocket(
                        namespace,
                        s.path("id").asText(),
                        node,
                        Envelope.strings(s.get("rooms")),
                        s.get("data"),
                        s.get("handshake")));
            }
            return all;
        });
    }

    @Override
    public CompletableFuture<ClusterResult<Integer>> addSockets(BroadcastOptions opts, Set<String> rooms) {
        ObjectNode m = request(RequestType.SOCKETS_JOIN, opts);
        Envelope.strings(m.putArray("join"), rooms);
        return ask(m, opts, local.addSockets(opts, rooms), RedisAdapter::sum);
    }

    @Override
    public CompletableFuture<ClusterResult<Integer>> delSockets(BroadcastOptions opts, Set<String> rooms) {
        ObjectNode m = request(RequestType.SOCKETS_LEAVE, opts);
        Envelope.strings(m.putArray("join"), rooms);
        return ask(m, opts, local.delSockets(opts, rooms), RedisAdapter::sum);
    }

    @Override
    public CompletableFuture<ClusterResult<Integer>> disconnectSockets(BroadcastOptions opts, boolean close) {
        ObjectNode m = request(RequestType.DISCONNECT_SOCKETS, opts);
        m.put("close", close);
        return ask(m, opts, local.disconnectSockets(opts, close), RedisAdapter::sum);
    }

    @Override
    public CompletableFuture<ClusterResult<Map<String, List<JsonNode>>>> serverSideEmit(
            String event, List<JsonNode> args, boolean withAck, BroadcastOptions opts) {
        ObjectNode m = request(RequestType.SERVER_SIDE_EMIT, opts);
        m.put("event", event);
        ArrayNode a = m.putArray("args");
        args.forEach(a::add);
        m.put("ack", withAck);
        CompletableFuture<ClusterResult<Map<String, List<JsonNode>>>> none =
                CompletableFuture.completedFuture(ClusterResult.of(nodeId(), Map.of()));
        return ask(m, opts, none, (mine, reply) -> {
            Map<String, List<JsonNode>> all = new LinkedHashMap<>(mine);
            List<JsonNode> answer = new ArrayList<>();
            reply.path("args").forEach(answer::add);
            all.put(reply.path("node").asText(), answer);
            return all;
        });
    }

    @Override
    public void persistSession(SavedSession session) {
        if (sessions != null) {
            sessions.persist(session);
        }
    }

    /**
     * Claims the session in Redis, so that it is given back once across all nodes. A session is
     * claimable while its socket still looks connected (its node may not have noticed a
     * half-open connection yet, or may be dead): the socket of that id, wherever it is, is then
     * disconnected, so the recovered one is the only one.
     */
    @Override
    public CompletableFuture<SavedSession> restoreSession(String pid) {
        if (sessions == null) {
            return CompletableFuture.completedFuture(null);
        }
        return sessions.claim(pid).thenApply(saved -> {
            if (saved != null) {
                disconnectSockets(new BroadcastOptions(Set.of(saved.sid()), Set.of(), false), true);
            }
            return saved;
        });
    }

    @Override
    public void sessionUpdated(SavedSession session) {
        if (sessions != null) {
            sessions.update(session);
        }
    }

    @Override
    public void sessionEnded(String pid) {
        if (sessions != null) {
            sessions.end(pid);
        }
    }

    /** Leaves the registry (so no node waits for this one), unsubscribes and lets go of the link. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (sessions != null) {
            sessions.stop();
        }
        registry.stop();
        link.unsubscribe(List.of(requestChannel, replyChannel));
        for (PendingRequest p : pending.values()) {
            p.expire();
        }
        link.release();
    }

    private ObjectNode request(RequestType type, BroadcastOptions opts) {
        String id = nodeId() + "-" + nextRequest.incrementAndGet();
        return Envelope.request(type, nodeId(), id, opts);
    }

    /**
     * Sends a request to the other nodes and merges their replies into this node's answer:
     * complete when every node of the registry replied, or at the timeout with the silent ones
     * reported missing.
     */
    private <T> CompletableFuture<ClusterResult<T>> ask(
            ObjectNode m,
            BroadcastOptions opts,
            CompletableFuture<ClusterResult<T>> mine,
            BiFunction<T, JsonNode, T> merge) {
        String id = m.get("req").asText();
        if (closed.get()) {
            // the link is gone: this node can only answer for itself
            return mine;
        }
        PendingRequest p = new PendingRequest(registry.others());
        pending.put(id, p);
        link.publish(requestChannel, Envelope.write(m));
        long timeout = opts.timeoutOr(options.requestTimeout()).toMillis();
        link.scheduler().schedule(p::expire, timeout, TimeUnit.MILLISECONDS);
        return mine.thenCombine(p.done(), (self, theirs) -> {
            pending.remove(id);
            T value = self.value();
            Set<String> responded = new HashSet<>(self.responded());
            for (Map.Entry<String, JsonNode> e : theirs.replies().entrySet()) {
                value = merge.apply(value, withNode(e.getValue(), e.getKey()));
                responded.add(e.getKey());
            }
            return new ClusterResult<>(value, responded, theirs.missing());
        });
    }

    private static JsonNode withNode(JsonNode reply, String node) {
        if (reply instanceof ObjectNode o) {
            ObjectNode copy = o.deepCopy();
            copy.put("node", node);
            return copy;
        }
        return reply;
    }

    private static Integer sum(Integer mine, JsonNode reply) {
        return mine + reply.path("count").asInt();
    }

    private void onReply(String message) {
        JsonNode m = Envelope.read(message);
        PendingRequest p = pending.get(m.path("req").asText());
        if (p != null) {
            p.reply(m.path("from").asText(), m.get("value"));
        }
    }

    private void publishReply(String toNode, String req, JsonNode value) {
        link.publish(replyChannelPrefix + toNode, Envelope.write(Envelope.reply(nodeId(), req, value)));
    }
}
