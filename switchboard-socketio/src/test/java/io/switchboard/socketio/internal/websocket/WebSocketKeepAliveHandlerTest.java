package io.switchboard.socketio.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WebSocketKeepAliveHandlerTest {

    @Test
    void quietClientIsPingedBeforeTheIdleTimeout() {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketKeepAliveHandler(TimeUnit.HOURS.toNanos(1)));
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        Object out = ch.readOutbound();
        assertThat(out).isInstanceOf(PingWebSocketFrame.class);
        ((PingWebSocketFrame) out).release();
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void clientSilentForTheIdleTimeoutIsClosedWith1001() throws Exception {
        AtomicLong now = new AtomicLong();
        EmbeddedChannel ch =
                new EmbeddedChannel(new WebSocketKeepAliveHandler(TimeUnit.MILLISECONDS.toNanos(1), now::get));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1001);
        assertThat(close.reasonText()).isEqualTo("idle timeout");
        close.release();
        ch.runPendingTasks();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void anyBytesCountAsLife() throws Exception {
        AtomicLong now = new AtomicLong();
        EmbeddedChannel ch =
                new EmbeddedChannel(new WebSocketKeepAliveHandler(TimeUnit.MILLISECONDS.toNanos(50), now::get));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(60));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x8a, 0}));
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        Object out = ch.readOutbound();
        assertThat(out).isInstanceOf(PingWebSocketFrame.class);
        ((PingWebSocketFrame) out).release();
        ch.finishAndReleaseAll();
    }
}
