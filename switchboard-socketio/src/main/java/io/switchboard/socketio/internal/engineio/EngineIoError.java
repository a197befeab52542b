package io.switchboard.socketio.internal.engineio;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

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

    private static final JsonFactory FACTORY = new JsonFactory();

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
        // written with Jackson: a refusal's wording may quote what the client sent
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("code", code);
            g.writeStringField("message", customMessage == null ? message : customMessage);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toString();
    }
}
