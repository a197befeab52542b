package io.switchboard.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import io.switchboard.auth.AuthSettings;
import io.switchboard.auth.Authenticator;
import io.switchboard.chat.AddressRate;
import io.switchboard.chat.NativeChat;
import io.switchboard.chat.SocketIoChat;
import io.switchboard.hub.Hub;
import io.switchboard.server.admin.AdminRoutes;
import io.switchboard.server.admin.AdminSampler;
import io.switchboard.server.admin.MetricsAdminSource;
import io.switchboard.server.logging.AccessLogHandler;
import io.switchboard.server.logging.ConnectionLogHandler;
import io.switchboard.server.security.AddressLimitHandler;
import io.switchboard.server.security.OriginGateHandler;
import io.switchboard.socketio.ConnectionStateRecovery;
import io.switchboard.socketio.SocketIoConfig;
import io.switchboard.socketio.SocketIoServer;
import io.switchboard.socketio.internal.engineio.EngineIoConfig;
import io.switchboard.transport.http.BodyLimitAggregator;
import io.switchboard.transport.http.RequestDeadline;
import io.switchboard.transport.http.RoomApi;
import io.switchboard.transport.websocket.FrameFormat;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Assembles the pipeline of a new connection, and nothing else: a read-idle timeout, the request
 * deadline, HTTP codec, the per-address limits, the request aggregator with the body limit, the
 * origin gate, and the router, which installs WebSocket handlers on an upgrade and hands
 * {@code /api/} to the HTTP room API.
 */
final class SwitchboardInitializer extends ChannelInitializer<SocketChannel> {
    static final String HTTP_IDLE = "http-idle";
    static final String HTTP_IDLE_CLOSE = "http-idle-close";
    static final String REQUEST_DEADLINE = "request-deadline";
    static final String REQUEST_COMPLETE = "request-complete";
    static final String AUTHENTICATION = "authentication";
    /** Limits of the HTTP codec; the router names them in its 414 and 431 answers. */
    static final int MAX_INITIAL_LINE_BYTES = 4096;

    static final int MAX_HEADER_BYTES = 8192;

    private final ServerConfig config;
    /** TLS on the port, or null for plain HTTP. */
    private final ServerTls tls;

    private final Probes probes;
    private final Hub hub;
    private final NativeChat chat;
    private final FrameFormat nativeFormat;
    private final StaticContent content = new StaticContent();
    private final ChannelGroup webSockets;
    private final Clock clock;
    /** The HTTP room API; shared by all connections (it holds HTTP presence and per-address limits). */
    private final RoomApi roomApi;
    /** The Socket.IO server under {@code /socket.io/}; shared by all connections (it holds the sessions). */
    private final SocketIoServer socketIo;
    /** The dashboard under {@code /admin}; its sampler runs only when a token is set. */
    private final AdminRoutes admin;
    /** {@code /metrics} on the main port, or null. */
    private final MetricsEndpoint metrics;
    /** Connections and commands per address (docs/security.md); shared by all connections. */
    private final AddressLimitHandler addressLimits;
    /** The origin policy; shared by all connections. */
    private final OriginGateHandler originGate;
    /** {@code --auth-*}: {@link Authenticator#OFF} unless a key is set; one per server (it caches JWKS keys). */
    private final Authenticator authenticator;
    /** One router for every connection: it keeps no per-connection state (issue #12). */
    private final HttpRouterHandler router;

    SwitchboardInitializer(
            ServerConfig config,
            Hub hub,
            NativeChat chat,
            FrameFormat nativeFormat,
            ChannelGroup webSockets,
            Clock clock,
            EventExecutor adminExecutor,
            MetricsEndpoint metrics,
            Probes probes,
            ServerTls tls,
            ClusterNode cluster) {
        this.tls = tls;
        this.metrics = metrics;
        this.probes = probes;
        this.config = config;
        this.hub = hub;
        this.chat = chat;
        this.nativeFormat = nativeFormat;
        this.webSockets = webSockets;
        this.clock = clock;
        this.roomApi = new RoomApi(
                hub,
                chat.events(),
                config.http(),
                config.webSocket().rateLimitPerSecond(),
                config.webSocket().rateLimitBurst());
        // the announced maxPayload must match the body limit the aggregator enforces
        SocketIoConfig io = SocketIoConfig.defaults();
        EngineIoConfig engine = io.engine();
        this.socketIo = new SocketIoServer(SocketIoCluster.forNode(
                new SocketIoConfig(
                        new EngineIoConfig(
                                engine.pingInterval(),
                                engine.pingTimeout(),
                                config.maxHttpBodyBytes(),
                                engine.upgradeTimeout(),
                                config.webSocket().maxOutboundBytes() * 4,
                                config.socketIoCors()),
                        io.connectTimeout(),
                        config.socketIoRecovery().isZero()
                                ? null
                                // with tokens, a recovering socket passes the middleware again: its token is checked
                                : new ConnectionStateRecovery(
                                        config.socketIoRecovery(),
                                        !config.auth().enabled())),
                cluster));
        this.authenticator = authenticator(config.auth());
        AddressRate addressRate = new AddressRate(config.maxCommandsPerIp());
        this.addressLimits = new AddressLimitHandler(config.maxConnectionsPerIp(), addressRate);
        this.originGate = new OriginGateHandler(
                config.allowedOrigins(), config.socketIoCors().origins());
        new SocketIoChat(
                        hub,
                        config.webSocket().rateLimitPerSecond(),
                        config.webSocket().rateLimitBurst(),
                        addressRate,
                        authenticator)
                .attach(socketIo);
        // the sampler's schedule ends with the worker group it runs on
        this.admin = new AdminRoutes(
                config.adminToken(),
                config.adminToken().enabled()
                        ? AdminSampler.start(
                                new MetricsAdminSource(hub, hub.metrics().registry()), adminExecutor, clock)
                        : null);
        this.router = new HttpRouterHandler(
                config, hub, chat, nativeFormat, content, webSockets, clock, roomApi, socketIo, admin, metrics, probes);
    }

    /** The verifier the settings describe; an unreadable key file stops the start with one line. */
    private static Authenticator authenticator(AuthSettings settings) {
        try {
            return Authenticator.of(settings);
        } catch (IOException | GeneralSecurityException e) {
            String flag =
                    settings.publicKey() != null ? "--auth-public-key " + settings.publicKey() : "--auth-jwks-url";
            throw new StartupException(flag + ": " + e.getMessage(), e);
        }
    }

    /** The HTTP room API, for the server's shutdown (its drain of held requests). */
    RoomApi roomApi() {
        return roomApi;
    }

    /** The Socket.IO server, for the server's shutdown. */
    SocketIoServer socketIo() {
        return socketIo;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            // first: everything after it sees plain bytes; the handshake is bounded by --handshake-timeout
            p.addLast("tls", tls.newHandler(ch.alloc()));
            p.addLast("tls-failures", ServerTls.FailedHandshakes.INSTANCE);
        }
        // a connection that sends nothing (no request, or half a request) for this long is closed;
        // the WebSocket upgrade replaces it with ping/idle handling
        p.addLast(HTTP_IDLE, new IdleStateHandler(config.httpIdleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast(HTTP_IDLE_CLOSE, IdleCloseHandler.INSTANCE);
        // a request must arrive complete (headers and body) within the deadline, else 408
        RequestDeadline deadline = new RequestDeadline(config.http().requestTimeout());
        p.addLast(REQUEST_DEADLINE, deadline.opener());
        p.addLast("http-codec", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, 8192));
        p.addLast(AddressLimitHandler.NAME, addressLimits);
        if (config.accessLog()) {
            p.addLast("access-log", new AccessLogHandler());
        }
        if (ConnectionLogHandler.enabled()) {
            p.addLast("connection-log", new ConnectionLogHandler());
        }
        p.addLast("http-aggregator", new BodyLimitAggregator(config.maxHttpBodyBytes()));
        p.addLast(REQUEST_COMPLETE, deadline.closer());
        p.addLast(OriginGateHandler.NAME, originGate);
        if (authenticator.enabled()) {
            p.addLast(AUTHENTICATION, new AuthenticationHandler(authenticator));
        }
        p.addLast("http-router", router);
    }

    /** Closes a connection on the first idle event it sees. */
    @ChannelHandler.Sharable
    static final class IdleCloseHandler extends ChannelInboundHandlerAdapter {
        static final IdleCloseHandler INSTANCE = new IdleCloseHandler();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
