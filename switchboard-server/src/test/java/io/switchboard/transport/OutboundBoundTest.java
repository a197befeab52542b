package io.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class OutboundBoundTest {

    private static EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter());
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1024, 4096));
        return ch;
    }

    @Test
    void queuedBytesAreReadOnBothSidesOfTheHighWaterMark() {
        EmbeddedChannel ch = channel();
        ch.write(Unpooled.wrappedBuffer(new byte[3000]));
        assertThat(ch.isWritable()).isTrue();
        assertThat(OutboundBound.pendingBytes(ch)).isBetween(3000L, 4096L);

        ch.write(Unpooled.wrappedBuffer(new byte[3000]));
        assertThat(ch.isWritable()).isFalse();
        assertThat(OutboundBound.pendingBytes(ch)).isBetween(6000L, 6400L);

        ch.flush();
        assertThat(OutboundBound.pendingBytes(ch)).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void aClosedChannelHasNothingQueued() {
        EmbeddedChannel ch = channel();
        ch.close();
        assertThat(OutboundBound.pendingBytes(ch)).isZero();
    }

    @Test
    void aQueueOverTheBoundForASecondMakesASlowConsumer() {
        EmbeddedChannel ch = channel();
        OutboundBound bound = new OutboundBound(2048);
        ch.write(Unpooled.wrappedBuffer(new byte[3000]));
        assertThat(bound.exceeded(ch, 1)).isFalse();
        assertThat(bound.exceeded(ch, 1 + 999_999_999)).isFalse();
        assertThat(bound.exceeded(ch, 1 + 1_000_000_000)).isTrue();
        assertThat(bound.lastPending()).isGreaterThanOrEqualTo(3000);
        ch.finishAndReleaseAll();
    }
}
