package io.switchboard.loadtool.transports;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.switchboard.loadtool.common.RunPlan;
import java.nio.charset.StandardCharsets;

/**
 * A receiver on Switchboard's native protocol ({@code /ws}): joins the room once the upgrade
 * completed, is ready on {@code joined}, and counts every {@code message} event carrying this
 * run's token. The upgrade is the only HTTP request it makes.
 *
 * <p>Event-loop confined: one instance per channel.
 */
final class TransportsWebSocketReceiver extends SimpleChannelInboundHandler<TextWebSocketFrame> {

    /** The event type that answers {@code join}; shared and read-only. */
    private static final ByteBuf JOINED =
            Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer("\"joined\"".getBytes(StandardCharsets.US_ASCII))
                    .asReadOnly());

    private final String room;
    private final TransportsStats stats;
    private final TransportsDelivery delivery;
    /** True once {@code joined} arrived. */
    private boolean joined;

    TransportsWebSocketReceiver(String room, RunPlan plan, TransportsStats stats) {
        this.room = room;
        this.stats = stats;
        this.delivery = new TransportsDelivery(plan, stats);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_ISSUED) {
            stats.receiverRequests.increment();
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"join\",\"room\":\"" + room + "\"}"));
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            stats.onError("WebSocket handshake timed out");
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        ByteBuf content = frame.content();
        if (delivery.accept(content)) {
            return;
        }
        if (!joined && ByteBufUtil.indexOf(JOINED, content) >= 0) {
            joined = true;
            stats.ready.incrementAndGet();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stats.onError(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        ctx.close();
    }
}
