package io.switchboard.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.switchboard.chat.NativeChat;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.nativejson.ErrorCode;
import io.switchboard.server.admin.AdminRoutes;
import io.switchboard.server.probe.ProbeAnswer;
import io.switchboard.server.security.OriginGateHandler;
import io.switchboard.server.security.PageHeaders;
import io.switchboard.socketio.SocketIoServer;
import io.switchboard.socketio.internal.websocket.WebSocketUpgrade;
import io.switchboard.transport.ErrorJson;
import io.switchboard.transport.http.HttpDrain;
import io.switchboard.transport.http.RoomApi;
import io.switchboard.transport.websocket.EchoWebSocketHandler;
import io.switchboard.transport.websocket.FrameFormat;
import io.switchboard.transport.websocket.NativeWebSocketHandler;
import io.switchboard.transport.websocket.SeedWebSocketHandler;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * Routes each HTTP request: WebSocket upgrades to their endpoint ({@code /} seed chat, {@code /ws}
 * native protocol, {@code /echo}), the HTTP room API under {@code /api/} (docs/http-api.md),
 * the probes ({@code /healthz}, {@code /livez}, {@code /readyz}), {@code /metrics}, the dashboard
 * under {@code /admin}, the Socket.IO server under {@code /socket.io/}, and the chat page's static
 * files.
 *
 * <p>Thread-safe: one instance serves every connection (it keeps no state of its own), each call on
 * that connection's loop.
 */
@ChannelHandler.Sharable
final class HttpRouterHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final ServerConfig config;
    private final Hub hub;
    private final NativeChat chat;
    private final FrameFormat nativeFormat;
    private final StaticContent content;
    private final ChannelGroup webSockets;
    private final Clock clock;
    private final RoomApi roomApi;
    private final SocketIoServer socketIo;
    private final AdminRoutes admin;
    /** {@code /metrics} on this port, or null when it is off or served on {@code --metrics-port}. */
    private final MetricsEndpoint metrics;

    private final Probes probes;

    HttpRouterHandler(
            ServerConfig config,
            Hub hub,
            NativeChat chat,
            FrameFormat nativeFormat,
            StaticContent content,
            ChannelGroup webSockets,
            Clock clock,
            RoomApi roomApi,
            SocketIoServer socketIo,
            AdminRoutes admin,
            MetricsEndpoint metrics,
            Probes probes) {
        this.metrics = metrics;
        this.probes = probes;
        this.config = config;
        this.hub = hub;
        this.chat = chat;
        this.nativeFormat = nativeFormat;
        this.content = content;
        this.webSockets = webSockets;
        this.clock = clock;
        this.roomApi = roomApi;
        this.socketIo = socketIo;
        this.admin = admin;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            malformed(ctx, req);
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (isProbe(path) && (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD)) {
            // answered while draining too: /readyz must say 503 with its checks, /healthz that the loops run
            probe(ctx, req, path.equals("/readyz") ? probes.ready() : probes.live());
            return;
        }
        if (roomApi.draining() && !path.startsWith("/socket.io/")) {
            // shutting down: a keep-alive connection's next request is told to come back later
            // (Socket.IO answers its own clients with the Engine.IO close)
            refuseWhileDraining(ctx);
            return;
        }
        if (AdminRoutes.owns(path)) {
            // the dashboard answers 404 itself when it is off, so web/admin/ is never served as plain files
            admin.handle(ctx, req, path, () -> detachTimers(ctx));
            return;
        }
        if (path.startsWith("/api/")) {
            // the API takes POST too, and answers in JSON itself
            roomApi.handle(ctx, req, () -> detachTimers(ctx));
            return;
        }
        if (path.startsWith("/socket.io/")) {
            socketIo(ctx, req);
            return;
        }
        if (isWebSocketUpgrade(req)) {
            upgrade(ctx, req, path);
            return;
        }
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            FullHttpResponse res = errorResponse(
                    req, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "this path takes GET and HEAD");
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            write(ctx, req, res);
            return;
        }
        if (metrics != null && path.equals(MetricsEndpoint.PATH)) {
            write(ctx, req, metrics.respond(req));
            return;
        }
        content.find(path)
                .ifPresentOrElse(
                        r -> {
                            if (r.etag().equals(req.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
                                send(ctx, req, HttpResponseStatus.NOT_MODIFIED, null, new byte[0], r.etag());
                            } else {
                                FullHttpResponse res =
                                        response(req, HttpResponseStatus.OK, r.contentType(), r.bytes(), r.etag());
                                PageHeaders.apply(res.headers(), req.headers().get(HttpHeaderNames.HOST));
                                write(ctx, req, res);
                            }
                        },
                        () -> sendError(ctx, req, HttpResponseStatus.NOT_FOUND, "not_found", "not found"));
    }

    private static boolean isProbe(String path) {
        return path.equals("/readyz") || path.equals("/healthz") || path.equals("/livez");
    }

    /** Answers when the probe completes, on this channel's loop; the request is released by then. */
    private static void probe(ChannelHandlerContext ctx, FullHttpRequest req, CompletableFuture<ProbeAnswer> answer) {
        FullHttpRequest head = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri());
        head.headers().set(req.headers());
        answer.whenCompleteAsync(
                (a, failure) -> {
                    if (failure != null) {
                        sendError(ctx, head, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "probe failed");
                        return;
                    }
                    HttpResponseStatus status = a.ok() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE;
                    FullHttpResponse res = response(head, status, "application/json", a.body(), null);
                    res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
                    write(ctx, head, res);
                },
                ctx.executor());
    }

    /** A response that stays open (SSE, streaming) must not be cut by the request or idle timers. */
    private static void detachTimers(ChannelHandlerContext ctx) {
        ctx.pipeline().remove(SwitchboardInitializer.HTTP_IDLE);
        ctx.pipeline().remove(SwitchboardInitializer.HTTP_IDLE_CLOSE);
        ctx.pipeline().remove(SwitchboardInitializer.REQUEST_DEADLINE);
        ctx.pipeline().remove(SwitchboardInitializer.REQUEST_COMPLETE);
    }

    /**
     * The origin gate and the authentication handler judge HTTP requests; once this connection is a
     * WebSocket (its upgrade request already passed them and this router leaves) no request comes
     * again, so they leave too instead of holding a pipeline context on every connection (issue #12).
     */
    private static void detachRequestGates(ChannelHandlerContext ctx) {
        ChannelPipeline p = ctx.pipeline();
        if (p.get(OriginGateHandler.NAME) != null) {
            p.remove(OriginGateHandler.NAME);
        }
        if (p.get(SwitchboardInitializer.AUTHENTICATION) != null) {
            p.remove(SwitchboardInitializer.AUTHENTICATION);
        }
    }

    private static boolean isWebSocketUpgrade(FullHttpRequest req) {
        return req.method() == HttpMethod.GET
                && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(
                        req.headers().get(HttpHeaderNames.UPGRADE));
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        ChannelHandler endpoint =
                switch (path) {
                    case "/" -> new SeedWebSocketHandler(hub, config.webSocket(), clock);
                    case "/ws" -> new NativeWebSocketHandler(hub, chat, nativeFormat, config.webSocket());
                    case "/echo" -> config.enableEcho() ? new EchoWebSocketHandler() : null;
                    default -> null;
                };
        if (endpoint == null) {
            sendError(ctx, req, HttpResponseStatus.NOT_FOUND, "not_found", "no WebSocket endpoint at " + path);
            return;
        }
        if (webSockets.size() >= config.maxConnections()) {
            sendError(
                    ctx,
                    req,
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    ErrorCode.UNAVAILABLE.wireName(),
                    "too many connections");
            return;
        }
        webSockets.add(ctx.channel());
        WebSocketUpgrade.install(
                ctx.pipeline(),
                ctx.name(),
                req.uri(),
                endpoint,
                config.webSocket().limits());
        ctx.pipeline().remove(SwitchboardInitializer.HTTP_IDLE);
        ctx.pipeline().remove(SwitchboardInitializer.HTTP_IDLE_CLOSE);
        // WebSocket frames are not HTTP requests: the request deadline would never be met
        ctx.pipeline().remove(SwitchboardInitializer.REQUEST_DEADLINE);
        ctx.pipeline().remove(SwitchboardInitializer.REQUEST_COMPLETE);
        detachRequestGates(ctx);
        ctx.fireChannelRead(req.retain());
        ctx.pipeline().remove(this);
    }

    /** Engine.IO polling and upgrades answer their own errors, as the reference server does. */
    private void socketIo(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (isWebSocketUpgrade(req) && webSockets.size() >= config.maxConnections()) {
            sendError(
                    ctx,
                    req,
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    ErrorCode.UNAVAILABLE.wireName(),
                    "too many connections");
            return;
        }
        if (socketIo.engine().handle(ctx, req, config.webSocket().limits())) {
            webSockets.add(ctx.channel());
            detachTimers(ctx);
            detachRequestGates(ctx);
            ctx.pipeline().remove(this);
        }
    }

    /**
     * A request the HTTP codec could not read: headers over the codec's limit are a 431, a request
     * line over it a 414, anything else a 400. The connection closes after it, since where the
     * next request starts is in doubt.
     */
    private static void malformed(ChannelHandlerContext ctx, FullHttpRequest req) {
        Throwable cause = req.decoderResult().cause();
        if (cause instanceof TooLongHttpHeaderException) {
            sendError(
                    ctx,
                    req,
                    HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "request_header_fields_too_large",
                    "request headers are limited to " + SwitchboardInitializer.MAX_HEADER_BYTES + " bytes");
        } else if (cause instanceof TooLongHttpLineException) {
            sendError(
                    ctx,
                    req,
                    HttpResponseStatus.REQUEST_URI_TOO_LONG,
                    "uri_too_long",
                    "the request line is limited to " + SwitchboardInitializer.MAX_INITIAL_LINE_BYTES + " bytes");
        } else {
            sendError(ctx, req, HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed request");
        }
    }

    /** Every error of the router is {@code {"error", "message"}}, as the HTTP API's (docs/http-api.md). */
    private static void sendError(
            ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String code, String message) {
        write(ctx, req, errorResponse(req, status, code, message));
    }

    private static FullHttpResponse errorResponse(
            FullHttpRequest req, HttpResponseStatus status, String code, String message) {
        return response(req, status, "application/json", ErrorJson.of(code, message), null);
    }

    private static void refuseWhileDraining(ChannelHandlerContext ctx) {
        byte[] body = ErrorJson.of("unavailable", "server is shutting down; retry");
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.SERVICE_UNAVAILABLE, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.headers().set(HttpHeaderNames.RETRY_AFTER, HttpDrain.RETRY_AFTER_SECONDS);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set("X-Content-Type-Options", "nosniff");
        HttpUtil.setContentLength(res, body.length);
        HttpUtil.setKeepAlive(res, false);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    private static void send(
            ChannelHandlerContext ctx,
            FullHttpRequest req,
            HttpResponseStatus status,
            String contentType,
            byte[] body,
            String etag) {
        write(ctx, req, response(req, status, contentType, body, etag));
    }

    private static FullHttpResponse response(
            FullHttpRequest req, HttpResponseStatus status, String contentType, byte[] body, String etag) {
        boolean head = req.method() == HttpMethod.HEAD;
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                status,
                head || status == HttpResponseStatus.NOT_MODIFIED
                        ? Unpooled.EMPTY_BUFFER
                        : Unpooled.wrappedBuffer(body));
        if (contentType != null) {
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (etag != null) {
            res.headers().set(HttpHeaderNames.ETAG, etag);
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        }
        res.headers().set("X-Content-Type-Options", "nosniff");
        HttpUtil.setContentLength(res, head ? body.length : res.content().readableBytes());
        return res;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
        boolean keepAlive = HttpUtil.isKeepAlive(req) && req.decoderResult().isSuccess();
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
