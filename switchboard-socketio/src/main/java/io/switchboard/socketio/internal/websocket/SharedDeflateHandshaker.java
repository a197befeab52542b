package io.switchboard.socketio.internal.websocket;

import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.HashMap;
import java.util.Map;

/**
 * Negotiates permessage-deflate (RFC 7692) on terms every connection shares, so that one compressed
 * broadcast frame can be written to all of them: the server always answers
 * {@code server_no_context_takeover} (section 7.1.1.1 lets it, offered or not), so each message is
 * compressed on its own, and it compresses with the full 15-bit window (the only one the JDK's
 * {@code Deflater} has), so an offer that asks for a smaller {@code server_max_window_bits} is
 * declined and the client's next offer, or no compression, is used. The client's own parameters
 * ({@code client_max_window_bits}, {@code client_no_context_takeover}) only concern what we inflate,
 * which Netty's decoder handles per connection.
 *
 * <p>What a client sends is inflated up to {@code maxInflatedBytes} per frame; past it the decoder
 * fails with a {@code DecompressionException}, which the endpoints answer with 1009.
 *
 * <p>Messages under {@link #MIN_COMPRESSED_BYTES} are sent uncompressed (RFC 7692 section 6 leaves
 * it to the sender per message): for a short chat event the deflate block costs about as many bytes
 * as it saves, and a deflater pass per message for nothing.
 *
 * <p>Immutable and thread-safe: one instance may serve every connection.
 */
public final class SharedDeflateHandshaker implements WebSocketServerExtensionHandshaker {
    /** Messages shorter than this many bytes are sent uncompressed. */
    public static final int MIN_COMPRESSED_BYTES = 256;

    static final String PERMESSAGE_DEFLATE = "permessage-deflate";
    private static final String SERVER_NO_CONTEXT = "server_no_context_takeover";
    private static final String SERVER_MAX_WINDOW = "server_max_window_bits";
    /** The window of {@code java.util.zip.Deflater}, which Netty's encoder and our pre-built frames use. */
    private static final String FULL_WINDOW = "15";
    /** zlib's default trade of speed for size; level 9 costs much more CPU for a few percent on JSON. */
    private static final int LEVEL = 6;

    private final PerMessageDeflateServerExtensionHandshaker netty;

    public SharedDeflateHandshaker(int maxInflatedBytes) {
        this.netty = new PerMessageDeflateServerExtensionHandshaker(
                LEVEL,
                false, // no other server window than the full one: offers asking for less are declined
                PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
                true, // server_no_context_takeover accepted, and forced below
                false,
                SmallMessagesUncompressed.PROVIDER,
                maxInflatedBytes);
    }

    @Override
    public WebSocketServerExtension handshakeExtension(WebSocketExtensionData offer) {
        if (!PERMESSAGE_DEFLATE.equals(offer.name())) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>(offer.parameters());
        // asking for the full window is asking for what we do anyway
        parameters.computeIfPresent(SERVER_MAX_WINDOW, (k, v) -> v.equals(FULL_WINDOW) ? null : v);
        parameters.put(SERVER_NO_CONTEXT, null);
        return netty.handshakeExtension(new WebSocketExtensionData(PERMESSAGE_DEFLATE, parameters));
    }

    /** Netty's encoder leaves short single-frame messages alone; its decoder inflates everything. */
    private static final class SmallMessagesUncompressed implements WebSocketExtensionFilter {
        static final WebSocketExtensionFilterProvider PROVIDER = new WebSocketExtensionFilterProvider() {
            @Override
            public WebSocketExtensionFilter encoderFilter() {
                return new SmallMessagesUncompressed();
            }

            @Override
            public WebSocketExtensionFilter decoderFilter() {
                return WebSocketExtensionFilter.NEVER_SKIP;
            }
        };

        @Override
        public boolean mustSkip(WebSocketFrame frame) {
            return (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)
                    && frame.isFinalFragment()
                    && frame.content().readableBytes() < MIN_COMPRESSED_BYTES;
        }
    }
}
