package io.switchboard.socketio.internal.engineio;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.switchboard.socketio.internal.protocol.engineio.EngineIoParseException;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacket;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacketCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The long-polling side of an {@link EngineIoSession}: the outbox of packets no poll has collected
 * yet, the one GET waiting for them (with what its reply needs: keep-alive, CORS headers, and the
 * listener that ends the session if its connection drops), and the POSTs that carry the client's
 * packets in.
 *
 * <p>The session decides what a packet means and when it ends; this class only parks, answers and
 * refuses requests. Byte accounting stays with the session: a poll that takes the whole outbox
 * tells it through {@link EngineIoSession#outboxDrained}.
 *
 * <p>Confined to the session's event loop, like the session itself; handlers of the HTTP channels
 * hop there before calling in.
 */
final class EngineIoPolling {
    private final EngineIoSession session;
    /** Packets waiting for the next poll, counted in the session's buffered bytes; loop-confined. */
    private final ArrayDeque<EnginePacket> outbox = new ArrayDeque<>();
    /** The poll waiting for packets, at most one; loop-confined. */
    private ChannelHandlerContext pendingGet;
    /** Whether the waiting poll's connection stays open after its reply; loop-confined. */
    private boolean pendingGetKeepAlive;
    /** The CORS headers the waiting poll's request earned; loop-confined. */
    private HttpHeaders pendingGetCors;
    /** Closes the session if the waiting poll's connection drops; null once answered; loop-confined. */
    private GenericFutureListener<Future<Void>> pendingGetAbort;
    /** True while a flush of the outbox is scheduled on the loop; loop-confined. */
    private boolean flushScheduled;

    EngineIoPolling(EngineIoSession session) {
        this.session = session;
    }

    /** Whether a GET is parked, waiting for packets. */
    boolean hasWaitingGet() {
        return pendingGet != null;
    }

    /** Whether no packet waits for a poll. */
    boolean isOutboxEmpty() {
        return outbox.isEmpty();
    }

    /** Queues a packet (already counted by the session) for the next poll. */
    void send(EnginePacket p) {
        outbox.add(p);
        if (!flushScheduled) {
            // packets sent in one loop turn (an event and its attachments) leave in one response
            flushScheduled = true;
            session.loop().execute(this::flush);
        }
    }

    /** Hands the outbox over to the WebSocket at an upgrade; its bytes stay counted. */
    void moveOutboxTo(EngineIoWebSocketWriter writer) {
        writer.addAll(outbox);
        outbox.clear();
    }

    private void flush() {
        flushScheduled = false;
        if (pendingGet != null && !outbox.isEmpty()) {
            answer(new ArrayList<>(outbox));
            outbox.clear();
            // on polling the outbox is the only buffer
            session.outboxDrained();
        }
    }

    /** Answers the waiting poll with {@code packets}; there must be one. */
    void answer(List<EnginePacket> packets) {
        ChannelHandlerContext ctx = pendingGet;
        HttpHeaders cors = pendingGetCors;
        pendingGet = null;
        pendingGetCors = null;
        if (pendingGetAbort != null) {
            // keep-alive connections carry many polls: do not pile up listeners on them
            ctx.channel().closeFuture().removeListener(pendingGetAbort);
            pendingGetAbort = null;
        }
        HttpReplies.send(
                ctx,
                pendingGetKeepAlive,
                HttpResponseStatus.OK,
                HttpReplies.TEXT,
                EnginePacketCodec.encodePayload(packets),
                cors);
    }

    /** A GET of this session's id. */
    void onGet(ChannelHandlerContext ctx, boolean keepAlive, HttpHeaders cors) {
        boolean closed = session.isClosed();
        if (closed || session.transport() != EngineTransport.POLLING) {
            HttpReplies.error(ctx, keepAlive, closed ? EngineIoError.UNKNOWN_SID : EngineIoError.BAD_REQUEST, cors);
            return;
        }
        if (session.isCloseRequested()) {
            park(ctx, keepAlive, cors);
            session.close(EngineCloseReason.CLIENT_CLOSE);
            return;
        }
        if (pendingGet != null) {
            // the reference server closes a session whose client polls twice at once
            HttpReplies.error(ctx, keepAlive, EngineIoError.BAD_REQUEST, cors);
            session.close(EngineCloseReason.TRANSPORT_ERROR);
            return;
        }
        park(ctx, keepAlive, cors);
        if (!outbox.isEmpty()) {
            flush();
        } else if (session.isUpgrading()) {
            answer(List.of(EnginePacket.NOOP));
        }
        if (pendingGet == ctx) {
            // a client that gives up its poll has gone away (the reference server closes too)
            pendingGetAbort = f -> session.loop().execute(() -> {
                if (pendingGet == ctx) {
                    pendingGet = null;
                    session.close(EngineCloseReason.TRANSPORT_CLOSE);
                }
            });
            ctx.channel().closeFuture().addListener(pendingGetAbort);
        }
    }

    private void park(ChannelHandlerContext ctx, boolean keepAlive, HttpHeaders cors) {
        pendingGet = ctx;
        pendingGetKeepAlive = keepAlive;
        pendingGetCors = cors;
    }

    /** A POST of this session's id: its packets go to the session in order until one ends it. */
    void onPost(ChannelHandlerContext ctx, boolean keepAlive, String body, HttpHeaders cors) {
        boolean closed = session.isClosed();
        if (closed || session.isCloseRequested() || session.transport() != EngineTransport.POLLING) {
            HttpReplies.error(ctx, keepAlive, closed ? EngineIoError.UNKNOWN_SID : EngineIoError.BAD_REQUEST, cors);
            return;
        }
        List<EnginePacket> packets;
        try {
            packets = EnginePacketCodec.decodePayload(body);
        } catch (EngineIoParseException e) {
            HttpReplies.error(ctx, false, EngineIoError.BAD_REQUEST, cors);
            session.close(EngineCloseReason.PARSE_ERROR);
            return;
        }
        HttpReplies.send(ctx, keepAlive, HttpResponseStatus.OK, HttpReplies.HTML, "ok", cors);
        for (EnginePacket p : packets) {
            if (session.isClosed() || session.isCloseRequested()) {
                return;
            }
            session.onPacket(p);
        }
    }

    /**
     * The session closed: a waiting poll learns of it (a client that asked to close gets a noop),
     * and the outbox is dropped.
     */
    void close(EngineCloseReason reason) {
        if (pendingGet != null) {
            answer(List.of(reason == EngineCloseReason.CLIENT_CLOSE ? EnginePacket.NOOP : EnginePacket.CLOSE));
        }
        outbox.clear();
    }
}
