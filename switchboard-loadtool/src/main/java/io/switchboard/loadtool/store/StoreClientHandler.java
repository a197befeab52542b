package io.switchboard.loadtool.store;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The store scenario's reader of one client, inserted in front of the pool's
 * {@link LoadClientHandler} once the welcome has arrived: it classifies every text frame,
 * hands it to the current step's recorder and drops it. Everything else (close, errors, the
 * channel going inactive) passes on, so the pool keeps counting closes and failures.
 *
 * <p>Event-loop confined: one instance per channel; the shared step and join counter are atomics.
 */
final class StoreClientHandler extends ChannelInboundHandlerAdapter {

    /** The rate step being measured; swapped by the scenario thread between steps. */
    private final AtomicReference<StoreStepRecorder> step;
    /** Clients whose join was answered, shared by all clients. */
    private final AtomicInteger joined;
    /** True once this client's join was answered, so a repeated joined event counts once. */
    private boolean hasJoined;

    StoreClientHandler(AtomicReference<StoreStepRecorder> step, AtomicInteger joined) {
        this.step = step;
        this.joined = joined;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof TextWebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            long arrival = System.nanoTime();
            StoreReply reply = StoreReplyParser.parse(frame.content());
            if (reply instanceof StoreReply.Joined) {
                if (!hasJoined) {
                    hasJoined = true;
                    joined.incrementAndGet();
                }
                return;
            }
            StoreStepRecorder current = step.get();
            if (current != null) {
                current.onReply(ctx.channel().eventLoop(), reply, arrival);
            }
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }
}
