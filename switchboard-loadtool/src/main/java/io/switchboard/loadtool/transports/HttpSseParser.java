package io.switchboard.loadtool.transports;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Turns the lines of a {@code text/event-stream} into events: {@code data:} lines are joined with
 * LF, {@code id:} sets the last event id, a blank line dispatches, lines starting with {@code :}
 * are comments (keep-alives). One optional space after the colon is dropped (HTML §9.2.6).
 *
 * <pre>
 *   id: 42\n
 *   data: {"id":42,"room":"r","text":"lt:…"}\n
 *   \n                                            ← dispatch (id "42", that data)
 *   : ping\n                                      ← comment, ignored
 * </pre>
 *
 * <p>Event-loop confined: one per response stream. Releases its buffer in {@link #release()}.
 */
final class HttpSseParser {

    /** Receives each dispatched event; {@code data} is valid only during the call. */
    interface Listener {
        void onEvent(String lastEventId, ByteBuf data);
    }

    private final Listener listener;
    /** The data lines of the event being read, LF-joined. */
    private final ByteBuf data = Unpooled.buffer(256);
    /** True once a data field was seen for the event being read (an empty one counts). */
    private boolean hasData;
    /** The last {@code id:} seen; persists across events, as the spec says. */
    private String lastEventId;

    HttpSseParser(Listener listener) {
        this.listener = listener;
    }

    /** Handles one line, without its terminator. */
    void line(ByteBuf line) {
        if (!line.isReadable()) {
            if (hasData) {
                listener.onEvent(lastEventId, data);
            }
            data.clear();
            hasData = false;
            return;
        }
        int start = line.readerIndex();
        int colon = line.indexOf(start, line.writerIndex(), (byte) ':');
        if (colon == start) {
            return;
        }
        int nameEnd = colon < 0 ? line.writerIndex() : colon;
        int valueStart = colon < 0 ? nameEnd : colon + 1;
        if (valueStart < line.writerIndex() && line.getByte(valueStart) == ' ') {
            valueStart++;
        }
        String name = line.toString(start, nameEnd - start, StandardCharsets.UTF_8);
        int valueLength = line.writerIndex() - valueStart;
        if (name.equals("data")) {
            if (hasData) {
                data.writeByte('\n');
            }
            data.writeBytes(line, valueStart, valueLength);
            hasData = true;
        } else if (name.equals("id")) {
            String id = line.toString(valueStart, valueLength, StandardCharsets.UTF_8);
            if (id.indexOf('\0') < 0) {
                lastEventId = id;
            }
        }
    }

    String lastEventId() {
        return lastEventId;
    }

    void release() {
        data.release();
    }
}
