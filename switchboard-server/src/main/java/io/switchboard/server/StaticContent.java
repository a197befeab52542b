package io.switchboard.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chat page's files, read from the classpath folder {@code web/} once and kept in memory
 * (some 160 KiB). Paths are checked against a strict pattern, so no request can name a file
 * outside that folder.
 *
 * <p>Thread-safe.
 */
final class StaticContent {
    record Resource(byte[] bytes, String contentType, String etag) {}

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "webmanifest", "application/manifest+json");

    private final Map<String, Optional<Resource>> cache = new ConcurrentHashMap<>();

    /** The file for a request path ({@code /} is {@code index.html}), or empty. */
    Optional<Resource> find(String path) {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (!isSafe(name)) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(name, StaticContent::load);
    }

    /** Letters, digits, {@code . _ -} and single slashes between segments; no segment starts with a dot. */
    static boolean isSafe(String name) {
        if (name.isEmpty() || name.length() > 200) {
            return false;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.charAt(0) == '.') {
                return false;
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '.'
                        || c == '_'
                        || c == '-';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Optional<Resource> load(String name) {
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = StaticContent.class.getClassLoader().getResourceAsStream("web/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String etag = "\"" + Integer.toHexString(Arrays.hashCode(bytes)) + "-" + bytes.length + "\"";
            return Optional.of(new Resource(bytes, type, etag));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
