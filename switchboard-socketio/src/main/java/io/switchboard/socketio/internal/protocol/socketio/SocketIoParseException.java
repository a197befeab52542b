package io.switchboard.socketio.internal.protocol.socketio;

/** Input that is not a valid Socket.IO packet; the connection that sent it is closed. */
public final class SocketIoParseException extends Exception {
    public SocketIoParseException(String message) {
        super(message, null, false, false);
    }
}
