package io.switchboard.socketio;

import java.util.LinkedHashMap;
import java.util.Map;

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
    private static final int MAX_NAME_LENGTH = 64;
    /** Offsets longer than this are refused; far above 256 streams of any realistic length. */
    private static final int MAX_OFFSET_LENGTH = 32_768;

    /**
     * Each stream's position in a cell of its own, in first-put order: a socket moves its position
     * for every recoverable event it is sent, and updating the cell in place boxes nothing.
     */
    private final LinkedHashMap<String, long[]> positions = new LinkedHashMap<>();

    StreamCursor() {}

    StreamCursor(Map<String, Long> positions) {
        positions.forEach(this::put);
    }

    /** Whether {@code stream} is {@link #NAMESPACE} or 1–64 of {@code [A-Za-z0-9_-]}. */
    static boolean isValidStream(String stream) {
        if (stream == null) {
            return false;
        }
        if (NAMESPACE.equals(stream)) {
            return true;
        }
        int n = stream.length();
        if (n == 0 || n > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = stream.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    void put(String stream, long position) {
        long[] cell = positions.get(stream);
        if (cell == null) {
            positions.put(stream, new long[] {position});
        } else {
            cell[0] = position;
        }
    }

    void remove(String stream) {
        positions.remove(stream);
    }

    Long get(String stream) {
        long[] cell = positions.get(stream);
        return cell == null ? null : cell[0];
    }

    Map<String, Long> snapshot() {
        Map<String, Long> copy = new LinkedHashMap<>();
        positions.forEach((stream, cell) -> copy.put(stream, cell[0]));
        return Map.copyOf(copy);
    }

    String encode() {
        StringBuilder sb = new StringBuilder(16 * positions.size());
        for (Map.Entry<String, long[]> e : positions.entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e.getKey()).append(':').append(e.getValue()[0]);
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
