package io.switchboard.socketio.internal.engineio;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.socketio.remote.RelayedFrame;
import io.switchboard.socketio.remote.RemoteSessions;
import io.switchboard.socketio.remote.WebSocketRelay;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The polling-to-WebSocket upgrade when the WebSocket lands on a node that does not hold the
 * session (docs/cluster.md, "No sticky sessions"): the session stays where it is and the WebSocket's
 * frames are relayed to it, both ways. {@link Relaying} is the end on the node holding the
 * WebSocket; {@link #accept} is the end on the owner, where the session writes to, and reads from,
 * an {@link EmbeddedChannel} standing in for the WebSocket, through its usual upgrade probe.
 *
 * <p>Threading: the embedded channel runs every task in the calling thread; the session writes to
 * it on its own loop, and the relay fires the client's frames into it from the relay's thread, in
 * order (the WebSocket handler only hands them on to the session's loop).
 */
final class RelayedWebSockets {
    private static final WebSocketRelay CLOSED = new WebSocketRelay() {
        @Override
        public void send(RelayedFrame frame) {}

        @Override
        public void close() {}
    };

    private RelayedWebSockets() {}

    /** The owner's end: session {@code sid} probes an upgrade over a WebSocket of another node. */
    static WebSocketRelay accept(EngineIoServer server, String sid, WebSocketRelay toClient) {
        if (server.find(sid) == null) {
            toClient.close();
            return CLOSED;
        }
        EmbeddedChannel ch = new EmbeddedChannel(new ToClient(toClient), new EngineIoWebSocketHandler(server, sid));
        ch.closeFuture().addListener(f -> toClient.close());
        ch.pipeline()
                .fireUserEventTriggered(
                        new WebSocketServerProtocolHandler.HandshakeComplete("", EmptyHttpHeaders.INSTANCE, null));
        return new WebSocketRelay() {
            @Override
            public void send(RelayedFrame frame) {
                if (ch.isActive()) {
                    ch.pipeline().fireChannelRead(toFrame(frame));
                }
            }

            @Override
            public void close() {
                ch.close();
            }
        };
    }

    static WebSocketFrame toFrame(RelayedFrame frame) {
        return frame.binary()
                ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.data()))
                : new TextWebSocketFrame(Unpooled.wrappedBuffer(frame.data()));
    }

    /** What the session writes to its stand-in WebSocket goes to the relay; its close frame closes it. */
    private static final class ToClient extends ChannelOutboundHandlerAdapter {
        private final WebSocketRelay toClient;

        ToClient(WebSocketRelay toClient) {
            this.toClient = toClient;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            try {
                if (msg instanceof TextWebSocketFrame text) {
                    toClient.send(new RelayedFrame(false, ByteBufUtil.getBytes(text.content())));
                } else if (msg instanceof BinaryWebSocketFrame binary) {
                    toClient.send(new RelayedFrame(true, ByteBufUtil.getBytes(binary.content())));
                } else if (msg instanceof CloseWebSocketFrame) {
                    toClient.close();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
            promise.setSuccess();
        }
    }

    /**
     * The end holding the client's WebSocket: once its handshake is done, opens a relay to the owner
     * of {@code sid}; the client's frames go there, and what comes back is written to the client.
     * One instance per connection; its fields are written on the connection's loop.
     */
    static final class Relaying extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final RemoteSessions remote;
        private final String sid;
        private WebSocketRelay toOwner;

        Relaying(RemoteSessions remote, String sid) {
            this.remote = remote;
            this.sid = sid;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                toOwner = remote.relay(sid, toWebSocket(ctx.channel()));
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        private static WebSocketRelay toWebSocket(Channel ch) {
            AtomicBoolean closed = new AtomicBoolean();
            return new WebSocketRelay() {
                @Override
                public void send(RelayedFrame frame) {
                    if (!closed.get()) {
                        ch.writeAndFlush(toFrame(frame));
                    }
                }

                @Override
                public void close() {
                    if (closed.compareAndSet(false, true)) {
                        ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                                .addListener(ChannelFutureListener.CLOSE);
                    }
                }
            };
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (toOwner == null) {
                return;
            }
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                toOwner.send(
                        new RelayedFrame(frame instanceof BinaryWebSocketFrame, ByteBufUtil.getBytes(frame.content())));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (toOwner != null) {
                toOwner.close();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
