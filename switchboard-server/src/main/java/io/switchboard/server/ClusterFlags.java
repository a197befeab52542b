package io.switchboard.server;

import java.net.URI;
import java.net.URISyntaxException;

/** Start-up checks of {@code --redis}: a Redis URL, and only with a history every node shares. */
final class ClusterFlags {
    private ClusterFlags() {}

    /** The flag's value when it is usable; null when it is not set; a {@link StartupException} otherwise. */
    static String checked(String redis, String database) {
        if (redis == null || redis.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(redis);
        } catch (URISyntaxException e) {
            throw new StartupException(
                    "--redis must be a redis://[:password@]host:port[/db] URL, got " + redacted(redis));
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new StartupException("--redis must start with redis:// or rediss://, got " + redacted(redis));
        }
        if (uri.getHost() == null) {
            throw new StartupException("--redis names no host: " + redacted(redis));
        }
        if (!database.startsWith("postgresql://")) {
            // each node would number its rooms' messages on its own, and ids, the one resume position, would fork
            throw new StartupException("--redis needs a history shared by every node: --database postgresql://…"
                    + " (with --database " + database + " each node would number messages on its own)");
        }
        return redis;
    }

    /** The URL without its password, for messages and logs. */
    static String redacted(String url) {
        return url.replaceFirst("//([^@/]*)@", "//***@");
    }
}
