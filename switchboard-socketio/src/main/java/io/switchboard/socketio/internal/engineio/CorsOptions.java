package io.switchboard.socketio.internal.engineio;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Cross-origin access to the Engine.IO path, like the reference server's {@code cors} option.
 * Without origins (the default, as in the reference server since v3) no CORS header is sent.
 * Immutable.
 *
 * @param origins     the origins ({@code scheme://host[:port]}) allowed to call; {@code "*"} allows any
 * @param credentials whether responses carry {@code Access-Control-Allow-Credentials: true}
 * @param maxAge      how long a browser may cache a preflight answer; zero sends no {@code Max-Age}
 */
public record CorsOptions(Set<String> origins, boolean credentials, Duration maxAge) {
    /** Any origin. */
    public static final String ANY = "*";
    /** No CORS headers at all. */
    public static final CorsOptions NONE = new CorsOptions(Set.of(), false, Duration.ZERO);
    /** The methods a preflight allows (the reference {@code cors} package's default). */
    static final String METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE";

    public CorsOptions {
        origins = Set.copyOf(Objects.requireNonNull(origins, "origins"));
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
    }

    /** These origins (or {@code "*"}), without credentials, with no preflight cache time. */
    public static CorsOptions of(String... origins) {
        return new CorsOptions(Set.of(origins), false, Duration.ZERO);
    }

    /** Whether any CORS header is ever sent. */
    public boolean enabled() {
        return !origins.isEmpty();
    }

    /** Whether a request from this {@code Origin} header value may read the responses. */
    public boolean allows(String origin) {
        return origin != null && (origins.contains(ANY) || origins.contains(origin));
    }
}
