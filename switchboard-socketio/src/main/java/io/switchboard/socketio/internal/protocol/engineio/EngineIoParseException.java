package io.switchboard.socketio.internal.protocol.engineio;

/** Input that is not a valid Engine.IO packet or payload; the session that sent it is closed. */
public final class EngineIoParseException extends Exception {
    public EngineIoParseException(String message) {
        super(message, null, false, false);
    }
}
