package io.switchboard.transport.websocket;

import io.switchboard.model.SessionId;

/** Nicknames for sessions that have not chosen one. */
final class Guests {
    private Guests() {}

    /** {@code guest-} and the last four characters of the session id. */
    static String nickFor(SessionId id) {
        String v = id.value();
        return "guest-" + v.substring(Math.max(0, v.length() - 4));
    }
}
