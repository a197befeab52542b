package io.switchboard.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.switchboard.auth.AuthException;
import io.switchboard.auth.AuthFailure;
import io.switchboard.auth.Authenticated;
import io.switchboard.auth.ExpiryTimer;
import io.switchboard.auth.Identity;
import io.switchboard.chat.TokenBucket;
import io.switchboard.hub.Delivery;
import io.switchboard.hub.Hub;
import io.switchboard.hub.MemberIds;
import io.switchboard.metrics.Connections;
import io.switchboard.metrics.Transport;
import io.switchboard.model.Member;
import io.switchboard.model.SessionId;
import io.switchboard.socketio.internal.websocket.CloseReasons;
import io.switchboard.transport.AddressBudget;
import java.time.Clock;
import java.util.List;

/**
 * The life of a chat connection that every WebSocket chat endpoint shares: a hub session from the
 * handshake to the close, text frames only (binary closes with 1003), the per-connection rate
 * limit, one flush per read batch, and one mapping of errors to close codes. Subclasses say what
 * a connection is sent when it opens, how it turns deliveries into frames, and what a text means.
 *
 * <p>Event-loop confined; one instance per connection.
 */
abstract class ChatEndpointHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    /**
     * The close of a connection whose token expired and was not refreshed within the grace: 4401
     * (the private range, as HTTP's 401), so a client can tell it from other closes and log in again.
     */
    static final WebSocketCloseStatus TOKEN_EXPIRED = new WebSocketCloseStatus(4401, "token expired");

    protected final Hub hub;
    protected final WebSocketSettings settings;
    /** Null until the handshake completes. */
    protected ChannelSession session;

    private TokenBucket rate;
    /** What the upgrade request's token proved, or null with authentication off; a refresh replaces it. */
    protected Authenticated auth;
    /** Closes the connection at the token's expiry plus the grace; null with authentication off. */
    private ExpiryTimer expiry;

    ChatEndpointHandler(Hub hub, WebSocketSettings settings) {
        this.hub = hub;
        this.settings = settings;
    }

    /** Called once the session is registered; writes (without flushing) what the client gets first. */
    protected abstract void opened(ChannelHandlerContext ctx, Member self);

    /** The frame this session writes for a delivery (retained, or new), or null to skip it. */
    protected abstract ByteBuf frameFor(SessionId self, Delivery delivery);

    /** A text frame from the client; {@code withinRate} is false when it broke the rate limit. */
    protected abstract void textReceived(String text, boolean withinRate);

    @Override
    public final void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            SessionId id = SessionId.random();
            auth = Authenticated.of(ctx.channel());
            Connections.track(ctx.channel(), transport(), hub.metrics());
            session = new ChannelSession(id, ctx.channel(), settings, d -> frameFor(id, d), transport(), hub.metrics());
            rate = new TokenBucket(settings.rateLimitPerSecond(), settings.rateLimitBurst(), System.nanoTime());
            opened(
                    ctx,
                    hub.register(
                            session,
                            // with a token its sub is the sender's name, and the client cannot change it
                            auth != null ? auth.identity().subject() : Guests.nickFor(id),
                            takesClientIds() ? clientId(handshake.requestUri()) : null));
            session.flush();
            if (auth != null) {
                expiry = new ExpiryTimer(
                        ctx.channel().eventLoop(),
                        auth.authenticator().grace(),
                        Clock.systemUTC(),
                        () -> CloseReasons.close(ctx.channel(), TOKEN_EXPIRED));
                expiry.arm(auth.identity().expiresAt());
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * A new token for this connection: verified, for the same {@code sub}, it replaces the old one
     * and moves the expiry on. On the loop.
     */
    protected final Identity refresh(String token) throws AuthException {
        Identity next = auth.authenticator().verify(token);
        if (!next.subject().equals(auth.identity().subject())) {
            throw new AuthException(AuthFailure.SUBJECT_CHANGED);
        }
        auth = new Authenticated(next, auth.authenticator());
        expiry.arm(next.expiresAt());
        return next;
    }

    /** The session's identity, or null with authentication off. */
    protected final Identity identity() {
        return auth == null ? null : auth.identity();
    }

    /** The endpoint's protocol, as the metrics name it. */
    protected abstract Transport transport();

    /** Whether the endpoint honours {@code ?client=}; the seed endpoint keys its session by member id. */
    protected boolean takesClientIds() {
        return false;
    }

    /**
     * The {@code ?client=} of the upgrade request (docs/protocol.md): the page's id for itself, which
     * makes this connection the same member as the page's sessions on other transports. An invalid
     * one is ignored rather than refused, so an old or odd client still gets a session of its own.
     */
    private static String clientId(String uri) {
        List<String> values = new QueryStringDecoder(uri).parameters().get("client");
        String value = values == null || values.isEmpty() ? null : values.get(0);
        return MemberIds.isValidClientId(value) ? value : null;
    }

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (session == null || CloseReasons.isClosing(ctx.channel())) {
            return;
        }
        if (!(frame instanceof TextWebSocketFrame text)) {
            CloseReasons.close(ctx.channel(), CloseReasons.BINARY_NOT_ACCEPTED);
            return;
        }
        long now = System.nanoTime();
        // the connection's own limit, then its address's across all of that address's connections
        boolean withinRate = rate.tryAcquire(now) && AddressBudget.tryAcquire(ctx.channel(), now);
        if (!withinRate) {
            hub.metrics().rateLimited();
        }
        textReceived(text.text(), withinRate);
    }

    @Override
    public final void channelReadComplete(ChannelHandlerContext ctx) {
        if (session != null) {
            session.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) {
        if (expiry != null) {
            expiry.cancel();
        }
        if (session != null) {
            hub.disconnected(session.id());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        WebSocketErrors.closeFor(ctx, cause);
    }
}
