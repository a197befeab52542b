package io.switchboard.socketio;

import io.switchboard.socketio.internal.engineio.EngineCloseReason;

/** Why a socket left its namespace; the wording matches the reference server's reasons. Immutable. */
public enum DisconnectReason {
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect"),
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect"),
    SERVER_SHUTTING_DOWN("server shutting down"),
    PING_TIMEOUT("ping timeout"),
    TRANSPORT_CLOSE("transport close"),
    TRANSPORT_ERROR("transport error"),
    PARSE_ERROR("parse error"),
    FORCED_CLOSE("forced close");

    private final String description;

    DisconnectReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * Whether the client may come back and recover the socket: the connection failed or the server
     * closed it, as opposed to a side leaving on purpose or sending garbage (the reference
     * server's list).
     */
    public boolean recoverable() {
        return switch (this) {
            case TRANSPORT_CLOSE, TRANSPORT_ERROR, PING_TIMEOUT, FORCED_CLOSE, SERVER_SHUTTING_DOWN -> true;
            case SERVER_NAMESPACE_DISCONNECT, CLIENT_NAMESPACE_DISCONNECT, PARSE_ERROR -> false;
        };
    }

    static DisconnectReason of(EngineCloseReason r) {
        return switch (r) {
            case CLIENT_CLOSE, TRANSPORT_CLOSE -> TRANSPORT_CLOSE;
            case TRANSPORT_ERROR, SLOW_CONSUMER -> TRANSPORT_ERROR;
            case PING_TIMEOUT -> PING_TIMEOUT;
            case PARSE_ERROR -> PARSE_ERROR;
            case FORCED_CLOSE -> FORCED_CLOSE;
            case SERVER_SHUTDOWN -> SERVER_SHUTTING_DOWN;
        };
    }
}
