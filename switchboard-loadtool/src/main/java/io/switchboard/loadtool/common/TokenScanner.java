package io.switchboard.loadtool.common;

import io.netty.buffer.ByteBuf;

/**
 * Finds this run's {@link Token} inside a received frame's bytes, in place: no copy, no string,
 * no JSON. The load generator shares the CPU with the server it measures, so the receive path must
 * cost next to nothing.
 *
 * <p>Event-loop confined: one instance per receiving channel (or per loop); the result fields are
 * overwritten by every successful {@link #scan}.
 */
public final class TokenScanner {

    private final int run;
    /** Sequence number of the last token found. */
    private long seq;
    /** Intended send offset (ns after the run epoch) of the last token found. */
    private long offsetNanos;
    /** Scratch: the number parsed by the last {@link #number} call. */
    private long parsed;

    public TokenScanner(int run) {
        this.run = run;
    }

    /** Scans the readable bytes; true if a token of this run was found (see {@link #seq()}). */
    public boolean scan(ByteBuf buf) {
        int end = buf.writerIndex();
        int from = buf.readerIndex();
        while (from < end) {
            int at = buf.indexOf(from, end, (byte) 'l');
            if (at < 0) {
                return false;
            }
            if (parseAt(buf, at, end)) {
                return true;
            }
            from = at + 1;
        }
        return false;
    }

    public long seq() {
        return seq;
    }

    public long offsetNanos() {
        return offsetNanos;
    }

    private boolean parseAt(ByteBuf buf, int at, int end) {
        if (at + 3 > end || buf.getByte(at + 1) != 't' || buf.getByte(at + 2) != ':') {
            return false;
        }
        int next = number(buf, at + 3, end);
        if (next < 0 || parsed != run) {
            return false;
        }
        next = number(buf, next, end);
        if (next < 0) {
            return false;
        }
        long foundSeq = parsed;
        next = number(buf, next, end);
        if (next < 0) {
            return false;
        }
        seq = foundSeq;
        offsetNanos = parsed;
        return true;
    }

    /** Parses digits followed by ':' at {@code index}; returns the index after ':' or -1. */
    private int number(ByteBuf buf, int index, int end) {
        long value = 0;
        int digits = 0;
        for (int i = index; i < end; i++) {
            byte b = buf.getByte(i);
            if (b >= '0' && b <= '9' && digits < Token.MAX_DIGITS) {
                value = value * 10 + (b - '0');
                digits++;
            } else if (b == ':' && digits > 0) {
                parsed = value;
                return i + 1;
            } else {
                return -1;
            }
        }
        return -1;
    }
}
