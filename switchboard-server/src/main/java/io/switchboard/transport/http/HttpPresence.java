package io.switchboard.transport.http;

import io.netty.channel.EventLoop;
import io.switchboard.hub.Delivery;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Session;
import io.switchboard.model.SessionId;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes HTTP clients that give {@code ?nick=} present in a room, the way a WebSocket member is:
 * one visible hub member per client and room, joined on its first request and unregistered once no
 * request of it has been open for the presence timeout. A client with an open SSE or NDJSON stream
 * stays present while the stream lasts.
 *
 * <p>A client is keyed by room plus its {@code ?client=} id when it sends one, otherwise by room,
 * nickname and remote address: two tabs behind one address with one nickname count as one member,
 * which is what they look like to everyone else anyway. With a client id, a new nickname renames
 * the member, and the member is the same one as the client's sessions on the other transports
 * ({@link Hub#register(Session, String, String)}): when the client turns up on a WebSocket or
 * Socket.IO in the room, its HTTP presence there ends at once instead of after the timeout.
 *
 * <p>Thread-safe: one per server; the map and every entry are guarded by {@code this}. Hub calls
 * are made under the lock; they do not block (joins are queued on the storage thread).
 */
final class HttpPresence {
    private static final Logger log = LoggerFactory.getLogger(HttpPresence.class);

    record Key(String room, String client) {
        /** The client's own id, or null when it is known by nickname and address. */
        String clientId() {
            return client.startsWith("c:") ? client.substring(2) : null;
        }
    }

    private final Hub hub;
    private final long timeoutNanos;
    /** Guarded by this. */
    private final Map<Key, Entry> entries = new HashMap<>();

    HttpPresence(Hub hub, Duration timeout) {
        this.hub = hub;
        this.timeoutNanos = timeout.toNanos();
    }

    static Key key(String room, String nick, String clientId, InetAddress address) {
        return new Key(room, clientId != null ? "c:" + clientId : "n:" + nick + "@" + address.getHostAddress());
    }

    /** Marks the start of one request of the client; every call needs one {@link #exit}. */
    synchronized void enter(Key key, String nick, EventLoop loop) {
        Entry e = entries.get(key);
        if (e == null) {
            e = new Entry(new Member(SessionId.random(), loop, this, key));
            entries.put(key, e);
            hub.register(e.member, nick, key.clientId());
            e.nick = nick;
            hub.join(e.member.id, key.room(), null, 1).exceptionally(failure -> {
                log.warn("HTTP presence join of {} failed: {}", nick, failure.toString());
                return null;
            });
        } else if (!e.nick.equals(nick)) {
            e.nick = nick;
            hub.rename(e.member.id, nick);
        }
        e.open++;
    }

    /** Marks the end of one request; the member leaves after the timeout unless another starts. */
    synchronized void exit(Key key, EventLoop loop) {
        Entry e = entries.get(key);
        if (e == null) {
            return;
        }
        e.open--;
        e.lastExitNanos = System.nanoTime();
        if (e.open == 0) {
            loop.schedule(() -> expire(key, e, loop), timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void expire(Key key, Entry e, EventLoop loop) {
        // a later request's exit schedules its own check; only one that sees the full quiet period acts
        if (entries.get(key) != e || e.open > 0) {
            return;
        }
        long remaining = timeoutNanos - (System.nanoTime() - e.lastExitNanos);
        if (remaining > 0) {
            loop.schedule(() -> expire(key, e, loop), remaining, TimeUnit.NANOSECONDS);
            return;
        }
        entries.remove(key);
        hub.unregister(e.member.id);
    }

    /** Another session of the client joined the room: this presence gives way to it now. */
    private synchronized void superseded(Key key, Member member) {
        Entry e = entries.get(key);
        if (e != null && e.member == member) {
            entries.remove(key);
            hub.unregister(member.id);
        }
    }

    /** Guarded by the enclosing instance. */
    private static final class Entry {
        final Member member;
        String nick;
        /** Requests of this client open now. */
        int open;

        long lastExitNanos;

        Entry(Member member) {
            this.member = member;
        }
    }

    /**
     * The hub's side of a present HTTP client. It receives the room's events like any member, but
     * the client reads them through its own polls and streams, so they are dropped here.
     * Deliveries run on the loop of the request that created it.
     */
    private record Member(SessionId id, Executor executor, HttpPresence presence, Key key) implements Session {
        @Override
        public void deliver(Delivery delivery) {}

        @Override
        public void flush() {}

        @Override
        public void supersededIn(String room) {
            presence.superseded(key, this);
        }
    }
}
