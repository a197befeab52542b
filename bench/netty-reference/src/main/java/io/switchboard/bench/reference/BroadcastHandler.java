package io.switchboard.bench.reference;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends every text frame a connection receives to every open connection, the sender included.
 *
 * <p>The outgoing frame is encoded once, header and payload, into one pooled direct buffer; each
 * recipient gets a {@code retainedDuplicate()} of it (its own indices over the same bytes), which
 * passes Netty's frame encoder untouched because it is already a {@link ByteBuf}. That is the least
 * a broadcast can cost in Netty: no per-recipient encoding, copy, promise or lock.
 *
 * <p>A connection is sent one {@link #WELCOME} frame when its upgrade completes, as the other
 * servers under comparison send theirs, so the load tool's clients know when they are connected.
 *
 * <p>Event-loop confined: the server runs one event loop, which owns {@link #open} and every
 * channel in it.
 */
@Sharable
final class BroadcastHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {

    /** The first frame on every connection. */
    static final String WELCOME = "welcome";

    /** Connections whose upgrade completed and that are not closed yet; the loop's own. */
    private final List<Channel> open = new ArrayList<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof HandshakeComplete) {
            Channel channel = ctx.channel();
            open.add(channel);
            channel.closeFuture().addListener(f -> open.remove(channel));
            ctx.writeAndFlush(new TextWebSocketFrame(WELCOME), ctx.voidPromise());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        ByteBuf encoded = encode(frame.content());
        try {
            for (Channel channel : open) {
                channel.writeAndFlush(encoded.retainedDuplicate(), channel.voidPromise());
            }
        } finally {
            encoded.release();
        }
    }

    /** One complete unmasked text frame (RFC 6455 section 5.2) around {@code payload}. */
    static ByteBuf encode(ByteBuf payload) {
        int length = payload.readableBytes();
        ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer(length + 10);
        frame.writeByte(0x81); // FIN, opcode 1 (text)
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126);
            frame.writeShort(length);
        } else {
            frame.writeByte(127);
            frame.writeLong(length);
        }
        frame.writeBytes(payload, payload.readerIndex(), length);
        return frame;
    }
}
