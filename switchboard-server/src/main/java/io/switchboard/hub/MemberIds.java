package io.switchboard.hub;

import io.switchboard.model.RoomName;
import io.switchboard.model.SessionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Member ids of clients that name themselves with a client id (the page's {@code client=}, kept per
 * browser tab). The client id itself stays private to the client, because until there are tokens it
 * is what scopes the client's message ids and presence; what others see is a one-way digest of it,
 * {@code p-} and 16 hex digits, which nobody can turn back into a client id to pose as the client.
 */
public final class MemberIds {
    private MemberIds() {}

    /** The member id of the client with this client id. Stateless; any thread. */
    public static SessionId of(String clientId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(clientId.getBytes(StandardCharsets.UTF_8));
            return new SessionId("p-" + HexFormat.of().formatHex(digest, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Whether {@code value} is acceptable as a client id: 1-64 of [A-Za-z0-9_-]. */
    public static boolean isValidClientId(String value) {
        return RoomName.isValid(value);
    }
}
