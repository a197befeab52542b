package io.switchboard.cluster.presence;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.switchboard.cluster.Broker;
import io.switchboard.cluster.NodeId;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import io.switchboard.model.SessionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence across nodes, kept in Redis (docs/cluster.md, "Presence and nodes"). Each node:
 * <ul>
 *   <li>heartbeats into {@link NodeRegistry} every {@link PresenceSettings#heartbeat()};</li>
 *   <li>records its own members of room R in the hash {@code sb:members:{R}}, field {@code
 *       <node>/<member id>}, value the nickname: at once on every join, rename and leave it publishes
 *       ({@link #recording}), and again on every heartbeat, which also renews the key's expiry;</li>
 *   <li>on every heartbeat, for each room with members here, reads the hash: the fields of live
 *       nodes are the room's remote members ({@link #cached}); the fields of a node that died
 *       (no heartbeat for {@link PresenceSettings#nodeTimeout()}) are announced here, once, as
 *       leaves to the local members, unless that member is still present on a live node; the
 *       fields of a node long forgotten are deleted.</li>
 * </ul>
 * Each survivor announces a dead node's leaves to its own members only, so no leave is published
 * twice; a node that shuts down cleanly publishes its own leaves and removes its fields first.
 *
 * <p>Thread-safe. The heartbeat runs on its own thread and may block there on Redis; {@link #read}
 * waits for one bounded round trip; {@link #recordLocal} does not block.
 */
public final class ClusterPresence implements RemoteMembers, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterPresence.class);
    private static final Duration READ_LIMIT = Duration.ofMillis(500);

    private final String node;
    private final PresenceSettings settings;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final NodeRegistry registry;
    private final ScheduledExecutorService heartbeat;
    /** Rooms with members on this node. */
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    /** Remote members of each room in {@link #rooms}, as of the last heartbeat. */
    private final Map<String, List<Member>> remote = new ConcurrentHashMap<>();
    /** Fields of dead nodes whose leave this node announced already, per room; heartbeat thread only. */
    private final Map<String, Set<String>> announced = new ConcurrentHashMap<>();

    private volatile NodeRegistry.Nodes nodes = NodeRegistry.Nodes.NONE;
    private volatile LocalRooms local;
    private volatile boolean failing;

    public ClusterPresence(RedisClient client, NodeId node, PresenceSettings settings) {
        this.node = node.value();
        this.settings = settings;
        this.connection = client.connect();
        connection.setTimeout(Duration.ofSeconds(2));
        this.redis = connection.sync();
        this.registry = new NodeRegistry(redis, this.node, settings.nodeTimeout());
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "presence-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** The hash of room {@code room}'s members on every node; the room is the hash tag. */
    static String key(String room) {
        return "sb:members:{" + room + "}";
    }

    /** {@code broker} that also records this node's joins, renames and leaves here. */
    public Broker recording(Broker broker) {
        return PresenceRecordingBroker.wrap(broker, this);
    }

    /** Starts the heartbeat; the first beats at once, so this node is live before it serves anyone. */
    public void start(LocalRooms rooms) {
        this.local = rooms;
        beat();
        long every = settings.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** A presence change this node's hub published: into Redis without waiting. */
    void recordLocal(HubEvent.PresenceChanged change) {
        String key = key(change.room());
        String field = field(node, change.member().sessionId().value());
        if (change.kind() == HubEvent.PresenceKind.LEAVE) {
            connection.async().hdel(key, field);
            return;
        }
        rooms.add(change.room());
        connection.async().hset(key, field, change.member().nick());
        connection.async().pexpire(key, keyTtl().toMillis());
    }

    @Override
    public List<Member> read(String room) {
        if (failing || !connection.isOpen()) {
            // Redis is away: a join (on the storage thread) or a member list (on an event loop) must
            // not wait for a round trip that will time out
            return remote.getOrDefault(room, List.of());
        }
        try {
            Map<String, String> fields =
                    connection.async().hgetall(key(room)).get(READ_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            return liveRemote(fields, nodes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return remote.getOrDefault(room, List.of());
        } catch (Exception e) {
            log.debug("members of {} not read from Redis: {}", room, e.toString());
            return remote.getOrDefault(room, List.of());
        }
    }

    @Override
    public List<Member> cached(String room) {
        List<Member> known = remote.get(room);
        return known != null ? known : read(room);
    }

    /** One heartbeat: alive, then each room with members here brought up to date both ways. */
    private void beat() {
        try {
            NodeRegistry.Nodes seen = registry.heartbeat();
            nodes = seen;
            for (String room : List.copyOf(rooms)) {
                syncRoom(room, seen);
            }
            if (failing) {
                failing = false;
                log.info("presence heartbeats reach Redis again");
            }
        } catch (RuntimeException e) {
            if (heartbeat.isShutdown()) {
                return; // close() interrupted this beat
            }
            if (!failing) {
                failing = true;
                log.warn(
                        "presence heartbeat failed (member lists show this node only until Redis answers): {}",
                        e.toString());
            }
        }
    }

    private void syncRoom(String room, NodeRegistry.Nodes seen) {
        LocalRooms hub = local;
        List<Member> mine = hub == null ? List.of() : hub.localMembers(room);
        String key = key(room);
        Map<String, String> fields = redis.hgetall(key);
        Map<String, String> ours = new LinkedHashMap<>();
        for (Member m : mine) {
            ours.put(field(node, m.sessionId().value()), m.nick());
        }
        List<String> stale = new ArrayList<>();
        for (String f : fields.keySet()) {
            String owner = owner(f);
            boolean oursGone = node.equals(owner) && !ours.containsKey(f);
            boolean forgotten = !node.equals(owner) && !seen.isLive(owner) && !seen.isDead(owner);
            if (oursGone || forgotten) {
                stale.add(f);
            }
        }
        if (!stale.isEmpty()) {
            redis.hdel(key, stale.toArray(String[]::new));
        }
        if (mine.isEmpty()) {
            rooms.remove(room);
            remote.remove(room);
            announced.remove(room);
            return;
        }
        redis.hset(key, ours);
        redis.pexpire(key, keyTtl().toMillis());
        List<Member> others = liveRemote(fields, seen);
        remote.put(room, others);
        announceDead(room, fields, seen, mine, others);
    }

    /** Leaves, to this node's members, of the members of dead nodes not present elsewhere; once each. */
    private void announceDead(
            String room, Map<String, String> fields, NodeRegistry.Nodes seen, List<Member> mine, List<Member> others) {
        Set<String> present = new HashSet<>();
        mine.forEach(m -> present.add(m.sessionId().value()));
        others.forEach(m -> present.add(m.sessionId().value()));
        Set<String> done = announced.computeIfAbsent(room, r -> new HashSet<>());
        done.retainAll(fields.keySet());
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String owner = owner(f.getKey());
            if (!seen.isDead(owner) || !done.add(f.getKey())) {
                continue;
            }
            String memberId = memberId(f.getKey());
            if (present.add(memberId)) {
                SessionId id = new SessionId(memberId);
                log.info("node {} is gone: {} leaves {}", owner, f.getValue(), room);
                local.deliverLocally(new HubEvent.PresenceChanged(
                        room, HubEvent.PresenceKind.LEAVE, new Member(id, f.getValue()), id));
            }
        }
    }

    /** The members in {@code fields} on live nodes other than this one, each once, in field order. */
    private List<Member> liveRemote(Map<String, String> fields, NodeRegistry.Nodes seen) {
        Map<String, Member> byId = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String owner = owner(f.getKey());
            if (!node.equals(owner) && seen.isLive(owner)) {
                String id = memberId(f.getKey());
                byId.putIfAbsent(id, new Member(new SessionId(id), f.getValue()));
            }
        }
        return List.copyOf(byId.values());
    }

    /** A room's hash outlives the last heartbeat of its last node by three node timeouts. */
    private Duration keyTtl() {
        return settings.nodeTimeout().multipliedBy(3);
    }

    static String field(String node, String memberId) {
        return node + "/" + memberId;
    }

    private static String owner(String field) {
        int slash = field.indexOf('/');
        return slash < 0 ? "" : field.substring(0, slash);
    }

    private static String memberId(String field) {
        return field.substring(field.indexOf('/') + 1);
    }

    /**
     * Stops the heartbeat and, best effort, takes this node out of Redis at once: its fields and its
     * entry in the node set (a killed node's expire instead).
     */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(2, TimeUnit.SECONDS);
            for (String room : rooms) {
                List<String> ours = new ArrayList<>();
                for (String f : redis.hkeys(key(room))) {
                    if (node.equals(owner(f))) {
                        ours.add(f);
                    }
                }
                if (!ours.isEmpty()) {
                    redis.hdel(key(room), ours.toArray(String[]::new));
                }
            }
            registry.leave();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("presence not cleared from Redis at shutdown: {}", e.toString());
        } finally {
            connection.close();
        }
    }
}
