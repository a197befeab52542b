package io.switchboard.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.hub.WireFormat;
import io.switchboard.model.HubEvent;
import java.util.function.Function;

/**
 * A {@link WireFormat} whose encoding is one complete WebSocket text frame in a pooled direct
 * buffer. Recipients write {@code retainedDuplicate()}s of it; the delivery releases the original.
 *
 * <p>Thread-safe: the payload function must be stateless.
 */
public final class FrameFormat implements WireFormat<ByteBuf> {
    private final Function<HubEvent, byte[]> payload;

    /** {@code payload} returns the frame's JSON, or null when the format skips that event. */
    public FrameFormat(Function<HubEvent, byte[]> payload) {
        this.payload = payload;
    }

    @Override
    public ByteBuf encode(HubEvent event) {
        byte[] bytes = payload.apply(event);
        return bytes == null ? null : WebSocketFrames.text(PooledByteBufAllocator.DEFAULT, bytes);
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
