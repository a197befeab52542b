package io.switchboard.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * The request aggregator with the body limit, answering an oversized body with the API's JSON
 * {@code 413 payload_too_large} (Netty's own answer has an empty body) and closing the connection,
 * since the rest of the body is still on its way and would be read as the next request.
 *
 * <p>One instance per connection; event-loop confined.
 */
public final class BodyLimitAggregator extends HttpObjectAggregator {
    private final int maxBytes;

    public BodyLimitAggregator(int maxBytes) {
        super(maxBytes);
        this.maxBytes = maxBytes;
    }

    /**
     * A body announced too large with {@code Expect: 100-continue} is refused before it is sent,
     * with the same JSON 413 as a body that arrives too large (Netty's own has no body). The
     * client sends no body after it, so the connection stays usable.
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof HttpResponse res
                && res.status().code() == ApiError.PAYLOAD_TOO_LARGE.status().code()) {
            ReferenceCountUtil.release(answer);
            return ApiResponses.payloadTooLarge(limitMessage());
        }
        return answer;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpUtil.setKeepAlive(oversized, false);
        ApiResponses.error(ctx.channel(), false, ApiError.PAYLOAD_TOO_LARGE, limitMessage());
    }

    private String limitMessage() {
        return "request bodies are limited to " + maxBytes + " bytes";
    }
}
