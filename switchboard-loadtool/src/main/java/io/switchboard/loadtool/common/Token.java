package io.switchboard.loadtool.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The marker each load-tool message carries, so a receiver can time and count it without parsing
 * whatever envelope the server wraps around it (the seed's {@code {"text":"other: …"}}, Switchboard's
 * JSON, or a raw echo).
 *
 * <pre>
 *   lt:&lt;run&gt;:&lt;seq&gt;:&lt;offsetNanos&gt;:xxxxxxxx…
 *
 *   run          random per run, so a frame left over from another run never counts
 *   seq          0-based position in the run's schedule, warmup messages first
 *   offsetNanos  the INTENDED send time, in nanoseconds after the run's epoch; a stalled sender
 *                then shows up as latency instead of silently thinning the sample
 *                (coordinated omission)
 *   x…           padding up to the requested payload size
 * </pre>
 *
 * <p>Only ASCII letters, digits and ':' appear, so JSON string escaping leaves the token intact.
 *
 * <p>Thread-safe: stateless.
 */
final class Token {

    static final int MAX_DIGITS = 18; // keeps every parsed number inside a long without overflow checks

    private Token() {}

    /** Encodes one message text; the result is at least as long as the token itself. */
    static byte[] encode(int run, long seq, long offsetNanos, int payloadBytes) {
        if (run < 0 || seq < 0 || offsetNanos < 0) {
            throw new IllegalArgumentException("token fields must be non-negative");
        }
        byte[] head = ("lt:" + run + ':' + seq + ':' + offsetNanos + ':').getBytes(StandardCharsets.US_ASCII);
        byte[] text = Arrays.copyOf(head, Math.max(payloadBytes, head.length));
        Arrays.fill(text, head.length, text.length, (byte) 'x');
        return text;
    }

    /** The length of the bare token for these values, i.e. the smallest payload that holds it. */
    static int minimumPayload(int run, long seq, long offsetNanos) {
        return encode(run, seq, offsetNanos, 0).length;
    }
}
