package io.switchboard.socketio.remote;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One WebSocket message relayed between nodes: text (UTF-8 bytes) or binary. Immutable (not copied). */
public record RelayedFrame(boolean binary, byte[] data) {
    public RelayedFrame {
        Objects.requireNonNull(data, "data");
    }

    public static RelayedFrame text(String text) {
        return new RelayedFrame(false, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The text of a text frame. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
