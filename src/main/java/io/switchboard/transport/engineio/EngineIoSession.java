package io.switchboard.transport.engineio;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.switchboard.protocol.engineio.EngineIoParseException;
import io.switchboard.protocol.engineio.EnginePacket;
import io.switchboard.protocol.engineio.EnginePacketCodec;
import io.switchboard.protocol.engineio.EnginePacketType;
import io.switchboard.transport.websocket.CloseReasons;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Engine.IO session: its transport (long-polling, WebSocket, or polling being upgraded), the
 * buffer of packets a poll has not collected yet, and the heartbeat.
 *
 * <p>Confined to its home event loop ({@link #loop()}): every method except {@link #send},
 * {@link #close}, {@link #transport()} and {@link #isUpgrading()} must run on it; handlers of other
 * channels hop there with {@code loop().execute}.
 */
public final class EngineIoSession {
    /** What the layer above hears from a session. Called on the session's loop. */
    public interface Listener {
        /** A message packet (text or binary) from the client. */
        void onMessage(EnginePacket message);

        /** The session ended; called once. */
        void onClose(EngineCloseReason reason);
    }

    private static final Listener NO_LISTENER = new Listener() {
        @Override
        public void onMessage(EnginePacket message) {
        }

        @Override
        public void onClose(EngineCloseReason reason) {
        }
    };

    private final String id;
    private final EngineIoServer server;
    private final EventLoop loop;
    private final EngineIoConfig config;
    /** Set once before the first packet is delivered; loop-confined. */
    private Listener listener = NO_LISTENER;
    /** The active transport; written on the loop, read from any thread. */
    private volatile EngineTransport transport;
    /** True between a WebSocket probe's {@code 2probe} and its {@code 5}; written on the loop. */
    private volatile boolean upgrading;
    /** The WebSocket of an upgraded or WebSocket-born session; loop-confined. */
    private Channel webSocket;
    /** The WebSocket probing an upgrade, until it sends {@code 5}; loop-confined. */
    private Channel probe;
    /** Packets waiting for the next poll; loop-confined; empty while on WebSocket. */
    private final ArrayDeque<EnginePacket> outbox = new ArrayDeque<>();
    /** Packets for the WebSocket waiting for the previous batch's write; loop-confined. */
    private final ArrayDeque<EnginePacket> wsQueue = new ArrayDeque<>();
    /** Size of the packets in the outbox, the WebSocket queue and the batch being written; loop-confined. */
    private long bufferedBytes;
    /** Size of the WebSocket batch being written; loop-confined. */
    private long batchBytes;
    /** True while a batch of WebSocket frames is being written; loop-confined. */
    private boolean wsWriting;
    /** The poll waiting for packets, at most one; loop-confined. */
    private ChannelHandlerContext pendingGet;
    private boolean pendingGetKeepAlive;
    /** The CORS headers the waiting poll's request earned; loop-confined. */
    private HttpHeaders pendingGetCors;
    /** Closes the session if the waiting poll's connection drops; loop-confined. */
    private io.netty.util.concurrent.GenericFutureListener<io.netty.util.concurrent.Future<Void>> pendingGetAbort;
    /** True while a flush of the outbox is scheduled on the loop; loop-confined. */
    private boolean flushScheduled;
    /** Loop-confined. */
    private boolean closed;
    /**
     * The client posted a close packet while no poll was waiting; loop-confined. The next poll
     * (it may be racing the POST on another connection) gets the noop, then the session ends;
     * without one it ends after the ping timeout.
     */
    private boolean closeRequested;
    /** The next ping, or the wait for its pong; loop-confined. */
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> pongTimer;
    private ScheduledFuture<?> upgradeTimer;

    EngineIoSession(String id, EngineIoServer server, EventLoop loop, EngineTransport transport) {
        this.id = id;
        this.server = server;
        this.loop = loop;
        this.config = server.config();
        this.transport = transport;
    }

    public String id() {
        return id;
    }

    public EventLoop loop() {
        return loop;
    }

    public EngineTransport transport() {
        return transport;
    }

    public boolean isUpgrading() {
        return upgrading;
    }

    /** Sets who hears this session's messages; call on the loop before the open packet is sent. */
    public void listener(Listener l) {
        this.listener = l;
    }

    String openPayload(boolean canUpgrade) {
        return "{\"sid\":\"" + id + "\",\"upgrades\":" + (canUpgrade ? "[\"websocket\"]" : "[]")
                + ",\"pingInterval\":" + config.pingInterval().toMillis()
                + ",\"pingTimeout\":" + config.pingTimeout().toMillis()
                + ",\"maxPayload\":" + config.maxPayload() + "}";
    }

    /** Starts the heartbeat; called once on the loop after the open packet is queued. */
    void start() {
        schedulePing();
    }

    void attachWebSocket(Channel ch) {
        webSocket = ch;
    }

    /**
     * Whether a packet sent now leaves at once: a poll is waiting, or the WebSocket is idle and
     * writable (the reference's {@code transport.writable}, which volatile events need).
     * Loop-confined.
     */
    public boolean isWritable() {
        if (closed || upgrading) {
            return false;
        }
        if (transport == EngineTransport.WEBSOCKET) {
            return webSocket != null && !wsWriting && webSocket.isWritable();
        }
        return pendingGet != null;
    }

    /** Sends a packet to the client; any thread. Packets sent after close are dropped. */
    public void send(EnginePacket p) {
        if (loop.inEventLoop()) {
            enqueue(p);
        } else {
            loop.execute(() -> enqueue(p));
        }
    }

    private void enqueue(EnginePacket p) {
        if (closed) {
            return;
        }
        bufferedBytes += p.isBinary() ? p.binary().length : p.text().length() + 1;
        if (bufferedBytes > config.maxBufferedBytes()) {
            close(EngineCloseReason.SLOW_CONSUMER);
            return;
        }
        if (transport == EngineTransport.WEBSOCKET) {
            wsQueue.add(p);
            if (!wsWriting) {
                writeWebSocketBatch();
            }
            return;
        }
        outbox.add(p);
        if (!flushScheduled) {
            // packets sent in one loop turn (an event and its attachments) leave in one response
            flushScheduled = true;
            loop.execute(this::flushPoll);
        }
    }

    /**
     * Writes everything queued as one batch; packets sent until its write completes form the next
     * batch. As in the reference server, so a client that reads packet by packet (the official
     * test suite's {@code waitFor}) sees the CONNECT reply and the first event apart.
     */
    private void writeWebSocketBatch() {
        Channel ch = webSocket;
        if (wsQueue.isEmpty() || ch == null) {
            return;
        }
        wsWriting = true;
        batchBytes = 0;
        io.netty.channel.ChannelFuture last = null;
        while (!wsQueue.isEmpty()) {
            EnginePacket p = wsQueue.poll();
            batchBytes += p.isBinary() ? p.binary().length : p.text().length() + 1;
            last = ch.write(p.isBinary() ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(p.binary()))
                    : new TextWebSocketFrame(EnginePacketCodec.encodeText(p)));
        }
        ch.flush();
        last.addListener(f -> loop.execute(() -> {
            wsWriting = false;
            bufferedBytes -= batchBytes;
            if (!closed && f.isSuccess()) {
                writeWebSocketBatch();
            }
        }));
    }

    private static void writeFrame(Channel ch, EnginePacket p) {
        if (p.isBinary()) {
            ch.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(p.binary())));
        } else {
            ch.writeAndFlush(new TextWebSocketFrame(EnginePacketCodec.encodeText(p)));
        }
    }

    private void flushPoll() {
        flushScheduled = false;
        if (pendingGet != null && !outbox.isEmpty()) {
            answerGet(new ArrayList<>(outbox));
            outbox.clear();
            // on polling the outbox is the only buffer
            bufferedBytes = 0;
        }
    }

    private void answerGet(List<EnginePacket> packets) {
        ChannelHandlerContext ctx = pendingGet;
        HttpHeaders cors = pendingGetCors;
        pendingGet = null;
        pendingGetCors = null;
        if (pendingGetAbort != null) {
            // keep-alive connections carry many polls: do not pile up listeners on them
            ctx.channel().closeFuture().removeListener(pendingGetAbort);
            pendingGetAbort = null;
        }
        HttpReplies.send(ctx, pendingGetKeepAlive, HttpResponseStatus.OK, HttpReplies.TEXT,
                EnginePacketCodec.encodePayload(packets), cors);
    }

    void onPollGet(ChannelHandlerContext ctx, boolean keepAlive, HttpHeaders cors) {
        if (closed || transport != EngineTransport.POLLING) {
            HttpReplies.error(ctx, keepAlive, closed ? EngineIoError.UNKNOWN_SID : EngineIoError.BAD_REQUEST, cors);
            return;
        }
        if (closeRequested) {
            pendingGet = ctx;
            pendingGetKeepAlive = keepAlive;
            pendingGetCors = cors;
            close(EngineCloseReason.CLIENT_CLOSE);
            return;
        }
        if (pendingGet != null) {
            // the reference server closes a session whose client polls twice at once
            HttpReplies.error(ctx, keepAlive, EngineIoError.BAD_REQUEST, cors);
            close(EngineCloseReason.TRANSPORT_ERROR);
            return;
        }
        pendingGet = ctx;
        pendingGetKeepAlive = keepAlive;
        pendingGetCors = cors;
        if (!outbox.isEmpty()) {
            flushPoll();
        } else if (upgrading) {
            answerGet(List.of(EnginePacket.NOOP));
        }
        if (pendingGet == ctx) {
            // a client that gives up its poll has gone away (the reference server closes too)
            pendingGetAbort = f -> loop.execute(() -> {
                if (pendingGet == ctx) {
                    pendingGet = null;
                    close(EngineCloseReason.TRANSPORT_CLOSE);
                }
            });
            ctx.channel().closeFuture().addListener(pendingGetAbort);
        }
    }

    void onPollPost(ChannelHandlerContext ctx, boolean keepAlive, String body, HttpHeaders cors) {
        if (closed || closeRequested || transport != EngineTransport.POLLING) {
            HttpReplies.error(ctx, keepAlive, closed ? EngineIoError.UNKNOWN_SID : EngineIoError.BAD_REQUEST, cors);
            return;
        }
        List<EnginePacket> packets;
        try {
            packets = EnginePacketCodec.decodePayload(body);
        } catch (EngineIoParseException e) {
            HttpReplies.error(ctx, false, EngineIoError.BAD_REQUEST, cors);
            close(EngineCloseReason.PARSE_ERROR);
            return;
        }
        HttpReplies.send(ctx, keepAlive, HttpResponseStatus.OK, HttpReplies.HTML, "ok", cors);
        for (EnginePacket p : packets) {
            if (closed || closeRequested) {
                return;
            }
            onPacket(p);
        }
    }

    /** A packet from the session's own WebSocket. */
    void onWebSocketFrame(Channel ch, EnginePacket p) {
        if (ch == probe) {
            onProbeFrame(p);
        } else if (ch == webSocket && !closed) {
            onPacket(p);
        }
    }

    /** A frame that is not an Engine.IO packet. */
    void onWebSocketGarbage(Channel ch) {
        if (ch == probe) {
            dropProbe();
        } else if (ch == webSocket) {
            close(EngineCloseReason.PARSE_ERROR);
        }
    }

    void onWebSocketClosed(Channel ch) {
        if (ch == probe) {
            dropProbe();
        } else if (ch == webSocket) {
            close(EngineCloseReason.TRANSPORT_CLOSE);
        }
    }

    /** A WebSocket that opened with this session's id; false when the session cannot upgrade now. */
    boolean beginProbe(Channel ch) {
        if (closed || transport != EngineTransport.POLLING || probe != null) {
            return false;
        }
        probe = ch;
        upgradeTimer = loop.schedule(this::dropProbe, config.upgradeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    private void onProbeFrame(EnginePacket p) {
        if (p.type() == EnginePacketType.PING && p.text().equals("probe")) {
            writeFrame(probe, EnginePacket.of(EnginePacketType.PONG, "probe"));
            upgrading = true;
            if (pendingGet != null && outbox.isEmpty()) {
                // ends the waiting poll so the client can stop polling and send the upgrade
                answerGet(List.of(EnginePacket.NOOP));
            }
        } else if (p.type() == EnginePacketType.UPGRADE && upgrading) {
            cancel(upgradeTimer);
            webSocket = probe;
            probe = null;
            upgrading = false;
            transport = EngineTransport.WEBSOCKET;
            if (pendingGet != null) {
                answerGet(List.of(EnginePacket.NOOP));
            }
            wsQueue.addAll(outbox);
            outbox.clear();
            writeWebSocketBatch();
        } else {
            dropProbe();
        }
    }

    private void dropProbe() {
        cancel(upgradeTimer);
        upgrading = false;
        if (probe != null) {
            Channel ch = probe;
            probe = null;
            ch.close();
        }
    }

    private void onPacket(EnginePacket p) {
        switch (p.type()) {
            case PONG -> {
                cancel(pongTimer);
                schedulePing();
            }
            case PING -> enqueue(EnginePacket.of(EnginePacketType.PONG, p.text()));
            case MESSAGE -> listener.onMessage(p);
            case CLOSE -> {
                if (transport == EngineTransport.POLLING && pendingGet == null && !closed) {
                    closeRequested = true;
                    cancel(pingTimer);
                    cancel(pongTimer);
                    pongTimer = loop.schedule(() -> close(EngineCloseReason.CLIENT_CLOSE),
                            config.pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    close(EngineCloseReason.CLIENT_CLOSE);
                }
            }
            case OPEN, UPGRADE, NOOP -> {
                // harmless out of place; the reference server ignores them too
            }
        }
    }

    private void schedulePing() {
        cancel(pingTimer);
        pingTimer = loop.schedule(() -> {
            enqueue(EnginePacket.PING);
            cancel(pongTimer);
            pongTimer = loop.schedule(() -> close(EngineCloseReason.PING_TIMEOUT),
                    config.pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }, config.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Ends the session; any thread; idempotent. */
    public void close(EngineCloseReason reason) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> close(reason));
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        cancel(pingTimer);
        cancel(pongTimer);
        dropProbe();
        server.remove(this);
        if (pendingGet != null) {
            // a client that asked to close gets a noop; otherwise the poll learns of the close
            answerGet(List.of(reason == EngineCloseReason.CLIENT_CLOSE ? EnginePacket.NOOP : EnginePacket.CLOSE));
        }
        outbox.clear();
        if (webSocket != null && webSocket.isActive()) {
            Channel ch = webSocket;
            for (EnginePacket queued : wsQueue) {
                writeFrame(ch, queued);
            }
            wsQueue.clear();
            if (reason == EngineCloseReason.FORCED_CLOSE || reason == EngineCloseReason.SERVER_SHUTDOWN) {
                writeFrame(ch, EnginePacket.CLOSE);
            }
            if (reason == EngineCloseReason.SERVER_SHUTDOWN) {
                // 1001 "server shutting down", as every other WebSocket of the server gets
                CloseReasons.close(ch, CloseReasons.SHUTTING_DOWN);
            } else {
                ch.writeAndFlush(new CloseWebSocketFrame(reason == EngineCloseReason.PARSE_ERROR
                        ? WebSocketCloseStatus.INVALID_PAYLOAD_DATA : WebSocketCloseStatus.NORMAL_CLOSURE))
                        .addListener(f -> ch.close());
            }
        }
        listener.onClose(reason);
    }
}
