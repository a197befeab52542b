package io.switchboard.socketio.internal.protocol.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Strict decoder of the text part of Socket.IO v5 packets, and of binary attachments back into
 * the tree. Stateless and thread-safe; the waiting for attachments is the caller's.
 *
 * <pre>
 *   packet = type-digit [ attachments "-" ] [ namespace "," ] [ ack-id ] [ json ]
 *   "2"  "2-"          "/chat,"                 "12"            "[\"hi\",1]"
 * </pre>
 * The namespace may also run to the end of the packet ({@code 40/chat}).
 */
public final class SocketPacketDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Larger ack ids and attachment counts are refused: no client needs them. */
    private static final int MAX_DIGITS = 15;

    private SocketPacketDecoder() {}

    public static SocketPacket decode(String s) throws SocketIoParseException {
        if (s.isEmpty()) {
            throw new SocketIoParseException("empty packet");
        }
        SocketPacketType type = SocketPacketType.fromCode(s.charAt(0));
        if (type == null) {
            throw new SocketIoParseException("unknown packet type '" + s.charAt(0) + "'");
        }
        int i = 1;
        int attachments = 0;
        if (type.isBinary()) {
            int dash = s.indexOf('-', i);
            if (dash < 0 || !isDigits(s, i, dash)) {
                throw new SocketIoParseException("invalid attachment count");
            }
            long count = Long.parseLong(s.substring(i, dash));
            if (count > Integer.MAX_VALUE) {
                throw new SocketIoParseException("invalid attachment count");
            }
            attachments = (int) count;
            i = dash + 1;
        }
        String namespace = "/";
        if (i < s.length() && s.charAt(i) == '/') {
            int comma = s.indexOf(',', i);
            int end = comma < 0 ? s.length() : comma;
            namespace = s.substring(i, end);
            i = comma < 0 ? end : comma + 1;
        }
        long ackId = SocketPacket.NO_ACK;
        int digits = i;
        while (digits < s.length() && Character.isDigit(s.charAt(digits))) {
            digits++;
        }
        if (digits > i) {
            if (!isDigits(s, i, digits)) {
                throw new SocketIoParseException("invalid ack id");
            }
            ackId = Long.parseLong(s.substring(i, digits));
            i = digits;
        }
        JsonNode data = null;
        if (i < s.length()) {
            try {
                data = JSON.readTree(s.substring(i));
            } catch (JsonProcessingException e) {
                throw new SocketIoParseException("invalid JSON payload");
            }
        }
        if (!isPayloadValid(type, data)) {
            throw new SocketIoParseException("invalid payload for " + type);
        }
        if (ackId != SocketPacket.NO_ACK
                && type != SocketPacketType.EVENT
                && type != SocketPacketType.BINARY_EVENT
                && type != SocketPacketType.ACK
                && type != SocketPacketType.BINARY_ACK) {
            throw new SocketIoParseException("ack id on " + type);
        }
        if ((type == SocketPacketType.ACK || type == SocketPacketType.BINARY_ACK) && ackId == SocketPacket.NO_ACK) {
            throw new SocketIoParseException("ack without id");
        }
        return new SocketPacket(type, namespace, ackId, data, attachments);
    }

    private static boolean isDigits(String s, int from, int to) {
        if (to <= from || to - from > MAX_DIGITS) {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (!Character.isDigit(s.charAt(k)) || s.charAt(k) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isPayloadValid(SocketPacketType type, JsonNode data) {
        return switch (type) {
            case CONNECT -> data == null || data.isObject();
            case DISCONNECT -> data == null;
            case CONNECT_ERROR -> data != null && (data.isObject() || data.isTextual());
            case EVENT, BINARY_EVENT ->
                data != null
                        && data.isArray()
                        && !data.isEmpty()
                        && (data.get(0).isTextual() || data.get(0).isNumber());
            case ACK, BINARY_ACK -> data != null && data.isArray();
        };
    }

    /**
     * Replaces each placeholder in a decoded binary packet with its attachment.
     *
     * @throws SocketIoParseException when a placeholder's number has no attachment
     */
    public static SocketPacket reconstruct(SocketPacket p, List<byte[]> attachments) throws SocketIoParseException {
        JsonNode data = replacePlaceholders(p.data(), attachments);
        SocketPacketType type = p.type() == SocketPacketType.BINARY_ACK
                ? SocketPacketType.ACK
                : p.type() == SocketPacketType.BINARY_EVENT ? SocketPacketType.EVENT : p.type();
        return SocketPacket.of(type, p.namespace(), p.ackId(), data);
    }

    private static JsonNode replacePlaceholders(JsonNode node, List<byte[]> attachments) throws SocketIoParseException {
        if (node instanceof ObjectNode o) {
            JsonNode flag = o.get("_placeholder");
            if (flag != null && flag.asBoolean(false) && o.has("num")) {
                JsonNode num = o.get("num");
                if (!num.canConvertToInt() || num.asInt() < 0 || num.asInt() >= attachments.size()) {
                    throw new SocketIoParseException("placeholder without attachment");
                }
                return BinaryNode.valueOf(attachments.get(num.asInt()));
            }
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(replacePlaceholders(e.getValue(), attachments));
            }
        } else if (node instanceof ArrayNode a) {
            for (int k = 0; k < a.size(); k++) {
                a.set(k, replacePlaceholders(a.get(k), attachments));
            }
        }
        return node;
    }
}
