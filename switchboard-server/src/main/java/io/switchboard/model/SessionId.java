package io.switchboard.model;

import java.security.SecureRandom;
import java.util.Objects;

/** Identifies one connected client session on this node; immutable. */
public record SessionId(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    public SessionId {
        Objects.requireNonNull(value, "value");
    }

    /** A fresh random id such as {@code s-k3x9q2mz}; 36^8 values, unguessable enough to name a session. */
    public static SessionId random() {
        char[] chars = new char[8];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new SessionId("s-" + new String(chars));
    }

    @Override
    public String toString() {
        return value;
    }
}
