package io.switchboard.socketio.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WebSocketKeepAliveHandlerTest {
    private static final long PING = TimeUnit.SECONDS.toNanos(25);
    private static final long IDLE = TimeUnit.SECONDS.toNanos(60);

    private final AtomicLong now = new AtomicLong();

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new WebSocketKeepAliveHandler(PING, IDLE, now::get));
    }

    /** One tick of the loop's sweep: the embedded loop's clock moves by a tick and its timers run. */
    private void tick(EmbeddedChannel ch) {
        ch.advanceTimeBy(KeepAliveSweep.TICK_MILLIS, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void quietClientIsPingedOnceThePingIntervalPassed() {
        EmbeddedChannel ch = channel();
        now.addAndGet(PING - 1);
        tick(ch);
        assertThat((Object) ch.readOutbound()).isNull();
        now.addAndGet(1);
        tick(ch);
        Object out = ch.readOutbound();
        assertThat(out).isInstanceOf(PingWebSocketFrame.class);
        ((PingWebSocketFrame) out).release();
        assertThat(ch.isActive()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void aQuietClientIsPingedOncePerIntervalNotOncePerTick() {
        EmbeddedChannel ch = channel();
        now.addAndGet(PING);
        tick(ch);
        ((PingWebSocketFrame) ch.readOutbound()).release();
        now.addAndGet(PING / 2);
        tick(ch);
        assertThat((Object) ch.readOutbound()).isNull();
        now.addAndGet(PING / 2);
        tick(ch);
        ((PingWebSocketFrame) ch.readOutbound()).release();
        ch.finishAndReleaseAll();
    }

    @Test
    void clientSilentForTheIdleTimeoutIsClosedWith1001() {
        EmbeddedChannel ch = channel();
        now.addAndGet(IDLE);
        tick(ch);
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1001);
        assertThat(close.reasonText()).isEqualTo("idle timeout");
        close.release();
        ch.runPendingTasks();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void anyBytesCountAsLife() {
        EmbeddedChannel ch = channel();
        now.addAndGet(PING + 1);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x8a, 0}));
        ((ByteBuf) ch.readInbound()).release();
        tick(ch);
        assertThat((Object) ch.readOutbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void aConnectionCarriesNoTimerOfItsOwnAndLeavesTheSweepWhenItCloses() {
        EmbeddedChannel ch = channel();
        assertThat(ch.pipeline().get(IdleStateHandler.class)).isNull();
        assertThat(KeepAliveSweep.watched(ch.eventLoop())).isEqualTo(1);
        ch.close();
        ch.runPendingTasks();
        assertThat(KeepAliveSweep.watched(ch.eventLoop())).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void aPingIntervalUnderASecondIsCheckedFourTimesPerInterval() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketKeepAliveHandler(
                TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.MILLISECONDS.toNanos(700), now::get));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        ch.advanceTimeBy(50, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        Object out = ch.readOutbound();
        assertThat(out).isInstanceOf(PingWebSocketFrame.class);
        ((PingWebSocketFrame) out).release();
        ch.finishAndReleaseAll();
    }
}
