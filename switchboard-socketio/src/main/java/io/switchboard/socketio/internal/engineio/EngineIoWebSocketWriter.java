package io.switchboard.socketio.internal.engineio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacket;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacketCodec;
import io.switchboard.socketio.internal.websocket.CloseReasons;
import io.switchboard.socketio.internal.websocket.SharedDeflateFrames;
import io.switchboard.socketio.internal.websocket.WebSocketUpgrade;
import java.util.ArrayDeque;
import java.util.Collection;

/**
 * The WebSocket side of an {@link EngineIoSession}: the session's WebSocket (once it is born on
 * one or has upgraded), the packets waiting for it, and the batch being written.
 *
 * <p>Packets go out in batches: everything queued is written and flushed at once, and packets
 * queued until that write completes form the next batch. As in the reference server, so a client
 * that reads packet by packet (the official test suite's {@code waitFor}) sees the CONNECT reply
 * and the first event apart.
 *
 * <p>A broadcast's message is written as the broadcast's frame built once ({@link SharedDeflateFrames}):
 * compressed on a WebSocket with permessage-deflate, plain on one without; a view of the same
 * buffer for every such recipient, from the handler nearest the head ({@link WebSocketUpgrade#FIRST})
 * since it is a complete frame already. Every other packet goes through the pipeline, where Netty's
 * encoder frames (and compresses) it for this connection alone. Both reach the socket in the order
 * written.
 *
 * <p>A batch ends at {@link #MAX_BATCH_BYTES} or when the WebSocket stops being writable; what is
 * left stays queued for the next one. A packet waits here as a reference (a broadcast's packet is
 * one instance shared by every recipient, its payload encoded once), where in the channel's
 * outbound buffer it would be a frame of its own: a client that reads slowly, or a burst of
 * presence events, costs a few bytes per packet rather than a copy (issue #12).
 *
 * <p>Byte accounting stays with the session: this writer reports each batch's size back through
 * {@link EngineIoSession#batchWritten} once the batch has left.
 *
 * <p>Confined to the session's event loop, like the session itself; write completions hop back
 * there.
 */
final class EngineIoWebSocketWriter {
    /** A batch stops taking packets once it holds this many bytes. */
    static final int MAX_BATCH_BYTES = 64 * 1024;

    /** A broadcast's packet and its shared frame, compressed or plain (a view this writer owns until written). */
    private record Prebuilt(EnginePacket packet, ByteBuf frame) {}

    private final EngineIoSession session;
    /** The session's WebSocket, set once and never cleared; null while on polling; loop-confined. */
    private Channel socket;
    /** Where prebuilt frames are written from: after TLS, before every WebSocket encoder; loop-confined. */
    private ChannelHandlerContext headmost;
    /** Whether the WebSocket negotiated permessage-deflate (always on the shared terms); loop-confined. */
    private boolean deflate;
    /**
     * Whether prebuilt frames can be written on this channel: a real upgraded WebSocket, with
     * Netty's encoder to bypass; not a relayed one (an embedded channel that forwards frame objects
     * to the node holding the client's connection); loop-confined.
     */
    private boolean takesPrebuilt;
    /**
     * Packets ({@link EnginePacket}, or {@link Prebuilt} for a shared frame) waiting for the previous
     * batch's write; loop-confined; empty while on polling.
     */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    /** Size of the batch being written, counted in the session's buffered bytes; loop-confined. */
    private long batchBytes;
    /** True from a batch's write until its completion has run on the loop; loop-confined. */
    private boolean writing;

    EngineIoWebSocketWriter(EngineIoSession session) {
        this.session = session;
    }

    /** Makes {@code ch} the session's WebSocket; does not write what is queued. */
    void attach(Channel ch) {
        socket = ch;
        // the extension handler adds its encoder when the 101 is written, before the handshake completes
        deflate = ch.pipeline().get(WebSocketExtensionEncoder.class) != null;
        ChannelHandlerContext first = ch.pipeline().context(WebSocketUpgrade.FIRST);
        takesPrebuilt = first != null;
        headmost = first != null ? first : ch.pipeline().firstContext();
    }

    /** The session's WebSocket, or null while it has none. */
    Channel socket() {
        return socket;
    }

    /** Whether a packet queued now leaves at once: a WebSocket that is idle and writable. */
    boolean isWritable() {
        return socket != null && !writing && socket.isWritable();
    }

    /**
     * Queues a packet (already counted by the session) and writes it unless a batch is in flight; a
     * text message with a broadcast's {@code shared} frames (null for none) goes as their frame: the
     * compressed one when this WebSocket compresses and the message is long enough, else the plain
     * one when its text is the broadcast's. The caller holds {@code shared}.
     */
    void send(EnginePacket p, SharedDeflateFrames shared) {
        ByteBuf frame = null;
        if (shared != null && takesPrebuilt && !p.isBinary()) {
            frame = deflate
                    ? shared.frame(p.text(), session.server().sharedCompressionCounter())
                    : shared.plainFrame(p.text());
        }
        queue.add(frame == null ? p : new Prebuilt(p, frame));
        if (!writing) {
            writeBatch();
        }
    }

    /** Queues packets handed over from the polling outbox at an upgrade; does not write them. */
    void addAll(Collection<EnginePacket> packets) {
        queue.addAll(packets);
    }

    /** Writes everything queued as one batch; nothing when the queue is empty or no WebSocket is attached. */
    void writeBatch() {
        Channel ch = socket;
        if (queue.isEmpty() || ch == null) {
            return;
        }
        writing = true;
        batchBytes = 0;
        ChannelFuture last = null;
        while (!queue.isEmpty() && (last == null || (batchBytes < MAX_BATCH_BYTES && ch.isWritable()))) {
            Object next = queue.poll();
            if (next instanceof Prebuilt shared) {
                batchBytes += shared.packet().text().length() + 1;
                last = writePrebuilt(ch, shared.frame());
                continue;
            }
            EnginePacket p = (EnginePacket) next;
            batchBytes += p.isBinary() ? p.binary().length : p.text().length() + 1;
            last = ch.write(frame(p));
        }
        ch.flush();
        last.addListener(f -> session.loop().execute(() -> {
            writing = false;
            session.batchWritten(batchBytes);
            if (!session.isClosed() && f.isSuccess()) {
                writeBatch();
            }
        }));
    }

    /**
     * The session closed: writes what is still queued without waiting for the batch in flight,
     * then the close packet when the server ended the session, then the WebSocket close frame.
     */
    void close(EngineCloseReason reason) {
        if (socket == null || !socket.isActive()) {
            for (Object queued : queue) {
                if (queued instanceof Prebuilt shared) {
                    shared.frame().release();
                }
            }
            queue.clear();
            return;
        }
        Channel ch = socket;
        for (Object queued : queue) {
            if (queued instanceof Prebuilt shared) {
                writePrebuilt(ch, shared.frame());
                ch.flush();
            } else {
                writeFrame(ch, (EnginePacket) queued);
            }
        }
        queue.clear();
        if (reason == EngineCloseReason.FORCED_CLOSE || reason == EngineCloseReason.SERVER_SHUTDOWN) {
            writeFrame(ch, EnginePacket.CLOSE);
        }
        if (reason == EngineCloseReason.SERVER_SHUTDOWN) {
            // 1001 "server shutting down", as every other WebSocket of the server gets
            CloseReasons.close(ch, CloseReasons.SHUTTING_DOWN);
        } else {
            ch.writeAndFlush(new CloseWebSocketFrame(
                            reason == EngineCloseReason.PARSE_ERROR
                                    ? WebSocketCloseStatus.INVALID_PAYLOAD_DATA
                                    : WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(f -> ch.close());
        }
    }

    /**
     * Writes a shared frame past the WebSocket handlers, unless the channel's close frame is on its
     * way ({@link CloseReasons#CLOSING}): the protocol handler that refuses frames after it is
     * bypassed too, so the frame is dropped here instead.
     */
    private ChannelFuture writePrebuilt(Channel ch, ByteBuf frame) {
        if (ch.hasAttr(CloseReasons.CLOSING)) {
            frame.release();
            return ch.newSucceededFuture();
        }
        if (deflate) {
            session.server().sharedFrameWriteCounter().increment(); // compressed once, as it counts
        }
        return headmost.write(frame);
    }

    /** Writes and flushes one packet as one frame, outside any batch. */
    static void writeFrame(Channel ch, EnginePacket p) {
        ch.writeAndFlush(frame(p));
    }

    /** A packet as a WebSocket frame; a shared packet's pre-encoded payload is wrapped, not copied. */
    private static WebSocketFrame frame(EnginePacket p) {
        if (p.isBinary()) {
            return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(p.binary()));
        }
        if (p.frame() != null) {
            return new TextWebSocketFrame(Unpooled.wrappedBuffer(p.frame()));
        }
        return new TextWebSocketFrame(EnginePacketCodec.encodeText(p));
    }
}
