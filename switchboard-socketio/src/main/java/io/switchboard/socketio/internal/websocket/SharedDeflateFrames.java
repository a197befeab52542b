package io.switchboard.socketio.internal.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The compressed WebSocket frames of one broadcast, shared by its recipients: every connection with
 * permessage-deflate negotiates the same terms ({@link SharedDeflateHandshaker}), so a message
 * compressed once is a valid frame (RSV1 set) for all of them, and each writes a
 * {@code retainedDuplicate()} of the same buffer, as the native endpoints do. Recipients without
 * permessage-deflate likewise share one plain frame ({@link #plainFrame}).
 *
 * <p>A frame is built the first time a recipient asks for a text, and at most once per distinct
 * text: recipients usually share one text, but a recoverable event carries each socket's own offset,
 * which may differ between sockets in different rooms. Past {@link #MAX_VARIANTS} texts, or under
 * {@link SharedDeflateHandshaker#MIN_COMPRESSED_BYTES}, {@link #frame} answers null and the caller
 * writes its frame as before (Netty's encoder compresses it, or leaves a short one plain).
 *
 * <p>Reference counted: whoever creates one holds a reference and releases it when the broadcast
 * has been handed to every recipient; a recipient reached later on another thread takes its own
 * with {@link #tryRetain} before the hop. The last release frees the frames.
 *
 * <p>Thread-safe: lookups read an immutable array; a frame is compressed and published under
 * {@code this}, so recipients on other loops wait for it rather than compress it again.
 */
public final class SharedDeflateFrames {
    /** Distinct texts one broadcast compresses at most; further recipients compress their own. */
    static final int MAX_VARIANTS = 4;

    /** The type digit of an Engine.IO message packet, which every shared frame is. */
    private static final char MESSAGE = '4';

    private static final Variant[] NONE = new Variant[0];

    private record Variant(String text, ByteBuf frame) {}

    private final AtomicInteger refs = new AtomicInteger(1);
    /** Never written in place; replaced under {@code this}; emptied once released. */
    private volatile Variant[] variants = NONE;
    /**
     * The uncompressed frame of the first text asked for, for recipients without permessage-deflate;
     * set once under {@code this}, null before and once released.
     */
    private volatile Variant plain;

    /** A holder with one reference, the creator's. */
    public SharedDeflateFrames() {}

    /** Takes another reference unless the frames are already released; whether it did. */
    public boolean tryRetain() {
        for (int n = refs.get(); n > 0; n = refs.get()) {
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives a reference back; the last one frees the frames. */
    public void release() {
        int left = refs.decrementAndGet();
        if (left == 0) {
            freeAll();
        } else if (left < 0) {
            throw new IllegalReferenceCountException(left + 1, -1);
        }
    }

    /**
     * A view of the compressed text frame of the Engine.IO message packet {@code "4" + text},
     * compressed now if no recipient asked for it before; the caller writes and so releases it.
     * Null when the packet is too short to compress, the broadcast has too many distinct texts, or
     * the frames were released. The caller must hold a reference. {@code compressions} counts the
     * compressions done.
     */
    public ByteBuf frame(String text, LongAdder compressions) {
        ByteBuf shared = lookup(variants, text);
        if (shared == null) {
            if (isShort(text)) {
                return null; // no lock for the many short events
            }
            shared = compressOnce(text, compressions);
            if (shared == null) {
                return null;
            }
        }
        try {
            return shared.retainedDuplicate();
        } catch (IllegalReferenceCountException released) {
            return null; // only a caller that held no reference gets here: it writes its own frame
        }
    }

    /**
     * A view of the uncompressed text frame of the Engine.IO message packet {@code "4" + text}, for a
     * recipient without permessage-deflate, built now if no recipient asked for it before; the caller
     * writes and so releases it. One text per broadcast (the first asked for; recipients with another
     * text, a recoverable event's own offset, get null). Null too once the frames were released. The
     * caller must hold a reference. Saves every recipient a frame object, the encoder's header and,
     * for a short message, its copy of the payload.
     */
    public ByteBuf plainFrame(String text) {
        Variant p = plain;
        if (p == null) {
            p = buildPlain(text);
            if (p == null) {
                return null;
            }
        }
        if (p.text != text && !p.text.equals(text)) {
            return null;
        }
        try {
            return p.frame.retainedDuplicate();
        } catch (IllegalReferenceCountException released) {
            return null; // only a caller that held no reference gets here: it writes its own frame
        }
    }

    private synchronized Variant buildPlain(String text) {
        if (plain != null) {
            return plain;
        }
        if (refs.get() <= 0) {
            return null;
        }
        Variant p = new Variant(
                text,
                WebSocketFrames.text(
                        PooledByteBufAllocator.DEFAULT, (MESSAGE + text).getBytes(StandardCharsets.UTF_8)));
        plain = p;
        return p;
    }

    /**
     * Whether the packet {@code "4" + text} is under {@link SharedDeflateHandshaker#MIN_COMPRESSED_BYTES}
     * in UTF-8, as Netty's encoder filter counts it.
     */
    static boolean isShort(String text) {
        int min = SharedDeflateHandshaker.MIN_COMPRESSED_BYTES - 1;
        if (text.length() >= min) {
            return false; // at least a byte per char
        }
        return text.length() * 3 < min || ByteBufUtil.utf8Bytes(text) < min;
    }

    private static ByteBuf lookup(Variant[] in, String text) {
        for (Variant v : in) {
            if (v.text == text || v.text.equals(text)) {
                return v.frame;
            }
        }
        return null;
    }

    private synchronized ByteBuf compressOnce(String text, LongAdder compressions) {
        Variant[] now = variants;
        ByteBuf done = lookup(now, text);
        if (done != null) {
            return done; // another loop compressed it meanwhile
        }
        if (refs.get() <= 0 || now.length >= MAX_VARIANTS) {
            return null;
        }
        ByteBuf frame = WebSocketFrames.deflatedText(
                PooledByteBufAllocator.DEFAULT, (MESSAGE + text).getBytes(StandardCharsets.UTF_8));
        compressions.increment();
        Variant[] grown = Arrays.copyOf(now, now.length + 1);
        grown[now.length] = new Variant(text, frame);
        variants = grown;
        return frame;
    }

    private synchronized void freeAll() {
        Variant[] all = variants;
        variants = NONE;
        for (Variant v : all) {
            v.frame.release();
        }
        Variant p = plain;
        plain = null;
        if (p != null) {
            p.frame.release();
        }
    }
}
