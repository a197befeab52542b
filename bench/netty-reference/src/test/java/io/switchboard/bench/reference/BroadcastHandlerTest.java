package io.switchboard.bench.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BroadcastHandlerTest {

    /** 125 and 126 straddle the 7-bit length, 65535 and 65536 the 16-bit one. */
    @ParameterizedTest
    @ValueSource(ints = {0, 64, 125, 126, 65_535, 65_536})
    void encodedFrameIsOneTextFrameNettyDecodesToThePayload(int length) {
        String text = "x".repeat(length);
        ByteBuf encoded = BroadcastHandler.encode(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        // the client side of the connection: server frames arrive unmasked
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false)
                .maxFramePayloadLength(1 << 20)
                .build()));

        client.writeInbound(encoded);

        TextWebSocketFrame frame = client.readInbound();
        assertThat(frame.isFinalFragment()).isTrue();
        assertThat(frame.text()).isEqualTo(text);
        assertThat((Object) client.readInbound()).isNull();
        frame.release();
        client.finishAndReleaseAll();
    }
}
