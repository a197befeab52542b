package io.switchboard.loadtool.common;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Opens, tracks and closes the WebSocket clients of one run on a small Netty event loop group
 * (epoll when available), spread round-robin over one or more servers. Handshakes are ramped with
 * a bounded number in flight, so a thousand clients do not hit the server's accept queue at once.
 *
 * <p>Thread-safe: the {@code on*} callbacks come from event loops, everything else from the
 * thread running the scenario; shared state is in concurrent collections and atomics.
 */
public final class ClientPool implements AutoCloseable {

    private static final int MAX_FRAME_BYTES = 1 << 20;

    /** Which of the pool's targets a channel was opened to. */
    private static final AttributeKey<Integer> TARGET_INDEX = AttributeKey.valueOf("switchboard.loadtool.target");

    private final List<LoopbackTarget> targets;
    private final EventLoopGroup group;
    /** One per target, same options; client {@code i} uses {@code bootstraps[ClientSpread.targetOf(i, n)]}. */
    private final List<Bootstrap> bootstraps = new ArrayList<>();
    /** Every channel ever connected; Netty removes closed ones. */
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    /** Channels whose handshake completed, in completion order. */
    private final Queue<Channel> openChannels = new ConcurrentLinkedQueue<>();

    private final Map<EventLoop, LoopStats> statsByLoop = new ConcurrentHashMap<>();
    /** Bounds the handshakes in flight; a permit is returned when one succeeds or fails. */
    private final Semaphore handshakeSlots;

    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger welcomed = new AtomicInteger();
    private final AtomicInteger closedAfterOpen = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    /** {@code ack}s of the native protocol: messages the server stored. */
    private final LongAdder acks = new LongAdder();
    /** First copies of measured messages, to know when the run has drained. */
    private final LongAdder measuredDeliveries = new LongAdder();
    /** Every frame that carried a token of this run, warmup and duplicates included. */
    private final LongAdder tokenFrames = new LongAdder();
    /** The first reason a client failed, for the run's summary. */
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    public ClientPool(LoopbackTarget target, RunPlan plan, int threads, int handshakesInFlight) {
        this(target, plan, threads, handshakesInFlight, ClientProtocol.WS);
    }

    /**
     * @param target the URL the clients open, already {@linkplain ClientProtocol#resolve resolved}
     * @param protocol {@code socketio} adds a {@link SocketIoClientHandler} before the load-tool handler
     */
    public ClientPool(
            LoopbackTarget target, RunPlan plan, int threads, int handshakesInFlight, ClientProtocol protocol) {
        this(List.of(target), plan, threads, handshakesInFlight, protocol);
    }

    /**
     * A pool whose clients are spread round-robin over several servers (the nodes of a cluster):
     * client {@code i} connects to {@code targets[i % targets.size()]}.
     *
     * @param targets the URLs the clients open, already {@linkplain ClientProtocol#resolve resolved}
     * @param protocol {@code socketio} adds a {@link SocketIoClientHandler}, {@code native} a
     *     {@link NativeClientHandler}, before the load-tool handler
     */
    public ClientPool(
            List<LoopbackTarget> targets, RunPlan plan, int threads, int handshakesInFlight, ClientProtocol protocol) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target to connect to");
        }
        this.targets = List.copyOf(targets);
        this.handshakeSlots = new Semaphore(handshakesInFlight);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
        Bootstrap base = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        for (int i = 0; i < this.targets.size(); i++) {
            WebSocketClientProtocolConfig config = handshakeConfig(this.targets.get(i));
            int index = i;
            bootstraps.add(base.clone().attr(TARGET_INDEX, index).handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    LoopStats stats = statsByLoop.computeIfAbsent(ch.eventLoop(), loop -> new LoopStats());
                    ch.pipeline()
                            .addLast(
                                    new HttpClientCodec(),
                                    new HttpObjectAggregator(8192),
                                    new WebSocketClientProtocolHandler(config));
                    if (protocol == ClientProtocol.SOCKETIO) {
                        ch.pipeline().addLast(new SocketIoClientHandler());
                    } else if (protocol == ClientProtocol.NATIVE) {
                        ch.pipeline().addLast(new NativeClientHandler(ClientPool.this));
                    }
                    ch.pipeline().addLast(new LoadClientHandler(plan, ClientPool.this, stats));
                }
            }));
        }
    }

    private static WebSocketClientProtocolConfig handshakeConfig(LoopbackTarget target) {
        return WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(target.uri())
                .version(WebSocketVersion.V13)
                .allowExtensions(false)
                .maxFramePayloadLength(MAX_FRAME_BYTES)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(10_000)
                .absoluteUpgradeUrl(false)
                // The server's text is not ours to validate, and validating costs the shared CPU.
                .withUTF8Validator(false)
                .build();
    }

    public static String transportName() {
        return Epoll.isAvailable() ? "epoll" : "nio";
    }

    /**
     * Starts {@code clients} handshakes, at most the configured number in flight, and returns once
     * each has opened or failed, or at the deadline.
     */
    public void connect(int clients, long deadlineNanos) throws InterruptedException {
        int started = 0;
        for (; started < clients; started++) {
            if (!handshakeSlots.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            int index = ClientSpread.targetOf(started, targets.size());
            ChannelFuture connect =
                    bootstraps.get(index).connect(targets.get(index).address());
            channels.add(connect.channel());
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    onFailure("connect failed: " + f.cause().getMessage());
                }
            });
        }
        while (opened.get() + failed.get() < started && System.nanoTime() < deadlineNanos) {
            Thread.sleep(10);
        }
    }

    /** Waits until every open client has received a first frame, or the deadline. */
    public boolean awaitWelcomes(long deadlineNanos) throws InterruptedException {
        while (welcomed.get() < opened.get() - closedAfterOpen.get() && System.nanoTime() < deadlineNanos) {
            Thread.sleep(10);
        }
        return welcomed.get() >= opened.get() - closedAfterOpen.get();
    }

    /** Waits until this many measured deliveries arrived, or the deadline. */
    public boolean awaitDeliveries(long expected, long deadlineNanos) throws InterruptedException {
        while (measuredDeliveries.sum() < expected && System.nanoTime() < deadlineNanos) {
            Thread.sleep(5);
        }
        return measuredDeliveries.sum() >= expected;
    }

    /** The clients open right now. */
    public List<Channel> openChannels() {
        List<Channel> open = new ArrayList<>();
        for (Channel ch : openChannels) {
            if (ch.isActive()) {
                open.add(ch);
            }
        }
        return open;
    }

    /** The clients open right now that were opened to target {@code index}, in the order they opened. */
    public List<Channel> openChannels(int index) {
        List<Channel> open = new ArrayList<>();
        for (Channel ch : openChannels) {
            if (ch.isActive()
                    && Integer.valueOf(index).equals(ch.attr(TARGET_INDEX).get())) {
                open.add(ch);
            }
        }
        return open;
    }

    /** Receive statistics of all loops, each read on its own loop. */
    public LoopStats totals() throws InterruptedException {
        LoopStats total = new LoopStats();
        for (Map.Entry<EventLoop, LoopStats> e : statsByLoop.entrySet()) {
            try {
                total.add(e.getKey().submit(e.getValue()::copy).get(5, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException ex) {
                throw new IllegalStateException("could not read the statistics of an event loop", ex);
            }
        }
        return total;
    }

    public int opened() {
        return opened.get();
    }

    public int failed() {
        return failed.get();
    }

    public int welcomed() {
        return welcomed.get();
    }

    public int closedAfterOpen() {
        return closedAfterOpen.get();
    }

    int errors() {
        return errors.get();
    }

    public String firstFailure() {
        return firstFailure.get();
    }

    void onOpen(Channel channel) {
        openChannels.add(channel);
        opened.incrementAndGet();
        handshakeSlots.release();
    }

    void onFailure(String why) {
        firstFailure.compareAndSet(null, why);
        failed.incrementAndGet();
        handshakeSlots.release();
    }

    void onError(String why) {
        firstFailure.compareAndSet(null, why);
        errors.incrementAndGet();
    }

    void onAck() {
        acks.increment();
    }

    /** {@code ack}s received so far (native protocol): messages the servers stored. */
    public long acks() {
        return acks.sum();
    }

    void onWelcome() {
        welcomed.incrementAndGet();
    }

    void onClose() {
        closedAfterOpen.incrementAndGet();
    }

    void onTokenFrame(boolean firstMeasuredCopy) {
        tokenFrames.increment();
        if (firstMeasuredCopy) {
            measuredDeliveries.increment();
        }
    }

    /** Frames with this run's token received so far (any message, any copy). */
    public long tokenFrames() {
        return tokenFrames.sum();
    }

    /**
     * Closes every client: a WebSocket close (1000) first so the server sees an orderly goodbye,
     * then TCP for whatever has not closed within a couple of seconds, then the event loops.
     */
    @Override
    public void close() {
        channels.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
        channels.newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
