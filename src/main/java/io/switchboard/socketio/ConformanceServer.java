package io.switchboard.socketio;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.switchboard.protocol.engineio.EnginePacket;
import io.switchboard.transport.engineio.EngineCloseReason;
import io.switchboard.transport.engineio.EngineIoConfig;
import io.switchboard.transport.engineio.EngineIoServer;
import io.switchboard.transport.engineio.EngineIoSession;
import io.switchboard.transport.websocket.WebSocketSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The server the official Engine.IO and Socket.IO protocol test suites run against: an Engine.IO
 * echo at {@code /engine.io/} and, at {@code /socket.io/}, a Socket.IO server that emits
 * {@code auth} on connection, answers {@code message} with {@code message-back} and
 * {@code message-with-ack} through the ack, and accepts the namespace {@code /custom}.
 *
 * <p>Usage: {@code ConformanceServer [--port N] [--host H]} (default 127.0.0.1:3000).
 */
public final class ConformanceServer implements AutoCloseable {
    /** The suites' timers: pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1 MB. */
    public static final EngineIoConfig ENGINE = new EngineIoConfig(Duration.ofMillis(300), Duration.ofMillis(200),
            1_000_000, Duration.ofSeconds(10), 4_000_000);

    /** How long after the CONNECT reply the auth event leaves; see {@link #echoBehaviour}. */
    private static final long AUTH_DELAY_MS = 5;

    private final EventLoopGroup group;
    private final Channel server;
    private final SocketIoServer io;

    private ConformanceServer(EventLoopGroup group, Channel server, SocketIoServer io) {
        this.group = group;
        this.server = server;
        this.io = io;
    }

    public static void main(String[] args) throws Exception {
        int port = 3000;
        String host = "127.0.0.1";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--host" -> host = args[i + 1];
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        ConformanceServer s = start(host, port);
        System.out.println("conformance server listening on " + host + ":" + s.port());
        s.server.closeFuture().sync();
    }

    /** Starts a server; port 0 picks a free one. */
    public static ConformanceServer start(String host, int port) throws InterruptedException {
        SocketIoServer io = new SocketIoServer(new SocketIoConfig(ENGINE, Duration.ofMillis(1000)));
        io.sockets().on("connection", ConformanceServer::echoBehaviour);
        io.of("/custom").on("connection", ConformanceServer::echoBehaviour);
        EngineIoServer echo = new EngineIoServer(ENGINE, ConformanceServer::echoSession);
        WebSocketSettings ws = EngineIoServer.defaultWebSocketSettings(ENGINE.maxPayload());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Channel ch = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast("http-codec", new HttpServerCodec());
                        c.pipeline().addLast("http-aggregator", new HttpObjectAggregator(ENGINE.maxPayload()));
                        c.pipeline().addLast("router", new Router(echo, io.engine(), ws));
                    }
                })
                .bind(host, port).sync().channel();
        return new ConformanceServer(group, ch, io);
    }

    public int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    public SocketIoServer io() {
        return io;
    }

    private static void echoBehaviour(SocketIoSocket socket) {
        // a moment after the CONNECT reply: the suites read one WebSocket message per wait and lose
        // a second one that arrives in the same TCP read (ws 8.5 emits both in one tick)
        socket.executor().schedule(() -> socket.emit("auth", socket.auth()), AUTH_DELAY_MS, TimeUnit.MILLISECONDS);
        socket.on("message", (args, ack) -> socket.emit("message-back", args.toArray()));
        socket.on("message-with-ack", (args, ack) -> {
            if (ack != null) {
                ack.send(args.toArray());
            }
        });
    }

    private static void echoSession(EngineIoSession session) {
        session.listener(new EngineIoSession.Listener() {
            @Override
            public void onMessage(EnginePacket message) {
                session.send(message);
            }

            @Override
            public void onClose(EngineCloseReason reason) {
            }
        });
    }

    @Override
    public void close() {
        io.close();
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Sends each request to the Engine.IO server of its path. One per connection; loop-confined. */
    private static final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final EngineIoServer echo;
        private final EngineIoServer socketIo;
        private final WebSocketSettings ws;

        Router(EngineIoServer echo, EngineIoServer socketIo, WebSocketSettings ws) {
            this.echo = echo;
            this.socketIo = socketIo;
            this.ws = ws;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String path = new QueryStringDecoder(req.uri()).path();
            EngineIoServer target = path.startsWith("/engine.io/") ? echo
                    : path.startsWith("/socket.io/") ? socketIo : null;
            if (target == null) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(req.protocolVersion(), HttpResponseStatus.NOT_FOUND))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (target.handle(ctx, req, ws)) {
                ctx.pipeline().remove(this);
            }
        }
    }
}
