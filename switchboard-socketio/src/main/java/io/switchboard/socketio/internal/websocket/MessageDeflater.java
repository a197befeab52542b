package io.switchboard.socketio.internal.websocket;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses one WebSocket message for permessage-deflate (RFC 7692 section 7.2.1): raw DEFLATE,
 * flushed with a sync flush whose trailing empty block {@code 00 00 ff ff} is removed, and no
 * context kept from one message to the next (the {@code server_no_context_takeover} every
 * connection negotiates), so the same compressed bytes are valid for every recipient.
 *
 * <p>Thread-safe: each thread (an event loop) has its own {@link Deflater}, reset per message, since
 * creating one allocates its native state.
 */
final class MessageDeflater {
    /** zlib's default level, as Netty's encoder uses for the frames that pass through it. */
    private static final int LEVEL = 6;

    private static final int TAIL = 4;

    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(LEVEL, true));

    private MessageDeflater() {}

    /** The compressed form of {@code message}, without the {@code 00 00 ff ff} tail. */
    static byte[] deflate(byte[] message) {
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setInput(message);
        // room for incompressible input: deflate's stored blocks add 5 bytes per 16 KiB
        byte[] out = new byte[message.length + message.length / 1024 + 64];
        int n = 0;
        while (true) {
            n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
            if (n < out.length) {
                break; // the flush is complete when the output was not filled up
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        deflater.reset();
        return Arrays.copyOf(out, n - TAIL);
    }
}
