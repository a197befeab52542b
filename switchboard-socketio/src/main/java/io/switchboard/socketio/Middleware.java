package io.switchboard.socketio;

/**
 * Runs before a socket joins its namespace; may refuse it. Called on the socket's loop; {@code next}
 * may be called later from any thread.
 */
@FunctionalInterface
public interface Middleware {
    void handle(SocketIoSocket socket, Next next);

    /** The outcome of one middleware; exactly one call counts. */
    interface Next {
        void proceed();

        /** Refuses the connection with CONNECT_ERROR {@code {"message": message}}. */
        void refuse(String message);
    }
}
