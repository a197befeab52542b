package io.switchboard.loadtool.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NativeClientHandlerTest {

    /** What the handler hands on to the load-tool handler. */
    private static final class Sink extends ChannelInboundHandlerAdapter {
        final List<String> frames = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            TextWebSocketFrame frame = (TextWebSocketFrame) msg;
            frames.add(frame.text());
            frame.release();
        }
    }

    private final ClientPool pool =
            new ClientPool(LoopbackTarget.parse("ws://127.0.0.1:1/ws"), RunPlan.idle(), 1, 1, ClientProtocol.NATIVE);
    private final Sink sink = new Sink();
    private final EmbeddedChannel ch = new EmbeddedChannel(new NativeClientHandler(pool), sink);

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
        pool.close();
    }

    @Test
    void joinsTheBenchRoomOnceTheHandshakeIsDoneAndHandsOnTheJoinedAnswerAsTheWelcome() {
        ch.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
        assertThat(sent()).containsExactly("{\"type\":\"join\",\"room\":\"bench\",\"limit\":1}");

        receive("{\"type\":\"welcome\",\"sessionId\":\"s-1\",\"nick\":\"guest-1\",\"protocol\":1}");
        receive("{\"type\":\"message\",\"message\":{\"id\":1,\"text\":\"lt:1:0:0:\"}}"); // before joined
        assertThat(sink.frames).isEmpty();

        receive("{\"type\":\"joined\",\"room\":\"bench\",\"messages\":[],\"more\":false,\"members\":[]}");
        receive("{\"type\":\"presence\",\"room\":\"bench\",\"event\":\"join\"}");
        String message = "{\"type\":\"message\",\"message\":{\"id\":2,\"room\":\"bench\",\"text\":\"lt:7:3:100:xx\"}}";
        receive(message);

        assertThat(sink.frames).containsExactly("", message);
    }

    @Test
    void everyAckCountsAsOneStoredMessage() {
        receive("{\"type\":\"joined\",\"room\":\"bench\"}");
        receive("{\"type\":\"ack\",\"room\":\"bench\",\"id\":5,\"duplicate\":false}");
        receive("{\"type\":\"ack\",\"room\":\"bench\",\"id\":6,\"duplicate\":false}");

        assertThat(pool.acks()).isEqualTo(2);
        assertThat(sink.frames).containsExactly("");
    }

    @Test
    void aSendCommandCarriesTheTokenAsItsText() {
        byte[] token = Token.encode(12, 3, 456, 32);
        String frame = new String(
                ClientProtocol.NATIVE
                        .wrap(OpenLoopSender.tokens(new RunPlan(12, 1, 0, 10, 32, 0)))
                        .text(3, 0, 456),
                StandardCharsets.US_ASCII);

        assertThat(frame)
                .isEqualTo("{\"type\":\"send\",\"room\":\"bench\",\"text\":\""
                        + new String(token, StandardCharsets.US_ASCII) + "\"}");
        TokenScanner scanner = new TokenScanner(12);
        assertThat(scanner.scan(Unpooled.wrappedBuffer(frame.getBytes(StandardCharsets.US_ASCII))))
                .isTrue();
        assertThat(scanner.seq()).isEqualTo(3);
    }

    @Test
    void theNativeProtocolKeepsTheUrlAndIsNamedNative() {
        assertThat(ClientProtocol.NATIVE
                        .resolve(LoopbackTarget.parse("ws://127.0.0.1:3301/ws"))
                        .uri()
                        .toString())
                .isEqualTo("ws://127.0.0.1:3301/ws");
        assertThat(new ClientOptions.ProtocolConverter().convert("native")).isEqualTo(ClientProtocol.NATIVE);
    }

    private void receive(String text) {
        ch.writeInbound(new TextWebSocketFrame(text));
    }

    private List<String> sent() {
        List<String> out = new ArrayList<>();
        for (Object msg = ch.readOutbound(); msg != null; msg = ch.readOutbound()) {
            TextWebSocketFrame frame = (TextWebSocketFrame) msg;
            out.add(frame.text());
            frame.release();
        }
        return out;
    }
}
