package io.switchboard.socketio;

/** Answers one acknowledgement; the first call sends, later calls are ignored. Thread-safe. */
@FunctionalInterface
public interface Ack {
    /** Arguments are converted to JSON as by Jackson; {@code byte[]} become binary attachments. */
    void send(Object... args);
}
