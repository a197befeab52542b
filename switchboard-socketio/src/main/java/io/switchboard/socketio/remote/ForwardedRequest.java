package io.switchboard.socketio.remote;

import java.util.Map;
import java.util.Objects;

/**
 * An Engine.IO polling request as it reached a node that does not hold its session: what the
 * owner needs to answer it. Header names are lower case. Immutable (the body is not copied: do
 * not change it).
 */
public record ForwardedRequest(String method, String uri, Map<String, String> headers, byte[] body) {
    public ForwardedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }
}
