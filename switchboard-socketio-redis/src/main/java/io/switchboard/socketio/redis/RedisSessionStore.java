package io.switchboard.socketio.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.ScriptOutputType;
import io.switchboard.socketio.SavedSession;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saved sessions of one namespace in Redis, so that a client recovers on any node, also after the
 * node that held its socket was killed: a connected socket's session is written when it connects
 * and whenever its rooms, streams or data change, and its TTL is refreshed while it lives; a
 * dropped socket's is written once more with a TTL of the recovery allowance.
 *
 * <p>Key {@code <prefix>{<ns>}:s:<pid>}, a hash: {@code state} (the session's JSON), {@code gen}
 * (incarnation: 0 for a new socket, one more at each recovery) and {@code claimed}. A recovery
 * claims the session (once: {@code claimed} is then 1) and raises {@code gen}; writes from an
 * older incarnation (the node that lost the socket, late) are refused, so a session is given back
 * once and never overwritten by a stale copy. Scripts make each step atomic.
 *
 * <p>Sessions dropped on this node are also kept here in memory with their live {@code data}
 * objects, so a client that comes back to the same node gets those objects, not a JSON copy.
 *
 * <p>Thread-safe.
 */
final class RedisSessionStore {
    private static final Logger log = LoggerFactory.getLogger(RedisSessionStore.class);

    private static final String WRITE =
            """
            local cur = redis.call('HGET', KEYS[1], 'gen')
            if cur and tonumber(cur) > tonumber(ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], 'gen', ARGV[1], 'state', ARGV[2], 'claimed', '0')
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;
    private static final String CLAIM =
            """
            if redis.call('HGET', KEYS[1], 'claimed') ~= '0' then return false end
            local gen = redis.call('HINCRBY', KEYS[1], 'gen', 1)
            redis.call('HSET', KEYS[1], 'claimed', '1')
            return {tostring(gen), redis.call('HGET', KEYS[1], 'state')}
            """;
    private static final String END =
            """
            if redis.call('HGET', KEYS[1], 'gen') == ARGV[1] then redis.call('DEL', KEYS[1]) end
            return 1
            """;

    /** A session dropped on this node, with its incarnation. */
    private record Kept(SavedSession session, long gen) {}

    private final RedisLink link;
    private final String keyPrefix;
    private final String namespace;
    private final Duration window;
    private final Duration refresh;
    /** Incarnation of each socket connected on this node, by pid. */
    private final Map<String, Long> live = new ConcurrentHashMap<>();
    /** Sessions dropped on this node, by pid; forgotten after the window. */
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    private ScheduledFuture<?> refresher;
    /** Set when the adapter closed: its connections are gone, writes are dropped. */
    private volatile boolean closed;

    RedisSessionStore(RedisLink link, String keyPrefix, String namespace, Duration window) {
        this.link = link;
        this.keyPrefix = keyPrefix;
        this.namespace = namespace;
        this.window = window;
        // a live session outlasts a killed node by at least the window
        long r = Math.max(500, Math.min(window.toMillis() / 4, 30_000));
        this.refresh = Duration.ofMillis(r);
    }

    void start() {
        long every = refresh.toMillis();
        refresher = link.scheduler().scheduleWithFixedDelay(this::refreshLive, every, every, TimeUnit.MILLISECONDS);
    }

    void stop() {
        closed = true;
        if (refresher != null) {
            refresher.cancel(false);
        }
    }

    private String key(String pid) {
        return keyPrefix + pid;
    }

    private long liveTtlMillis() {
        return window.plus(refresh.multipliedBy(2)).toMillis();
    }

    /** A connected socket's state; on its loop. */
    void update(SavedSession s) {
        long gen = live.computeIfAbsent(s.pid(), p -> 0L);
        write(s, gen, liveTtlMillis());
    }

    /** A dropped socket's final state, kept for the window. */
    void persist(SavedSession s) {
        Long gen = live.remove(s.pid());
        long g = gen == null ? 0 : gen;
        long now = System.nanoTime();
        kept.values().removeIf(k -> now - k.session().keptAtNanos() > window.toNanos());
        kept.put(s.pid(), new Kept(s, g));
        write(s, g, window.toMillis());
    }

    /** A socket that left for good. */
    void end(String pid) {
        Long gen = live.remove(pid);
        kept.remove(pid);
        if (gen != null && !closed) {
            link.async().eval(END, ScriptOutputType.INTEGER, new String[] {key(pid)}, Long.toString(gen));
        }
    }

    /** Claims a session for a reconnecting client: null when there is none to give back. */
    CompletableFuture<SavedSession> claim(String pid) {
        return link.async()
                .<List<Object>>eval(CLAIM, ScriptOutputType.MULTI, new String[] {key(pid)})
                .toCompletableFuture()
                .thenApply(answer -> {
                    if (answer == null || answer.size() < 2 || answer.get(1) == null) {
                        return null;
                    }
                    long gen = Long.parseLong(String.valueOf(answer.get(0)));
                    SavedSession s = fromJson(pid, Envelope.read(String.valueOf(answer.get(1))));
                    Kept here = kept.remove(pid);
                    if (here != null
                            && here.gen() == gen - 1
                            && here.session().sid().equals(s.sid())) {
                        // dropped on this node and not recovered elsewhere since: its live data objects
                        s = here.session();
                    }
                    live.put(pid, gen);
                    return s;
                })
                .exceptionally(failure -> {
                    log.warn("socket.io-redis: could not read session of {}: {}", namespace, failure.toString());
                    return null;
                });
    }

    private void write(SavedSession s, long gen, long ttlMillis) {
        if (closed) {
            return;
        }
        link.async()
                .eval(
                        WRITE,
                        ScriptOutputType.INTEGER,
                        new String[] {key(s.pid())},
                        Long.toString(gen),
                        Envelope.write(toJson(s)),
                        Long.toString(ttlMillis))
                .exceptionally(failure -> {
                    log.debug("socket.io-redis: could not save session: {}", failure.toString());
                    return null;
                });
    }

    private void refreshLive() {
        long ttl = liveTtlMillis();
        for (String pid : live.keySet()) {
            link.async().pexpire(key(pid), ttl);
        }
    }

    private static ObjectNode toJson(SavedSession s) {
        ObjectNode o = Envelope.JSON.createObjectNode();
        o.put("sid", s.sid());
        o.put("log", s.log());
        Envelope.strings(o.putArray("rooms"), s.rooms());
        ObjectNode positions = o.putObject("positions");
        s.positions().forEach(positions::put);
        ObjectNode data = o.putObject("data");
        for (Map.Entry<String, Object> e : s.data().entrySet()) {
            try {
                data.set(e.getKey(), Envelope.JSON.valueToTree(e.getValue()));
            } catch (IllegalArgumentException notJson) {
                log.debug("socket.io-redis: data {} is not JSON and stays on its node", e.getKey());
            }
        }
        return o;
    }

    private SavedSession fromJson(String pid, JsonNode o) {
        Map<String, Long> positions = new HashMap<>();
        o.path("positions")
                .fields()
                .forEachRemaining(e -> positions.put(e.getKey(), e.getValue().asLong()));
        Map<String, Object> data = new ConcurrentHashMap<>();
        o.path("data").fields().forEachRemaining(e -> {
            Object value = Envelope.JSON.convertValue(e.getValue(), Object.class);
            if (value != null) {
                data.put(e.getKey(), value);
            }
        });
        return new SavedSession(
                pid,
                o.path("sid").asText(),
                namespace,
                Envelope.strings(o.get("rooms")),
                data,
                positions,
                o.path("log").asText(),
                System.nanoTime());
    }
}
