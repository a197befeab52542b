package io.switchboard.protocol.sse;

import java.nio.charset.StandardCharsets;

/**
 * Encodes Server-Sent Events fields (HTML Living Standard, "9.2 Server-sent events", the
 * {@code text/event-stream} grammar):
 *
 * <pre>
 *   event: presence\n      optional; absent means the default "message" type
 *   id: 42\n               optional; becomes the client's Last-Event-ID
 *   data: {"id":42,...}\n  one "data:" line per line of the payload
 *   \n                     a blank line dispatches the event
 * </pre>
 *
 * A CR or LF inside a field would end the field and let the rest of the value be read as a new
 * field (an injected {@code id:} or {@code event:}), so names and ids refuse them, and data is split
 * at every line break into separate {@code data:} lines, which the client joins back with LF.
 *
 * <p>Thread-safe and stateless.
 */
public final class SseFields {
    /** A comment line the client ignores; keeps proxies from timing the stream out. */
    public static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseFields() {}

    /** {@code retry: <ms>}: how long the client waits before reconnecting. */
    public static byte[] retry(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("retry must not be negative");
        }
        return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * One event. {@code type} and {@code id} may be null; neither may hold CR, LF or NUL (the
     * standard ignores an id with NUL). {@code data} may hold any text, line breaks included.
     */
    public static byte[] event(String type, String id, String data) {
        StringBuilder out = new StringBuilder(data.length() + 32);
        if (type != null) {
            out.append("event: ").append(singleLine("event type", type)).append('\n');
        }
        if (id != null) {
            out.append("id: ").append(singleLine("event id", id)).append('\n');
        }
        int start = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.append("data: ").append(data, start, data.length()).append("\n\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String singleLine(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException(what + " must not contain CR, LF or NUL");
            }
        }
        return value;
    }
}
