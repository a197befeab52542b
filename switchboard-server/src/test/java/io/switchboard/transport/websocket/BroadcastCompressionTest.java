package io.switchboard.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.switchboard.chat.NativeChat;
import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.hub.Hub;
import io.switchboard.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A broadcast to connections that negotiated permessage-deflate is compressed once, and every one
 * of them writes the same compressed frame (issue #13).
 */
class BroadcastCompressionTest {
    private static final String LONG_TEXT = "a chat message long enough to be worth compressing; ".repeat(10);

    private Hub hub;
    private NativeChat chat;
    private FrameFormat format;
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @BeforeEach
    void setUp() {
        hub = new Hub(new InMemoryHistoryStore(100), new InMemoryBroker(), Clock.systemUTC());
        chat = new NativeChat(hub);
        format = NativeWebSocketHandler.format(chat);
    }

    @AfterEach
    void tearDown() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        hub.close();
    }

    /** A /ws connection; with {@code deflate}, its pipeline holds an extension encoder as after a negotiation. */
    private EmbeddedChannel connect(boolean deflate) {
        EmbeddedChannel ch = new EmbeddedChannel();
        if (deflate) {
            ch.pipeline().addLast(new NegotiatedDeflate());
        }
        ch.pipeline()
                .addLast(new NativeWebSocketHandler(
                        hub, chat, format, ServerConfig.builder().build().webSocket()));
        ch.pipeline()
                .fireUserEventTriggered(
                        new WebSocketServerProtocolHandler.HandshakeComplete("/ws", EmptyHttpHeaders.INSTANCE, null));
        ch.writeInbound(new TextWebSocketFrame("{\"type\":\"join\",\"room\":\"r\"}"));
        settle(ch);
        drain(ch);
        channels.add(ch);
        return ch;
    }

    /** Lets the storage thread finish what was queued, then runs the channel's tasks. */
    private void settle(EmbeddedChannel ch) {
        hub.historyAfter("none", 0, 1).join();
        ch.runPendingTasks();
    }

    private static List<ByteBuf> drain(EmbeddedChannel ch) {
        List<ByteBuf> frames = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            frames.add((ByteBuf) o);
        }
        return frames;
    }

    /** The frame carrying {@code text} among what {@code ch} wrote, or null; the others are released. */
    private ByteBuf frameWith(EmbeddedChannel ch) {
        settle(ch);
        ByteBuf found = null;
        for (ByteBuf f : drain(ch)) {
            if (found == null && payloadText(f).contains("\"type\":\"message\"")) {
                found = f;
            } else {
                f.release();
            }
        }
        return found;
    }

    @Test
    void broadcastIsCompressedOnceForEveryDeflateRecipient() {
        EmbeddedChannel sender = connect(true);
        List<EmbeddedChannel> receivers = List.of(connect(true), connect(true), connect(true));
        sender.writeInbound(
                new TextWebSocketFrame("{\"type\":\"send\",\"room\":\"r\",\"text\":\"" + LONG_TEXT + "\"}"));
        settle(sender);
        List<ByteBuf> frames = new ArrayList<>();
        for (EmbeddedChannel r : receivers) {
            ByteBuf f = frameWith(r);
            assertThat(f).as("each receiver got the message").isNotNull();
            frames.add(f);
        }
        try {
            assertThat(format.deflated().compressions()).as("compressions").isEqualTo(1);
            for (ByteBuf f : frames) {
                assertThat(f.getUnsignedByte(f.readerIndex()))
                        .as("FIN, RSV1 (compressed), text")
                        .isEqualTo((short) 0xC1);
                assertThat(ByteBufUtil.equals(f, frames.get(0))).isTrue();
                assertThat(f.unwrap())
                        .as("a view of the one shared buffer")
                        .isSameAs(frames.get(0).unwrap());
            }
            assertThat(payloadText(frames.get(0))).contains(LONG_TEXT);
        } finally {
            frames.forEach(ByteBuf::release);
        }
    }

    @Test
    void recipientsWithoutDeflateGetThePlainFrameAndShortMessagesStayUncompressed() {
        EmbeddedChannel sender = connect(true);
        EmbeddedChannel plain = connect(false);
        EmbeddedChannel compressed = connect(true);
        sender.writeInbound(new TextWebSocketFrame("{\"type\":\"send\",\"room\":\"r\",\"text\":\"hi\"}"));
        settle(sender);
        ByteBuf shortFrame = frameWith(compressed);
        sender.writeInbound(
                new TextWebSocketFrame("{\"type\":\"send\",\"room\":\"r\",\"text\":\"" + LONG_TEXT + "\"}"));
        settle(sender);
        settle(plain);
        ByteBuf plainLong = null;
        for (ByteBuf f : drain(plain)) {
            if (plainLong == null && payloadText(f).contains(LONG_TEXT)) {
                plainLong = f;
            } else {
                f.release();
            }
        }
        assertThat(plainLong)
                .as("the long message reached the plain connection")
                .isNotNull();
        try {
            assertThat(shortFrame.getUnsignedByte(shortFrame.readerIndex()))
                    .as("a short message is sent as it is")
                    .isEqualTo((short) 0x81);
            assertThat(plainLong.getUnsignedByte(plainLong.readerIndex()))
                    .as("a connection without deflate")
                    .isEqualTo((short) 0x81);
            assertThat(payloadText(plainLong)).contains(LONG_TEXT);
            assertThat(format.deflated().compressions()).isEqualTo(1);
            assertThat(format.compressions()).isZero();
        } finally {
            shortFrame.release();
            plainLong.release();
        }
    }

    /** The text of a server frame, inflated when RSV1 says it is compressed (no context: on its own). */
    static String payloadText(ByteBuf frame) {
        int i = frame.readerIndex();
        int first = frame.getUnsignedByte(i);
        int len = frame.getUnsignedByte(i + 1);
        int header = 2;
        if (len == 126) {
            len = frame.getUnsignedShort(i + 2);
            header = 4;
        } else if (len == 127) {
            len = (int) frame.getLong(i + 2);
            header = 10;
        }
        byte[] payload = ByteBufUtil.getBytes(frame, i + header, len);
        if ((first & 0x40) == 0) {
            return new String(payload, StandardCharsets.UTF_8);
        }
        return new String(inflate(payload), StandardCharsets.UTF_8);
    }

    /** RFC 7692 section 7.2.2: append {@code 00 00 ff ff} and inflate raw DEFLATE. */
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

    /** Stands for Netty's deflate encoder, which the extension handshake adds to a negotiating pipeline. */
    private static final class NegotiatedDeflate extends WebSocketExtensionEncoder {
        @Override
        protected void encode(ChannelHandlerContext ctx, WebSocketFrame msg, List<Object> out) {
            out.add(msg.retain());
        }
    }
}
