package io.switchboard.socketio.internal.websocket;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.ssl.SslHandler;

/**
 * Turns an HTTP pipeline into a WebSocket one for one endpoint, with the same limits on every
 * endpoint: Netty's RFC 6455 codec (frame size limit, UTF-8 validation, close handling), message
 * aggregation up to the same limit, keep-alive pings (checked by one sweep per event loop,
 * {@link KeepAliveSweep}, not a timer per connection), and permessage-deflate when the limits turn it
 * on ({@link SharedDeflateHandshaker}; inflated frames are held to the same limit).
 *
 * <p>On a TLS connection the keep-alive handler goes right after the {@link SslHandler}, never in front
 * of it: whoever writes pre-built frames from {@link #FIRST} then still has them encrypted.
 */
public final class WebSocketUpgrade {
    /** The handler nearest the head after any TLS handler: pre-built frames are written from its context. */
    public static final String FIRST = "ws-keepalive";

    private WebSocketUpgrade() {}

    /**
     * Adds the WebSocket handlers after {@code afterName}; the upgrade request must then be fired
     * from that position so that the handshake handler answers it.
     */
    public static void install(
            ChannelPipeline p, String afterName, String path, ChannelHandler endpoint, WebSocketLimits s) {
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(s.maxFrameBytes())
                .allowExtensions(s.compression())
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
        String beforeProtocol = afterName;
        if (s.compression()) {
            // sees the upgrade request and the 101 on their way; adds the deflate codec and leaves
            p.addAfter(
                    afterName,
                    "ws-deflate",
                    new WebSocketServerExtensionHandler(new SharedDeflateHandshaker(s.maxFrameBytes())));
            beforeProtocol = "ws-deflate";
        }
        p.addAfter(beforeProtocol, "ws-protocol", new WebSocketServerProtocolHandler(protocol));
        p.addAfter("ws-protocol", "ws-aggregator", new WebSocketFrameAggregator(s.maxFrameBytes()));
        p.addAfter("ws-aggregator", "ws-endpoint", endpoint);
        WebSocketKeepAliveHandler keepAlive = new WebSocketKeepAliveHandler(
                s.pingInterval().toNanos(), s.idleTimeout().toNanos());
        SslHandler tls = p.get(SslHandler.class);
        if (tls == null) {
            p.addFirst(FIRST, keepAlive);
        } else {
            p.addAfter(p.context(tls).name(), FIRST, keepAlive);
        }
    }
}
