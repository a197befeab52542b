package io.switchboard.protocol.nativejson;

/** A decoded, validated command from a native-protocol client. {@code ref} may be null. */
public sealed interface ClientCommand {
    String ref();

    record SetNick(String nick, String ref) implements ClientCommand {}

    /**
     * {@code after} null means "the latest {@code limit} messages". {@code epoch} is the history
     * epoch the client's {@code after} belongs to, or null when it does not know it.
     */
    record Join(String room, Long after, String epoch, int limit, String ref) implements ClientCommand {}

    record Leave(String room, String ref) implements ClientCommand {}

    record Send(String room, String text, String clientId, String ref) implements ClientCommand {}

    record Typing(String room, boolean typing, String ref) implements ClientCommand {}

    /**
     * At most one of {@code before} and {@code after} is set; a bare history asks for the latest.
     * {@code epoch} is the history epoch {@code after} belongs to, or null.
     */
    record History(String room, Long before, Long after, String epoch, int limit, String ref)
            implements ClientCommand {}

    /** A new token for this connection (authentication on): it then lasts until the new token's expiry. */
    record Refresh(String token, String ref) implements ClientCommand {}
}
