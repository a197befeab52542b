package io.switchboard.socketio.internal.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.function.LongSupplier;

/**
 * Pings a connection that has been quiet for the ping interval and closes (1001) one that has been
 * quiet for the idle timeout. Sits right after an {@code IdleStateHandler} firing reader-idle events
 * at the ping interval, ahead of the frame decoder, so any bytes (a pong included) count as life.
 *
 * <p>Event-loop confined.
 */
final class WebSocketKeepAliveHandler extends ChannelInboundHandlerAdapter {
    private final long idleTimeoutNanos;
    /** {@link System#nanoTime}, or a test's ticker, so a test drives time instead of sleeping. */
    private final LongSupplier nanoTime;
    /** When the last bytes arrived; loop-confined. */
    private long lastReadNanos;

    WebSocketKeepAliveHandler(long idleTimeoutNanos) {
        this(idleTimeoutNanos, System::nanoTime);
    }

    WebSocketKeepAliveHandler(long idleTimeoutNanos, LongSupplier nanoTime) {
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.nanoTime = nanoTime;
        this.lastReadNanos = nanoTime.getAsLong();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = nanoTime.getAsLong();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            if (nanoTime.getAsLong() - lastReadNanos >= idleTimeoutNanos) {
                CloseReasons.close(ctx.channel(), CloseReasons.IDLE_TIMEOUT);
            } else {
                // from the tail: the frame encoder sits behind this handler
                ctx.channel().writeAndFlush(new PingWebSocketFrame());
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
