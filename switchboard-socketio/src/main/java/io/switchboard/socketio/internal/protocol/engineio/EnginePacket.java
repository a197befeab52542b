package io.switchboard.socketio.internal.protocol.engineio;

import java.util.Objects;

/**
 * One Engine.IO packet: a type and either a text payload or (message packets only) binary bytes.
 * Immutable; the byte array is owned by the packet and must not be changed after construction.
 *
 * @param type   the packet type
 * @param text   the text payload, empty when there is none; null for a binary message
 * @param binary the binary payload of a binary message, else null
 */
public record EnginePacket(EnginePacketType type, String text, byte[] binary) {
    public static final EnginePacket PING = of(EnginePacketType.PING);
    public static final EnginePacket PONG = of(EnginePacketType.PONG);
    public static final EnginePacket NOOP = of(EnginePacketType.NOOP);
    public static final EnginePacket CLOSE = of(EnginePacketType.CLOSE);
    public static final EnginePacket UPGRADE = of(EnginePacketType.UPGRADE);

    public EnginePacket {
        Objects.requireNonNull(type, "type");
        if ((text == null) == (binary == null)) {
            throw new IllegalArgumentException("exactly one of text and binary");
        }
        if (binary != null && type != EnginePacketType.MESSAGE) {
            throw new IllegalArgumentException("only message packets carry binary data");
        }
    }

    public static EnginePacket of(EnginePacketType type) {
        return new EnginePacket(type, "", null);
    }

    public static EnginePacket of(EnginePacketType type, String text) {
        return new EnginePacket(type, text, null);
    }

    public static EnginePacket message(String text) {
        return new EnginePacket(EnginePacketType.MESSAGE, text, null);
    }

    public static EnginePacket binaryMessage(byte[] bytes) {
        return new EnginePacket(EnginePacketType.MESSAGE, null, bytes);
    }

    public boolean isBinary() {
        return binary != null;
    }
}
