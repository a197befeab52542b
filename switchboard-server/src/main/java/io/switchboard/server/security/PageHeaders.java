package io.switchboard.server.security;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.regex.Pattern;

/**
 * The headers that let a browser defend the chat page (docs/security.md, "The page's defences"):
 * a Content-Security-Policy that runs only the server's own scripts and styles (the page has no
 * inline script or style, and no {@code eval}) and connects only to its own origin, so a message
 * that slipped markup past the page's text-only rendering still could not run or send anything
 * elsewhere; no framing by other sites (clickjacking); no {@code Referer} (a room name or token in
 * the address stays here); no content sniffing.
 *
 * <p>Stateless; thread-safe.
 */
public final class PageHeaders {
    /** A {@code Host} header fit to be quoted in the policy: a name or IP literal and an optional port. */
    private static final Pattern HOST =
            Pattern.compile("(?:[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(?::\\d{1,5})?");

    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'%s; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private PageHeaders() {}

    /**
     * Sets the defences on a response of the page's files. {@code host} is the request's
     * {@code Host} header (or null): CSP level 3 browsers count {@code ws:} and {@code wss:} of the
     * page's own host as {@code 'self'}, older ones need them named.
     */
    public static void apply(HttpHeaders headers, String host) {
        headers.set("Content-Security-Policy", policy(host));
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
    }

    /** The policy for a page served to {@code host}. */
    static String policy(String host) {
        String sockets = host != null && HOST.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
        return String.format(POLICY, sockets);
    }
}
