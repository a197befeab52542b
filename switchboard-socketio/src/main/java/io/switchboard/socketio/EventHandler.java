package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Handles one event from a client. Called on the socket's loop. */
@FunctionalInterface
public interface EventHandler {
    /**
     * @param args the event's arguments (binary ones as {@code BinaryNode})
     * @param ack  answers the client's acknowledgement, or null when the client asked for none
     */
    void handle(List<JsonNode> args, Ack ack);
}
