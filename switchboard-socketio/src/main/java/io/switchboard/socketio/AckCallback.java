package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Receives a client's answer to an event the server emitted with an ack. Called on the socket's loop. */
@FunctionalInterface
public interface AckCallback {
    void onAck(List<JsonNode> args);
}
