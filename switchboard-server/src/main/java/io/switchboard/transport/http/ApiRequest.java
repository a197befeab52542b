package io.switchboard.transport.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import io.switchboard.auth.Authenticated;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * What an endpoint needs of one request once the aggregated request object is gone: the
 * connection, whether it stays open, the room and the parsed query.
 *
 * @param detachTimers takes the connection's request and idle timers away before a response that
 *                     stays open (the server's pipeline owns them)
 */
record ApiRequest(ChannelHandlerContext ctx, boolean keepAlive, String room, RoomQuery query, Runnable detachTimers) {

    Channel channel() {
        return ctx.channel();
    }

    /** What the request's token proved (read when the request arrives), or null with authentication off. */
    Authenticated auth() {
        return Authenticated.of(ctx.channel());
    }

    InetAddress address() {
        return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    }

    void error(ApiError error, String message) {
        ApiResponses.error(channel(), keepAlive, error, message);
    }

    /**
     * Runs {@code then} on the connection's loop when the future completes. From the storage thread
     * it is queued there before that thread publishes anything later, which keeps a reply ahead
     * of the events after it (see Hub's class comment).
     */
    <T> void onLoop(CompletableFuture<T> future, BiConsumer<T, Throwable> then) {
        EventExecutor loop = ctx.executor();
        future.whenComplete((value, failure) -> {
            if (loop.inEventLoop()) {
                then.accept(value, failure);
            } else {
                loop.execute(() -> then.accept(value, failure));
            }
        });
    }
}
