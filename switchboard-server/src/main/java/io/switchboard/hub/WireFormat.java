package io.switchboard.hub;

import io.switchboard.model.HubEvent;

/**
 * One way of putting hub events on the wire (a transport's frame format). The hub asks each format
 * to encode a broadcast at most once and hands the same encoded value to every recipient that uses
 * the format.
 *
 * <p>Implementations are stateless and thread-safe: {@link #encode} may run on any event loop.
 *
 * @param <T> the encoded form, e.g. a reference-counted buffer holding a complete frame
 */
public interface WireFormat<T> {

    /** Encodes the event, or returns null when this format does not carry that kind of event. */
    T encode(HubEvent event);

    /** Releases what {@link #encode} returned, once no recipient needs it any more. */
    void release(T encoded);
}
