package io.switchboard.loadtool.store;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads the few fields the store scenario needs straight from a frame's bytes. The tool shares
 * two cores with the server it measures, and most frames it receives are broadcast copies it only
 * has to recognise and drop, so nothing is decoded into a tree.
 *
 * <p>Relies on two facts of the wire format: Switchboard writes {@code "type"} as the first field
 * of every event, and JSON escapes every quote inside a string, so {@code "name":"} only ever
 * matches a real field name. Values with escapes are not the tool's and read as absent.
 *
 * <pre>
 *   {"type":"ack","room":"bench-1","id":5,"clientId":"st.9.3.15","duplicate":false,"ref":"st.9.3.15"}
 *   {"type":"error","code":"unavailable","message":"…","ref":"st.9.3.15"}
 * </pre>
 *
 * <p>Thread-safe: stateless.
 */
final class StoreReplyParser {

    private static final byte[] ACK = ascii("{\"type\":\"ack\"");
    private static final byte[] ERROR = ascii("{\"type\":\"error\"");
    private static final byte[] JOINED = ascii("{\"type\":\"joined\"");
    private static final byte[] CLIENT_ID = ascii("\"clientId\":\"");
    private static final byte[] REF = ascii("\"ref\":\"");
    private static final byte[] CODE = ascii("\"code\":\"");
    private static final byte[] DUPLICATE_TRUE = ascii("\"duplicate\":true");

    private StoreReplyParser() {}

    /** Classifies the readable bytes of {@code frame} without moving its indexes. */
    static StoreReply parse(ByteBuf frame) {
        int from = frame.readerIndex();
        int to = frame.writerIndex();
        if (startsWith(frame, from, to, ACK)) {
            StoreClientId id = stringValue(frame, from, to, CLIENT_ID);
            if (id == null) {
                // an ack without our clientId answers nobody of this run
                return StoreReply.OTHER;
            }
            return new StoreReply.Ack(id, indexOf(frame, from, to, DUPLICATE_TRUE) >= 0);
        }
        if (startsWith(frame, from, to, ERROR)) {
            int code = valueStart(frame, from, to, CODE);
            int codeEnd = code < 0 ? -1 : valueEnd(frame, code, to);
            String name = codeEnd < 0 ? "?" : frame.toString(code, codeEnd - code, StandardCharsets.UTF_8);
            return new StoreReply.Rejected(name, stringValue(frame, from, to, REF));
        }
        if (startsWith(frame, from, to, JOINED)) {
            return StoreReply.JOINED;
        }
        return StoreReply.OTHER;
    }

    /** The client id held by field {@code name}, or null when absent or not one of ours. */
    private static StoreClientId stringValue(ByteBuf frame, int from, int to, byte[] name) {
        int start = valueStart(frame, from, to, name);
        if (start < 0) {
            return null;
        }
        int end = valueEnd(frame, start, to);
        return end < 0 ? null : StoreClientId.parse(frame, start, end);
    }

    /** Index of the first byte of the string value after {@code "name":"}, or -1. */
    private static int valueStart(ByteBuf frame, int from, int to, byte[] name) {
        int at = indexOf(frame, from, to, name);
        return at < 0 ? -1 : at + name.length;
    }

    /** Index of the closing quote of a string value, or -1 if it is unterminated or has escapes. */
    private static int valueEnd(ByteBuf frame, int start, int to) {
        for (int i = start; i < to; i++) {
            byte b = frame.getByte(i);
            if (b == '"') {
                return i;
            }
            if (b == '\\') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean startsWith(ByteBuf frame, int from, int to, byte[] prefix) {
        return to - from >= prefix.length && matchesAt(frame, from, prefix);
    }

    private static int indexOf(ByteBuf frame, int from, int to, byte[] pattern) {
        for (int i = from; i <= to - pattern.length; i++) {
            if (matchesAt(frame, i, pattern)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matchesAt(ByteBuf frame, int at, byte[] pattern) {
        for (int j = 0; j < pattern.length; j++) {
            if (frame.getByte(at + j) != pattern[j]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
