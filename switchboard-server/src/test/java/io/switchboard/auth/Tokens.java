package io.switchboard.auth;

import com.nimbusds.jose.JOSEException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Tokens for tests, signed with {@link #SECRET} (HS256) as a server with {@link #settings} expects. */
public final class Tokens {
    public static final String SECRET = "a-test-secret-of-at-least-32-bytes-long";

    private Tokens() {}

    /** HS256 with {@link #SECRET}, the given grace, no issuer or audience. */
    public static AuthSettings settings(Duration grace) {
        return new AuthSettings(SECRET, null, null, null, null, grace);
    }

    /** A token for {@code sub} (display name {@code sub} capitalised) valid for {@code ttl}, every room. */
    public static String valid(String sub, Duration ttl) {
        return sign(claims(sub, Instant.now().plus(ttl)));
    }

    /** A token for {@code sub} granting only {@code rooms}. */
    public static String forRooms(String sub, List<String> rooms) {
        TokenMinter.Claims c = claims(sub, Instant.now().plus(Duration.ofHours(1)));
        return sign(new TokenMinter.Claims(c.subject(), c.name(), rooms, null, c.expiresAt(), null, null));
    }

    public static TokenMinter.Claims claims(String sub, Instant exp) {
        return new TokenMinter.Claims(
                sub, Character.toUpperCase(sub.charAt(0)) + sub.substring(1), null, null, exp, null, null);
    }

    public static String sign(TokenMinter.Claims claims) {
        return sign(SECRET, claims);
    }

    public static String sign(String secret, TokenMinter.Claims claims) {
        try {
            return TokenMinter.hs256(secret).mint(claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
