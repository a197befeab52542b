package io.switchboard.metrics;

/**
 * The ways a client connects, as the {@code transport} label of the connection, message and
 * delivery metrics names them (docs/operations.md). A closed set, so a label can be bound once.
 */
public enum Transport {
    /** The tutorial protocol: a WebSocket on {@code /}. */
    WEBSOCKET_TUTORIAL("websocket_tutorial"),
    /** The native JSON protocol: a WebSocket on {@code /ws}. */
    WEBSOCKET_NATIVE("websocket_native"),
    SSE("sse"),
    /** The NDJSON stream of the HTTP API. */
    STREAM("stream"),
    LONGPOLL("longpoll"),
    SOCKETIO_WEBSOCKET("socketio_websocket"),
    SOCKETIO_POLLING("socketio_polling"),
    /** A message posted to the HTTP API by a client that holds no session of its own. */
    HTTP("http");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
