package io.switchboard.transport.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Gives each HTTP request a deadline to arrive complete, headers and body (a slowloris defence): a
 * client that starts a request and stalls gets {@code 408 request_timeout} and is disconnected.
 * The idle timer alone would let a client that trickles one byte a minute hold the connection.
 *
 * <p>Two handlers share the state: {@link #opener()} sits in front of the HTTP codec and starts the
 * clock at the first byte of a request; {@link #closer()} sits after the aggregator and stops it when
 * the complete request comes through. One instance per connection; event-loop confined.
 */
public final class RequestDeadline {
    private final long timeoutNanos;
    /** The running clock, or null between requests. Loop-confined. */
    private ScheduledFuture<?> timer;

    public RequestDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    public ChannelHandler opener() {
        return new Opener();
    }

    public ChannelHandler closer() {
        return new Closer();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private final class Opener extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (timer == null) {
                timer = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            cancel();
        }

        /** Written from in front of the codec, as raw bytes: the codec is stuck mid-request. */
        private void expire(ChannelHandlerContext ctx) {
            timer = null;
            if (ctx.channel().isActive()) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(ApiResponses.rawError(
                                ApiError.REQUEST_TIMEOUT,
                                "the request did not arrive complete within "
                                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms")))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private final class Closer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest) {
                cancel();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a client that hangs up mid-request (or is cut off by the deadline) is not a server fault
            if (cause instanceof PrematureChannelClosureException) {
                return;
            }
            ctx.fireExceptionCaught(cause);
        }
    }
}
