package io.switchboard.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.switchboard.chat.NativeChat;
import io.switchboard.hub.Hub;
import io.switchboard.transport.websocket.FrameFormat;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Assembles the pipeline of a new connection, and nothing else: HTTP codec, a read-idle timeout,
 * the request aggregator with the body limit, and the router, which installs WebSocket handlers on
 * an upgrade.
 */
final class SwitchboardInitializer extends ChannelInitializer<SocketChannel> {
    static final String HTTP_IDLE = "http-idle";
    static final String HTTP_IDLE_CLOSE = "http-idle-close";

    private final ServerConfig config;
    private final Hub hub;
    private final NativeChat chat;
    private final FrameFormat nativeFormat;
    private final StaticContent content = new StaticContent();
    private final ChannelGroup webSockets;
    private final Clock clock;

    SwitchboardInitializer(ServerConfig config, Hub hub, NativeChat chat, FrameFormat nativeFormat,
                           ChannelGroup webSockets, Clock clock) {
        this.config = config;
        this.hub = hub;
        this.chat = chat;
        this.nativeFormat = nativeFormat;
        this.webSockets = webSockets;
        this.clock = clock;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        // a connection that sends nothing (no request, or half a request) for this long is closed;
        // the WebSocket upgrade replaces it with ping/idle handling
        p.addLast(HTTP_IDLE, new IdleStateHandler(config.httpIdleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast(HTTP_IDLE_CLOSE, IdleCloseHandler.INSTANCE);
        p.addLast("http-codec", new HttpServerCodec(4096, 8192, 8192));
        p.addLast("http-aggregator", new HttpObjectAggregator(config.maxHttpBodyBytes()));
        p.addLast("http-router", new HttpRouterHandler(config, hub, chat, nativeFormat, content, webSockets, clock));
    }

    /** Closes a connection on the first idle event it sees. */
    @io.netty.channel.ChannelHandler.Sharable
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
