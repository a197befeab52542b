package io.switchboard.loadtool.common;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * One load-tool client after the WebSocket codec: reports its handshake and first frame (the
 * server's welcome) to the pool, and times every token of this run it receives. Received bytes
 * are only scanned for the token, never decoded: the tool shares the CPU with the server it
 * measures.
 *
 * <p>Event-loop confined: one instance per channel, all calls on the channel's loop.
 */
public final class LoadClientHandler extends ChannelInboundHandlerAdapter {

    private final RunPlan plan;
    private final ClientPool pool;
    /** Shared by every channel of this event loop. */
    private final LoopStats stats;

    private final TokenScanner scanner;
    private final ReceiverLedger ledger;
    /** True once the handshake completed. */
    private boolean open;
    /** True once the handshake either completed or failed, so the pool hears the outcome once. */
    private boolean settled;
    /** True once any text frame arrived; the first one is the server's welcome. */
    private boolean welcomed;

    LoadClientHandler(RunPlan plan, ClientPool pool, LoopStats stats) {
        this.plan = plan;
        this.pool = pool;
        this.stats = stats;
        this.scanner = new TokenScanner(plan.runId());
        this.ledger = new ReceiverLedger(plan);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE && !settled) {
            settled = true;
            open = true;
            pool.onOpen(ctx.channel());
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail(ctx, "WebSocket handshake timed out");
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
                onText(((WebSocketFrame) msg).content());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onText(ByteBuf content) {
        if (!welcomed) {
            welcomed = true;
            pool.onWelcome();
        }
        if (!scanner.scan(content)) {
            stats.untokened++;
            return;
        }
        ReceiverLedger.Mark mark = ledger.mark(scanner.seq());
        switch (mark) {
            case FIRST -> {
                stats.delivered++;
                stats.recordLatencyMicros((System.nanoTime() - plan.epochNanos() - scanner.offsetNanos()) / 1000);
            }
            case DUPLICATE -> stats.duplicates++;
            case WARMUP, OUT_OF_PLAN -> {}
        }
        pool.onTokenFrame(mark == ReceiverLedger.Mark.FIRST);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!settled) {
            settled = true;
            pool.onFailure("connection closed during the WebSocket handshake");
        } else if (open) {
            pool.onClose();
        }
        super.channelInactive(ctx);
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        if (!settled) {
            settled = true;
            pool.onFailure(why);
        } else {
            pool.onError(why);
        }
        ctx.close();
    }
}
