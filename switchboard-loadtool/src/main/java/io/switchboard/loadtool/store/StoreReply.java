package io.switchboard.loadtool.store;

/**
 * What one server frame means to the store scenario; everything it does not time or count is
 * {@link Other}.
 *
 * <p>Immutable.
 */
sealed interface StoreReply {

    /** The server's {@code ack}: the message is stored. */
    record Ack(StoreClientId id, boolean duplicate) implements StoreReply {}

    /**
     * An {@code error} event. {@code id} is the client id echoed in its {@code ref}, or null when
     * the error names no command of this tool (the server's {@code rate_limited} carries no ref).
     */
    record Rejected(String code, StoreClientId id) implements StoreReply {}

    /** The answer to a {@code join}. */
    record Joined() implements StoreReply {}

    /** Welcome, broadcast copies of messages, presence, anything else. */
    record Other() implements StoreReply {}

    Joined JOINED = new Joined();
    Other OTHER = new Other();
}
