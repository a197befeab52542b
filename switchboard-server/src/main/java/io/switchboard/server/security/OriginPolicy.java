package io.switchboard.server.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which pages may open a connection, judged by the {@code Origin} header a browser sends with every
 * WebSocket handshake, {@code EventSource}, {@code fetch} and {@code XMLHttpRequest} to another
 * origin. A request without {@code Origin} (a program, not a page) and {@code Origin: null} (a page
 * opened from {@code file://}, as the tutorial's client is) are allowed; so is a page of the same
 * origin, whose host and port are the {@code Host} the request was sent to; and so is any origin
 * in the list ({@code --allowed-origins}), or every origin when the list holds {@code *}. Any other
 * origin is refused: it is a foreign page riding on its visitor's browser (cross-site WebSocket
 * hijacking, RFC 6455 section 10.2).
 *
 * <p>Origins are compared as scheme, lower-cased host and port, the scheme's default port filled in,
 * so {@code https://Chat.example.com} and {@code https://chat.example.com:443} are one origin.
 *
 * <p>Immutable; thread-safe.
 */
public final class OriginPolicy {
    /** The list entry that allows every origin. */
    public static final String ANY = "*";
    /** Only the server's own pages (and non-browser clients and {@code file://} pages). */
    public static final OriginPolicy SAME_ORIGIN = new OriginPolicy(Set.of(), false);

    /** Normalized {@code scheme://host:port} of each allowed origin. */
    private final Set<String> allowed;

    private final boolean any;

    private OriginPolicy(Set<String> allowed, boolean any) {
        this.allowed = Set.copyOf(allowed);
        this.any = any;
    }

    /**
     * The policy that also allows {@code origins}, each {@code *} or {@code http(s)://host[:port]};
     * a value of another form is refused with an {@link IllegalArgumentException} saying which.
     */
    public static OriginPolicy allowing(List<String> origins) {
        Set<String> set = new HashSet<>();
        boolean any = false;
        for (String o : origins) {
            String value = o.trim();
            if (value.equals(ANY)) {
                any = true;
                continue;
            }
            Optional<Origin> parsed = Origin.parse(value).filter(p -> p.scheme.startsWith("http"));
            if (parsed.isEmpty()) {
                throw new IllegalArgumentException(
                        "--allowed-origins must be * or an origin like https://chat.example.com[:port] "
                                + "(scheme http or https, no path), got " + o);
            }
            set.add(parsed.get().key());
        }
        return new OriginPolicy(set, any);
    }

    /** This policy with {@code more} allowed too (the {@code /socket.io/} CORS origins, say). */
    public OriginPolicy widenedBy(Set<String> more) {
        Set<String> set = new HashSet<>(allowed);
        boolean anyToo = any;
        for (String o : more) {
            if (o.equals(ANY)) {
                anyToo = true;
            } else {
                Origin.parse(o).ifPresent(p -> set.add(p.key()));
            }
        }
        return new OriginPolicy(set, anyToo);
    }

    /**
     * Whether a request with this {@code Origin} header (null when absent), sent to this
     * {@code Host} header (null when absent), may proceed.
     */
    public boolean allows(String origin, String host) {
        if (origin == null || origin.equals("null") || any) {
            return true;
        }
        Optional<Origin> parsed = Origin.parse(origin);
        if (parsed.isEmpty()) {
            return false; // not an origin a browser would send
        }
        Origin o = parsed.get();
        return allowed.contains(o.key()) || o.sameHostAs(host);
    }

    /** The allowed origins as the configuration shows them: {@code *}, or each {@code scheme://host:port}. */
    public List<String> describe() {
        return any ? List.of(ANY) : allowed.stream().sorted().toList();
    }

    /** A parsed origin: scheme, lower-cased host (IPv6 in brackets) and port (the scheme's default filled in). */
    private record Origin(String scheme, String host, int port) {
        static Optional<Origin> parse(String text) {
            if (text.isEmpty() || text.length() > 300) {
                return Optional.empty();
            }
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme();
                if (scheme == null
                        || uri.getHost() == null
                        || uri.getRawUserInfo() != null
                        || uri.getRawQuery() != null
                        || uri.getRawFragment() != null
                        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
                    return Optional.empty();
                }
                scheme = scheme.toLowerCase(Locale.ROOT);
                int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(scheme);
                return Optional.of(new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port));
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }

        String key() {
            return scheme + "://" + host + ":" + port;
        }

        /** Whether {@code hostHeader} names this origin's host and port (its port defaults to the scheme's). */
        boolean sameHostAs(String hostHeader) {
            if (hostHeader == null || hostHeader.isEmpty() || hostHeader.length() > 300) {
                return false;
            }
            try {
                URI uri = new URI("http://" + hostHeader);
                if (uri.getHost() == null
                        || uri.getRawUserInfo() != null
                        || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
                    return false;
                }
                int hostPort = uri.getPort() != -1 ? uri.getPort() : defaultPort(scheme);
                return host.equals(uri.getHost().toLowerCase(Locale.ROOT)) && port == hostPort;
            } catch (URISyntaxException e) {
                return false;
            }
        }

        private static int defaultPort(String scheme) {
            return switch (scheme) {
                case "http", "ws" -> 80;
                case "https", "wss" -> 443;
                default -> -1;
            };
        }
    }
}
