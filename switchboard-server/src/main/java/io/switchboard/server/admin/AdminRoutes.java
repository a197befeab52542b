package io.switchboard.server.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.switchboard.transport.ErrorJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard under {@code /admin}: its page ({@code /admin/}, three files from the classpath
 * folder {@code web/admin/}) and its data stream {@code /admin/api/stream}. With the token
 * {@link AdminToken#OFF} every path answers 404, as if nothing were there.
 *
 * <p>The page is public (it holds no data) and asks for the token; the stream takes it only from
 * {@code Authorization: Bearer}, never from the URL, where it would end up in logs and history.
 * Everything is served with a Content-Security-Policy that allows the page's own files and its
 * own origin only.
 *
 * <p>Thread-safe: the files are read once; requests are answered on their channel's event loop.
 */
public final class AdminRoutes {
    public static final String PREFIX = "/admin";
    static final String STREAM = "/admin/api/stream";

    /** Only the page's own scripts, styles and connections; no inline code, no framing. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> FILES = Map.of(
            "/admin", "index.html",
            "/admin/", "index.html",
            "/admin/admin.js", "admin.js",
            "/admin/chart.js", "chart.js",
            "/admin/admin.css", "admin.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private final AdminToken token;
    private final AdminSampler sampler;

    /** {@code sampler} may be null when {@code token} is {@link AdminToken#OFF}. */
    public AdminRoutes(AdminToken token, AdminSampler sampler) {
        this.token = token;
        this.sampler = sampler;
    }

    /** Whether {@code path} is the dashboard's, enabled or not. */
    public static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /**
     * Answers a request for a path it {@link #owns}. {@code detachTimers} removes the connection's
     * idle and request timers, which would otherwise cut the open stream.
     */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Runnable detachTimers) {
        if (!token.enabled()) {
            error(ctx, req, HttpResponseStatus.NOT_FOUND, "not_found", "not found");
            return;
        }
        boolean get = req.method() == HttpMethod.GET;
        if (!get && req.method() != HttpMethod.HEAD) {
            FullHttpResponse res = full(
                    req,
                    HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "application/json; charset=utf-8",
                    ErrorJson.of("method_not_allowed", "this path takes GET and HEAD"));
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            write(ctx, req, res);
            return;
        }
        if (path.equals(STREAM)) {
            if (!token.acceptsAuthorization(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                FullHttpResponse res = full(
                        req,
                        HttpResponseStatus.UNAUTHORIZED,
                        "application/json; charset=utf-8",
                        ErrorJson.of("unauthorized", "send the admin token as Authorization: Bearer <token>"));
                res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"switchboard-admin\"");
                write(ctx, req, res);
            } else if (!get) {
                write(ctx, req, full(req, HttpResponseStatus.OK, "text/event-stream; charset=utf-8", new byte[0]));
            } else {
                stream(ctx, detachTimers);
            }
            return;
        }
        String file = FILES.get(path);
        if (file == null) {
            error(ctx, req, HttpResponseStatus.NOT_FOUND, "not_found", "not found");
            return;
        }
        write(ctx, req, full(req, HttpResponseStatus.OK, TYPES.get(extension(file)), load(file)));
    }

    private void stream(ChannelHandlerContext ctx, Runnable detachTimers) {
        detachTimers.run();
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        protect(res.headers());
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        // a stream is never followed by another request on this connection
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(res);
        sampler.subscribe(ctx.channel());
    }

    private static void error(
            ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String code, String message) {
        write(ctx, req, full(req, status, "application/json; charset=utf-8", ErrorJson.of(code, message)));
    }

    private static FullHttpResponse full(
            FullHttpRequest req, HttpResponseStatus status, String contentType, byte[] body) {
        boolean head = req.method() == HttpMethod.HEAD;
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        protect(res.headers());
        HttpUtil.setContentLength(res, body.length);
        return res;
    }

    /** Headers of every dashboard answer: nothing cached, nothing framed, nothing from elsewhere. */
    private static void protect(HttpHeaders headers) {
        headers.set("Content-Security-Policy", CSP);
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String extension(String file) {
        return file.substring(file.lastIndexOf('.') + 1);
    }

    /** Read per request: three small files, asked for once per page load, so no cache is worth keeping. */
    private static byte[] load(String file) {
        try (InputStream in = AdminRoutes.class.getClassLoader().getResourceAsStream("web/admin/" + file)) {
            if (in == null) {
                throw new IllegalStateException("web/admin/" + file + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
