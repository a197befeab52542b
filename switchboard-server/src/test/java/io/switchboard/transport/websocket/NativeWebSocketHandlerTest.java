package io.switchboard.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.switchboard.chat.NativeChat;
import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.hub.Hub;
import io.switchboard.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /ws endpoint handler alone, in an {@link EmbeddedChannel}: frames in, pre-built frames out. */
class NativeWebSocketHandlerTest {
    private Hub hub;
    private NativeChat chat;
    private FrameFormat format;

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @BeforeEach
    void setUp() {
        hub = new Hub(new InMemoryHistoryStore(100), new InMemoryBroker(), Clock.systemUTC());
        chat = new NativeChat(hub);
        format = NativeWebSocketHandler.format(chat);
    }

    private EmbeddedChannel connect(ServerConfig config) {
        EmbeddedChannel ch = new EmbeddedChannel(new NativeWebSocketHandler(hub, chat, format, config.webSocket()));
        ch.pipeline()
                .fireUserEventTriggered(
                        new WebSocketServerProtocolHandler.HandshakeComplete("/ws", EmptyHttpHeaders.INSTANCE, null));
        return ch;
    }

    /**
     * The payload of the next outbound pre-built text frame (short frames only). Storage replies are
     * written from the hub's storage thread (an embedded loop counts as "in the loop" everywhere), so
     * wait for the storage thread to finish what was queued first.
     */
    private String nextText(EmbeddedChannel ch) {
        hub.historyAfter("none", 0, 1).join();
        ch.runPendingTasks();
        Object out = ch.readOutbound();
        assertThat(out).as("an outbound frame").isInstanceOf(ByteBuf.class);
        ByteBuf frame = (ByteBuf) out;
        try {
            assertThat(frame.readUnsignedByte()).isEqualTo((short) 0x81);
            int len = frame.readUnsignedByte();
            if (len == 126) {
                len = frame.readUnsignedShort();
            }
            return frame.readCharSequence(len, StandardCharsets.UTF_8).toString();
        } finally {
            frame.release();
        }
    }

    @Test
    void welcomeIsWrittenWhenTheHandshakeCompletes() {
        EmbeddedChannel ch = connect(ServerConfig.builder().build());
        assertThat(nextText(ch)).startsWith("{\"type\":\"welcome\",\"sessionId\":\"s-");
        assertThat(hub.sessionCount()).isEqualTo(1);
        ch.finishAndReleaseAll();
        assertThat(hub.sessionCount())
                .as("unregistered when the channel closes")
                .isZero();
    }

    @Test
    void joinIsAnsweredAndOwnMessageFollowsTheAck() {
        EmbeddedChannel ch = connect(ServerConfig.builder().build());
        nextText(ch);
        ch.writeInbound(new TextWebSocketFrame("{\"type\":\"join\",\"room\":\"r\"}"));
        assertThat(nextText(ch))
                .startsWith("{\"type\":\"joined\",\"room\":\"r\",\"epoch\":\"" + hub.epoch()
                        + "\",\"messages\":[],\"more\":false");
        ch.writeInbound(new TextWebSocketFrame("{\"type\":\"send\",\"room\":\"r\",\"text\":\"hi\"}"));
        assertThat(nextText(ch)).isEqualTo("{\"type\":\"ack\",\"room\":\"r\",\"id\":1,\"duplicate\":false}");
        assertThat(nextText(ch)).startsWith("{\"type\":\"message\",\"message\":{\"id\":1,\"room\":\"r\"");
        ch.finishAndReleaseAll();
    }

    /** The refusal is ready at once, the history replies come from the storage thread: order still holds. */
    @Test
    void commandsPastTheRateLimitAreRefusedAndRepliesKeepCommandOrder() {
        EmbeddedChannel ch = connect(ServerConfig.builder().rateLimit(0.001, 2).build());
        nextText(ch);
        for (int i = 0; i < 3; i++) {
            ch.writeInbound(new TextWebSocketFrame("{\"type\":\"history\",\"room\":\"r\"}"));
        }
        assertThat(nextText(ch)).startsWith("{\"type\":\"history\"");
        assertThat(nextText(ch)).startsWith("{\"type\":\"history\"");
        assertThat(nextText(ch)).contains("\"code\":\"rate_limited\"");
        ch.finishAndReleaseAll();
    }

    @Test
    void binaryFrameIsAnsweredWithClose1003() {
        EmbeddedChannel ch = connect(ServerConfig.builder().build());
        nextText(ch);
        ch.writeInbound(new BinaryWebSocketFrame());
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1003);
        close.release();
        ch.finishAndReleaseAll();
    }
}
