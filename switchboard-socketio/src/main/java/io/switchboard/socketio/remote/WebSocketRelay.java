package io.switchboard.socketio.remote;

/**
 * One direction of a WebSocket relayed between two nodes: frames go in order, then at most one
 * close. Implementations are thread-safe and do not block; after {@link #close()} frames are dropped.
 */
public interface WebSocketRelay {

    void send(RelayedFrame frame);

    /** Ends the relay: the other side closes its end. Idempotent. */
    void close();
}
