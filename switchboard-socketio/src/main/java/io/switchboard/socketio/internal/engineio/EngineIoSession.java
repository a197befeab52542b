package io.switchboard.socketio.internal.engineio;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacket;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacketType;
import io.switchboard.socketio.internal.websocket.SharedDeflateFrames;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO session: its transport (long-polling, WebSocket, or polling being upgraded), the
 * upgrade probe, the heartbeat, and the count of bytes sent but not yet written. What each
 * transport does with packets lives in its collaborator: {@link EngineIoPolling} (the outbox and
 * the waiting poll) and {@link EngineIoWebSocketWriter} (the WebSocket and its batches).
 *
 * <p>Confined to its home event loop ({@link #loop()}): every method except {@link #send},
 * {@link #close}, {@link #transport()} and {@link #isUpgrading()} must run on it; handlers of other
 * channels hop there with {@code loop().execute}. Its collaborators are confined to the same loop.
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
        public void onMessage(EnginePacket message) {}

        @Override
        public void onClose(EngineCloseReason reason) {}
    };

    private static final Logger log = LoggerFactory.getLogger(EngineIoSession.class);

    private final String id;
    /** The peer of the connection whose request opened the session; later polls may come on other connections. */
    private final SocketAddress remoteAddress;

    private final EngineIoServer server;
    private final EventLoop loop;
    private final EngineIoConfig config;
    private final EngineIoPolling polling = new EngineIoPolling(this);
    private final EngineIoWebSocketWriter webSocket = new EngineIoWebSocketWriter(this);
    /** Set once before the first packet is delivered; loop-confined. */
    private Listener listener = NO_LISTENER;
    /** The active transport; written on the loop, read from any thread. */
    private volatile EngineTransport transport;
    /** True between a WebSocket probe's {@code 2probe} and its {@code 5}; written on the loop. */
    private volatile boolean upgrading;
    /** The WebSocket probing an upgrade, until it sends {@code 5}; loop-confined. */
    private Channel probe;
    /**
     * Size of the packets in the polling outbox, the WebSocket queue and the WebSocket batch being
     * written; above {@link EngineIoConfig#maxBufferedBytes()} the session closes; loop-confined.
     */
    private long bufferedBytes;
    /** Set once when the session ends, never cleared; loop-confined. */
    private boolean closed;
    /**
     * The client posted a close packet while no poll was waiting; loop-confined. The next poll
     * (it may be racing the POST on another connection) gets the noop, then the session ends;
     * without one it ends after the ping timeout.
     */
    private boolean closeRequested;
    /** The next ping; loop-confined. */
    private ScheduledFuture<?> pingTimer;
    /** The wait for a pong, or for the poll after a posted close; loop-confined. */
    private ScheduledFuture<?> pongTimer;
    /** Drops the probe if it does not finish the upgrade in time; loop-confined. */
    private ScheduledFuture<?> upgradeTimer;

    EngineIoSession(
            String id, EngineIoServer server, EventLoop loop, EngineTransport transport, SocketAddress remoteAddress) {
        this.id = id;
        this.remoteAddress = remoteAddress;
        this.server = server;
        this.loop = loop;
        this.config = server.config();
        this.transport = transport;
    }

    public String id() {
        return id;
    }

    /** The peer of the connection that opened the session (the reference server's {@code handshake.address}). */
    public SocketAddress remoteAddress() {
        return remoteAddress;
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
        webSocket.attach(ch);
    }

    EngineIoServer server() {
        return server;
    }

    boolean isClosed() {
        return closed;
    }

    boolean isCloseRequested() {
        return closeRequested;
    }

    /** Whether a poll is parked, waiting for packets. Loop-confined. */
    boolean hasWaitingPoll() {
        return polling.hasWaitingGet();
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
            return webSocket.isWritable();
        }
        return polling.hasWaitingGet();
    }

    /** Sends a packet to the client; any thread. Packets sent after close are dropped. */
    public void send(EnginePacket p) {
        if (loop.inEventLoop()) {
            enqueue(p, null);
        } else {
            loop.execute(() -> enqueue(p, null));
        }
    }

    /**
     * Sends a text message packet of a broadcast; any thread. On a WebSocket with permessage-deflate
     * the session writes the broadcast's frame compressed once ({@code shared}, null for none)
     * instead of compressing the text itself. The caller holds a reference to {@code shared} for the
     * duration of the call; the session takes its own when it has to hop to its loop.
     */
    public void send(EnginePacket p, SharedDeflateFrames shared) {
        if (loop.inEventLoop()) {
            enqueue(p, shared);
            return;
        }
        if (shared == null) {
            loop.execute(() -> enqueue(p, null));
            return;
        }
        SharedDeflateFrames held = shared.tryRetain() ? shared : null;
        loop.execute(() -> {
            try {
                enqueue(p, held);
            } finally {
                if (held != null) {
                    held.release();
                }
            }
        });
    }

    private void enqueue(EnginePacket p, SharedDeflateFrames shared) {
        if (closed) {
            return;
        }
        bufferedBytes += p.isBinary() ? p.binary().length : p.text().length() + 1;
        if (bufferedBytes > config.maxBufferedBytes()) {
            log.warn(
                    "closing slow Engine.IO consumer {}: {} bytes buffered, limit {}",
                    id,
                    bufferedBytes,
                    config.maxBufferedBytes());
            close(EngineCloseReason.SLOW_CONSUMER);
            return;
        }
        if (transport == EngineTransport.WEBSOCKET) {
            webSocket.send(p, shared);
            return;
        }
        polling.send(p);
    }

    /** A WebSocket batch of {@code bytes} has been written (or failed); they no longer count. */
    void batchWritten(long bytes) {
        bufferedBytes -= bytes;
    }

    /** A poll took the whole outbox; on polling the outbox is the only buffer. */
    void outboxDrained() {
        bufferedBytes = 0;
    }

    void onPollGet(ChannelHandlerContext ctx, boolean keepAlive, HttpHeaders cors) {
        polling.onGet(ctx, keepAlive, cors);
    }

    void onPollPost(ChannelHandlerContext ctx, boolean keepAlive, String body, HttpHeaders cors) {
        polling.onPost(ctx, keepAlive, body, cors);
    }

    /** A packet from the session's own WebSocket. */
    void onWebSocketFrame(Channel ch, EnginePacket p) {
        if (ch == probe) {
            onProbeFrame(p);
        } else if (ch == webSocket.socket() && !closed) {
            onPacket(p);
        }
    }

    /** A frame that is not an Engine.IO packet. */
    void onWebSocketGarbage(Channel ch) {
        if (ch == probe) {
            dropProbe();
        } else if (ch == webSocket.socket()) {
            close(EngineCloseReason.PARSE_ERROR);
        }
    }

    void onWebSocketClosed(Channel ch) {
        if (ch == probe) {
            dropProbe();
        } else if (ch == webSocket.socket()) {
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
            EngineIoWebSocketWriter.writeFrame(probe, EnginePacket.of(EnginePacketType.PONG, "probe"));
            upgrading = true;
            if (polling.hasWaitingGet() && polling.isOutboxEmpty()) {
                // ends the waiting poll so the client can stop polling and send the upgrade
                polling.answer(List.of(EnginePacket.NOOP));
            }
        } else if (p.type() == EnginePacketType.UPGRADE && upgrading) {
            cancel(upgradeTimer);
            webSocket.attach(probe);
            probe = null;
            upgrading = false;
            transport = EngineTransport.WEBSOCKET;
            if (polling.hasWaitingGet()) {
                polling.answer(List.of(EnginePacket.NOOP));
            }
            polling.moveOutboxTo(webSocket);
            webSocket.writeBatch();
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

    /** A packet from the client, over whichever transport. */
    void onPacket(EnginePacket p) {
        switch (p.type()) {
            case PONG -> {
                cancel(pongTimer);
                schedulePing();
            }
            case PING -> enqueue(EnginePacket.of(EnginePacketType.PONG, p.text()), null);
            case MESSAGE -> listener.onMessage(p);
            case CLOSE -> {
                if (transport == EngineTransport.POLLING && !polling.hasWaitingGet() && !closed) {
                    closeRequested = true;
                    cancel(pingTimer);
                    cancel(pongTimer);
                    pongTimer = loop.schedule(
                            () -> close(EngineCloseReason.CLIENT_CLOSE),
                            config.pingTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
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
        pingTimer = loop.schedule(
                () -> {
                    enqueue(EnginePacket.PING, null);
                    cancel(pongTimer);
                    pongTimer = loop.schedule(
                            () -> close(EngineCloseReason.PING_TIMEOUT),
                            config.pingTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
                },
                config.pingInterval().toMillis(),
                TimeUnit.MILLISECONDS);
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
        polling.close(reason);
        webSocket.close(reason);
        listener.onClose(reason);
    }
}
