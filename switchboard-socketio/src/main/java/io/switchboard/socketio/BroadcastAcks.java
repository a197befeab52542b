package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The acknowledgements of a broadcast emitted with an ack ({@link BroadcastOperator#emitWithAck}),
 * from the clients of the nodes that responded. Immutable.
 *
 * @param clients how many clients the event was sent to on the nodes that responded
 * @param acks    the arguments of each acknowledgement that arrived within the timeout, in arrival
 *                order; fewer than {@code clients} when some client did not answer in time
 */
public record BroadcastAcks(int clients, List<List<JsonNode>> acks) {
    public BroadcastAcks {
        acks = List.copyOf(acks);
    }

    /** True when every client the event was sent to answered. */
    public boolean allAnswered() {
        return acks.size() == clients;
    }
}
