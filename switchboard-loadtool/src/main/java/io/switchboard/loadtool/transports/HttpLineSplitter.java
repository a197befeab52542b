package io.switchboard.loadtool.transports;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/**
 * Cuts a byte stream that arrives in arbitrary chunks (HTTP chunks, TCP reads) into lines ending
 * in LF, CRLF or CR, as both NDJSON and {@code text/event-stream}
 * (<a href="https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream">HTML
 * §9.2.5</a>) need. A line split across two chunks is held until its end arrives.
 *
 * <p>Event-loop confined: one per response stream. Owns a growable heap buffer, released by
 * {@link #release()}.
 */
final class HttpLineSplitter {

    /** Bytes received but not yet emitted: at most one incomplete line. */
    private final ByteBuf pending = Unpooled.buffer(256);
    /** True when the last byte seen was CR, so an LF opening the next chunk ends nothing. */
    private boolean afterCr;

    /**
     * Appends {@code chunk} (not released) and hands each complete line, without its terminator,
     * to {@code line}; the slice is valid only during the call.
     */
    void feed(ByteBuf chunk, Consumer<ByteBuf> line) {
        pending.writeBytes(chunk, chunk.readerIndex(), chunk.readableBytes());
        while (pending.isReadable()) {
            if (afterCr && pending.getByte(pending.readerIndex()) == '\n') {
                pending.skipBytes(1);
                afterCr = false;
                continue;
            }
            afterCr = false;
            int start = pending.readerIndex();
            int end = pending.forEachByte(b -> b != '\n' && b != '\r');
            if (end < 0) {
                break;
            }
            afterCr = pending.getByte(end) == '\r';
            line.accept(pending.slice(start, end - start));
            pending.readerIndex(end + 1);
        }
        pending.discardReadBytes();
    }

    /** Bytes held for a line not yet ended. */
    int pendingBytes() {
        return pending.readableBytes();
    }

    void release() {
        pending.release();
    }
}
