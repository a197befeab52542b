package io.switchboard.socketio.internal.protocol.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Encodes Socket.IO v5 packets; binary nodes in the data are taken out as attachments and the
 * packet type becomes the BINARY_ variant. Stateless and thread-safe; does not change the packet.
 */
public final class SocketPacketEncoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SocketPacketEncoder() {}

    public static EncodedSocketPacket encode(SocketPacket p) {
        List<byte[]> attachments = new ArrayList<>();
        // most packets carry no binary: their tree is written as it is, not copied (a join's ack
        // lists every member of the room, issue #12)
        JsonNode data = p.data() == null || !hasBinary(p.data()) ? p.data() : takeBinaries(p.data(), attachments);
        SocketPacketType type = p.type();
        if (!attachments.isEmpty()) {
            type = switch (type) {
                case EVENT, BINARY_EVENT -> SocketPacketType.BINARY_EVENT;
                case ACK, BINARY_ACK -> SocketPacketType.BINARY_ACK;
                default -> throw new IllegalArgumentException(type + " cannot carry binary data");
            };
        } else if (type.isBinary()) {
            type = type == SocketPacketType.BINARY_EVENT ? SocketPacketType.EVENT : SocketPacketType.ACK;
        }
        StringBuilder sb = new StringBuilder().append(type.code());
        if (type.isBinary()) {
            sb.append(attachments.size()).append('-');
        }
        if (!p.namespace().equals("/")) {
            sb.append(p.namespace()).append(',');
        }
        if (p.hasAck()) {
            sb.append(p.ackId());
        }
        if (data != null) {
            try {
                sb.append(JSON.writeValueAsString(data));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new EncodedSocketPacket(sb.toString(), attachments);
    }

    /** Whether the tree holds a binary node anywhere. */
    private static boolean hasBinary(JsonNode node) {
        if (node.isBinary()) {
            return true;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (hasBinary(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A copy of the tree with each binary node replaced by its placeholder. */
    private static JsonNode takeBinaries(JsonNode node, List<byte[]> attachments) {
        if (node.isBinary()) {
            ObjectNode placeholder = JsonNodeFactory.instance.objectNode();
            placeholder.put("_placeholder", true);
            placeholder.put("num", attachments.size());
            try {
                attachments.add(node.binaryValue());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return placeholder;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(a.size());
            for (JsonNode child : a) {
                copy.add(takeBinaries(child, attachments));
            }
            return copy;
        }
        if (node instanceof ObjectNode o) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(e.getKey(), takeBinaries(e.getValue(), attachments));
            }
            return copy;
        }
        return node;
    }
}
