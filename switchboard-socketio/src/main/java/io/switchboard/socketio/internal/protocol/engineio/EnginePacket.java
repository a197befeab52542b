package io.switchboard.socketio.internal.protocol.engineio;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One Engine.IO packet: a type and either a text payload or (message packets only) binary bytes.
 * Immutable; the byte array is owned by the packet and must not be changed after construction.
 *
 * @param type   the packet type
 * @param text   the text payload, empty when there is none; null for a binary message
 * @param binary the binary payload of a binary message, else null
 * @param frame  a text packet's WebSocket payload (type code and text) in UTF-8, built once for a
 *               packet that many sessions send ({@link #sharedMessage}); else null, and each write
 *               encodes the text. Not part of the packet's equality
 */
public record EnginePacket(EnginePacketType type, String text, byte[] binary, byte[] frame) {
    public static final EnginePacket PING = of(EnginePacketType.PING);
    public static final EnginePacket PONG = of(EnginePacketType.PONG);
    public static final EnginePacket NOOP = of(EnginePacketType.NOOP);
    public static final EnginePacket CLOSE = of(EnginePacketType.CLOSE);
    public static final EnginePacket UPGRADE = of(EnginePacketType.UPGRADE);

    public EnginePacket(EnginePacketType type, String text, byte[] binary) {
        this(type, text, binary, null);
    }

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

    /**
     * A message whose WebSocket payload is encoded now, once: for a packet that a broadcast queues
     * for many sessions, each of which then writes the same bytes.
     */
    public static EnginePacket sharedMessage(String text) {
        byte[] frame = (EnginePacketType.MESSAGE.code() + text).getBytes(StandardCharsets.UTF_8);
        return new EnginePacket(EnginePacketType.MESSAGE, text, null, frame);
    }

    public static EnginePacket binaryMessage(byte[] bytes) {
        return new EnginePacket(EnginePacketType.MESSAGE, null, bytes);
    }

    public boolean isBinary() {
        return binary != null;
    }

    /** Same type, text and binary bytes; the pre-encoded frame does not count. */
    @Override
    public boolean equals(Object o) {
        return o instanceof EnginePacket p
                && type == p.type
                && Objects.equals(text, p.text)
                && Arrays.equals(binary, p.binary);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Objects.hashCode(text)) + Arrays.hashCode(binary);
    }
}
