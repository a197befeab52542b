package io.switchboard.loadtool.transports;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the bytes of the TCP stream in both directions, at the head of the pipeline, where the
 * inbound buffers are what the socket read and the outbound ones what the codecs wrote: HTTP
 * request and status lines, headers, chunk sizes, SSE field names, WebSocket frame headers and
 * masks are all included. TCP/IP packet headers (about 52 bytes a segment on loopback) and ACKs
 * are not: they depend on segmentation, not on the transport's design.
 *
 * <p>Thread-safe and {@link Sharable}: one instance for every channel of one role (receivers or
 * sender); the counters are adders because many event loops add to them.
 */
@Sharable
final class TransportsWireCounter extends ChannelDuplexHandler {

    /** Totals at one instant; subtract two to get a window. Immutable. */
    record Bytes(long in, long out) {

        Bytes minus(Bytes earlier) {
            return new Bytes(in - earlier.in, out - earlier.out);
        }

        long total() {
            return in + out;
        }
    }

    private final LongAdder in = new LongAdder();
    private final LongAdder out = new LongAdder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        in.add(sizeOf(msg));
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        // Counted when written rather than when flushed: every write of this tool is flushed.
        out.add(sizeOf(msg));
        ctx.write(msg, promise);
    }

    Bytes snapshot() {
        return new Bytes(in.sum(), out.sum());
    }

    static long sizeOf(Object msg) {
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        return 0;
    }
}
