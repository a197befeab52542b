package io.switchboard.transport.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.hub.WireFormat;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HubEvent;

/**
 * How one kind of long-lived HTTP response (SSE, NDJSON) puts events on the wire. As a
 * {@link WireFormat}, a broadcast is encoded once into a pooled buffer that every stream of the
 * kind writes a {@code retainedDuplicate()} of.
 *
 * <p>Implementations are stateless and thread-safe.
 */
abstract class StreamEncoding implements WireFormat<ByteBuf> {

    abstract String contentType();

    /** Written once after the headers (e.g. the SSE reconnect delay), or null. */
    abstract byte[] preamble();

    /** Written on a quiet stream so that proxies and clients see it is alive. */
    abstract byte[] heartbeat();

    /** Written last when a shutdown ends the stream, before the terminating chunk, or null. */
    byte[] farewell() {
        return null;
    }

    /** One stored message, as history before the live events. */
    abstract byte[] message(ChatMessage message);

    /** Says the client's position could not be resumed; the latest messages follow. */
    abstract byte[] reset(ResumeReset reset, String epoch);

    /** Who the stream's token says the client is and when it expires (ApiJson#auth), as this kind's event. */
    abstract byte[] auth(byte[] json);

    /** The last event of a stream whose token expired (ApiJson#tokenExpired). */
    abstract byte[] tokenExpired(byte[] json);

    /** A hub event, or null when this kind of stream does not carry it. */
    abstract byte[] event(HubEvent event);

    @Override
    public final ByteBuf encode(HubEvent event) {
        byte[] bytes = event(event);
        return bytes == null
                ? null
                : PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    @Override
    public final void release(ByteBuf encoded) {
        ReferenceCountUtil.release(encoded);
    }
}
