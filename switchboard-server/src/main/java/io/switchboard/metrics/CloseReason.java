package io.switchboard.metrics;

/** Why the server saw a connection end: the {@code reason} label of {@code switchboard_connections_closed_total}. */
public enum CloseReason {
    /** The client closed it, or its request ended as the protocol expects. */
    NORMAL("normal"),
    /** No traffic for the idle timeout. */
    IDLE("idle"),
    /** Its outbound queue stayed over the byte bound (see OutboundBound). */
    SLOW_CONSUMER("slow_consumer"),
    RATE_LIMITED("rate_limited"),
    /** A frame or packet the protocol does not allow: binary where text is expected, too big, malformed. */
    PROTOCOL_ERROR("protocol_error"),
    /** The server was shutting down. */
    SHUTDOWN("shutdown"),
    /** A failure on the server's side. */
    ERROR("error");

    private final String label;

    CloseReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
