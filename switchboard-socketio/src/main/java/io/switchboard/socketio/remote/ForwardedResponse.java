package io.switchboard.socketio.remote;

import java.util.Map;
import java.util.Objects;

/**
 * The owner's answer to a {@link ForwardedRequest}, end to end headers only (no {@code connection},
 * {@code content-length} or {@code transfer-encoding}: the node the client talks to sets those).
 * Immutable (the body is not copied: do not change it).
 */
public record ForwardedResponse(int status, Map<String, String> headers, byte[] body) {
    public ForwardedResponse {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }
}
