package io.switchboard.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.hub.WireFormat;
import io.switchboard.model.HubEvent;
import io.switchboard.socketio.internal.websocket.SharedDeflateHandshaker;
import io.switchboard.socketio.internal.websocket.WebSocketFrames;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A {@link WireFormat} whose encoding is one complete WebSocket text frame in a pooled direct
 * buffer. Recipients write {@code retainedDuplicate()}s of it; the delivery releases the original.
 *
 * <p>Each format has a compressed twin ({@link #deflated()}) for the connections that negotiated
 * permessage-deflate: since every such connection has the same parameters (no context takeover,
 * full window; see {@link SharedDeflateHandshaker}), a broadcast is compressed once for all of
 * them, as it is encoded once for the others. Messages under
 * {@link SharedDeflateHandshaker#MIN_COMPRESSED_BYTES} stay uncompressed in the twin too.
 *
 * <p>Thread-safe: the payload function must be stateless.
 */
public final class FrameFormat implements WireFormat<ByteBuf> {
    private final Function<HubEvent, byte[]> payload;
    /** Whether this is the compressed twin. */
    private final boolean deflate;
    /** The compressed twin; null in the twin itself. */
    private final FrameFormat deflated;
    /** Messages this format has compressed; what the tests count to see a broadcast compressed once. */
    private final LongAdder compressions = new LongAdder();

    /** {@code payload} returns the frame's JSON, or null when the format skips that event. */
    public FrameFormat(Function<HubEvent, byte[]> payload) {
        this.payload = payload;
        this.deflate = false;
        this.deflated = new FrameFormat(payload, true);
    }

    private FrameFormat(Function<HubEvent, byte[]> payload, boolean deflate) {
        this.payload = payload;
        this.deflate = deflate;
        this.deflated = null;
    }

    /** The same events as compressed frames, for connections with permessage-deflate. */
    public FrameFormat deflated() {
        return deflate ? this : deflated;
    }

    /** This format, or its compressed twin when {@code deflate}. */
    FrameFormat forDeflate(boolean deflate) {
        return deflate ? deflated() : this;
    }

    /** How many messages this format compressed so far. */
    long compressions() {
        return compressions.sum();
    }

    @Override
    public ByteBuf encode(HubEvent event) {
        byte[] bytes = payload.apply(event);
        if (bytes == null) {
            return null;
        }
        if (deflate && bytes.length >= SharedDeflateHandshaker.MIN_COMPRESSED_BYTES) {
            compressions.increment();
            return WebSocketFrames.deflatedText(PooledByteBufAllocator.DEFAULT, bytes);
        }
        return WebSocketFrames.text(PooledByteBufAllocator.DEFAULT, bytes);
    }

    /** A recipient's own view of a shared frame (null stays null): same bytes, its own indices. */
    static ByteBuf share(ByteBuf shared) {
        return shared == null ? null : shared.retainedDuplicate();
    }

    @Override
    public void release(ByteBuf encoded) {
        ReferenceCountUtil.release(encoded);
    }
}
