package io.switchboard.socketio.internal.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One Socket.IO packet. Binary data inside {@code data} is held as Jackson {@code BinaryNode}s;
 * on the wire each becomes a {@code {"_placeholder":true,"num":N}} and a separate attachment.
 * Immutable as long as nobody changes the JSON tree.
 *
 * @param type        the packet type; EVENT and ACK whose data holds binary are sent as the
 *                    BINARY_ variants by the encoder
 * @param namespace   the namespace, {@code "/"} for the main one
 * @param ackId       the acknowledgement id, or {@link #NO_ACK}
 * @param data        the JSON payload, or null when the packet has none
 * @param attachments the number of binary attachments still to come (decoder output only)
 */
public record SocketPacket(SocketPacketType type, String namespace, long ackId, JsonNode data, int attachments) {
    public static final long NO_ACK = -1;

    public SocketPacket {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(namespace, "namespace");
    }

    public static SocketPacket of(SocketPacketType type, String namespace, long ackId, JsonNode data) {
        return new SocketPacket(type, namespace, ackId, data, 0);
    }

    public boolean hasAck() {
        return ackId != NO_ACK;
    }

    public SocketPacket withData(JsonNode newData) {
        return new SocketPacket(type, namespace, ackId, newData, 0);
    }
}
