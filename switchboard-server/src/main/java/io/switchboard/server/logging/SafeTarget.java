package io.switchboard.server.logging;

import java.util.Locale;
import java.util.Set;

/**
 * A request target fit for a log line: the value of every query parameter that may carry a secret
 * ({@code ?token=}, {@code access_token}, {@code password}, …) becomes {@code ***}, and control
 * characters become {@code ?} so a request cannot forge log lines.
 *
 * <p>Stateless; thread-safe.
 */
final class SafeTarget {
    static final String MASK = "***";
    private static final Set<String> SECRET_NAMES =
            Set.of("token", "access_token", "auth", "authorization", "password", "secret", "key", "api_key", "apikey");

    private SafeTarget() {}

    static String of(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return printable(uri);
        }
        StringBuilder out = new StringBuilder(uri.length()).append(uri, 0, q + 1);
        String[] params = uri.substring(q + 1).split("&", -1);
        for (int i = 0; i < params.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            String p = params[i];
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq);
            if (eq >= 0 && secret(name)) {
                out.append(name).append('=').append(MASK);
            } else {
                out.append(p);
            }
        }
        return printable(out.toString());
    }

    /** By name, case-insensitive, also percent-encoded or as a suffix ({@code admin_token}). */
    private static boolean secret(String rawName) {
        String name = rawName.toLowerCase(Locale.ROOT).replace("%5f", "_");
        return SECRET_NAMES.contains(name) || name.contains("token") || name.contains("secret");
    }

    private static String printable(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, '?');
            }
        }
        return out == null ? s : out.toString();
    }
}
