package io.switchboard.socketio.internal.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Builds complete server-to-client WebSocket frames as bytes, so that one broadcast frame can be
 * written to many channels from the same buffer. Netty's frame encoder would copy the header and,
 * for small frames, the payload for every channel; a pre-built frame is passed through untouched.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * </pre>
 * Server frames are never masked (RFC 6455 section 5.1), and these are never fragmented. RSV1 marks
 * a compressed message (permessage-deflate); Netty's deflate encoder passes such frames untouched.
 */
public final class WebSocketFrames {
    private static final int FIN_TEXT = 0x81;
    /** FIN, RSV1 (the message is compressed, RFC 7692 section 6), text. */
    private static final int FIN_COMPRESSED_TEXT = 0xC1;

    private WebSocketFrames() {}

    /** A whole unmasked text frame holding {@code utf8} (which must be valid UTF-8). */
    public static ByteBuf text(ByteBufAllocator alloc, byte[] utf8) {
        return frame(alloc, FIN_TEXT, utf8);
    }

    /**
     * A whole text frame holding {@code utf8} compressed on its own for permessage-deflate
     * ({@link MessageDeflater}), RSV1 set: valid for every connection that negotiated it.
     */
    public static ByteBuf deflatedText(ByteBufAllocator alloc, byte[] utf8) {
        return frame(alloc, FIN_COMPRESSED_TEXT, MessageDeflater.deflate(utf8));
    }

    private static ByteBuf frame(ByteBufAllocator alloc, int firstByte, byte[] payload) {
        int len = payload.length;
        int header = len < 126 ? 2 : len <= 0xFFFF ? 4 : 10;
        ByteBuf frame = alloc.directBuffer(header + len);
        frame.writeByte(firstByte);
        if (len < 126) {
            frame.writeByte(len);
        } else if (len <= 0xFFFF) {
            frame.writeByte(126);
            frame.writeShort(len);
        } else {
            frame.writeByte(127);
            frame.writeLong(len);
        }
        frame.writeBytes(payload);
        return frame;
    }
}
