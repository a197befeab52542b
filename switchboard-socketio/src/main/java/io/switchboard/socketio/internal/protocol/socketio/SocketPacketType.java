package io.switchboard.socketio.internal.protocol.socketio;

/** The Socket.IO v5 packet types and their one-digit wire codes. Immutable. */
public enum SocketPacketType {
    CONNECT,
    DISCONNECT,
    EVENT,
    ACK,
    CONNECT_ERROR,
    BINARY_EVENT,
    BINARY_ACK;

    /** The digit that starts this packet on the wire. */
    public char code() {
        return (char) ('0' + ordinal());
    }

    /** Whether packets of this type carry binary attachments after the text part. */
    public boolean isBinary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }

    static SocketPacketType fromCode(char c) {
        int i = c - '0';
        return i >= 0 && i < values().length ? values()[i] : null;
    }
}
