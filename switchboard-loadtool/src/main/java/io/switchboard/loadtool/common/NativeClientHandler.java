package io.switchboard.loadtool.common;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * The native-protocol ({@code /ws}) side of a load-tool client, between the WebSocket codec and the
 * {@link LoadClientHandler}: it joins room {@value #ROOM} once the handshake completes, hands on the
 * {@code joined} answer as the "welcome" and every {@code message} event as is, counts the
 * {@code ack}s (each is one message durably stored) and drops everything else unparsed.
 *
 * <pre>
 *   client: {"type":"join","room":"bench","limit":1}
 *   server: {"type":"welcome",…}                          dropped
 *   server: {"type":"joined","room":"bench",…}            → handed on, empty, as the "welcome"
 *   client: {"type":"send","room":"bench","text":"lt:…"}  (senders, see {@link #sendCommand})
 *   server: {"type":"ack",…}                              counted as stored, dropped
 *   server: {"type":"message","message":{… "lt:…"}}       → handed on, to be timed and counted
 * </pre>
 *
 * Relies on Switchboard writing {@code "type"} as the first field of every event. Frames are only
 * looked at by their first bytes; the tool shares the CPU with the servers it measures.
 *
 * <p>Event-loop confined: one instance per channel.
 */
final class NativeClientHandler extends ChannelInboundHandlerAdapter {

    /** The room every client joins and every message goes to. */
    static final String ROOM = "bench";

    private static final byte[] JOIN = ascii("{\"type\":\"join\",\"room\":\"" + ROOM + "\",\"limit\":1}");
    private static final byte[] JOINED = ascii("{\"type\":\"joined\"");
    private static final byte[] MESSAGE = ascii("{\"type\":\"message\"");
    private static final byte[] ACK = ascii("{\"type\":\"ack\"");
    private static final byte[] ERROR = ascii("{\"type\":\"error\"");
    private static final byte[] SEND_HEAD = ascii("{\"type\":\"send\",\"room\":\"" + ROOM + "\",\"text\":\"");
    private static final byte[] SEND_TAIL = ascii("\"}");

    private final ClientPool pool;
    private boolean joined;

    NativeClientHandler(ClientPool pool) {
        this.pool = pool;
    }

    /** A {@code send} command with this text (JSON-safe: the token's ASCII). */
    static byte[] sendCommand(byte[] text) {
        byte[] frame = new byte[SEND_HEAD.length + text.length + SEND_TAIL.length];
        System.arraycopy(SEND_HEAD, 0, frame, 0, SEND_HEAD.length);
        System.arraycopy(text, 0, frame, SEND_HEAD.length, text.length);
        System.arraycopy(SEND_TAIL, 0, frame, SEND_HEAD.length + text.length, SEND_TAIL.length);
        return frame;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(JOIN)), ctx.voidPromise());
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof TextWebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf content = frame.content();
        if (joined && startsWith(content, MESSAGE)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (startsWith(content, ACK)) {
                pool.onAck();
            } else if (!joined && startsWith(content, JOINED)) {
                joined = true;
                // The load-tool handler takes its first frame as the server's welcome.
                ctx.fireChannelRead(new TextWebSocketFrame(Unpooled.EMPTY_BUFFER));
            } else if (startsWith(content, ERROR)) {
                pool.onError("server error: " + content.toString(StandardCharsets.UTF_8));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    static boolean startsWith(ByteBuf buf, byte[] prefix) {
        int at = buf.readerIndex();
        if (buf.writerIndex() - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
