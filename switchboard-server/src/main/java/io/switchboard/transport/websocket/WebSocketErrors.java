package io.switchboard.transport.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.switchboard.socketio.internal.websocket.CloseReasons;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where an exception on a WebSocket connection becomes a close status. */
final class WebSocketErrors {
    private static final Logger log = LoggerFactory.getLogger(WebSocketErrors.class);

    private WebSocketErrors() {}

    static void closeFor(ChannelHandlerContext ctx, Throwable cause) {
        WebSocketCloseStatus tooBigOrBad = CloseReasons.forInboundError(cause);
        if (tooBigOrBad != null) {
            // a fragmented message grew past the limit in the aggregator, or a compressed one
            // inflated past it (a decompression bomb), or did not inflate at all
            CloseReasons.close(ctx.channel(), tooBigOrBad);
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            // the frame decoder has already sent the close frame with its status (1002, 1007, 1009)
            ctx.close();
        } else if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            // the peer went away, possibly mid-message: nothing to tell it
            log.debug("connection error on {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            log.warn("unexpected error on {}", ctx.channel().remoteAddress(), cause);
            CloseReasons.close(ctx.channel(), CloseReasons.INTERNAL_ERROR);
        }
    }
}
