package io.switchboard.server.security;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.chat.AddressRate;
import io.switchboard.server.security.ConnectionsPerAddress.Admission;
import io.switchboard.transport.AddressBudget;
import io.switchboard.transport.ErrorJson;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The per-address limits at the door: counts each accepted connection against
 * {@code --max-connections-per-ip} and gives it its address's command budget
 * ({@link AddressBudget}, {@code --max-commands-per-ip}) for the transports to charge. A connection
 * over the limit never reaches a handshake: its first request is answered 429
 * {@code {"error":"too_many_connections",…}} and the connection closed.
 *
 * <p>Sits right after the HTTP codec (it must see the first request before the aggregator waits
 * for a body). Shared by every connection; thread-safe.
 */
@ChannelHandler.Sharable
public final class AddressLimitHandler extends ChannelInboundHandlerAdapter {
    public static final String NAME = "address-limits";

    private final ConnectionsPerAddress connections;
    private final AddressRate commands;

    public AddressLimitHandler(int maxConnectionsPerAddress, AddressRate commands) {
        this.connections = new ConnectionsPerAddress(maxConnectionsPerAddress);
        this.commands = commands;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress peer) || peer.getAddress() == null) {
            ctx.fireChannelActive(); // not an IP connection: nothing to count
            return;
        }
        InetAddress address = peer.getAddress();
        Admission admission = connections.admit(address);
        if (admission == Admission.DROP) {
            ctx.close();
            return;
        }
        ctx.channel().closeFuture().addListener(f -> connections.release(address, admission));
        if (admission == Admission.REFUSE) {
            ctx.pipeline().replace(this, NAME, new Refusal(connections.max()));
            ctx.fireChannelActive();
            return;
        }
        AddressBudget.attach(ctx.channel(), commands, address);
        ctx.fireChannelActive();
        // counted until it closes and nothing more to do, so a connection keeps no handler for this
        ctx.pipeline().remove(this);
    }

    /**
     * Answers the first request of a connection over the limit with 429 and closes it; drops
     * everything else it reads. One per refused connection; event-loop confined.
     */
    private static final class Refusal extends ChannelInboundHandlerAdapter {
        private final int max;
        private boolean answered;

        Refusal(int max) {
            this.max = max;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean request = msg instanceof HttpRequest;
            ReferenceCountUtil.release(msg);
            if (!request || answered) {
                return;
            }
            answered = true;
            byte[] body = ErrorJson.of(
                    "too_many_connections",
                    "this address already holds " + max + " connections (--max-connections-per-ip); close some");
            FullHttpResponse res = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.TOO_MANY_REQUESTS, Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            res.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            res.headers().set("X-Content-Type-Options", "nosniff");
            HttpUtil.setContentLength(res, body.length);
            HttpUtil.setKeepAlive(res, false);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
