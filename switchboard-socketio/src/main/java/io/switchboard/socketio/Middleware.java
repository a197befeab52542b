package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;

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
        default void refuse(String message) {
            refuse(message, null);
        }

        /**
         * Refuses the connection with CONNECT_ERROR {@code {"message": message, "data": data}}, as the
         * reference server sends an error's {@code data} (a client reads it as {@code err.data}, e.g.
         * a code to switch on); {@code data} null leaves it out.
         */
        void refuse(String message, JsonNode data);
    }
}
