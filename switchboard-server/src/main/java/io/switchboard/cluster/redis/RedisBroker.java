package io.switchboard.cluster.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.resource.ClientResources;
import io.switchboard.cluster.Broker;
import io.switchboard.cluster.BrokerHealth;
import io.switchboard.cluster.NodeId;
import io.switchboard.model.HubEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker of a cluster: hub events go through Redis pub/sub, one channel per room.
 *
 * <ul>
 *   <li>{@link #publish} hands the event to this node's subscriber at once, then publishes it,
 *       encoded once ({@link EventCodec}, with this node's id), on {@code sb:{room}:ev}. A node
 *       drops its own events coming back by their node id, so its local clients never wait for
 *       Redis and keep being served while it is away.</li>
 *   <li>A node subscribes to a room's channel only while it has sessions there ({@link #interest}),
 *       so a node with no member of a room receives none of its traffic.</li>
 *   <li>Once a second it publishes a probe on its own channel {@code sb:probe:{node}}, which it is
 *       subscribed to on the same connection as the rooms: the answer coming back through Redis is
 *       the proof that subscriptions still deliver. No answer for {@link #STUCK_AFTER} (an open
 *       connection that delivers nothing, say after {@code CLIENT KILL TYPE pubsub} or while Redis
 *       is paused), or a connection that closed, and both connections are rebuilt, every room
 *       resubscribed, with {@link #BACKOFF} between failed attempts.</li>
 *   <li>Pub/sub loses what is published while a node is not subscribed, so after every (re)connect,
 *       and after each new subscription, the hub is asked to check the rooms against the history
 *       ({@link #onPossibleGap}); the hub fills what is missing in id order.</li>
 * </ul>
 *
 * <p>Threading: publish, interest and health are thread-safe and never block. Connecting,
 * subscribing and probing run on one control thread ({@code switchboard-redis}); Redis replies and
 * pub/sub messages arrive on Lettuce's I/O threads and hand state changes to the control thread.
 */
public final class RedisBroker implements Broker {
    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
    /** How often the subscription connection is probed with a round trip through Redis. */
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    /** Without a probe answer for this long the broker is not ready (/readyz answers 503 within 3 s). */
    static final Duration READY_WITHIN = Duration.ofMillis(2500);
    /** Without a probe answer for this long the connections are rebuilt (healed well within 10 s). */
    static final Duration STUCK_AFTER = Duration.ofSeconds(4);
    /** A room subscription Redis has not confirmed for this long makes the broker not ready. */
    static final Duration SUBSCRIBE_WITHIN = Duration.ofSeconds(1);

    static final Backoff BACKOFF = new Backoff(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(3));

    private final NodeId node;
    private final RedisClient client;
    /** Whether the client's resources (threads) are this broker's to shut down, or the node's. */
    private final boolean ownsResources;

    private final RedisURI uri;
    private final String probeChannel;
    private final ScheduledExecutorService control;

    private volatile Consumer<HubEvent> subscriber = e -> {};
    private volatile Consumer<String> roomCheck = room -> {};
    /** Rooms with local sessions, as the hub declared them; any thread. */
    private final Set<String> interested = ConcurrentHashMap.newKeySet();
    /** Rooms whose SUBSCRIBE was sent on the current link and not yet confirmed, with when. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    /** The connections in use, or null while there are none; written on the control thread. */
    private volatile RedisLink link;
    /** When the last probe came back, or the current link was made (System.nanoTime). */
    private volatile long lastEchoNanos;
    /** A probe came back through the current link: its subscriptions are proven to deliver. */
    private volatile boolean echoedOnLink;
    /** Why the last connection attempt failed, for readiness; null after a success. */
    private volatile String lastFailure = "not connected yet";

    /** Control thread only: a connect is under way. */
    private boolean connecting;
    /** Control thread only: failed attempts since the last success. */
    private int attempts;
    /** Control thread only: no attempt before this (System.nanoTime). */
    private long nextAttemptNanos;
    /** Control thread only: the probe answer was late at the last tick (rooms are checked when it returns). */
    private boolean late;

    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong probeFailures = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final CountDownLatch firstLink = new CountDownLatch(1);
    private volatile boolean closed;

    /**
     * Connects in the background with threads of its own; {@link #awaitConnected} waits for the
     * first link.
     */
    public RedisBroker(RedisURI uri, NodeId node) {
        this(RedisClients.create(uri), true, uri, node);
    }

    /**
     * Connects in the background on {@code resources} that the node shares among its parts (the
     * caller shuts them down, after this broker); {@link #awaitConnected} waits for the first link.
     */
    public RedisBroker(ClientResources resources, RedisURI uri, NodeId node) {
        this(RedisClients.create(resources, uri), false, uri, node);
    }

    private RedisBroker(RedisClient client, boolean ownsResources, RedisURI uri, NodeId node) {
        this.uri = uri;
        this.node = node;
        this.client = client;
        this.ownsResources = ownsResources;
        this.probeChannel = "sb:probe:{" + node.value() + "}";
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-redis");
            t.setDaemon(true);
            return t;
        });
        long every = PROBE_EVERY.toMillis();
        control.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    /** The channel of a room's events: the room is the hash tag, so Redis Cluster keeps it on one shard. */
    static String channel(String room) {
        return "sb:{" + room + "}:ev";
    }

    public NodeId node() {
        return node;
    }

    /** Waits up to {@code timeout} for the first connection; false if Redis did not answer by then. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return firstLink.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void subscribe(Consumer<HubEvent> subscriber) {
        this.subscriber = subscriber;
    }

    @Override
    public void onPossibleGap(Consumer<String> roomCheck) {
        this.roomCheck = roomCheck;
    }

    @Override
    public void publish(HubEvent event) {
        subscriber.accept(event);
        RedisLink l = link;
        if (l == null || closed) {
            return; // nobody else hears it now; messages reach the other nodes from the history
        }
        l.commands()
                .async()
                .publish(channel(event.room()), EventCodec.encode(node, event))
                .whenComplete((n, e) -> {
                    if (e != null) {
                        publishFailures.incrementAndGet();
                    }
                });
    }

    @Override
    public void interest(String room, boolean interestedNow) {
        if (interestedNow) {
            interested.add(room);
        } else {
            interested.remove(room);
        }
        onControl(() -> {
            if (interestedNow) {
                subscribeRoom(room);
            } else {
                unsubscribeRoom(room);
            }
        });
    }

    @Override
    public Optional<BrokerHealth> health() {
        RedisLink l = link;
        if (l == null || !l.open()) {
            return Optional.of(BrokerHealth.failing("redis unreachable: " + lastFailure));
        }
        long now = System.nanoTime();
        long silent = TimeUnit.NANOSECONDS.toMillis(now - lastEchoNanos);
        if (!echoedOnLink) {
            return Optional.of(BrokerHealth.failing("no probe round trip through redis yet on this connection"));
        }
        if (silent > READY_WITHIN.toMillis()) {
            return Optional.of(BrokerHealth.failing("no probe round trip through redis for " + silent + " ms"));
        }
        long unconfirmed = pending.values().stream()
                .filter(since -> now - since > SUBSCRIBE_WITHIN.toNanos())
                .count();
        if (unconfirmed > 0) {
            return Optional.of(BrokerHealth.failing(unconfirmed + " room subscriptions not confirmed"));
        }
        return Optional.of(BrokerHealth.healthy());
    }

    /** Connection rebuilds after the first connection, probes without an answer in time, failed publishes. */
    public long reconnects() {
        return reconnects.get();
    }

    public long probeFailures() {
        return probeFailures.get();
    }

    public long publishFailures() {
        return publishFailures.get();
    }

    /** On the control thread, once a second: connect, or probe and rebuild what no longer delivers. */
    private void tick() {
        if (closed) {
            return;
        }
        RedisLink l = link;
        if (l != null && !l.open()) {
            drop(l, "connection to redis closed");
            l = null;
        }
        if (l == null) {
            connect();
            return;
        }
        long silent = System.nanoTime() - lastEchoNanos;
        if (silent > STUCK_AFTER.toNanos()) {
            probeFailures.incrementAndGet();
            drop(l, "no probe answer for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms");
            connect();
            return;
        }
        if (silent > READY_WITHIN.toNanos() && !late) {
            probeFailures.incrementAndGet();
            late = true;
        }
        probe(l);
    }

    private void probe(RedisLink l) {
        l.commands()
                .async()
                .publish(probeChannel, Long.toString(System.nanoTime()))
                .whenComplete((receivers, e) -> {
                    if (e == null && receivers == 0) {
                        // Redis itself says the probe channel has no subscriber: the subscriptions are gone
                        onControl(() -> {
                            if (link == l) {
                                probeFailures.incrementAndGet();
                                drop(l, "redis lost this node's subscriptions");
                                connect();
                            }
                        });
                    }
                });
    }

    /** On the control thread: forgets a link that no longer delivers. */
    private void drop(RedisLink l, String why) {
        if (link == l) {
            link = null;
        }
        lastFailure = why;
        pending.clear();
        l.close();
        log.warn("redis broker: {}; reconnecting", why);
    }

    /** On the control thread: opens both connections and subscribes, unless an attempt is under way or backing off. */
    private void connect() {
        if (connecting || closed || System.nanoTime() < nextAttemptNanos) {
            return;
        }
        connecting = true;
        Set<String> rooms = Set.copyOf(interested);
        List<String> channels = new ArrayList<>();
        channels.add(probeChannel);
        for (String room : rooms) {
            channels.add(channel(room));
        }
        RedisLink.open(client, uri, new Listener(), channels)
                .whenComplete((l, e) -> onControl(() -> connected(l, e, rooms)));
    }

    /** On the control thread: the outcome of {@link #connect}. */
    private void connected(RedisLink l, Throwable failure, Set<String> subscribed) {
        connecting = false;
        if (failure != null || closed) {
            if (l != null) {
                l.close();
            }
            if (failure != null) {
                attempts++;
                Duration wait = BACKOFF.delay(attempts);
                nextAttemptNanos = System.nanoTime() + wait.toNanos();
                lastFailure = rootMessage(failure);
                if (attempts == 1 || attempts % 10 == 0) {
                    log.warn("redis broker: cannot connect to redis (attempt {}): {}", attempts, lastFailure);
                }
                control.schedule(this::connectIfDown, wait.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (firstLink.getCount() == 0) {
            reconnects.incrementAndGet();
        }
        log.info("redis broker: connected to {} and subscribed to {} rooms", describe(), interested.size());
        attempts = 0;
        late = false;
        lastFailure = null;
        lastEchoNanos = System.nanoTime();
        echoedOnLink = false;
        link = l;
        firstLink.countDown();
        // rooms that gained their first session, or lost their last, while this was connecting
        for (String room : interested) {
            if (!subscribed.contains(room)) {
                subscribeRoom(room);
            }
        }
        for (String room : subscribed) {
            unsubscribeRoom(room);
        }
        probe(l);
        // whatever was published while this node was not subscribed is in the history only
        for (String room : interested) {
            roomCheck.accept(room);
        }
    }

    private void connectIfDown() {
        if (link == null) {
            connect();
        }
    }

    /** On the control thread. */
    private void subscribeRoom(String room) {
        RedisLink l = link;
        if (l == null || !interested.contains(room)) {
            return; // the next link subscribes every room of interest
        }
        pending.put(room, System.nanoTime());
        l.pubsub()
                .async()
                .subscribe(channel(room))
                .whenComplete((ok, e) -> onControl(() -> {
                    if (link != l) {
                        return;
                    }
                    if (e != null) {
                        drop(l, "subscribing to room " + room + " failed: " + rootMessage(e));
                        connect();
                        return;
                    }
                    pending.remove(room);
                    // messages published before the subscription took effect are in the history only
                    roomCheck.accept(room);
                }));
    }

    /** On the control thread. */
    private void unsubscribeRoom(String room) {
        RedisLink l = link;
        if (l == null || interested.contains(room)) {
            return;
        }
        pending.remove(room);
        l.pubsub().async().unsubscribe(channel(room));
    }

    private void onControl(Runnable task) {
        try {
            control.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Pub/sub messages, on a Lettuce I/O thread: decode and hand over; the hub never blocks here. */
    private final class Listener extends RedisPubSubAdapter<String, String> {
        @Override
        public void message(String channel, String message) {
            if (channel.equals(probeChannel)) {
                lastEchoNanos = System.nanoTime();
                echoedOnLink = true;
                onControl(RedisBroker.this::echoed);
                return;
            }
            EventCodec.Received received;
            try {
                received = EventCodec.decode(message);
            } catch (RuntimeException e) {
                log.warn("redis broker: skipped an event on {} that does not decode: {}", channel, e.toString());
                return;
            }
            if (received != null && !received.node().equals(node)) {
                subscriber.accept(received.event());
            }
        }
    }

    /** On the control thread: a probe came back; after a late one the rooms are checked (Redis was paused?). */
    private void echoed() {
        if (late) {
            late = false;
            for (String room : interested) {
                roomCheck.accept(room);
            }
        }
    }

    private String describe() {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return String.valueOf(c.getMessage());
    }

    @Override
    public void close() {
        closed = true;
        control.shutdownNow();
        try {
            control.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RedisLink l = link;
        link = null;
        if (l != null) {
            l.commands().close();
            l.pubsub().close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        if (ownsResources) {
            client.getResources().shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
