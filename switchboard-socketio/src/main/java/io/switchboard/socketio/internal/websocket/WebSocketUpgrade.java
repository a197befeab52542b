package io.switchboard.socketio.internal.websocket;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * Turns an HTTP pipeline into a WebSocket one for one endpoint, with the same limits on every
 * endpoint: Netty's RFC 6455 codec (frame size limit, UTF-8 validation, close handling), message
 * aggregation up to the same limit, and keep-alive pings (checked by one sweep per event loop,
 * {@link KeepAliveSweep}, not a timer per connection).
 */
public final class WebSocketUpgrade {
    private WebSocketUpgrade() {}

    /**
     * Adds the WebSocket handlers after {@code afterName}; the upgrade request must then be fired
     * from that position so that the handshake handler answers it.
     */
    public static void install(
            ChannelPipeline p, String afterName, String path, ChannelHandler endpoint, WebSocketLimits s) {
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(s.maxFrameBytes())
                .allowExtensions(false)
                .allowMaskMismatch(false)
                .withUTF8Validator(true)
                .closeOnProtocolViolation(true)
                .build();
        WebSocketServerProtocolConfig protocol = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(path)
                .checkStartsWith(false)
                .handshakeTimeoutMillis(s.handshakeTimeout().toMillis())
                .decoderConfig(decoder)
                .handleCloseFrames(true)
                // every deliberate close goes through CloseReasons with its own status; without
                // this, Netty adds "1000 Bye" after the decoder's own 1002/1007 close (Autobahn 7.x)
                .sendCloseFrame(null)
                .dropPongFrames(true)
                .forceCloseTimeoutMillis(2_000)
                .build();
        p.addAfter(afterName, "ws-protocol", new WebSocketServerProtocolHandler(protocol));
        p.addAfter("ws-protocol", "ws-aggregator", new WebSocketFrameAggregator(s.maxFrameBytes()));
        p.addAfter("ws-aggregator", "ws-endpoint", endpoint);
        p.addFirst(
                "ws-keepalive",
                new WebSocketKeepAliveHandler(
                        s.pingInterval().toNanos(), s.idleTimeout().toNanos()));
    }
}
