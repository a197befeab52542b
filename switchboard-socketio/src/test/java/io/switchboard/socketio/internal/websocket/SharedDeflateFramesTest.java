package io.switchboard.socketio.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class SharedDeflateFramesTest {
    private static final String LONG = "[\"message\",\"" + "long enough to compress, ".repeat(20) + "\"]";

    private final LongAdder compressions = new LongAdder();

    @Test
    void everyRecipientOfOneTextGetsAViewOfOneFrameCompressedOnce() {
        SharedDeflateFrames shared = new SharedDeflateFrames();
        ByteBuf a = shared.frame(LONG, compressions);
        ByteBuf b = shared.frame(new String(LONG.toCharArray()), compressions); // equal, not the same
        try {
            assertThat(compressions.sum()).isEqualTo(1);
            assertThat(a.unwrap()).as("views of the same buffer").isSameAs(b.unwrap());
            assertThat(a.getUnsignedByte(0)).as("FIN, RSV1, text").isEqualTo((short) 0xC1);
            int len = a.getUnsignedByte(1);
            assertThat(len).as("compressed well under 126 bytes").isEqualTo(a.readableBytes() - 2);
            byte[] payload = ByteBufUtil.getBytes(a, 2, len);
            assertThat(new String(WebSocketFramesTest.inflate(payload), StandardCharsets.UTF_8))
                    .as("the Engine.IO message packet")
                    .isEqualTo("4" + LONG);
        } finally {
            a.release();
            b.release();
            shared.release();
        }
    }

    @Test
    void aShortTextIsNotCompressed() {
        SharedDeflateFrames shared = new SharedDeflateFrames();
        assertThat(shared.frame("[\"hi\"]", compressions)).isNull();
        assertThat(compressions.sum()).isZero();
        shared.release();
    }

    @Test
    void eachDistinctTextIsCompressedOnceUpToTheLimit() {
        SharedDeflateFrames shared = new SharedDeflateFrames();
        for (int i = 0; i < SharedDeflateFrames.MAX_VARIANTS; i++) {
            String withOffset = LONG + i;
            shared.frame(withOffset, compressions).release();
            shared.frame(withOffset, compressions).release();
        }
        assertThat(compressions.sum()).isEqualTo(SharedDeflateFrames.MAX_VARIANTS);
        assertThat(shared.frame(LONG + "more", compressions))
                .as("past the limit the recipient compresses its own")
                .isNull();
        shared.release();
    }

    @Test
    void theLastReleaseFreesTheFramesAndNoMoreAreMade() {
        SharedDeflateFrames shared = new SharedDeflateFrames();
        assertThat(shared.tryRetain()).isTrue();
        ByteBuf view = shared.frame(LONG, compressions);
        ByteBuf original = view.unwrap();
        shared.release();
        shared.release();
        assertThat(original.refCnt()).as("only the view holds it now").isEqualTo(1);
        view.release();
        assertThat(original.refCnt()).isZero();
        assertThat(shared.tryRetain()).isFalse();
        assertThat(shared.frame(LONG, compressions)).isNull();
    }

    @Test
    void recipientsWithoutDeflateShareOnePlainFrameOfTheFirstText() {
        SharedDeflateFrames shared = new SharedDeflateFrames();
        ByteBuf a = shared.plainFrame("[\"hi\"]");
        ByteBuf b = shared.plainFrame(new String("[\"hi\"]".toCharArray()));
        ByteBuf original = a.unwrap();
        try {
            assertThat(a.unwrap()).as("views of the same buffer").isSameAs(b.unwrap());
            assertThat(a.getUnsignedByte(0)).as("FIN, text, not compressed").isEqualTo((short) 0x81);
            assertThat((int) a.getUnsignedByte(1)).as("unmasked length").isEqualTo(a.readableBytes() - 2);
            assertThat(a.toString(2, a.readableBytes() - 2, StandardCharsets.UTF_8))
                    .isEqualTo("4[\"hi\"]");
            assertThat(shared.plainFrame("[\"hi\",1]"))
                    .as("another text frames its own")
                    .isNull();
            assertThat(compressions.sum()).isZero();
        } finally {
            a.release();
            b.release();
            shared.release();
        }
        assertThat(original.refCnt()).isZero();
        assertThat(shared.plainFrame("[\"hi\"]")).as("released").isNull();
    }
}
