package io.switchboard.socketio.internal.protocol.socketio;

import io.switchboard.socketio.internal.protocol.engineio.EnginePacket;
import java.util.List;
import java.util.Objects;

/**
 * A packet ready for Engine.IO: one text message followed by its binary attachments, in order.
 *
 * <p>A broadcast hands the same instance to every recipient, so the Engine.IO message that carries
 * the text is built here once, with its WebSocket payload already in UTF-8 ({@link #message()}),
 * and shared by every recipient's queue: a recipient costs a reference, not a copy (issue #12).
 *
 * <p>Immutable and thread-safe (the shared message is built at most a few times, all equal).
 */
public final class EncodedSocketPacket {
    private final String text;
    private final List<byte[]> attachments;
    /** {@link #message()}, built on first use; racing threads build equal ones. */
    private volatile EnginePacket message;

    public EncodedSocketPacket(String text, List<byte[]> attachments) {
        this.text = Objects.requireNonNull(text, "text");
        this.attachments = List.copyOf(attachments);
    }

    /** The Socket.IO packet's text. */
    public String text() {
        return text;
    }

    /** Its binary attachments, in order. */
    public List<byte[]> attachments() {
        return attachments;
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
     * This event with one more string argument at the end: the offset of connection state
     * recovery. {@code offset} must need no JSON escaping.
     *
     * @throws IllegalStateException if this is not an event (its data is not a JSON array)
     */
    public EncodedSocketPacket withOffset(String offset) {
        if (!text.endsWith("]")) {
            throw new IllegalStateException("only events carry an offset");
        }
        StringBuilder sb = new StringBuilder(text.length() + offset.length() + 3);
        sb.append(text, 0, text.length() - 1).append(",\"").append(offset).append("\"]");
        return new EncodedSocketPacket(sb.toString(), attachments);
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
