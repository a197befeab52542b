package io.switchboard.auth;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/**
 * Where an HTTP request carries its token: {@code Authorization: Bearer <token>} (RFC 6750
 * section 2.1), else the {@code token} query parameter, which browsers need because neither
 * {@code WebSocket} nor {@code EventSource} can set a header. The query form is masked in every log
 * line (docs/security.md).
 *
 * <p>Stateless; thread-safe.
 */
public final class BearerToken {
    public static final String QUERY_PARAMETER = "token";
    private static final String SCHEME = "bearer ";

    private BearerToken() {}

    /** The request's token, or null when it has none. */
    public static String of(HttpRequest req) {
        String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null
                && header.length() > SCHEME.length()
                && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return header.substring(SCHEME.length()).strip();
        }
        List<String> values = new QueryStringDecoder(req.uri()).parameters().get(QUERY_PARAMETER);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
