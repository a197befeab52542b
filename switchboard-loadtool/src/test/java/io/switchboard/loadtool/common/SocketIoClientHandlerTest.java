package io.switchboard.loadtool.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketIoClientHandlerTest {

    /** What the handler hands on to the load-tool handler, and any exception it raises. */
    private static final class Sink extends ChannelInboundHandlerAdapter {
        final List<String> frames = new ArrayList<>();
        Throwable error;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            TextWebSocketFrame frame = (TextWebSocketFrame) msg;
            frames.add(frame.text());
            frame.release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            error = cause;
        }
    }

    private final Sink sink = new Sink();
    private final EmbeddedChannel ch = new EmbeddedChannel(new SocketIoClientHandler(), sink);

    @Test
    void connectsJoinsAndHandsOnTheJoinAckThenOnlyMessageEvents() {
        receive("0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":25000,"
                + "\"pingTimeout\":20000,\"maxPayload\":1000000}");
        assertThat(sent()).containsExactly("40");

        receive("40{\"sid\":\"s1\",\"pid\":\"p1\"}");
        assertThat(sent()).containsExactly("421[\"join\",{\"room\":\"bench\"}]");

        receive("42[\"welcome\",{\"sessionId\":\"x\",\"nick\":\"guest-1\"}]");
        receive("42[\"message\",{\"id\":9,\"text\":\"lt:1:0:0:\"}]"); // before the join ack: not counted
        assertThat(sink.frames).isEmpty();

        receive("431[{\"room\":\"bench\",\"messages\":[],\"more\":false}]");
        assertThat(sink.frames)
                .as("the join ack is the welcome, handed on empty")
                .containsExactly("");

        receive("42[\"presence\",{\"room\":\"bench\",\"event\":\"join\"}]");
        receive("43[{\"room\":\"bench\",\"id\":1}]");
        String message = "42[\"message\",{\"id\":1,\"room\":\"bench\",\"text\":\"lt:7:3:100:xx\"},\"bench:1\"]";
        receive(message);
        assertThat(sink.frames).containsExactly("", message);
        assertThat(sink.error).isNull();
        assertThat(sent()).isEmpty();
        ch.finishAndReleaseAll();
    }

    @Test
    void answersEveryPingWithAPong() {
        receive("2");
        receive("2");
        assertThat(sent()).containsExactly("3", "3");
        assertThat(sink.frames).isEmpty();
        ch.finishAndReleaseAll();
    }

    @Test
    void aRefusedConnectIsAnError() {
        receive("0{\"sid\":\"abc\"}");
        receive("44{\"message\":\"not authorized\"}");
        assertThat(sink.error).hasMessageContaining("CONNECT refused").hasMessageContaining("not authorized");
        ch.finishAndReleaseAll();
    }

    @Test
    void aMessageEventCarriesTheTokenTextAsItsJsonString() {
        byte[] token = Token.encode(12, 3, 456, 32);
        String frame = new String(SocketIoClientHandler.messageEvent(token), StandardCharsets.US_ASCII);

        assertThat(frame)
                .isEqualTo("42[\"message\",{\"room\":\"bench\",\"text\":\""
                        + new String(token, StandardCharsets.US_ASCII) + "\"}]");
        assertThat(SocketIoClientHandler.isMessageEvent(
                        Unpooled.wrappedBuffer(frame.getBytes(StandardCharsets.US_ASCII))))
                .isTrue();
        TokenScanner scanner = new TokenScanner(12);
        assertThat(scanner.scan(Unpooled.wrappedBuffer(frame.getBytes(StandardCharsets.US_ASCII))))
                .isTrue();
        assertThat(scanner.seq()).isEqualTo(3);
        assertThat(scanner.offsetNanos()).isEqualTo(456);
    }

    @Test
    void theSocketIoProtocolOpensTheEngineIoWebSocketUrl() {
        assertThat(ClientProtocol.SOCKETIO
                        .resolve(LoopbackTarget.parse("ws://127.0.0.1:3301/"))
                        .uri()
                        .toString())
                .isEqualTo("ws://127.0.0.1:3301/socket.io/?EIO=4&transport=websocket");
        assertThat(ClientProtocol.SOCKETIO
                        .resolve(LoopbackTarget.parse("ws://127.0.0.1:3301/io/"))
                        .uri()
                        .toString())
                .isEqualTo("ws://127.0.0.1:3301/io/?EIO=4&transport=websocket");
        assertThat(ClientProtocol.SOCKETIO
                        .resolve(LoopbackTarget.parse("ws://127.0.0.1:3301/socket.io/?EIO=4&transport=websocket&x=1"))
                        .uri()
                        .toString())
                .isEqualTo("ws://127.0.0.1:3301/socket.io/?EIO=4&transport=websocket&x=1");
        assertThat(ClientProtocol.WS
                        .resolve(LoopbackTarget.parse("ws://127.0.0.1:3301/"))
                        .uri()
                        .toString())
                .isEqualTo("ws://127.0.0.1:3301/");
    }

    @Test
    void theProtocolOptionAcceptsBothSpellings() {
        ClientOptions.ProtocolConverter converter = new ClientOptions.ProtocolConverter();
        assertThat(converter.convert("socketio")).isEqualTo(ClientProtocol.SOCKETIO);
        assertThat(converter.convert("Socket.IO")).isEqualTo(ClientProtocol.SOCKETIO);
        assertThat(converter.convert("ws")).isEqualTo(ClientProtocol.WS);
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
