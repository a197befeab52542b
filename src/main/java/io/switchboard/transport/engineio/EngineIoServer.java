package io.switchboard.transport.engineio;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.switchboard.protocol.engineio.EnginePacket;
import io.switchboard.protocol.engineio.EnginePacketType;
import io.switchboard.transport.websocket.WebSocketSettings;
import io.switchboard.transport.websocket.WebSocketUpgrade;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The Engine.IO v4 server at one path: checks each request as the reference server does, opens
 * sessions (handshake over polling or WebSocket), routes polls and WebSocket upgrades to them.
 *
 * <p>Thread-safe: the session table is concurrent; each session's work runs on its own loop.
 */
public final class EngineIoServer {
    private final EngineIoConfig config;
    private final Consumer<EngineIoSession> onConnection;
    private final Map<String, EngineIoSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

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
     * Answers one request under this server's path: a poll, a post, a handshake or a WebSocket
     * upgrade. Call on the request channel's loop; {@code req} stays owned by the caller. On an
     * upgrade the WebSocket handlers are installed after {@code ctx} and the request fired there
     * (the caller then removes itself from the pipeline if it wants).
     *
     * @return true when the channel became a WebSocket
     */
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, WebSocketSettings ws) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        EngineTransport transport = EngineTransport.fromQuery(first(q, "transport"));
        if (transport == null) {
            HttpReplies.error(ctx, keepAlive, EngineIoError.UNKNOWN_TRANSPORT);
            return false;
        }
        if (!"4".equals(first(q, "EIO"))) {
            HttpReplies.error(ctx, keepAlive, EngineIoError.UNSUPPORTED_PROTOCOL_VERSION);
            return false;
        }
        boolean upgrade = req.method() == HttpMethod.GET
                && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE));
        String sid = first(q, "sid");
        if (sid != null) {
            EngineIoSession session = sessions.get(sid);
            if (session == null) {
                HttpReplies.error(ctx, keepAlive, EngineIoError.UNKNOWN_SID);
                return false;
            }
            if (upgrade) {
                if (transport != EngineTransport.WEBSOCKET) {
                    HttpReplies.error(ctx, keepAlive, EngineIoError.BAD_REQUEST);
                    return false;
                }
                // like the reference server, a session that cannot upgrade (already upgraded or
                // upgrading) still completes the handshake and then closes the WebSocket
                upgradeToWebSocket(ctx, req, ws, sid);
                return true;
            }
            if (transport != EngineTransport.POLLING || session.transport() != EngineTransport.POLLING) {
                HttpReplies.error(ctx, keepAlive, EngineIoError.BAD_REQUEST);
                return false;
            }
            if (req.method() == HttpMethod.GET) {
                session.loop().execute(() -> session.onPollGet(ctx, keepAlive));
            } else if (req.method() == HttpMethod.POST) {
                if (req.content().readableBytes() > config.maxPayload()) {
                    HttpReplies.send(ctx, false, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, HttpReplies.TEXT,
                            "payload too large");
                    session.close(EngineCloseReason.TRANSPORT_ERROR);
                    return false;
                }
                String body = req.content().toString(StandardCharsets.UTF_8);
                session.loop().execute(() -> session.onPollPost(ctx, keepAlive, body));
            } else {
                HttpReplies.error(ctx, keepAlive, EngineIoError.BAD_REQUEST);
            }
            return false;
        }
        if (req.method() != HttpMethod.GET) {
            HttpReplies.error(ctx, keepAlive, EngineIoError.BAD_HANDSHAKE_METHOD);
            return false;
        }
        if (transport == EngineTransport.WEBSOCKET) {
            if (!upgrade) {
                HttpReplies.error(ctx, keepAlive, EngineIoError.BAD_REQUEST);
                return false;
            }
            upgradeToWebSocket(ctx, req, ws, null);
            return true;
        }
        EngineIoSession session = newSession(ctx.channel(), EngineTransport.POLLING);
        session.loop().execute(() -> {
            onConnection.accept(session);
            HttpReplies.send(ctx, keepAlive, HttpResponseStatus.OK, HttpReplies.TEXT,
                    EnginePacketType.OPEN.code()
                            + session.openPayload(true));
            session.start();
        });
        return false;
    }

    private void upgradeToWebSocket(ChannelHandlerContext ctx, FullHttpRequest req, WebSocketSettings ws, String sid) {
        WebSocketSettings limited = new WebSocketSettings(config.maxPayload(), ws.maxOutboundBytes(),
                ws.pingInterval(), ws.idleTimeout(), ws.handshakeTimeout(), ws.rateLimitPerSecond(),
                ws.rateLimitBurst(), ws.flushDelay());
        WebSocketUpgrade.install(ctx.pipeline(), ctx.name(), req.uri(), new EngineIoWebSocketHandler(this, sid),
                limited);
        ctx.fireChannelRead(req.retain());
    }

    /** The WebSocket settings the conformance server and tests use when no server config exists. */
    public static WebSocketSettings defaultWebSocketSettings(int maxPayload) {
        return new WebSocketSettings(maxPayload, 4L * maxPayload, Duration.ofSeconds(30), Duration.ofSeconds(75),
                Duration.ofSeconds(10), 1_000_000, 1_000_000, Duration.ZERO);
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
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        EngineIoSession session = new EngineIoSession(id, this, ch.eventLoop(), transport);
        sessions.put(id, session);
        return session;
    }

    void remove(EngineIoSession session) {
        sessions.remove(session.id(), session);
    }

    /** Closes every session (server shutdown). */
    public void closeAll() {
        for (EngineIoSession s : List.copyOf(sessions.values())) {
            s.close(EngineCloseReason.SERVER_SHUTDOWN);
        }
    }

    private static String first(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
