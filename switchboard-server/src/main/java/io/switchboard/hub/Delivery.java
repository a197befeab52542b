package io.switchboard.hub;

import io.switchboard.model.HubEvent;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One hub event on its way to the recipients of one node, with its encodings cached per wire format.
 * The first recipient that needs a format encodes the event; the others reuse the result. When the
 * last recipient group is done, every cached encoding is released.
 *
 * <p>Thread-safe: recipient groups run on different event loops. Every recipient looks its
 * encoding up, so the lookup takes no lock: the cache is an immutable array replaced (under
 * {@code this}) only when a format is encoded, once per format per broadcast. Before, each of a
 * broadcast's N recipients took the delivery's monitor (issue #12).
 */
public final class Delivery {
    private static final Object NOTHING = new Object();
    private static final Object[] EMPTY = new Object[0];

    private final HubEvent event;
    /** Groups that have not finished yet; the one that brings it to zero releases the cache. */
    private final AtomicInteger pendingGroups;
    /**
     * Format, encoding, format, encoding…: a handful of formats at most. Never written in place; a
     * new array is published under {@code this} when a format is added.
     */
    private volatile Object[] cache = EMPTY;
    /** Set under {@code this} once the encodings are released. */
    private volatile boolean released;

    Delivery(HubEvent event, int groups) {
        this.event = event;
        this.pendingGroups = new AtomicInteger(groups);
    }

    /** A delivery to one recipient, released after that recipient's {@link #groupDone()}. */
    public static Delivery single(HubEvent event) {
        return new Delivery(event, 1);
    }

    public HubEvent event() {
        return event;
    }

    /** The event encoded for {@code format} (null if the format does not carry it), encoded at most once. */
    public <T> T encoded(WireFormat<T> format) {
        Object[] c = cache;
        for (int i = 0; i < c.length; i += 2) {
            if (c[i] == format) {
                if (released) {
                    throw new IllegalStateException("delivery already released");
                }
                return unwrap(c[i + 1]);
            }
        }
        return encodeOnce(format);
    }

    private synchronized <T> T encodeOnce(WireFormat<T> format) {
        if (released) {
            throw new IllegalStateException("delivery already released");
        }
        Object[] c = cache;
        for (int i = 0; i < c.length; i += 2) {
            if (c[i] == format) {
                return unwrap(c[i + 1]); // another loop encoded it meanwhile
            }
        }
        T value = format.encode(event);
        Object[] grown = Arrays.copyOf(c, c.length + 2);
        grown[c.length] = format;
        grown[c.length + 1] = value == null ? NOTHING : value;
        cache = grown;
        return value;
    }

    @SuppressWarnings("unchecked")
    private static <T> T unwrap(Object value) {
        return value == NOTHING ? null : (T) value;
    }

    /** Called once by each recipient group when it has written the event to all its sessions. */
    public void groupDone() {
        if (pendingGroups.decrementAndGet() == 0) {
            releaseAll();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private synchronized void releaseAll() {
        released = true;
        Object[] c = cache;
        cache = EMPTY;
        for (int i = 0; i < c.length; i += 2) {
            if (c[i + 1] != NOTHING) {
                ((WireFormat) c[i]).release(c[i + 1]);
            }
        }
    }
}
