package io.switchboard.socketio.internal.protocol.socketio;

import java.util.List;

/**
 * A packet ready for Engine.IO: one text message followed by its binary attachments, in order.
 * Immutable.
 */
public record EncodedSocketPacket(String text, List<byte[]> attachments) {
    public EncodedSocketPacket {
        attachments = List.copyOf(attachments);
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
}
