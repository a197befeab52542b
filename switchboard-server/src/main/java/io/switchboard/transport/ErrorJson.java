package io.switchboard.transport;

import io.switchboard.protocol.json.JsonOut;
import io.switchboard.protocol.json.WireShapes;

/**
 * The JSON error bodies of the router and the HTTP API (Engine.IO's, of another shape, are written
 * by the library's {@code EngineIoError}), in {@link WireShapes#error the error shape} Socket.IO acks
 * share. Written with Jackson rather than by hand because a message may quote what the client sent
 * (a path, a parameter name), and a control character or a quote in it must not break the JSON.
 *
 * <p>Thread-safe and stateless.
 */
public final class ErrorJson {
    private ErrorJson() {}

    /** {@code {"error": code, "message": message}}: the HTTP API's and router's shape (docs/http-api.md). */
    public static byte[] of(String code, String message) {
        return JsonOut.bytes(g -> WireShapes.error(g, code, message), 128);
    }
}
