package io.switchboard.socketio.redis.forward;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.switchboard.socketio.redis.forward.ForwardMessage.Kind;
import io.switchboard.socketio.remote.ForwardedRequest;
import io.switchboard.socketio.remote.ForwardedResponse;
import io.switchboard.socketio.remote.LocalSessions;
import io.switchboard.socketio.remote.RelayedFrame;
import io.switchboard.socketio.remote.RemoteSessions;
import io.switchboard.socketio.remote.WebSocketRelay;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteSessions} over Redis pub/sub: each node subscribes to its own channel {@code
 * sb:fwd:<node>}; a node that gets a request for a session of another node publishes it on the
 * owner's channel and waits for the answer on its own. Session ids are {@code <node>.<random>}, so
 * the owner is read off the id; a {@code PUBLISH} that reaches no subscriber means the owner is gone
 * (the session is unknown) at the cost of no lookup at all. Nothing is stored in Redis.
 *
 * <p>A WebSocket upgrade that lands on a non-owner is relayed: the owner's session takes the relay
 * as its probe and then as its WebSocket, and every frame crosses Redis once each way.
 *
 * <p>Thread-safe. Messages are handled on Lettuce's I/O thread, in the order each node published
 * them; nothing here blocks there (the owner's work hops to the session's loop).
 */
public final class RedisRemoteSessions implements RemoteSessions, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisRemoteSessions.class);
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String node;
    private final Duration answerTimeout;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final StatefulRedisConnection<String, String> publisher;
    private final AtomicLong ids = new AtomicLong();
    /** Requests this node forwarded, by id, until answered, cancelled or timed out. */
    private final Map<String, CompletableFuture<ForwardedResponse>> forwarded = new ConcurrentHashMap<>();
    /** Requests other nodes forwarded here, by id, until answered (an abort cancels them). */
    private final Map<String, CompletableFuture<ForwardedResponse>> serving = new ConcurrentHashMap<>();
    /** Relays whose WebSocket is here: id → the local WebSocket. */
    private final Map<String, WebSocketRelay> clientEnds = new ConcurrentHashMap<>();
    /** Relays whose session is here: id → the session's stand-in WebSocket. */
    private final Map<String, WebSocketRelay> sessionEnds = new ConcurrentHashMap<>();

    private volatile LocalSessions local;

    /**
     * Subscribes to this node's channel (blocks until Redis confirms).
     *
     * @param node          this node's name: 1-64 of {@code A-Z a-z 0-9 _ -}, unique in the cluster
     * @param answerTimeout how long a forwarded request may wait for its owner: more than the longest
     *                      held poll (the Engine.IO ping interval)
     */
    public RedisRemoteSessions(RedisClient client, String node, Duration answerTimeout) {
        if (!NODE.matcher(node).matches()) {
            throw new IllegalArgumentException("a node name is 1-64 of A-Z a-z 0-9 _ -, got " + node);
        }
        this.node = node;
        this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout");
        this.publisher = client.connect();
        this.subscriber = client.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                onMessage(message);
            }
        });
        subscriber.sync().subscribe(channel(node));
    }

    /** The channel node {@code node} listens on. */
    static String channel(String node) {
        return "sb:fwd:" + node;
    }

    @Override
    public void start(LocalSessions sessions) {
        this.local = sessions;
    }

    @Override
    public String sessionIdPrefix() {
        return node + ".";
    }

    @Override
    public boolean isRemote(String sid) {
        String owner = owner(sid);
        return owner != null && !owner.equals(node);
    }

    /** The node named by a session id, or null when the id names none. */
    static String owner(String sid) {
        int dot = sid.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        String owner = sid.substring(0, dot);
        return NODE.matcher(owner).matches() ? owner : null;
    }

    @Override
    public CompletableFuture<ForwardedResponse> forward(String sid, ForwardedRequest request) {
        String id = newId();
        CompletableFuture<ForwardedResponse> answer = new CompletableFuture<>();
        forwarded.put(id, answer);
        answer.orTimeout(answerTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((res, err) -> {
            forwarded.remove(id);
            if (answer.isCancelled()) {
                publish(owner(sid), ForwardMessage.of(Kind.ABORT, id));
            }
        });
        ForwardMessage message = new ForwardMessage(
                Kind.REQUEST,
                id,
                node,
                sid,
                request.method(),
                request.uri(),
                request.headers(),
                request.body(),
                null,
                null);
        publish(owner(sid), message).whenComplete((receivers, err) -> {
            if (err != null || receivers == 0) {
                // nobody listens on the owner's channel: that node is gone, and its sessions with it
                answer.complete(null);
            }
        });
        return answer;
    }

    @Override
    public WebSocketRelay relay(String sid, WebSocketRelay toClient) {
        String id = newId();
        String owner = owner(sid);
        clientEnds.put(id, toClient);
        ForwardMessage open = new ForwardMessage(Kind.RELAY_OPEN, id, node, sid, null, null, null, null, null, null);
        publish(owner, open).whenComplete((receivers, err) -> {
            if (err != null || receivers == 0) {
                closeClientEnd(id);
            }
        });
        AtomicBoolean closed = new AtomicBoolean();
        return new WebSocketRelay() {
            @Override
            public void send(RelayedFrame frame) {
                if (!closed.get()) {
                    publish(owner, ForwardMessage.frame(Kind.TO_SESSION, id, frame.binary(), frame.data()));
                }
            }

            @Override
            public void close() {
                if (closed.compareAndSet(false, true)) {
                    clientEnds.remove(id);
                    publish(owner, ForwardMessage.of(Kind.CLIENT_CLOSED, id));
                }
            }
        };
    }

    private void onMessage(String json) {
        ForwardMessage m;
        try {
            m = ForwardMessage.decode(json);
        } catch (JsonProcessingException e) {
            log.warn("dropped an unreadable forwarding message: {}", e.getOriginalMessage());
            return;
        }
        try {
            dispatch(m);
        } catch (RuntimeException e) {
            log.warn("forwarding message {} {} failed", m.kind(), m.id(), e);
        }
    }

    private void dispatch(ForwardMessage m) {
        switch (m.kind()) {
            case REQUEST -> serve(m);
            case RESPONSE -> {
                CompletableFuture<ForwardedResponse> answer = forwarded.get(m.id());
                if (answer != null) {
                    answer.complete(new ForwardedResponse(m.status(), m.headers(), m.body()));
                }
            }
            case ABORT -> {
                CompletableFuture<ForwardedResponse> held = serving.get(m.id());
                if (held != null) {
                    held.cancel(false);
                }
            }
            case RELAY_OPEN -> openSessionEnd(m);
            case TO_SESSION -> {
                WebSocketRelay end = sessionEnds.get(m.id());
                if (end != null) {
                    end.send(new RelayedFrame(Boolean.TRUE.equals(m.binary()), m.body()));
                }
            }
            case CLIENT_CLOSED -> {
                WebSocketRelay end = sessionEnds.remove(m.id());
                if (end != null) {
                    end.close();
                }
            }
            case TO_CLIENT -> {
                WebSocketRelay end = clientEnds.get(m.id());
                if (end != null) {
                    end.send(new RelayedFrame(Boolean.TRUE.equals(m.binary()), m.body()));
                }
            }
            case SESSION_CLOSED -> closeClientEnd(m.id());
        }
    }

    /** The owner's side of a forwarded request: serve it, send back the answer. */
    private void serve(ForwardMessage m) {
        LocalSessions sessions = local;
        if (sessions == null || m.from() == null) {
            return;
        }
        ForwardedRequest request = new ForwardedRequest(
                m.method(),
                m.uri(),
                m.headers() == null ? Map.of() : m.headers(),
                m.body() == null ? new byte[0] : m.body());
        CompletableFuture<ForwardedResponse> answer = sessions.serve(request);
        serving.put(m.id(), answer);
        answer.whenComplete((res, err) -> {
            serving.remove(m.id());
            if (res != null) {
                publish(
                        m.from(),
                        new ForwardMessage(
                                Kind.RESPONSE,
                                m.id(),
                                null,
                                null,
                                null,
                                null,
                                res.headers(),
                                res.body(),
                                res.status(),
                                null));
            }
        });
    }

    /** The owner's side of a relay: the session takes it as its upgrade probe. */
    private void openSessionEnd(ForwardMessage m) {
        LocalSessions sessions = local;
        String client = m.from();
        String id = m.id();
        AtomicBoolean closed = new AtomicBoolean();
        WebSocketRelay toClient = new WebSocketRelay() {
            @Override
            public void send(RelayedFrame frame) {
                if (!closed.get()) {
                    publish(client, ForwardMessage.frame(Kind.TO_CLIENT, id, frame.binary(), frame.data()));
                }
            }

            @Override
            public void close() {
                if (closed.compareAndSet(false, true)) {
                    sessionEnds.remove(id);
                    publish(client, ForwardMessage.of(Kind.SESSION_CLOSED, id));
                }
            }
        };
        if (sessions == null || client == null || m.sid() == null) {
            toClient.close();
            return;
        }
        WebSocketRelay end = sessions.acceptRelay(m.sid(), toClient);
        if (!closed.get()) {
            sessionEnds.put(id, end);
        }
    }

    private void closeClientEnd(String id) {
        WebSocketRelay end = clientEnds.remove(id);
        if (end != null) {
            end.close();
        }
    }

    private CompletableFuture<Long> publish(String toNode, ForwardMessage m) {
        if (toNode == null) {
            return CompletableFuture.completedFuture(0L);
        }
        return publisher.async().publish(channel(toNode), m.encode()).toCompletableFuture();
    }

    private String newId() {
        return node + "-" + ids.incrementAndGet();
    }

    /** Unsubscribes and closes both connections; forwarded requests still waiting get "unknown". */
    @Override
    public void close() {
        subscriber.close();
        publisher.close();
        forwarded.values().forEach(f -> f.complete(null));
        clientEnds.values().forEach(WebSocketRelay::close);
        sessionEnds.values().forEach(WebSocketRelay::close);
    }
}
