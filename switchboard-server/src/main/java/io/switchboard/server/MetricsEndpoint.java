package io.switchboard.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.switchboard.transport.ErrorJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /metrics}: a scrape of one server's registry in the Prometheus text format, or in
 * OpenMetrics when the Accept header asks for {@code application/openmetrics-text} (as Prometheus
 * does). The protobuf format is not offered: the text formats carry every metric here, and the
 * shaded protobuf runtime would double the client library's size.
 *
 * <p>Thread-safe: a scrape reads the registry's thread-safe metrics; it runs on the requesting
 * connection's event loop, which a scrape of this size (well under a millisecond of work per
 * thousand connections) does not hold up noticeably.
 */
final class MetricsEndpoint {
    static final String PATH = "/metrics";

    private static final ExpositionFormatWriter TEXT = PrometheusTextFormatWriter.create();
    private static final ExpositionFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();

    private final PrometheusRegistry registry;

    MetricsEndpoint(PrometheusRegistry registry) {
        this.registry = registry;
    }

    /** The scrape, as the response to {@code req} (GET or HEAD). */
    FullHttpResponse respond(FullHttpRequest req) {
        String accept = req.headers().get(HttpHeaderNames.ACCEPT);
        ExpositionFormatWriter writer = accept != null && OPEN_METRICS.accepts(accept) ? OPEN_METRICS : TEXT;
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        byte[] body = out.toByteArray();
        boolean head = req.method() == HttpMethod.HEAD;
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, writer.getContentType());
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setContentLength(res, body.length);
        return res;
    }

    /** The whole of the {@code --metrics-port} listener: {@code /metrics}, and 404 for anything else. */
    ChannelHandler portHandler() {
        return new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                String path = new QueryStringDecoder(req.uri()).path();
                FullHttpResponse res;
                if (!req.decoderResult().isSuccess()) {
                    res = error(HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed request");
                } else if (!path.equals(PATH)) {
                    res = error(HttpResponseStatus.NOT_FOUND, "not_found", "this port serves " + PATH + " only");
                } else if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
                    res = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "GET or HEAD");
                    res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
                } else {
                    res = respond(req);
                }
                boolean keepAlive =
                        HttpUtil.isKeepAlive(req) && req.decoderResult().isSuccess();
                HttpUtil.setKeepAlive(res, keepAlive);
                if (keepAlive) {
                    ctx.writeAndFlush(res);
                } else {
                    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
                }
            }
        };
    }

    private static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        byte[] body = ErrorJson.of(code, message);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        HttpUtil.setContentLength(res, body.length);
        return res;
    }
}
