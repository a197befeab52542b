package io.switchboard.hub;

import io.switchboard.model.HubEvent;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One hub event on its way to the recipients of one node, with its encodings cached per wire format.
 * The first recipient that needs a format encodes the event; the others reuse the result. When the
 * last recipient group is done, every cached encoding is released.
 *
 * <p>Thread-safe: recipient groups run on different event loops. The cache is guarded by
 * {@code this}; contention is bounded by the number of event loops.
 */
public final class Delivery {
    private static final Object NOTHING = new Object();

    private final HubEvent event;
    /** Groups that have not finished yet; the one that brings it to zero releases the cache. */
    private final AtomicInteger pendingGroups;
    /** Parallel arrays, a handful of formats at most; guarded by this. */
    private WireFormat<?>[] formats = new WireFormat<?>[2];

    private Object[] encodings = new Object[2];
    private int size;
    private boolean released;

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
    @SuppressWarnings("unchecked")
    public synchronized <T> T encoded(WireFormat<T> format) {
        if (released) {
            throw new IllegalStateException("delivery already released");
        }
        for (int i = 0; i < size; i++) {
            if (formats[i] == format) {
                Object value = encodings[i];
                return value == NOTHING ? null : (T) value;
            }
        }
        T value = format.encode(event);
        if (size == formats.length) {
            formats = Arrays.copyOf(formats, size * 2);
            encodings = Arrays.copyOf(encodings, size * 2);
        }
        formats[size] = format;
        encodings[size] = value == null ? NOTHING : value;
        size++;
        return value;
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
        for (int i = 0; i < size; i++) {
            if (encodings[i] != NOTHING) {
                ((WireFormat) formats[i]).release(encodings[i]);
            }
            encodings[i] = null;
        }
    }
}
