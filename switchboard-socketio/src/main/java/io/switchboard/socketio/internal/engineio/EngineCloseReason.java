package io.switchboard.socketio.internal.engineio;

/** Why an Engine.IO session ended; the wording matches the reference server's reasons. Immutable. */
public enum EngineCloseReason {
    /** The client sent a close packet. */
    CLIENT_CLOSE("transport close"),
    /** The WebSocket or the HTTP connection went away. */
    TRANSPORT_CLOSE("transport close"),
    /** The client broke the transport's rules (a second GET, an oversized body). */
    TRANSPORT_ERROR("transport error"),
    /** More packets waited for the client than the buffer limit allows. */
    SLOW_CONSUMER("slow consumer"),
    /** No pong within the ping timeout. */
    PING_TIMEOUT("ping timeout"),
    /** The client sent something that is not an Engine.IO packet. */
    PARSE_ERROR("parse error"),
    /** The server closed the session. */
    FORCED_CLOSE("forced close"),
    /** The server is shutting down. */
    SERVER_SHUTDOWN("server shutting down");

    private final String description;

    EngineCloseReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
