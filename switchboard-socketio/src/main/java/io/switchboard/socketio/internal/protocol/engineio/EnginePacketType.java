package io.switchboard.socketio.internal.protocol.engineio;

/** The Engine.IO v4 packet types and their one-digit wire codes. Immutable. */
public enum EnginePacketType {
    OPEN('0'),
    CLOSE('1'),
    PING('2'),
    PONG('3'),
    MESSAGE('4'),
    UPGRADE('5'),
    NOOP('6');

    private final char code;

    EnginePacketType(char code) {
        this.code = code;
    }

    /** The digit that starts this packet on the wire. */
    public char code() {
        return code;
    }

    /** The type for a wire digit, or null when the character is not a packet type. */
    static EnginePacketType fromCode(char c) {
        int i = c - '0';
        return i >= 0 && i < values().length ? values()[i] : null;
    }
}
