package io.switchboard.socketio.internal.engineio;

/** The Engine.IO transports this server speaks, by their {@code transport} query value. Immutable. */
public enum EngineTransport {
    POLLING("polling"),
    WEBSOCKET("websocket");

    private final String queryName;

    EngineTransport(String queryName) {
        this.queryName = queryName;
    }

    public String queryName() {
        return queryName;
    }

    /** The transport named by a query value, or null. */
    public static EngineTransport fromQuery(String name) {
        for (EngineTransport t : values()) {
            if (t.queryName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
