package io.switchboard.loadtool.store;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The {@code clientId} (and {@code ref}) of one message of the store scenario. It carries the
 * message's INTENDED send time, so the ack that echoes it can be timed without a table of
 * outstanding sends, and a stalled sender is charged to latency (coordinated omission).
 *
 * <pre>
 *   st.&lt;run&gt;.&lt;seq&gt;.&lt;offsetNanos&gt;      e.g. st.4711.12.3000000000
 *
 *   run          random per rate step, so an ack left over from an earlier step never counts
 *   seq          0-based position in the step's schedule, warmup messages first
 *   offsetNanos  intended send time in nanoseconds after the step's epoch
 * </pre>
 *
 * <p>At most 3 + 7 + 1 + 18 + 1 + 18 = 48 ASCII characters: inside the protocol's 64-character
 * limit for {@code clientId} and {@code ref}, and untouched by JSON string escaping.
 *
 * <p>Immutable.
 */
record StoreClientId(int run, long seq, long offsetNanos) {

    private static final byte[] PREFIX = "st.".getBytes(StandardCharsets.US_ASCII);
    /** Keeps every parsed number inside a long without overflow checks. */
    private static final int MAX_DIGITS = 18;

    StoreClientId {
        if (run < 0 || seq < 0 || offsetNanos < 0) {
            throw new IllegalArgumentException("client id fields must be non-negative");
        }
    }

    String encode() {
        return "st." + run + '.' + seq + '.' + offsetNanos;
    }

    /**
     * Parses the bytes {@code [from, to)} of {@code buf}; null when they are not exactly a client id
     * of this tool. Reads without moving the buffer's indexes and without allocating on failure.
     */
    static StoreClientId parse(ByteBuf buf, int from, int to) {
        if (to - from < PREFIX.length + 5) {
            return null;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (buf.getByte(from + i) != PREFIX[i]) {
                return null;
            }
        }
        long[] fields = new long[3];
        int at = from + PREFIX.length;
        for (int f = 0; f < fields.length; f++) {
            int start = at;
            long value = 0;
            while (at < to && at - start < MAX_DIGITS) {
                byte b = buf.getByte(at);
                if (b < '0' || b > '9') {
                    break;
                }
                value = value * 10 + (b - '0');
                at++;
            }
            if (at == start) {
                return null;
            }
            fields[f] = value;
            boolean last = f == fields.length - 1;
            if (last ? at != to : at >= to || buf.getByte(at) != '.') {
                return null;
            }
            at++;
        }
        if (fields[0] > Integer.MAX_VALUE) {
            return null;
        }
        return new StoreClientId((int) fields[0], fields[1], fields[2]);
    }
}
