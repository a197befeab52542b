package io.switchboard.socketio.internal.engineio;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.switchboard.socketio.internal.protocol.engineio.EngineIoParseException;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacket;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacketCodec;
import io.switchboard.socketio.internal.websocket.CloseReasons;

/**
 * The WebSocket end of an Engine.IO session: a new session when the upgrade request had no
 * {@code sid}, else a probe of the polling session that may become its transport. Turns frames
 * into packets and hands them to the session's loop.
 *
 * <p>One instance per connection; event-loop confined (the session runs on its own loop).
 */
final class EngineIoWebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    static final AttributeKey<EngineIoSession> SESSION = AttributeKey.valueOf("engineio.session");

    private final EngineIoServer server;
    /** The polling session this WebSocket probes, or null for a new session. */
    private final String probeSid;
    /** Set when the handshake completes; loop-confined. */
    private EngineIoSession session;

    EngineIoWebSocketHandler(EngineIoServer server, String probeSid) {
        this.server = server;
        this.probeSid = probeSid;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            if (probeSid == null) {
                server.openWebSocketSession(ctx.channel());
                session = ctx.channel().attr(SESSION).get();
            } else {
                EngineIoSession target = server.find(probeSid);
                if (target == null) {
                    ctx.close();
                    return;
                }
                session = target;
                target.loop().execute(() -> {
                    if (!target.beginProbe(ctx.channel())) {
                        ctx.close();
                    }
                });
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        EngineIoSession s = session;
        if (s == null) {
            return;
        }
        if (frame instanceof TextWebSocketFrame text) {
            String data = text.text();
            try {
                EnginePacket p = EnginePacketCodec.decodeText(data);
                s.loop().execute(() -> s.onWebSocketFrame(ctx.channel(), p));
            } catch (EngineIoParseException e) {
                s.loop().execute(() -> s.onWebSocketGarbage(ctx.channel()));
            }
        } else if (frame instanceof BinaryWebSocketFrame binary) {
            EnginePacket p = EnginePacket.binaryMessage(ByteBufUtil.getBytes(binary.content()));
            s.loop().execute(() -> s.onWebSocketFrame(ctx.channel(), p));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        EngineIoSession s = session;
        if (s != null) {
            s.loop().execute(() -> s.onWebSocketClosed(ctx.channel()));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        WebSocketCloseStatus status = CloseReasons.forInboundError(cause);
        if (status != null) {
            // a message over maxPayload, or a compressed one that inflates past it
            CloseReasons.close(ctx.channel(), status);
            return;
        }
        ctx.close();
    }
}
