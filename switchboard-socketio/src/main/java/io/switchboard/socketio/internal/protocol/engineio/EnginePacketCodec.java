package io.switchboard.socketio.internal.protocol.engineio;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Encodes and decodes Engine.IO v4 packets and HTTP long-polling payloads. Stateless and
 * thread-safe.
 *
 * <pre>
 *   text packet     = type-digit [ data ]            "4hello", "2probe", "6"
 *   binary (WS)     = the raw bytes of a binary frame, always a message packet
 *   polling payload = packet *( %x1E packet )         "4a" RS "bAQID" RS "2"
 *   binary (poll)   = "b" base64(bytes)
 * </pre>
 */
public final class EnginePacketCodec {
    /** The record separator between packets of one polling payload. */
    public static final char SEPARATOR = '\u001e';

    private EnginePacketCodec() {}

    /** Decodes a text packet (a WebSocket text frame or one packet of a polling payload). */
    public static EnginePacket decodeText(String s) throws EngineIoParseException {
        if (s.isEmpty()) {
            throw new EngineIoParseException("empty packet");
        }
        EnginePacketType type = EnginePacketType.fromCode(s.charAt(0));
        if (type == null) {
            throw new EngineIoParseException("unknown packet type '" + s.charAt(0) + "'");
        }
        return EnginePacket.of(type, s.substring(1));
    }

    /** Encodes a text packet for a WebSocket text frame. */
    public static String encodeText(EnginePacket p) {
        if (p.isBinary()) {
            throw new IllegalArgumentException("a binary packet is sent as a binary frame");
        }
        return p.type().code() + p.text();
    }

    /** Decodes the body of a polling POST into its packets, in order. */
    public static List<EnginePacket> decodePayload(String body) throws EngineIoParseException {
        List<EnginePacket> packets = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = body.indexOf(SEPARATOR, start);
            String part = end < 0 ? body.substring(start) : body.substring(start, end);
            packets.add(decodePayloadPart(part));
            if (end < 0) {
                return packets;
            }
            start = end + 1;
        }
    }

    private static EnginePacket decodePayloadPart(String part) throws EngineIoParseException {
        if (part.startsWith("b")) {
            try {
                return EnginePacket.binaryMessage(Base64.getDecoder().decode(part.substring(1)));
            } catch (IllegalArgumentException e) {
                throw new EngineIoParseException("invalid base64 in binary packet");
            }
        }
        return decodeText(part);
    }

    /** Encodes packets as the body of a polling GET response. */
    public static String encodePayload(List<EnginePacket> packets) {
        StringBuilder sb = new StringBuilder();
        for (EnginePacket p : packets) {
            if (sb.length() > 0) {
                sb.append(SEPARATOR);
            }
            if (p.isBinary()) {
                sb.append('b').append(Base64.getEncoder().encodeToString(p.binary()));
            } else {
                sb.append(p.type().code()).append(p.text());
            }
        }
        return sb.toString();
    }
}
