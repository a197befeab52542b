package io.switchboard.loadtool.common;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * The Socket.IO side of a load-tool client, between the WebSocket codec and the
 * {@link LoadClientHandler}: it speaks just enough Engine.IO v4 and Socket.IO v5 (text packets of
 * the main namespace) for the chat, and hands on only what the load-tool counts.
 *
 * <pre>
 *   server: 0{"sid":…,"pingInterval":…}     Engine.IO open          client: 40  (CONNECT /)
 *   server: 40{"sid":…}                     CONNECT reply            client: 421["join",{"room":"bench"}]
 *   server: 431[…]                          join's ack               → handed on, empty, as the "welcome"
 *   server: 42["message",{… "text":"lt:…"}…] a message event        → handed on as is, to be timed and counted
 *   server: 2                               Engine.IO ping           client: 3
 * </pre>
 *
 * Every other frame (Switchboard's {@code welcome} and {@code presence} events, other acks, a
 * second CONNECT) is dropped here, unparsed. Senders write {@link #messageEvent} frames without an
 * ack id: the server's broadcast is the only reply the load tool waits for. Frames are only looked
 * at by their first bytes; the tool shares the CPU with the server it measures.
 *
 * <p>Event-loop confined: one instance per channel.
 */
final class SocketIoClientHandler extends ChannelInboundHandlerAdapter {

    /** The room every client joins and every message goes to. */
    static final String ROOM = "bench";

    private static final byte[] CONNECT = ascii("40");
    private static final byte[] JOIN = ascii("421[\"join\",{\"room\":\"" + ROOM + "\"}]");
    private static final byte[] JOIN_ACK = ascii("431[");
    private static final byte[] MESSAGE_EVENT = ascii("42[\"message\",");
    private static final byte[] MESSAGE_HEAD = ascii("42[\"message\",{\"room\":\"" + ROOM + "\",\"text\":\"");
    private static final byte[] MESSAGE_TAIL = ascii("\"}]");
    private static final byte[] PONG = ascii("3");

    /** Where the client is in its handshake. */
    private enum State {
        AWAIT_OPEN,
        AWAIT_CONNECT,
        AWAIT_JOIN_ACK,
        JOINED
    }

    private State state = State.AWAIT_OPEN;

    /** A {@code message} event of the main namespace with this text (JSON-safe: the token's ASCII). */
    static byte[] messageEvent(byte[] text) {
        byte[] frame = new byte[MESSAGE_HEAD.length + text.length + MESSAGE_TAIL.length];
        System.arraycopy(MESSAGE_HEAD, 0, frame, 0, MESSAGE_HEAD.length);
        System.arraycopy(text, 0, frame, MESSAGE_HEAD.length, text.length);
        System.arraycopy(MESSAGE_TAIL, 0, frame, MESSAGE_HEAD.length + text.length, MESSAGE_TAIL.length);
        return frame;
    }

    /** True if the frame is a {@code message} event of the main namespace (any ack id absent). */
    static boolean isMessageEvent(ByteBuf frame) {
        return startsWith(frame, MESSAGE_EVENT);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof TextWebSocketFrame frame)) {
            ctx.fireChannelRead(msg); // binary, continuation: not ours to judge
            return;
        }
        ByteBuf content = frame.content();
        if (state == State.JOINED && isMessageEvent(content)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            onControl(ctx, content);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onControl(ChannelHandlerContext ctx, ByteBuf content) {
        if (!content.isReadable()) {
            return;
        }
        int at = content.readerIndex();
        byte engine = content.getByte(at);
        switch (engine) {
            case '0' -> {
                if (state == State.AWAIT_OPEN) {
                    state = State.AWAIT_CONNECT;
                    send(ctx, CONNECT);
                }
            }
            case '2' -> send(ctx, PONG); // ping (a "2probe" only comes during an upgrade, which we never ask for)
            case '1' -> ctx.close();
            case '4' -> onSocketPacket(ctx, content, at);
            default -> {} // pong, noop, upgrade: nothing to do
        }
    }

    private void onSocketPacket(ChannelHandlerContext ctx, ByteBuf content, int at) {
        if (content.writerIndex() - at < 2) {
            return;
        }
        switch (content.getByte(at + 1)) {
            case '0' -> {
                if (state == State.AWAIT_CONNECT) {
                    state = State.AWAIT_JOIN_ACK;
                    send(ctx, JOIN);
                }
            }
            case '3' -> {
                if (state == State.AWAIT_JOIN_ACK && startsWith(content, JOIN_ACK)) {
                    state = State.JOINED;
                    // The load-tool handler takes its first frame as the server's welcome.
                    ctx.fireChannelRead(new TextWebSocketFrame(Unpooled.EMPTY_BUFFER));
                }
            }
            case '4' ->
                ctx.fireExceptionCaught(new IllegalStateException(
                        "Socket.IO CONNECT refused: " + content.toString(StandardCharsets.UTF_8)));
            case '1' -> ctx.close();
            default -> {} // other events, binary packets: not the chat's
        }
    }

    private static void send(ChannelHandlerContext ctx, byte[] text) {
        ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.copiedBuffer(text)), ctx.voidPromise());
    }

    private static boolean startsWith(ByteBuf buf, byte[] prefix) {
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
