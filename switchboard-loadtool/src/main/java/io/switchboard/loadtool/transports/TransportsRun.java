package io.switchboard.loadtool.transports;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.switchboard.loadtool.common.CpuWindow;
import io.switchboard.loadtool.common.DeliveryTally;
import io.switchboard.loadtool.common.LatencySummary;
import io.switchboard.loadtool.common.LoopbackTarget;
import io.switchboard.loadtool.common.OpenLoopSender;
import io.switchboard.loadtool.common.RunPlan;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One transport's run: open the receivers in a fresh room, wait until they are ready, post
 * open-loop from a separate sender, drain, and report bytes, requests, latency, loss and server
 * CPU over the measurement window. Every connection is closed before {@link #run} returns.
 *
 * <p>The sender posts over HTTP for every transport, the WebSocket run included, so the sending
 * side is identical and the differences in the table are the receiving transports'.
 *
 * <p>Thread-confined: runs on the calling thread; the clients run on the given event loops.
 */
final class TransportsRun {

    /** Connections opened at once; more would overflow a small accept backlog. */
    private static final int CONNECT_BATCH = 64;

    private static final int MAX_RESPONSE_BYTES = 4 << 20;

    private final TransportsSettings settings;
    private final EventLoopGroup group;
    private final LoopbackTarget target;
    private final String hostHeader;
    private final long serverPid;
    private final PrintStream log;

    /**
     * @param target the server's {@code /ws} endpoint on this machine; the HTTP API is on the same port
     */
    TransportsRun(
            TransportsSettings settings, EventLoopGroup group, LoopbackTarget target, long serverPid, PrintStream log) {
        this.settings = settings;
        this.group = group;
        this.target = target;
        URI uri = target.uri();
        this.hostHeader = uri.getHost() + ":" + target.address().getPort();
        this.serverPid = serverPid;
        this.log = log;
    }

    TransportsResult run(TransportsKind kind) throws InterruptedException {
        RunPlan plan = RunPlan.of(
                settings.rate(), settings.warmupSeconds(), settings.durationSeconds(), settings.payloadBytes());
        // The same length for every transport: the room name is in every message the receivers get.
        String room = String.format(Locale.ROOT, "tx-%07d-%d", plan.runId(), kind.ordinal());
        TransportsStats stats = new TransportsStats();
        TransportsWireCounter receiverBytes = new TransportsWireCounter();
        TransportsWireCounter senderBytes = new TransportsWireCounter();
        ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            long deadline = System.nanoTime() + (long) (settings.connectTimeoutSeconds() * 1e9);
            Bootstrap receivers = bootstrap(receiverInitializer(kind, room, plan, stats, receiverBytes));
            connect(receivers, settings.clients(), channels, stats, deadline);
            while (stats.ready.get() < settings.clients() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            int ready = stats.ready.get();
            log.printf(
                    Locale.ROOT,
                    "[%s] %d of %d receivers ready in room %s%s%n",
                    kind.cliName(),
                    ready,
                    settings.clients(),
                    room,
                    stats.firstError() == null ? "" : " (first error: " + stats.firstError() + ")");
            if (ready == 0) {
                throw new IllegalStateException("no " + kind.cliName() + " receiver became ready"
                        + (stats.firstError() == null ? "" : ": " + stats.firstError()));
            }
            Bootstrap sender = bootstrap(senderInitializer(room, stats, senderBytes));
            List<Channel> senders = connect(sender, settings.senders(), channels, stats, deadline);

            CpuWindow cpu = new CpuWindow(serverPid, stats.tokenMessages::sum);
            Supplier<TransportsWireCounter.Bytes[]> bytes =
                    () -> new TransportsWireCounter.Bytes[] {receiverBytes.snapshot(), senderBytes.snapshot()};
            long[] startRequests = new long[2];
            TransportsWireCounter.Bytes[][] startBytes = new TransportsWireCounter.Bytes[1][];
            OpenLoopSender.Outcome sent = new OpenLoopSender(plan, senders, OpenLoopSender.tokens(plan), () -> {
                        cpu.start();
                        startBytes[0] = bytes.get();
                        startRequests[0] = stats.receiverRequests.sum();
                        startRequests[1] = stats.senderRequests.sum();
                    })
                    .run();
            long expected = sent.measuredSent() * ready;
            long drainDeadline = System.nanoTime() + (long) (settings.effectiveDrainSeconds() * 1e9);
            while (stats.delivered.sum() < expected && System.nanoTime() < drainDeadline) {
                Thread.sleep(5);
            }
            CpuWindow.Usage usage = cpu.stop();
            TransportsWireCounter.Bytes[] endBytes = bytes.get();
            TransportsResult.Window window = new TransportsResult.Window(
                    usage,
                    endBytes[0].minus(startBytes[0][0]),
                    endBytes[1].minus(startBytes[0][1]),
                    stats.receiverRequests.sum() - startRequests[0],
                    stats.senderRequests.sum() - startRequests[1]);
            DeliveryTally tally =
                    new DeliveryTally(sent.measuredSent(), ready, stats.delivered.sum(), stats.duplicates.sum());
            return TransportsResult.of(
                    kind,
                    settings,
                    ready,
                    tally,
                    LatencySummary.ofMicros(stats.latencyMicros),
                    window,
                    stats.errors.get(),
                    stats.firstError());
        } finally {
            channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Opens {@code count} connections in batches; returns the ones that connected. */
    private List<Channel> connect(
            Bootstrap bootstrap, int count, ChannelGroup channels, TransportsStats stats, long deadline) {
        List<Channel> connected = new ArrayList<>();
        for (int from = 0; from < count && System.nanoTime() < deadline; from += CONNECT_BATCH) {
            List<ChannelFuture> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + CONNECT_BATCH); i++) {
                ChannelFuture f = bootstrap.connect(target.address());
                channels.add(f.channel());
                batch.add(f);
            }
            for (ChannelFuture f : batch) {
                long left = Math.max(1, deadline - System.nanoTime());
                if (f.awaitUninterruptibly(left, TimeUnit.NANOSECONDS) && f.isSuccess()) {
                    connected.add(f.channel());
                } else {
                    stats.onError("connect failed: "
                            + (f.cause() == null ? "timeout" : f.cause().getMessage()));
                }
            }
        }
        return connected;
    }

    private Bootstrap bootstrap(ChannelHandler initializer) {
        return new Bootstrap()
                .group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(initializer);
    }

    private ChannelHandler receiverInitializer(
            TransportsKind kind, String room, RunPlan plan, TransportsStats stats, TransportsWireCounter counter) {
        String api = "/api/rooms/" + room;
        return new ChannelInitializer<SocketChannel>() {
            /** Seeds each poller's jitter; initChannel runs on several loops. */
            private final AtomicLong seeds = new AtomicLong(plan.runId());

            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(counter, new HttpClientCodec());
                switch (kind) {
                    case WEBSOCKET ->
                        ch.pipeline()
                                .addLast(
                                        new HttpObjectAggregator(8192),
                                        new WebSocketClientProtocolHandler(webSocketConfig()),
                                        new TransportsWebSocketReceiver(room, plan, stats));
                    case SSE ->
                        ch.pipeline()
                                .addLast(new HttpPushReceiver(true, hostHeader, api + "/events?after=0", plan, stats));
                    case STREAM ->
                        ch.pipeline()
                                .addLast(new HttpPushReceiver(false, hostHeader, api + "/stream?after=0", plan, stats));
                    case LONGPOLL, POLL ->
                        ch.pipeline()
                                .addLast(
                                        new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                                        new HttpPollReceiver(
                                                hostHeader,
                                                room,
                                                kind == TransportsKind.LONGPOLL ? settings.longPollWaitSeconds() : 0,
                                                TimeUnit.MILLISECONDS.toNanos(settings.pollIntervalMillis()),
                                                settings.pollLimit(),
                                                plan,
                                                stats,
                                                seeds.getAndIncrement()));
                }
            }
        };
    }

    private ChannelHandler senderInitializer(String room, TransportsStats stats, TransportsWireCounter counter) {
        return new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                        .addLast(
                                counter,
                                new HttpClientCodec(),
                                new HttpObjectAggregator(1 << 16),
                                new HttpPostSenderHandler(hostHeader, room, stats));
            }
        };
    }

    private WebSocketClientProtocolConfig webSocketConfig() {
        return WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(target.uri())
                .version(WebSocketVersion.V13)
                .allowExtensions(false)
                .handshakeTimeoutMillis(10_000)
                .absoluteUpgradeUrl(false)
                .withUTF8Validator(false)
                .build();
    }
}
