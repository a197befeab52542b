package io.switchboard.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.switchboard.chat.NativeChat;
import io.switchboard.cluster.Broker;
import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.history.HistoryStore;
import io.switchboard.hub.Hub;
import io.switchboard.transport.websocket.CloseReasons;
import io.switchboard.transport.websocket.NativeWebSocketHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Switchboard: the Netty server, the hub and its stores. {@link #start} returns once the
 * port is bound; {@link #close} drains (close 1001 to every WebSocket client) and stops.
 *
 * <p>Thread-safe.
 */
public final class SwitchboardServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwitchboardServer.class);

    private final ServerConfig config;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ChannelGroup webSockets = new DefaultChannelGroup("websockets", GlobalEventExecutor.INSTANCE);
    private final HistoryStore history;
    private final Broker broker;
    private final Hub hub;
    private final Channel serverChannel;
    private volatile boolean closed;

    private SwitchboardServer(ServerConfig config) throws InterruptedException {
        this.config = config;
        Transport transport = Transport.choose(config.transport());
        IoHandlerFactory io = transport.ioHandlerFactory();
        Class<? extends ServerChannel> channelType = transport.serverChannel();
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, io);
        this.workerGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), io);
        Clock clock = Clock.systemUTC();
        this.history = HistoryStores.open(config);
        this.broker = new InMemoryBroker();
        this.hub = new Hub(history, broker, clock);
        NativeChat chat = new NativeChat(hub);
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childHandler(new SwitchboardInitializer(config, hub, chat, NativeWebSocketHandler.format(chat),
                            webSockets, clock));
            this.serverChannel = b.bind(config.host(), config.port()).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            hub.close();
            history.close();
            throw e;
        }
        if (config.retention().bounded()) {
            long every = config.retentionInterval().toMillis();
            workerGroup.next().scheduleWithFixedDelay(() -> hub.enforceRetention(config.retention())
                    .thenAccept(n -> { if (n > 0) { log.info("retention deleted {} messages", n); } }),
                    every, every, TimeUnit.MILLISECONDS);
        }
        log.info("transport: {}, I/O threads: {}, history: {}, epoch {}", transport.label(), config.ioThreads(),
                HistoryStores.describe(config), hub.epoch());
    }

    public static SwitchboardServer start(ServerConfig config) throws InterruptedException {
        return new SwitchboardServer(config);
    }

    /** The bound port (useful when the config asked for port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public Hub hub() {
        return hub;
    }

    public ServerConfig config() {
        return config;
    }

    /** Stops accepting, tells every WebSocket client the server is going away (1001), then stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().syncUninterruptibly();
        for (Channel ch : webSockets) {
            ch.eventLoop().execute(() -> CloseReasons.close(ch, CloseReasons.SHUTTING_DOWN));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!webSockets.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        shutdownGroups();
        hub.close();
        broker.close();
        history.close();
    }

    private void shutdownGroups() {
        bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
