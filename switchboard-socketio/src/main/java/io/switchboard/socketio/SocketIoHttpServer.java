package io.switchboard.socketio;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import io.switchboard.socketio.internal.engineio.EngineIoServer;
import io.switchboard.socketio.internal.websocket.WebSocketLimits;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A standalone HTTP server for Engine.IO servers, each at a path prefix such as
 * {@code /socket.io/}; anything else gets 404. What {@link SocketIoServer#listen} starts, for
 * applications that do not embed Socket.IO in their own Netty pipeline. Thread-safe.
 */
public final class SocketIoHttpServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;

    private SocketIoHttpServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) with {@code threads} event loops.
     *
     * @param byPath path prefix (ending in {@code /}) → the Engine.IO server answering under it
     */
    public static SocketIoHttpServer start(String host, int port, int threads, Map<String, EngineIoServer> byPath)
            throws InterruptedException {
        return start(host, port, threads, byPath, null);
    }

    /**
     * As {@link #start(String, int, int, Map)}, speaking TLS (https and wss) with {@code tls}, a server
     * {@link SslContext} the application builds (its provider, certificate and ALPN are its choice);
     * null serves plain HTTP.
     */
    public static SocketIoHttpServer start(
            String host, int port, int threads, Map<String, EngineIoServer> byPath, SslContext tls)
            throws InterruptedException {
        Map<String, EngineIoServer> routes = new LinkedHashMap<>(byPath);
        int maxPayload = routes.values().stream()
                .mapToInt(s -> s.config().maxPayload())
                .max()
                .orElse(1_000_000);
        WebSocketLimits ws = EngineIoServer.defaultWebSocketLimits(maxPayload);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        try {
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            if (tls != null) {
                                c.pipeline().addLast("tls", tls.newHandler(c.alloc()));
                            }
                            c.pipeline().addLast("http-codec", new HttpServerCodec());
                            c.pipeline().addLast("http-aggregator", new HttpObjectAggregator(maxPayload));
                            c.pipeline().addLast("router", new Router(routes, ws));
                        }
                    })
                    .bind(host, port)
                    .sync()
                    .channel();
            return new SocketIoHttpServer(group, ch);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops listening and closes every connection's loop. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Sends each request to the Engine.IO server of its path. One per connection; loop-confined. */
    private static final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Map<String, EngineIoServer> routes;
        private final WebSocketLimits ws;

        Router(Map<String, EngineIoServer> routes, WebSocketLimits ws) {
            this.routes = routes;
            this.ws = ws;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String path = new QueryStringDecoder(req.uri()).path();
            EngineIoServer target = null;
            for (Map.Entry<String, EngineIoServer> e : routes.entrySet()) {
                if (path.startsWith(e.getKey())) {
                    target = e.getValue();
                    break;
                }
            }
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
