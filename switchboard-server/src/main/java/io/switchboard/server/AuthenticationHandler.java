package io.switchboard.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.auth.AuthException;
import io.switchboard.auth.AuthFailure;
import io.switchboard.auth.Authenticated;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.BearerToken;
import io.switchboard.auth.Identity;
import io.switchboard.transport.ErrorJson;
import io.switchboard.transport.websocket.SeedWebSocketHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code --auth-*} on, checks the token of every request that opens or uses the chat, before
 * the router sees it: WebSocket upgrades to {@code /} and {@code /ws}, the room API under
 * {@code /api/}, and a Socket.IO handshake that carries a token. A missing, forged, expired or
 * not-yet-valid token is answered 401 with a JSON body (and, on an upgrade, no 101: no WebSocket
 * or Engine.IO session exists); a token that does not grant the room the request names is 403.
 * A verified request goes on with its {@link Authenticated} on the channel.
 *
 * <p>Socket.IO requests that belong to an existing Engine.IO session ({@code sid=}) pass: the
 * socket was authenticated in its CONNECT packet and its expiry is enforced there. A Socket.IO
 * handshake without a token passes too, so that a client presenting {@code auth.token} gets its
 * CONNECT_ERROR with a code rather than a transport error.
 *
 * <p>The page, its files, the probes, {@code /metrics}, {@code /admin} (its own token) and
 * {@code /echo} stay open. One instance per connection; event-loop confined.
 */
final class AuthenticationHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AuthenticationHandler.class);
    private static final String ROOMS = "/api/rooms/";

    private final Authenticator authenticator;

    AuthenticationHandler(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !req.decoderResult().isSuccess()) {
            ctx.fireChannelRead(msg);
            return;
        }
        Authenticated.set(ctx.channel(), null);
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.path();
        String token = BearerToken.of(req);
        boolean upgrade =
                HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE));
        String room;
        if (path.startsWith(ROOMS)) {
            int slash = path.indexOf('/', ROOMS.length());
            room = slash < 0 ? null : path.substring(ROOMS.length(), slash);
        } else if (path.startsWith("/api/")) {
            room = null;
        } else if (upgrade && path.equals("/")) {
            room = SeedWebSocketHandler.ROOM;
        } else if (upgrade && path.equals("/ws")) {
            room = null;
        } else if (path.startsWith("/socket.io/")
                && token != null
                && !uri.parameters().containsKey("sid")) {
            room = null;
        } else {
            ctx.fireChannelRead(msg);
            return;
        }
        Identity identity;
        try {
            identity = authenticator.verify(token);
            if (room != null && !identity.mayUse(room)) {
                throw new AuthException(AuthFailure.ROOM_FORBIDDEN, "the token does not grant the room " + room);
            }
        } catch (AuthException e) {
            refuse(ctx, req, path, upgrade, e);
            return;
        }
        Authenticated.set(ctx.channel(), new Authenticated(identity, authenticator));
        ctx.fireChannelRead(msg);
    }

    /** 401 (RFC 6750's {@code WWW-Authenticate: Bearer}) or 403, JSON {@code {"error","message"}}. */
    private static void refuse(
            ChannelHandlerContext ctx, FullHttpRequest req, String path, boolean upgrade, AuthException e) {
        boolean forbidden = e.failure() == AuthFailure.ROOM_FORBIDDEN;
        HttpResponseStatus status = forbidden ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.UNAUTHORIZED;
        // the path only: the query may hold the token itself
        log.info(
                "refused {} {} from {}: {}",
                req.method(),
                path,
                ctx.channel().remoteAddress(),
                e.failure().code());
        byte[] body = ErrorJson.of(e.failure().code(), e.getMessage());
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set("X-Content-Type-Options", "nosniff");
        if (!forbidden) {
            res.headers()
                    .set(
                            HttpHeaderNames.WWW_AUTHENTICATE,
                            e.failure() == AuthFailure.MISSING
                                    ? "Bearer"
                                    : "Bearer error=\"invalid_token\", error_description=\""
                                            + e.failure().code() + "\"");
        }
        HttpUtil.setContentLength(res, body.length);
        // a refused upgrade leaves the connection in doubt (the client expected 101): close it
        boolean keepAlive = !upgrade && HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        ReferenceCountUtil.release(req);
        if (keepAlive) {
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
