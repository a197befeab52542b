package io.switchboard.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.switchboard.chat.TokenBucket;
import io.switchboard.hub.Delivery;
import io.switchboard.hub.Hub;
import io.switchboard.hub.HubEvent;
import io.switchboard.hub.SessionId;
import io.switchboard.protocol.nativejson.Limits;
import io.switchboard.protocol.seed.SeedEncoder;
import java.time.Clock;

/**
 * The tutorial chat at {@code /}: every text frame is a message to the room {@code lobby}, and
 * every lobby message comes back as {@code {"text": "me: T" | "other: T", "timestamp": ms}}. The
 * "other" frame is built once per broadcast and shared; only the sender's "me" frame is its own.
 *
 * <p>Event-loop confined; one instance per connection.
 */
public final class SeedWebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    public static final String ROOM = "lobby";
    private static final SeedEncoder ENCODER = new SeedEncoder();
    /** What every recipient but the sender gets; shared by all seed connections. */
    public static final FrameFormat OTHERS_FORMAT = new FrameFormat(e ->
            e instanceof HubEvent.MessagePosted p ? ENCODER.message(p.message(), false) : null);

    private final Hub hub;
    private final WebSocketSettings settings;
    private final Clock clock;
    /** Null until the handshake completes. */
    private ChannelSession session;
    private TokenBucket rate;

    public SeedWebSocketHandler(Hub hub, WebSocketSettings settings, Clock clock) {
        this.hub = hub;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            SessionId id = SessionId.random();
            session = new ChannelSession(id, ctx.channel(), settings, d -> frameFor(id, d));
            rate = new TokenBucket(settings.rateLimitPerSecond(), settings.rateLimitBurst(), System.nanoTime());
            hub.register(session, Guests.nickFor(id));
            session.write(WebSocketFrames.text(ctx.alloc(), ENCODER.welcome(clock.millis())));
            hub.join(id, ROOM, null, 0);
            session.flush();
        }
        ctx.fireUserEventTriggered(evt);
    }

    private ByteBuf frameFor(SessionId self, Delivery d) {
        if (d.event() instanceof HubEvent.MessagePosted p && self.equals(p.origin())) {
            return WebSocketFrames.text(session.channelAllocator(), ENCODER.message(p.message(), true));
        }
        return FrameFormat.share(d.encoded(OTHERS_FORMAT));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (session == null || CloseReasons.isClosing(ctx.channel())) {
            return;
        }
        if (!(frame instanceof TextWebSocketFrame textFrame)) {
            CloseReasons.close(ctx.channel(), CloseReasons.BINARY_NOT_ACCEPTED);
            return;
        }
        String text = textFrame.text();
        if (!rate.tryAcquire(System.nanoTime())) {
            notice("error: too many messages; slow down");
        } else if (!Limits.isValidText(text)) {
            notice("error: a message is 1-" + Limits.MAX_TEXT_CODE_POINTS + " characters and not blank");
        } else {
            hub.post(session.id(), hub.member(session.id()).nick(), ROOM, text, null)
                    .exceptionally(failure -> {
                        session.runOnLoop(() -> {
                            notice("error: the message could not be stored; try again");
                            session.flush();
                        });
                        return null;
                    });
        }
    }

    private void notice(String text) {
        session.write(WebSocketFrames.text(session.channelAllocator(), ENCODER.notice(text, clock.millis())));
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
