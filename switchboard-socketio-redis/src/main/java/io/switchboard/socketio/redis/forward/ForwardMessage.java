package io.switchboard.socketio.redis.forward;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One message on a node's forwarding channel, JSON encoded (bodies and binary frames as base64).
 * Which fields are set depends on the {@link Kind}. Immutable.
 *
 * @param id      the request or relay id, unique in the cluster (the sender's node name and a counter)
 * @param from    the node to answer (on requests and relay openings)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ForwardMessage(
        Kind kind,
        String id,
        String from,
        String sid,
        String method,
        String uri,
        Map<String, String> headers,
        byte[] body,
        Integer status,
        Boolean binary) {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    enum Kind {
        /** A polling request for the owner ({@code from}, {@code sid}, method, uri, headers, body). */
        REQUEST,
        /** The owner's answer to request {@code id} (status, headers, body). */
        RESPONSE,
        /** The client of request {@code id} went away: the owner drops its held poll. */
        ABORT,
        /** A WebSocket on node {@code from} probes session {@code sid}: relay {@code id} opens. */
        RELAY_OPEN,
        /** A frame of relay {@code id} from the client to the session (binary, body). */
        TO_SESSION,
        /** The client's WebSocket of relay {@code id} closed. */
        CLIENT_CLOSED,
        /** A frame of relay {@code id} from the session to the client (binary, body). */
        TO_CLIENT,
        /** The session's end of relay {@code id} closed. */
        SESSION_CLOSED
    }

    static ForwardMessage of(Kind kind, String id) {
        return new ForwardMessage(kind, id, null, null, null, null, null, null, null, null);
    }

    static ForwardMessage frame(Kind kind, String id, boolean binary, byte[] data) {
        return new ForwardMessage(kind, id, null, null, null, null, null, data, null, binary);
    }

    String encode() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ForwardMessage decode(String json) throws JsonProcessingException {
        return JSON.readValue(json, ForwardMessage.class);
    }
}
