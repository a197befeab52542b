package io.switchboard.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

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

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpUtil.setKeepAlive(oversized, false);
        ApiResponses.error(ctx.channel(), false, ApiError.PAYLOAD_TOO_LARGE,
                "request bodies are limited to " + maxBytes + " bytes");
    }
}
