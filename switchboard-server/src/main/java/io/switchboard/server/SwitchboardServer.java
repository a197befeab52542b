package io.switchboard.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.switchboard.chat.NativeChat;
import io.switchboard.cluster.Broker;
import io.switchboard.cluster.redis.RedisBroker;
import io.switchboard.history.HistoryStore;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Scheduler;
import io.switchboard.metrics.SwitchboardMetrics;
import io.switchboard.server.logging.SummaryLog;
import io.switchboard.server.probe.BrokerCheck;
import io.switchboard.server.probe.Draining;
import io.switchboard.server.probe.LoopProbe;
import io.switchboard.server.probe.Readiness;
import io.switchboard.server.probe.ReadinessCheck;
import io.switchboard.server.probe.StoreCheck;
import io.switchboard.socketio.SocketIoServer;
import io.switchboard.socketio.internal.websocket.CloseReasons;
import io.switchboard.transport.http.HttpDrain;
import io.switchboard.transport.http.RoomApi;
import io.switchboard.transport.websocket.NativeWebSocketHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Switchboard: the Netty server, the hub and its stores. {@link #start} returns once the
 * port is bound; {@link #close} drains (Engine.IO close to every Socket.IO client, close 1001 to
 * every WebSocket client) and stops.
 *
 * <p>Thread-safe.
 */
public final class SwitchboardServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwitchboardServer.class);
    /** How long the store may take to answer {@code /readyz}'s ping (issue #14). */
    private static final Duration STORE_PING_LIMIT = Duration.ofMillis(500);
    /** How long an event loop may take to run {@code /healthz}'s probe task (issue #14). */
    private static final Duration LOOP_PROBE_LIMIT = Duration.ofSeconds(1);

    private final ServerConfig config;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ChannelGroup webSockets = new DefaultChannelGroup("websockets", GlobalEventExecutor.INSTANCE);
    private final HistoryStore history;
    private final Broker broker;
    private final Hub hub;
    private final Channel serverChannel;
    /** The Socket.IO server under {@code /socket.io/}; its sessions are closed first on shutdown. */
    private final SocketIoServer socketIo;
    /** The HTTP room API; its held requests are drained on shutdown. */
    private final RoomApi roomApi;
    /** This server's metrics: its own registry, since several servers may share a JVM. */
    private final SwitchboardMetrics metrics;

    private final ServerMetrics scraped;
    /** The {@code --metrics-port} listener, or null. */
    private final Channel metricsChannel;

    /** Set by {@link #shutdown} (or {@link #close}) first: {@code /readyz} answers 503 from then on. */
    private final Draining draining = new Draining();

    private volatile boolean closed;
    /** This node's part of a cluster ({@code --redis}), or null. */
    private final ClusterNode cluster;

    private SwitchboardServer(ServerConfig config, Components components, ServerTls tls) throws InterruptedException {
        this.config = config;
        IoBackend backend = IoBackend.choose(config.io(), "--io");
        IoHandlerFactory io = backend.ioHandlerFactory();
        Class<? extends ServerChannel> channelType = backend.serverChannel();
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, io);
        this.workerGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), io);
        Clock clock = Clock.systemUTC();
        this.history = components.history();
        this.broker = components.broker();
        // counted when someone reads the counters: /metrics, or the dashboard (which reads the registry)
        this.metrics = config.metrics().enabled() || config.adminToken().enabled()
                ? new SwitchboardMetrics(new PrometheusRegistry())
                : SwitchboardMetrics.off();
        this.cluster = components.cluster() != null
                ? components.cluster()
                : config.clustered() ? ClusterNode.connect(config) : null;
        this.hub = new Hub(
                history,
                cluster == null ? broker : cluster.presence().recording(broker),
                clock,
                metrics,
                Scheduler.on(workerGroup),
                config.presenceGrace(),
                config.maxStorageWait());
        if (cluster != null) {
            cluster.startPresence(hub);
        }
        MetricsEndpoint endpoint = new MetricsEndpoint(metrics.registry());
        NativeChat chat = new NativeChat(hub);
        try {
            List<ReadinessCheck> checks =
                    new ArrayList<>(List.of(new StoreCheck(hub::pingStore, STORE_PING_LIMIT), draining));
            if (broker.health().isPresent()) {
                checks.add(new BrokerCheck(broker));
            }
            Probes probes =
                    new Probes(new Readiness(checks), new LoopProbe(workerGroup, LOOP_PROBE_LIMIT), hub, webSockets);
            SwitchboardInitializer initializer = new SwitchboardInitializer(
                    config,
                    hub,
                    chat,
                    NativeWebSocketHandler.format(chat),
                    webSockets,
                    clock,
                    workerGroup.next(),
                    config.metrics().onMainPort() ? endpoint : null,
                    probes,
                    tls,
                    cluster);
            this.socketIo = initializer.socketIo();
            if (cluster != null) {
                cluster.serveSessionsOfEveryNode(socketIo);
            }
            this.roomApi = initializer.roomApi();
            ServerBootstrap b = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childHandler(initializer);
            this.serverChannel = bind(b, config);
        } catch (Exception e) {
            shutdownGroups();
            hub.close();
            broker.close();
            history.close();
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        }
        try {
            this.metricsChannel = config.metrics().onOwnPort() ? bindMetrics(endpoint, channelType) : null;
        } catch (RuntimeException e) {
            serverChannel.close();
            socketIo.close();
            shutdownGroups();
            hub.close();
            broker.close();
            history.close();
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        }
        this.scraped = new ServerMetrics(hub, webSockets, bossGroup, workerGroup);
        if (broker instanceof RedisBroker redis) {
            BrokerMetrics.register(metrics.registry(), redis);
        }
        if (config.retention().bounded()) {
            long every = config.retentionInterval().toMillis();
            workerGroup
                    .next()
                    .scheduleWithFixedDelay(
                            () -> hub.enforceRetention(config.retention()).thenAccept(n -> {
                                if (n > 0) {
                                    log.info("retention deleted {} messages", n);
                                }
                            }),
                            every,
                            every,
                            TimeUnit.MILLISECONDS);
        }
        workerGroup.next().scheduleAtFixedRate(new SummaryLog(hub, webSockets::size, 60), 1, 1, TimeUnit.MINUTES);
        log.info(
                "I/O: {}, I/O threads: {}, history: {}, epoch {}",
                backend.label(),
                config.ioThreads(),
                HistoryStores.describe(config),
                hub.epoch());
    }

    /** Binds the port; a port in use or an address not of this machine is a {@link StartupException}. */
    private static Channel bind(ServerBootstrap b, ServerConfig config) throws InterruptedException {
        ChannelFuture bound = b.bind(config.host(), config.port()).await();
        if (bound.isSuccess()) {
            return bound.channel();
        }
        Throwable cause = bound.cause();
        String reason = String.valueOf(cause.getMessage());
        String where = config.host() + ":" + config.port();
        // matched on the text: the native transports report EADDRINUSE as an IOException, NIO as a BindException
        if (reason.contains("in use")) {
            throw new StartupException("--port " + config.port() + ": " + where + " is already in use", cause);
        }
        if (reason.contains("assign requested address")) {
            throw new StartupException(
                    "--host " + config.host() + ": not an address of this machine (" + reason + ")", cause);
        }
        throw new StartupException(
                "--port " + config.port() + ": cannot listen on " + where + " (" + reason + ")", cause);
    }

    /** Serves {@code /metrics} alone on {@code --metrics-port}, on the same loops as the main port. */
    private Channel bindMetrics(MetricsEndpoint endpoint, Class<? extends ServerChannel> channelType)
            throws InterruptedException {
        int port = config.metrics().port();
        ChannelFuture bound = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(
                                        SwitchboardInitializer.MAX_INITIAL_LINE_BYTES,
                                        SwitchboardInitializer.MAX_HEADER_BYTES,
                                        8192))
                                .addLast(new HttpObjectAggregator(1024))
                                .addLast(endpoint.portHandler());
                    }
                })
                .bind(config.host(), port)
                .await();
        if (!bound.isSuccess()) {
            throw new StartupException(
                    "--metrics-port " + port + ": cannot listen on " + config.host() + ":" + port + " ("
                            + bound.cause().getMessage() + ")",
                    bound.cause());
        }
        return bound.channel();
    }

    public static SwitchboardServer start(ServerConfig config) throws InterruptedException {
        // before the store is opened: an unusable certificate or key stops the start with one line
        ServerTls tls = tls(config);
        return new SwitchboardServer(config, Components.fromConfig(config), tls);
    }

    /** Starts on the given store and broker (see {@link Components}), which the server then owns. */
    public static SwitchboardServer start(ServerConfig config, Components components) throws InterruptedException {
        ServerTls tls;
        try {
            tls = tls(config);
        } catch (RuntimeException e) {
            components.broker().close();
            components.history().close();
            if (components.cluster() != null) {
                components.cluster().close();
            }
            throw e;
        }
        return new SwitchboardServer(config, components, tls);
    }

    private static ServerTls tls(ServerConfig config) {
        return ServerTls.of(config.tls(), config.host(), config.webSocket().handshakeTimeout());
    }

    /** The bound port (useful when the config asked for port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public Hub hub() {
        return hub;
    }

    /** This server's metrics registry: what {@code /metrics} serves ({@code registry.scrape()} reads it). */
    public PrometheusRegistry metricsRegistry() {
        return metrics.registry();
    }

    /** The {@code --metrics-port} listener's bound port, or -1 when {@code /metrics} has no port of its own. */
    public int metricsPort() {
        return metricsChannel == null ? -1 : ((InetSocketAddress) metricsChannel.localAddress()).getPort();
    }

    public ServerConfig config() {
        return config;
    }

    /** The Socket.IO server under {@code /socket.io/}: namespaces, and {@code engine().allowRequest(…)}. */
    public SocketIoServer socketIo() {
        return socketIo;
    }

    /**
     * SIGTERM: turns {@code /readyz} to 503 at once, keeps serving existing clients and new
     * connections for {@code --drain-delay} so a load balancer notices and sends no one new, then
     * {@link #close closes}.
     */
    public void shutdown() {
        if (closed) {
            return;
        }
        draining.start();
        Duration delay = config.drainDelay();
        if (!delay.isZero()) {
            log.info("shutting down: /readyz answers 503; clients are closed in {} s", delay.toSeconds());
            try {
                Thread.sleep(delay.toMillis()); // the delay itself is the point: the load balancer's probe interval
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    /** The worker event loops (tests block one to see {@code /healthz} fail). */
    EventLoopGroup workerGroup() {
        return workerGroup;
    }

    /**
     * Stops accepting (a new HTTP request on an open connection gets 503 with Retry-After), closes every Socket.IO
     * session (reason "server shutting down": the Engine.IO
     * close packet to a waiting poll, the close packet and 1001 to a WebSocket), tells every other
     * WebSocket client the server is going away (1001), drains the held HTTP requests (a waiting
     * long-poll is answered, SSE and NDJSON streams end cleanly after every message stored so far),
     * then stops.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        metrics.shuttingDown(true);
        draining.start();
        roomApi.startDraining();
        serverChannel.close().syncUninterruptibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        socketIo.close();
        // their close packets go out before the sweep below, which skips sockets already closing
        awaitDrained(() -> socketIo.engine().sessionCount() == 0, deadline);
        for (Channel ch : webSockets) {
            ch.eventLoop().execute(() -> CloseReasons.close(ch, CloseReasons.SHUTTING_DOWN));
        }
        awaitDrained(webSockets::isEmpty, deadline);
        drainHttp();
        hub.endGraces(); // while the loops can still deliver the leaves
        if (cluster != null) {
            cluster.leave(); // after the leaves, which it records in Redis
        }
        scraped.close();
        if (metricsChannel != null) {
            metricsChannel.close().syncUninterruptibly();
        }
        shutdownGroups();
        hub.close();
        broker.close();
        history.close();
        if (cluster != null) {
            cluster.close(); // last: the broker and the Socket.IO adapter ran on its client
        }
    }

    /** After the WebSocket clients, so the streams carry every message those clients got acknowledged. */
    private void drainHttp() {
        try {
            HttpDrain d = roomApi.drain(workerGroup).get(5, TimeUnit.SECONDS);
            log.info(
                    "drain: answered {} long-polls, ended {} HTTP streams ({} SSE, {} NDJSON)",
                    d.longPolls(),
                    d.sseStreams() + d.ndjsonStreams(),
                    d.sseStreams(),
                    d.ndjsonStreams());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("drain of HTTP requests did not finish: {}", e.toString());
        }
    }

    private static void awaitDrained(BooleanSupplier done, long deadlineNanos) {
        while (!done.getAsBoolean() && System.nanoTime() < deadlineNanos) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void shutdownGroups() {
        bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
