package io.switchboard.server.security;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.switchboard.transport.ErrorJson;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, with 403 {@code {"error":"origin_not_allowed",…}} and one warning line, every request
 * whose {@code Origin} the {@link OriginPolicy} does not allow, before the router sees it: WebSocket
 * handshakes on {@code /}, {@code /ws} and {@code /echo}, the HTTP API's reads and posts (SSE,
 * NDJSON, long-polls, polls) and every Engine.IO request (polls, posts and upgrades). Under
 * {@code /socket.io/} the origins given CORS access ({@code --socketio-cors-origin}) are allowed too.
 * Requests the codec could not read pass on to the router, which answers them.
 *
 * <p>Sits after the aggregator, so a refused body is already read and the connection stays usable.
 * Stateless and shared by every connection; thread-safe.
 */
@ChannelHandler.Sharable
public final class OriginGateHandler extends ChannelInboundHandlerAdapter {
    public static final String NAME = "origin-gate";
    private static final Logger log = LoggerFactory.getLogger(OriginGateHandler.class);
    private static final String SOCKET_IO = "/socket.io/";
    private static final int MAX_LOGGED_ORIGIN = 200;

    private final OriginPolicy policy;
    /** {@link #policy} widened by the Socket.IO CORS origins, for {@code /socket.io/}. */
    private final OriginPolicy socketIoPolicy;

    public OriginGateHandler(OriginPolicy policy, Set<String> socketIoCorsOrigins) {
        this.policy = policy;
        this.socketIoPolicy = policy.widenedBy(socketIoCorsOrigins);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !req.decoderResult().isSuccess()) {
            ctx.fireChannelRead(msg);
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        // the path only: a query may carry a token, which must not reach the log
        String path = new QueryStringDecoder(req.uri()).path();
        OriginPolicy p = path.startsWith(SOCKET_IO) ? socketIoPolicy : policy;
        if (p.allows(origin, req.headers().get(HttpHeaderNames.HOST))) {
            ctx.fireChannelRead(msg);
            return;
        }
        log.warn(
                "refused origin {} on {} from {}",
                printable(origin, MAX_LOGGED_ORIGIN),
                printable(path, MAX_LOGGED_ORIGIN),
                ctx.channel().remoteAddress());
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        req.release();
        byte[] body = ErrorJson.of(
                "origin_not_allowed",
                "pages from this origin may not connect here; the server's own pages may, "
                        + "and --allowed-origins adds others");
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set("X-Content-Type-Options", "nosniff");
        HttpUtil.setContentLength(res, body.length);
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** At most {@code max} characters, control characters as {@code ?}, so a header cannot forge log lines. */
    static String printable(String s, int max) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && i < max; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > max ? out.append('…').toString() : out.toString();
    }
}
