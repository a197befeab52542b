package io.switchboard.socketio.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.socketio.BroadcastOptions;
import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON of the messages nodes exchange over Redis:
 *
 * <pre>
 *   request  {"t":"b|bc|ba|f|j|l|d|s", "from":node, "req":id?, "rooms":[…], "except":[…], "vol":bool,
 *             "timeout":ms?, "text":…, "att":[base64…], "join":[…], "close":bool, "event":…, "args":[…], "ack":bool}
 *   reply    {"t":"r", "from":node, "req":id, "value":…}
 * </pre>
 *
 * A broadcast carries the Socket.IO packet as encoded once by the node that sent it ({@code text}
 * and binary attachments), so no node encodes it again. Stateless and thread-safe.
 */
final class Envelope {
    static final ObjectMapper JSON = new ObjectMapper();

    private Envelope() {}

    static ObjectNode request(RequestType type, String from, String req, BroadcastOptions opts) {
        ObjectNode o = JSON.createObjectNode();
        o.put("t", type.code());
        o.put("from", from);
        if (req != null) {
            o.put("req", req);
        }
        strings(o.putArray("rooms"), opts.rooms());
        strings(o.putArray("except"), opts.except());
        if (opts.volatileFlag()) {
            o.put("vol", true);
        }
        if (opts.timeout() != null) {
            o.put("timeout", opts.timeout().toMillis());
        }
        return o;
    }

    static ObjectNode reply(String from, String req, JsonNode value) {
        ObjectNode o = JSON.createObjectNode();
        o.put("t", RequestType.REPLY.code());
        o.put("from", from);
        o.put("req", req);
        o.set("value", value);
        return o;
    }

    static BroadcastOptions options(JsonNode m) {
        JsonNode timeout = m.get("timeout");
        return new BroadcastOptions(
                strings(m.get("rooms")),
                strings(m.get("except")),
                m.path("vol").asBoolean(false),
                timeout == null ? null : Duration.ofMillis(timeout.asLong()));
    }

    static void putPacket(ObjectNode o, EncodedSocketPacket packet) {
        o.put("text", packet.text());
        if (!packet.attachments().isEmpty()) {
            ArrayNode att = o.putArray("att");
            for (byte[] b : packet.attachments()) {
                att.add(Base64.getEncoder().encodeToString(b));
            }
        }
    }

    static EncodedSocketPacket packet(JsonNode m) {
        List<byte[]> att = new ArrayList<>();
        for (JsonNode b : m.path("att")) {
            att.add(Base64.getDecoder().decode(b.asText()));
        }
        return new EncodedSocketPacket(m.get("text").asText(), att);
    }

    static ArrayNode strings(ArrayNode into, Set<String> values) {
        values.forEach(into::add);
        return into;
    }

    static Set<String> strings(JsonNode array) {
        Set<String> out = new HashSet<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    static String write(JsonNode o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
