package io.switchboard.loadtool.store;

import java.nio.charset.StandardCharsets;

/**
 * The two commands the store scenario sends, written as bytes by hand: room names are
 * {@code bench-N} and client ids are {@link StoreClientId}s, so nothing needs escaping, and the
 * sender thread stays cheap at thousands of messages per second.
 *
 * <pre>
 *   {"type":"join","room":"bench-3","limit":1}
 *   {"type":"send","room":"bench-3","text":"xxxx…","clientId":"st.9.3.15","ref":"st.9.3.15"}
 * </pre>
 *
 * The {@code ref} repeats the client id because the server's {@code error} event echoes only the
 * ref: an {@code unavailable} answer can then be matched to its message.
 *
 * <p>Thread-safe: stateless.
 */
final class StoreFrames {

    private StoreFrames() {}

    /** The room client {@code index} joins: round-robin over {@code rooms}. */
    static String roomOf(int index, int rooms) {
        return "bench-" + (index % rooms);
    }

    /** Joins with a one-message history: the scenario measures writes, not the join's read. */
    static byte[] join(String room) {
        return ascii("{\"type\":\"join\",\"room\":\"" + room + "\",\"limit\":1}");
    }

    static byte[] send(String room, StoreClientId id, int textChars) {
        if (textChars < 1) {
            throw new IllegalArgumentException("a message has at least one character");
        }
        String clientId = id.encode();
        return ascii("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"" + "x".repeat(textChars)
                + "\",\"clientId\":\"" + clientId + "\",\"ref\":\"" + clientId + "\"}");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
