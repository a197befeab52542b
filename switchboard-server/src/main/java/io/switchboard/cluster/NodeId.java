package io.switchboard.cluster;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The name of one running node of a cluster: new at every start, so a restarted node is a new node
 * and whatever Redis still holds under the old name expires on its own. Immutable.
 */
public record NodeId(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public NodeId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 64 || !value.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a node id is 1-64 characters of A-Z a-z 0-9 . _ -, got " + value);
        }
    }

    /** A fresh random id (64 bits, hex). */
    public static NodeId random() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return new NodeId(HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
