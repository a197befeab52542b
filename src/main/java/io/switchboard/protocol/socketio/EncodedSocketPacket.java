package io.switchboard.protocol.socketio;

import java.util.List;

/**
 * A packet ready for Engine.IO: one text message followed by its binary attachments, in order.
 * Immutable.
 */
public record EncodedSocketPacket(String text, List<byte[]> attachments) {
    public EncodedSocketPacket {
        attachments = List.copyOf(attachments);
    }
}
