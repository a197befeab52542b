package io.switchboard.socketio.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class WebSocketFramesTest {
    private static String hexOfHeader(byte[] payload, int headerBytes) {
        ByteBuf frame = WebSocketFrames.text(UnpooledByteBufAllocator.DEFAULT, payload);
        try {
            assertThat(frame.readableBytes()).isEqualTo(headerBytes + payload.length);
            return ByteBufUtil.hexDump(frame, 0, headerBytes);
        } finally {
            frame.release();
        }
    }

    @Test
    void shortPayloadUsesTheSevenBitLength() {
        assertThat(hexOfHeader(new byte[125], 2))
                .isEqualTo(
                        "81" // FIN, opcode 1 (text)
                                + "7d"); // unmasked, length 125
    }

    @Test
    void mediumPayloadUsesTheSixteenBitLength() {
        assertThat(hexOfHeader(new byte[126], 4))
                .isEqualTo("81"
                        + "7e" // length follows in 16 bits
                        + "007e"); // 126
        assertThat(hexOfHeader(new byte[65535], 4)).isEqualTo("817effff");
    }

    @Test
    void largePayloadUsesTheSixtyFourBitLength() {
        assertThat(hexOfHeader(new byte[65536], 10))
                .isEqualTo("81"
                        + "7f" // length follows in 64 bits
                        + "0000000000010000"); // 65536
    }

    @Test
    void payloadFollowsTheHeaderUnchanged() {
        ByteBuf frame = WebSocketFrames.text(UnpooledByteBufAllocator.DEFAULT, "hi".getBytes());
        assertThat(ByteBufUtil.hexDump(frame)).isEqualTo("8102" + "6869");
        frame.release();
    }

    @Test
    void aDeflatedFrameSetsRsv1AndInflatesOnItsOwnToThePayload() {
        byte[] json = "{\"type\":\"message\",\"text\":\"again and again and again and again\"}".getBytes();
        for (int i = 0; i < 2; i++) { // the second from the same thread's deflater: no context carried over
            ByteBuf frame = WebSocketFrames.deflatedText(UnpooledByteBufAllocator.DEFAULT, json);
            try {
                assertThat(frame.getUnsignedByte(0)).as("FIN, RSV1, text").isEqualTo((short) 0xC1);
                int len = frame.getUnsignedByte(1);
                assertThat(len).isEqualTo(frame.readableBytes() - 2).isLessThan(json.length);
                byte[] payload = ByteBufUtil.getBytes(frame, 2, len);
                assertThat(ByteBufUtil.hexDump(payload))
                        .as("the 00 00 ff ff tail removed")
                        .doesNotEndWith("0000ffff");
                assertThat(inflate(payload)).isEqualTo(json);
            } finally {
                frame.release();
            }
        }
    }

    /** Inflates one message compressed on its own, its {@code 00 00 ff ff} tail put back. */
    static byte[] inflate(byte[] payload) {
        Inflater inflater = new Inflater(true);
        try {
            byte[] in = new byte[payload.length + 4];
            System.arraycopy(payload, 0, in, 0, payload.length);
            in[payload.length + 2] = (byte) 0xff;
            in[payload.length + 3] = (byte) 0xff;
            inflater.setInput(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while ((n = inflater.inflate(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new AssertionError("not valid DEFLATE data", e);
        } finally {
            inflater.end();
        }
    }
}
