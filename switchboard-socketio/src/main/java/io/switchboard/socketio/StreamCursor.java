package io.switchboard.socketio;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A socket's position in each stream of recoverable packets it receives, and the offset string
 * that carries it. Every recoverable event ends with the offset of the socket's whole cursor at
 * the time it was sent, so the client's last offset (the only one it sends back on reconnect)
 * tells where it is in every stream at once, not only in the stream of its last event.
 *
 * <p>Streams: {@link #NAMESPACE} for the packets the namespace broadcasts (positions are sequence
 * numbers of its {@link PacketLog}), and any other name for packets an application orders itself
 * (the chat uses room names and history ids). Names are 1–64 of {@code [A-Za-z0-9_-]}, so the
 * offset {@code "*:12,lobby:57"} needs no escaping.
 *
 * <p>Not thread-safe: each socket confines its cursor to its loop.
 */
final class StreamCursor {
    static final String NAMESPACE = "*";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Offsets longer than this are refused; far above 256 streams of any realistic length. */
    private static final int MAX_OFFSET_LENGTH = 32_768;

    private final LinkedHashMap<String, Long> positions = new LinkedHashMap<>();

    StreamCursor() {}

    StreamCursor(Map<String, Long> positions) {
        this.positions.putAll(positions);
    }

    static boolean isValidStream(String stream) {
        return NAMESPACE.equals(stream)
                || (stream != null && NAME.matcher(stream).matches());
    }

    void put(String stream, long position) {
        positions.put(stream, position);
    }

    void remove(String stream) {
        positions.remove(stream);
    }

    Long get(String stream) {
        return positions.get(stream);
    }

    Map<String, Long> snapshot() {
        return Map.copyOf(positions);
    }

    String encode() {
        StringBuilder sb = new StringBuilder(16 * positions.size());
        for (Map.Entry<String, Long> e : positions.entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e.getKey()).append(':').append(e.getValue());
        }
        return sb.toString();
    }

    /** The positions in an offset this server wrote, or null when it is not one. */
    static Map<String, Long> parse(String offset) {
        if (offset == null || offset.isEmpty() || offset.length() > MAX_OFFSET_LENGTH) {
            return null;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (String part : offset.split(",", -1)) {
            int colon = part.lastIndexOf(':');
            if (colon <= 0) {
                return null;
            }
            String stream = part.substring(0, colon);
            long position;
            try {
                position = Long.parseLong(part.substring(colon + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (!isValidStream(stream) || position < 0 || out.put(stream, position) != null) {
                return null;
            }
        }
        return out;
    }
}
