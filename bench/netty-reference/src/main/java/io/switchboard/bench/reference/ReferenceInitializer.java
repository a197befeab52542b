package io.switchboard.bench.reference;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * Assembles a connection's pipeline: HTTP until the upgrade on {@code /}, then Netty's WebSocket
 * codec (which answers pings and closes, validates UTF-8 and drops the HTTP handlers) and the one
 * shared {@link BroadcastHandler}.
 *
 * <p>Thread-safe: stateless apart from the shared handler.
 */
final class ReferenceInitializer extends ChannelInitializer<SocketChannel> {

    /** Handshake requests are a few hundred bytes; this bounds a client that sends more. */
    private static final int MAX_REQUEST_BYTES = 8192;

    private final BroadcastHandler broadcast = new BroadcastHandler();

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline()
                .addLast(new HttpServerCodec())
                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast(new WebSocketServerProtocolHandler("/"))
                .addLast(broadcast);
    }
}
