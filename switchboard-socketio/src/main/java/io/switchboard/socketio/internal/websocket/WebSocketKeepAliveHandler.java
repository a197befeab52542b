package io.switchboard.socketio.internal.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import java.util.function.LongSupplier;

/**
 * Pings a connection that has been quiet for the ping interval (and again every interval while it
 * stays quiet) and closes (1001) one that has been quiet for the idle timeout. Sits at the head of
 * the pipeline, ahead of the frame decoder, so any bytes (a pong included) count as life. Time is
 * checked by its loop's {@link KeepAliveSweep} (once a second, or four times per ping interval when
 * that is shorter) rather than by a timer of its own.
 *
 * <p>Event-loop confined.
 */
final class WebSocketKeepAliveHandler extends ChannelInboundHandlerAdapter {
    private final long pingIntervalNanos;
    private final long idleTimeoutNanos;
    /** {@link System#nanoTime}, or a test's ticker, so a test drives time instead of sleeping. */
    private final LongSupplier nanoTime;
    /** When the last bytes arrived; loop-confined. */
    private long lastReadNanos;
    /** When the last ping left, or the last bytes arrived if later; loop-confined. */
    private long lastPingNanos;
    /** Set once added to the pipeline; loop-confined. */
    private ChannelHandlerContext ctx;
    /** This handler's slot in its loop's sweep, or -1 when not watched; written by the sweep. */
    int sweepIndex = -1;

    WebSocketKeepAliveHandler(long pingIntervalNanos, long idleTimeoutNanos) {
        this(pingIntervalNanos, idleTimeoutNanos, System::nanoTime);
    }

    WebSocketKeepAliveHandler(long pingIntervalNanos, long idleTimeoutNanos, LongSupplier nanoTime) {
        this.pingIntervalNanos = pingIntervalNanos;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.nanoTime = nanoTime;
        this.lastReadNanos = nanoTime.getAsLong();
        this.lastPingNanos = lastReadNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        KeepAliveSweep.add(ctx.executor(), this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        KeepAliveSweep.remove(ctx.executor(), this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        KeepAliveSweep.remove(ctx.executor(), this);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = nanoTime.getAsLong();
        ctx.fireChannelRead(msg);
    }

    long pingIntervalNanos() {
        return pingIntervalNanos;
    }

    /** One check of the clock; called by the sweep on this handler's loop. */
    void tick() {
        long now = nanoTime.getAsLong();
        long quiet = now - lastReadNanos;
        if (quiet < pingIntervalNanos || !ctx.channel().isActive()) {
            return;
        }
        if (quiet >= idleTimeoutNanos) {
            KeepAliveSweep.remove(ctx.executor(), this);
            CloseReasons.close(ctx.channel(), CloseReasons.IDLE_TIMEOUT);
        } else if (now - Math.max(lastPingNanos, lastReadNanos) >= pingIntervalNanos) {
            lastPingNanos = now;
            // from the tail: the frame encoder sits behind this handler
            ctx.channel().writeAndFlush(new PingWebSocketFrame());
        }
    }
}
