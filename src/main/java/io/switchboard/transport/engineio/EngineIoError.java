package io.switchboard.transport.engineio;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.transport.ErrorJson;
import java.nio.charset.StandardCharsets;

/**
 * The errors the reference server answers a bad request with, as {@code {"code":N,"message":"…"}}.
 * Immutable.
 */
public enum EngineIoError {
    UNKNOWN_TRANSPORT(0, "Transport unknown", HttpResponseStatus.BAD_REQUEST),
    UNKNOWN_SID(1, "Session ID unknown", HttpResponseStatus.BAD_REQUEST),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method", HttpResponseStatus.BAD_REQUEST),
    BAD_REQUEST(3, "Bad request", HttpResponseStatus.BAD_REQUEST),
    FORBIDDEN(4, "Forbidden", HttpResponseStatus.FORBIDDEN),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", HttpResponseStatus.BAD_REQUEST);

    private final int code;
    private final String message;
    private final HttpResponseStatus status;

    EngineIoError(int code, String message, HttpResponseStatus status) {
        this.code = code;
        this.message = message;
        this.status = status;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** The JSON body of the error response. */
    public String json() {
        return json(message);
    }

    /** The JSON body with another message (a refusal's own wording); null keeps the standard one. */
    public String json(String customMessage) {
        return new String(ErrorJson.engineIo(code, customMessage == null ? message : customMessage),
                StandardCharsets.UTF_8);
    }
}
