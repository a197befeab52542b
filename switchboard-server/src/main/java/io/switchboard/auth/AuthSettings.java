package io.switchboard.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code --auth-*} flags: where the keys come from (one of a shared HS256 secret, a PEM public
 * key for RS256 or ES256, or a JWKS URL of rotating public keys), the {@code iss} and {@code aud}
 * a token must carry when set (null: not checked), and the grace a connection keeps after its
 * token's {@code exp} to send a refreshed one.
 *
 * <p>Immutable; thread-safe.
 */
public record AuthSettings(String secret, Path publicKey, URI jwksUrl, String issuer, String audience, Duration grace) {
    /** HS256 needs a key at least as long as its hash (RFC 7518 section 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(25);
    public static final AuthSettings OFF = new AuthSettings(null, null, null, null, null, DEFAULT_GRACE);

    /** Refuses settings no server could run with; the message names the flag. */
    public AuthSettings {
        int sources = (secret != null ? 1 : 0) + (publicKey != null ? 1 : 0) + (jwksUrl != null ? 1 : 0);
        if (sources > 1) {
            throw new IllegalArgumentException("give only one of --auth-secret, --auth-public-key and --auth-jwks-url");
        }
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("--auth-secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (HS256 keys shorter than the hash are guessable), got "
                    + secret.getBytes(StandardCharsets.UTF_8).length);
        }
        if (sources == 0 && (issuer != null || audience != null)) {
            throw new IllegalArgumentException(
                    "--auth-issuer and --auth-audience need --auth-secret, --auth-public-key or --auth-jwks-url");
        }
        if (jwksUrl != null && !("https".equals(jwksUrl.getScheme()) || "http".equals(jwksUrl.getScheme()))) {
            throw new IllegalArgumentException("--auth-jwks-url must be an http or https URL, got " + jwksUrl);
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("--auth-grace must not be negative");
        }
    }

    /** Whether tokens are required at all. */
    public boolean enabled() {
        return secret != null || publicKey != null || jwksUrl != null;
    }

    @Override
    public String toString() {
        // the secret must not reach a log line through a record's generated toString
        return "AuthSettings[secret=" + (secret == null ? "none" : "***") + ", publicKey=" + publicKey + ", jwksUrl="
                + jwksUrl + ", issuer=" + issuer + ", audience=" + audience + ", grace=" + grace + "]";
    }
}
