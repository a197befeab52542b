package io.switchboard.transport.http;

/**
 * Why an HTTP read could not resume from the client's position, as sent in the
 * {@code Switchboard-Reset} header, the SSE {@code reset} event and the NDJSON reset line. The
 * answer then holds the latest messages, and the client drops what it had (docs/http-api.md).
 */
enum ResumeReset {
    /** The position names another history epoch (the store was replaced or wiped). */
    EPOCH(
            "epoch",
            "the position belongs to another history epoch (the store was replaced or wiped); "
                    + "sending the latest messages"),
    /** The position lies past the room's newest message: it came from other contents. */
    PAST_END(
            "past_end",
            "the position is past the room's newest message (the store was replaced or wiped); "
                    + "sending the latest messages");

    static final String EPOCH_HEADER = "Switchboard-Epoch";
    static final String RESET_HEADER = "Switchboard-Reset";

    private final String wireName;
    private final String message;

    ResumeReset(String wireName, String message) {
        this.wireName = wireName;
        this.message = message;
    }

    String wireName() {
        return wireName;
    }

    String message() {
        return message;
    }
}
