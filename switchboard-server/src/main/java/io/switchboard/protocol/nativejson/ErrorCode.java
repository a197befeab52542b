package io.switchboard.protocol.nativejson;

/** The stable error codes of the native protocol (docs/protocol.md); clients switch on these. */
public enum ErrorCode {
    BAD_JSON("bad_json"),
    UNKNOWN_COMMAND("unknown_command"),
    BAD_REQUEST("bad_request"),
    INVALID_ROOM("invalid_room"),
    INVALID_NICK("invalid_nick"),
    INVALID_TEXT("invalid_text"),
    NOT_IN_ROOM("not_in_room"),
    RATE_LIMITED("rate_limited"),
    /** Storage failed or is overloaded; nothing was stored, the command may be retried. */
    UNAVAILABLE("unavailable"),
    /** With authentication on: the token's {@code rooms} claim does not grant the room. */
    ROOM_FORBIDDEN("room_forbidden"),
    /** With authentication on: the token's {@code sub} is the sender's name; {@code nick} is refused. */
    NICK_FIXED("nick_fixed");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
