package io.switchboard.server.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The secret that opens the dashboard ({@code --admin-token}), or {@link #OFF}. It is compared in
 * constant time and never printed: {@link #toString} masks it, so a logged configuration does not
 * leak it.
 *
 * <p>Immutable; thread-safe.
 */
public final class AdminToken {
    /** Short tokens can be guessed by trying: the dashboard shows every room name. */
    public static final int MIN_LENGTH = 12;

    /** No token: the dashboard is off and {@code /admin} answers 404. */
    public static final AdminToken OFF = new AdminToken(null);

    private static final String BEARER = "Bearer ";

    private final byte[] secret;

    private AdminToken(byte[] secret) {
        this.secret = secret;
    }

    /**
     * The token of {@code --admin-token}: null is {@link #OFF}; otherwise at least
     * {@value #MIN_LENGTH} visible ASCII characters, else an {@link IllegalArgumentException} that
     * names the rule (and not the value).
     */
    public static AdminToken of(String text) {
        if (text == null) {
            return OFF;
        }
        if (text.length() < MIN_LENGTH || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("--admin-token must be at least " + MIN_LENGTH
                    + " visible ASCII characters (letters, digits, punctuation; no spaces)");
        }
        return new AdminToken(text.getBytes(StandardCharsets.US_ASCII));
    }

    public boolean enabled() {
        return secret != null;
    }

    /** Whether an {@code Authorization} header value is {@code Bearer <this token>}. */
    public boolean acceptsAuthorization(String header) {
        if (secret == null || header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] offered = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(secret, offered);
    }

    @Override
    public String toString() {
        return secret == null ? "off" : "****";
    }
}
