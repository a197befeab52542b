package io.switchboard.transport;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one writer of JSON error bodies, for the router and the HTTP API (Engine.IO's, of another
 * shape, are written by the library's {@code EngineIoError}). Written with
 * Jackson rather than by hand because a message may quote what the client sent (a path, a
 * parameter name), and a control character or a quote in it must not break the JSON.
 *
 * <p>Thread-safe and stateless.
 */
public final class ErrorJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ErrorJson() {}

    /** {@code {"error": code, "message": message}}: the HTTP API's and router's shape (docs/http-api.md). */
    public static byte[] of(String code, String message) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("error", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
