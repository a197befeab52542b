package io.switchboard.loadtool.common;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * What the load-tool clients speak over their WebSocket: {@code ws}, the raw chat of the
 * tutorial (every text frame is a message, the first frame from the server a welcome), or
 * {@code socketio}, the chat events of a Socket.IO v5 main namespace over Engine.IO v4's WebSocket
 * transport (see {@link SocketIoClientHandler}). The token, the schedule, the counting and the
 * CPU accounting are the same for both.
 *
 * <p>Immutable.
 */
public enum ClientProtocol {
    WS,
    SOCKETIO,
    /** Switchboard's own JSON protocol on {@code /ws}: join a room, {@code send}, count {@code ack}s. */
    NATIVE;

    /** The Engine.IO query of a WebSocket-only Socket.IO connection. */
    static final String ENGINE_IO_QUERY = "EIO=4&transport=websocket";

    /**
     * The URL the clients open: unchanged for {@code ws}; for {@code socketio}, the root path
     * becomes {@code /socket.io/} and a URL without a query gets {@code ?EIO=4&transport=websocket},
     * so {@code ws://127.0.0.1:3000/} is enough on the command line.
     */
    public LoopbackTarget resolve(LoopbackTarget target) {
        if (this != SOCKETIO) {
            return target;
        }
        URI uri = target.uri();
        String path = uri.getRawPath() == null
                        || uri.getRawPath().isEmpty()
                        || uri.getRawPath().equals("/")
                ? "/socket.io/"
                : uri.getRawPath();
        String query = uri.getRawQuery() == null ? ENGINE_IO_QUERY : uri.getRawQuery();
        try {
            URI resolved = new URI(uri.getScheme() + "://" + uri.getRawAuthority() + path + "?" + query);
            return new LoopbackTarget(resolved, target.address());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot build the Socket.IO URL from " + uri, e);
        }
    }

    /** What the senders write: the token text itself, or a Socket.IO {@code message} event carrying it. */
    public OpenLoopSender.Payload wrap(OpenLoopSender.Payload text) {
        if (this == WS) {
            return text;
        }
        if (this == NATIVE) {
            return (seq, senderIndex, due) -> NativeClientHandler.sendCommand(text.text(seq, senderIndex, due));
        }
        return (seq, senderIndex, due) -> SocketIoClientHandler.messageEvent(text.text(seq, senderIndex, due));
    }
}
