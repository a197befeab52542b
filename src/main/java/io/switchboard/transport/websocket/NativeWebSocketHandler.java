package io.switchboard.transport.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.switchboard.chat.NativeChat;
import io.switchboard.chat.TokenBucket;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Member;
import io.switchboard.hub.SessionId;
import io.switchboard.protocol.nativejson.ClientCommand;
import io.switchboard.protocol.nativejson.ErrorCode;
import io.switchboard.protocol.nativejson.NativeCommandDecoder;
import io.switchboard.protocol.nativejson.ProtocolException;
import java.util.concurrent.CompletableFuture;

/**
 * The native protocol endpoint ({@code /ws}, docs/protocol.md): JSON commands in, JSON events out.
 * One instance per connection.
 *
 * <p>Event-loop confined.
 */
public final class NativeWebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final NativeCommandDecoder DECODER = new NativeCommandDecoder();

    private final Hub hub;
    private final NativeChat chat;
    private final WebSocketSettings settings;
    private final FrameFormat format;
    /** Null until the handshake completes. */
    private ChannelSession session;
    private TokenBucket rate;
    /** Completes when the reply to the latest command has been handed to the loop. Loop-confined. */
    private CompletableFuture<Void> lastReply = CompletableFuture.completedFuture(null);

    /** {@code format} must encode with {@code chat.events()}; it is shared by all connections. */
    public NativeWebSocketHandler(Hub hub, NativeChat chat, FrameFormat format, WebSocketSettings settings) {
        this.hub = hub;
        this.chat = chat;
        this.format = format;
        this.settings = settings;
    }

    /** The shared wire format of native broadcasts. */
    public static FrameFormat format(NativeChat chat) {
        return new FrameFormat(chat.events()::hubEvent);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            SessionId id = SessionId.random();
            session = new ChannelSession(id, ctx.channel(), settings,
                    d -> FrameFormat.share(d.encoded(format)));
            rate = new TokenBucket(settings.rateLimitPerSecond(), settings.rateLimitBurst(), System.nanoTime());
            Member self = hub.register(session, Guests.nickFor(id));
            reply(chat.events().welcome(self, hub.epoch()));
            session.flush();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (session == null || CloseReasons.isClosing(ctx.channel())) {
            return;
        }
        if (!(frame instanceof TextWebSocketFrame text)) {
            CloseReasons.close(ctx.channel(), CloseReasons.BINARY_NOT_ACCEPTED);
            return;
        }
        CompletableFuture<byte[]> answer;
        String ref = null;
        try {
            if (!rate.tryAcquire(System.nanoTime())) {
                throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many commands; slow down", null);
            }
            ClientCommand command = DECODER.decode(text.text());
            ref = command.ref();
            answer = chat.handle(session.id(), command);
        } catch (ProtocolException e) {
            answer = CompletableFuture.completedFuture(chat.events().error(e.code(), e.getMessage(), e.ref()));
        }
        replyInOrder(answer, ref);
    }

    /**
     * Replies leave in the order their commands came in, whether they were ready at once or had to
     * wait for the storage thread. A storage reply is handed to the loop from the storage thread
     * before that thread publishes anything later, so it still precedes the broadcasts after it.
     */
    private void replyInOrder(CompletableFuture<byte[]> answer, String ref) {
        if (lastReply.isDone() && answer.isDone()) {
            writeAnswer(answer.getNow(null), null, ref);
            return;
        }
        lastReply = lastReply.thenCompose(ignored -> answer)
                .handle((bytes, failure) -> {
                    session.runOnLoop(() -> {
                        writeAnswer(bytes, failure, ref);
                        session.flush();
                    });
                    return null;
                });
    }

    private void writeAnswer(byte[] bytes, Throwable failure, String ref) {
        if (failure != null) {
            reply(chat.storageError(failure, ref));
        } else if (bytes != null) {
            reply(bytes);
        }
    }

    private void reply(byte[] json) {
        session.write(WebSocketFrames.text(session.channelAllocator(), json));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (session != null) {
            session.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            hub.unregister(session.id());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        WebSocketErrors.closeFor(ctx, cause);
    }
}
