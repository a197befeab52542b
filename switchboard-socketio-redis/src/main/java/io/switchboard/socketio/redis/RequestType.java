package io.switchboard.socketio.redis;

/**
 * What a message on a namespace's request channel asks the other nodes to do; the code is its
 * {@code t} field. Every type but {@link #BROADCAST} is answered with one {@link #REPLY} per node on
 * the asking node's reply channel.
 */
enum RequestType {
    /** Deliver an encoded packet; one-way, the hot path. */
    BROADCAST("b"),
    /** Deliver an encoded packet and answer how many sockets got it. */
    BROADCAST_COUNTED("bc"),
    /** Deliver an event with this node's own ack id, gather the clients' acks, answer them all. */
    BROADCAST_ACK("ba"),
    /** Answer views of the targeted sockets. */
    FETCH_SOCKETS("f"),
    /** Make the targeted sockets join rooms; answer how many. */
    SOCKETS_JOIN("j"),
    /** Make the targeted sockets leave rooms; answer how many. */
    SOCKETS_LEAVE("l"),
    /** Disconnect the targeted sockets; answer how many. */
    DISCONNECT_SOCKETS("d"),
    /** Run the server-side handlers of an event; answer (with their ack when asked). */
    SERVER_SIDE_EMIT("s"),
    /** One node's answer to a request. */
    REPLY("r");

    private final String code;

    RequestType(String code) {
        this.code = code;
    }

    String code() {
        return code;
    }

    static RequestType of(String code) {
        for (RequestType t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown request type " + code);
    }
}
