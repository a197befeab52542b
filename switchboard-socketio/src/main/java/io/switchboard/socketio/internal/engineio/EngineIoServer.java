package io.switchboard.socketio.internal.engineio;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacket;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacketType;
import io.switchboard.socketio.internal.websocket.WebSocketLimits;
import io.switchboard.socketio.internal.websocket.WebSocketUpgrade;
import io.switchboard.socketio.remote.ForwardedRequest;
import io.switchboard.socketio.remote.ForwardedResponse;
import io.switchboard.socketio.remote.LocalSessions;
import io.switchboard.socketio.remote.RemoteSessions;
import io.switchboard.socketio.remote.WebSocketRelay;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Engine.IO v4 server at one path: checks each request as the reference server does, opens
 * sessions (handshake over polling or WebSocket), routes polls and WebSocket upgrades to them.
 *
 * <p>Responses carry the CORS headers of {@link EngineIoConfig#cors()}, and with CORS enabled an
 * {@code OPTIONS} preflight is answered before any other check. New sessions may be refused by an
 * {@link AllowRequest} hook ({@link #allowRequest(AllowRequest)}).
 *
 * <p>Thread-safe: the session table is concurrent; each session's work runs on its own loop.
 */
public final class EngineIoServer {
    private static final Logger log = LoggerFactory.getLogger(EngineIoServer.class);

    private final EngineIoConfig config;
    private final Consumer<EngineIoSession> onConnection;
    private final Map<String, EngineIoSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Asked before each new session opens; null allows all. */
    private volatile AllowRequest allowRequest;
    /** Where sessions of other nodes are; null: one node, every unknown id is unknown. */
    private volatile RemoteSessions remoteSessions;
    /** Broadcast messages compressed once for their WebSocket recipients with deflate. */
    private final LongAdder sharedCompressions = new LongAdder();
    /** Shared compressed frames written, one per such recipient. */
    private final LongAdder sharedFrameWrites = new LongAdder();

    /**
     * @param onConnection called on the new session's loop before its open packet leaves; it
     *                     should set the session's listener
     */
    public EngineIoServer(EngineIoConfig config, Consumer<EngineIoSession> onConnection) {
        this.config = config;
        this.onConnection = onConnection;
    }

    public EngineIoConfig config() {
        return config;
    }

    public int sessionCount() {
        return sessions.size();
    }

    /**
     * How many broadcast messages were compressed for sharing: once per broadcast (and per distinct
     * text, see {@code SharedDeflateFrames}), however many WebSocket sessions with permessage-deflate
     * received it. With {@link #sharedFrameWrites()}, what the tests and metrics read. Any thread.
     */
    public long sharedCompressions() {
        return sharedCompressions.sum();
    }

    /** How many frames compressed once per broadcast were written, one per recipient. Any thread. */
    public long sharedFrameWrites() {
        return sharedFrameWrites.sum();
    }

    LongAdder sharedCompressionCounter() {
        return sharedCompressions;
    }

    LongAdder sharedFrameWriteCounter() {
        return sharedFrameWrites;
    }

    /** Whether session {@code sid} is open. Any thread. */
    public boolean hasSession(String sid) {
        return sessions.containsKey(sid);
    }

    /**
     * Whether session {@code sid} has a poll parked, waiting for packets (false for an unknown
     * session). Lets a caller await a held poll instead of guessing how long the request takes to
     * arrive. Any thread but an event loop of another session: it asks the session's own loop and
     * blocks until that answers.
     */
    public boolean hasWaitingPoll(String sid) {
        EngineIoSession session = sessions.get(sid);
        if (session == null) {
            return false;
        }
        if (session.loop().inEventLoop()) {
            return session.hasWaitingPoll();
        }
        try {
            return session.loop().submit(session::hasWaitingPoll).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted asking session " + sid, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("session " + sid + " did not answer", e.getCause());
        }
    }

    /**
     * Sets the hook that may refuse new connections (HTTP 403, {@code {"code":4,…}}); null allows
     * every connection again. Sessions already open are not affected. Any thread.
     */
    public EngineIoServer allowRequest(AllowRequest hook) {
        this.allowRequest = hook;
        return this;
    }

    /**
     * Lets this server serve sessions of other nodes, and other nodes its own (docs/cluster.md, "No
     * sticky sessions"): new session ids start with {@link RemoteSessions#sessionIdPrefix()}, and a
     * request for a session another node holds is forwarded there. Set once, before the first
     * request. Any thread.
     */
    public EngineIoServer remoteSessions(RemoteSessions hook) {
        this.remoteSessions = hook;
        hook.start(new LocalSessions() {
            @Override
            public CompletableFuture<ForwardedResponse> serve(ForwardedRequest request) {
                return ForwardedPolls.serve(EngineIoServer.this, request);
            }

            @Override
            public WebSocketRelay acceptRelay(String sid, WebSocketRelay toClient) {
                return RelayedWebSockets.accept(EngineIoServer.this, sid, toClient);
            }
        });
        return this;
    }

    /**
     * Answers a polling request another node forwarded here: as {@link #handle}, but never forwarded
     * again and never a new session. False (nothing answered) for a request without a session id.
     */
    boolean handleForwarded(ChannelHandlerContext ctx, FullHttpRequest req, WebSocketLimits ws) {
        if (first(new QueryStringDecoder(req.uri()), "sid") == null) {
            return false;
        }
        handle(ctx, req, ws, false);
        return true;
    }

    /**
     * Answers one request under this server's path: a poll, a post, a handshake or a WebSocket
     * upgrade. Call on the request channel's loop; {@code req} stays owned by the caller. On an
     * upgrade the WebSocket handlers are installed after {@code ctx} and the request fired there
     * (the caller then removes itself from the pipeline if it wants).
     *
     * @return true when the channel became a WebSocket
     */
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, WebSocketLimits ws) {
        return handle(ctx, req, ws, true);
    }

    private boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, WebSocketLimits ws, boolean mayForward) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        CorsOptions corsOptions = config.cors();
        if (req.method() == HttpMethod.OPTIONS && corsOptions.enabled()) {
            // as the reference server's cors middleware, which runs before the request checks
            Cors.preflight(ctx, keepAlive, corsOptions, req.headers());
            return false;
        }
        HttpHeaders cors = Cors.responseHeaders(corsOptions, req.headers());
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        EngineTransport transport = EngineTransport.fromQuery(first(q, "transport"));
        if (transport == null) {
            HttpReplies.error(ctx, keepAlive, EngineIoError.UNKNOWN_TRANSPORT, cors);
            return false;
        }
        if (!"4".equals(first(q, "EIO"))) {
            HttpReplies.error(ctx, keepAlive, EngineIoError.UNSUPPORTED_PROTOCOL_VERSION, cors);
            return false;
        }
        boolean upgrade = req.method() == HttpMethod.GET
                && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(
                        req.headers().get(HttpHeaderNames.UPGRADE));
        String sid = first(q, "sid");
        if (sid != null) {
            EngineIoSession session = sessions.get(sid);
            RemoteSessions remote = remoteSessions;
            if (session == null && mayForward && remote != null && remote.isRemote(sid)) {
                return forward(ctx, req, ws, remote, sid, upgrade, transport, keepAlive, cors);
            }
            if (session == null) {
                HttpReplies.error(ctx, keepAlive, EngineIoError.UNKNOWN_SID, cors);
                return false;
            }
            if (upgrade) {
                if (transport != EngineTransport.WEBSOCKET) {
                    HttpReplies.error(ctx, keepAlive, EngineIoError.BAD_REQUEST, cors);
                    return false;
                }
                // like the reference server, a session that cannot upgrade (already upgraded or
                // upgrading) still completes the handshake and then closes the WebSocket
                upgradeToWebSocket(ctx, req, ws, sid);
                return true;
            }
            if (transport != EngineTransport.POLLING || session.transport() != EngineTransport.POLLING) {
                HttpReplies.error(ctx, keepAlive, EngineIoError.BAD_REQUEST, cors);
                return false;
            }
            if (req.method() == HttpMethod.GET) {
                session.loop().execute(() -> session.onPollGet(ctx, keepAlive, cors));
            } else if (req.method() == HttpMethod.POST) {
                if (req.content().readableBytes() > config.maxPayload()) {
                    HttpReplies.send(
                            ctx,
                            false,
                            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                            HttpReplies.TEXT,
                            "payload too large",
                            cors);
                    session.close(EngineCloseReason.TRANSPORT_ERROR);
                    return false;
                }
                String body = req.content().toString(StandardCharsets.UTF_8);
                session.loop().execute(() -> session.onPollPost(ctx, keepAlive, body, cors));
            } else {
                HttpReplies.error(ctx, keepAlive, EngineIoError.BAD_REQUEST, cors);
            }
            return false;
        }
        if (req.method() != HttpMethod.GET) {
            HttpReplies.error(ctx, keepAlive, EngineIoError.BAD_HANDSHAKE_METHOD, cors);
            return false;
        }
        if (transport == EngineTransport.WEBSOCKET) {
            if (!upgrade) {
                HttpReplies.error(ctx, keepAlive, EngineIoError.BAD_REQUEST, cors);
                return false;
            }
            // refused before the handshake: the client gets the 403, not a WebSocket
            if (!allowed(ctx, req, q, transport, false, cors)) {
                return false;
            }
            upgradeToWebSocket(ctx, req, ws, null);
            return true;
        }
        if (!allowed(ctx, req, q, transport, keepAlive, cors)) {
            return false;
        }
        EngineIoSession session = newSession(ctx.channel(), EngineTransport.POLLING);
        session.loop().execute(() -> {
            onConnection.accept(session);
            HttpReplies.send(
                    ctx,
                    keepAlive,
                    HttpResponseStatus.OK,
                    HttpReplies.TEXT,
                    EnginePacketType.OPEN.code() + session.openPayload(true),
                    cors);
            session.start();
        });
        return false;
    }

    /** A request for a session of another node: a poll goes there, a WebSocket is relayed there. */
    private boolean forward(
            ChannelHandlerContext ctx,
            FullHttpRequest req,
            WebSocketLimits ws,
            RemoteSessions remote,
            String sid,
            boolean upgrade,
            EngineTransport transport,
            boolean keepAlive,
            HttpHeaders cors) {
        if (upgrade != (transport == EngineTransport.WEBSOCKET)) {
            HttpReplies.error(ctx, keepAlive, EngineIoError.BAD_REQUEST, cors);
            return false;
        }
        if (upgrade) {
            WebSocketUpgrade.install(
                    ctx.pipeline(),
                    ctx.name(),
                    req.uri(),
                    new RelayedWebSockets.Relaying(remote, sid),
                    ws.withMaxFrameBytes(config.maxPayload()));
            ctx.fireChannelRead(req.retain());
            return true;
        }
        ForwardedPolls.forward(ctx, req, keepAlive, remote, sid, cors);
        return false;
    }

    /** Asks the {@link AllowRequest} hook about a new session; on refusal answers 403 and returns false. */
    private boolean allowed(
            ChannelHandlerContext ctx,
            FullHttpRequest req,
            QueryStringDecoder q,
            EngineTransport transport,
            boolean keepAlive,
            HttpHeaders cors) {
        AllowRequest hook = allowRequest;
        if (hook == null) {
            return true;
        }
        AllowRequest.Decision decision;
        try {
            decision = hook.check(new AllowRequest.Request(
                    transport,
                    req.headers().copy(),
                    copy(q.parameters()),
                    ctx.channel().remoteAddress()));
        } catch (RuntimeException e) {
            log.warn("allowRequest hook failed; refusing the connection", e);
            decision = null;
        }
        if (decision != null && decision.allowed()) {
            return true;
        }
        HttpReplies.error(ctx, keepAlive, EngineIoError.FORBIDDEN, decision == null ? null : decision.message(), cors);
        return false;
    }

    private void upgradeToWebSocket(ChannelHandlerContext ctx, FullHttpRequest req, WebSocketLimits ws, String sid) {
        WebSocketLimits limited = ws.withMaxFrameBytes(config.maxPayload());
        WebSocketUpgrade.install(
                ctx.pipeline(), ctx.name(), req.uri(), new EngineIoWebSocketHandler(this, sid), limited);
        ctx.fireChannelRead(req.retain());
    }

    /** The WebSocket limits the conformance server and tests use when no server config exists. */
    public static WebSocketLimits defaultWebSocketLimits(int maxPayload) {
        return WebSocketLimits.defaults(maxPayload);
    }

    /** A WebSocket without a session id finished its handshake: a new session on it. */
    void openWebSocketSession(Channel ch) {
        EngineIoSession session = newSession(ch, EngineTransport.WEBSOCKET);
        session.attachWebSocket(ch);
        ch.attr(EngineIoWebSocketHandler.SESSION).set(session);
        onConnection.accept(session);
        session.send(EnginePacket.of(EnginePacketType.OPEN, session.openPayload(false)));
        session.start();
    }

    EngineIoSession find(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    private EngineIoSession newSession(Channel ch, EngineTransport transport) {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        RemoteSessions remote = remoteSessions;
        String id = (remote == null ? "" : remote.sessionIdPrefix())
                + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        EngineIoSession session = new EngineIoSession(id, this, ch.eventLoop(), transport, ch.remoteAddress());
        sessions.put(id, session);
        return session;
    }

    void remove(EngineIoSession session) {
        sessions.remove(session.id(), session);
    }

    /**
     * Closes every session with {@link EngineCloseReason#SERVER_SHUTDOWN} (server shutdown): a
     * waiting poll gets the close packet, a WebSocket the close packet and then close 1001. Returns
     * at once; the sessions close on their own loops (watch {@link #sessionCount()}).
     */
    public void closeAll() {
        for (EngineIoSession s : List.copyOf(sessions.values())) {
            s.close(EngineCloseReason.SERVER_SHUTDOWN);
        }
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> parameters) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        parameters.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }

    private static String first(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
