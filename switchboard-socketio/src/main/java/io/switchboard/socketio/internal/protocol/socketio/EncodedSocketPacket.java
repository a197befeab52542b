package io.switchboard.socketio.internal.protocol.socketio;

import io.switchboard.socketio.internal.protocol.engineio.EnginePacket;
import io.switchboard.socketio.internal.websocket.SharedDeflateFrames;
import java.util.List;
import java.util.Objects;

/**
 * A packet ready for Engine.IO: one text message followed by its binary attachments, in order.
 *
 * <p>A broadcast hands the same instance to every recipient, so the Engine.IO message that carries
 * the text is built here once, with its WebSocket payload already in UTF-8 ({@link #message()}),
 * and shared by every recipient's queue: a recipient costs a reference, not a copy (issue #12).
 *
 * <p>A packet made for a broadcast with {@link #sharedForBroadcast()} also carries the broadcast's
 * compressed frames ({@link #shared()}): the recipients on a WebSocket with permessage-deflate then
 * write one frame compressed once instead of compressing the text each. Whoever made it
 * {@link #releaseShared() releases} it once every recipient has been handed the packet; a packet
 * without shared frames (null) is written as before.
 *
 * <p>Immutable and thread-safe (the shared message is built at most a few times, all equal).
 * Equality is the text and the attachments.
 */
public final class EncodedSocketPacket {
    private final String text;
    private final List<byte[]> attachments;
    private final SharedDeflateFrames shared;
    /** {@link #message()}, built on first use; racing threads build equal ones. */
    private volatile EnginePacket message;
    /**
     * The last {@link #withOffset} answer, for the next recipient at the same offset; racing threads
     * build equal ones.
     */
    private volatile WithOffset lastWithOffset;

    private record WithOffset(String offset, EncodedSocketPacket packet) {}

    /**
     * @param text        the Socket.IO packet's text
     * @param attachments its binary attachments, sent as binary messages after the text
     * @param shared      the broadcast's shared compressed frames, or null
     */
    public EncodedSocketPacket(String text, List<byte[]> attachments, SharedDeflateFrames shared) {
        this.text = Objects.requireNonNull(text, "text");
        this.attachments = List.copyOf(attachments);
        this.shared = shared;
    }

    /** A packet for one recipient, or for a broadcast that compresses per recipient. */
    public EncodedSocketPacket(String text, List<byte[]> attachments) {
        this(text, attachments, null);
    }

    /** The Socket.IO packet's text. */
    public String text() {
        return text;
    }

    /** Its binary attachments, in order. */
    public List<byte[]> attachments() {
        return attachments;
    }

    /** The broadcast's shared compressed frames, or null. */
    public SharedDeflateFrames shared() {
        return shared;
    }

    /** The Engine.IO message packet of {@link #text()}, one per instance, its WebSocket payload encoded. */
    public EnginePacket message() {
        EnginePacket m = message;
        if (m == null) {
            m = EnginePacket.sharedMessage(text);
            message = m;
        }
        return m;
    }

    /**
     * This packet with new shared compressed frames, holding one reference for the caller, who
     * must {@link #releaseShared()} it when the broadcast has been handed to every recipient.
     */
    public EncodedSocketPacket sharedForBroadcast() {
        return new EncodedSocketPacket(text, attachments, new SharedDeflateFrames());
    }

    /**
     * This packet with one more reference to its shared frames, for a recipient reached after a hop
     * to another thread; or, when it has none left (or never had), a packet without them. Release
     * what this returns once the recipient has been sent it.
     */
    public EncodedSocketPacket retainShared() {
        if (shared == null || shared.tryRetain()) {
            return this;
        }
        return new EncodedSocketPacket(text, attachments, null);
    }

    /** Gives back a reference to the shared frames, if the packet has them. */
    public void releaseShared() {
        if (shared != null) {
            shared.release();
        }
    }

    /** This packet without shared frames: for keeping it past the broadcast, as a log does. */
    public EncodedSocketPacket unshared() {
        return shared == null ? this : new EncodedSocketPacket(text, attachments, null);
    }

    /**
     * This event with one more string argument at the end: the offset of connection state
     * recovery. {@code offset} must need no JSON escaping. Shares the same frames: recipients with
     * the same offset get the same compressed frame. A broadcast's recipients usually share one
     * offset: the answer for the last offset asked for is kept, so that they also share its text and
     * its Engine.IO packet instead of copying the text each.
     *
     * @throws IllegalStateException if this is not an event (its data is not a JSON array)
     */
    public EncodedSocketPacket withOffset(String offset) {
        WithOffset last = lastWithOffset;
        if (last != null && last.offset.equals(offset)) {
            return last.packet;
        }
        if (!text.endsWith("]")) {
            throw new IllegalStateException("only events carry an offset");
        }
        StringBuilder sb = new StringBuilder(text.length() + offset.length() + 3);
        sb.append(text, 0, text.length() - 1).append(",\"").append(offset).append("\"]");
        EncodedSocketPacket p = new EncodedSocketPacket(sb.toString(), attachments, shared);
        lastWithOffset = new WithOffset(offset, p);
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedSocketPacket p && text.equals(p.text) && attachments.equals(p.attachments);
    }

    @Override
    public int hashCode() {
        return 31 * text.hashCode() + attachments.hashCode();
    }

    @Override
    public String toString() {
        return "EncodedSocketPacket[text=" + text + ", attachments=" + attachments.size() + "]";
    }
}
