package io.switchboard.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and git commit this server was built from, as the build wrote them into
 * {@code switchboard-version.properties} (a filtered resource, see switchboard-server/pom.xml). A build
 * outside a git checkout has no commit: it reads as {@value #UNKNOWN}, as does anything the build did
 * not fill in. Shown by {@code --version} and {@code /healthz}.
 *
 * <p>Thread-safe: read once when the class loads, then immutable.
 */
public final class BuildInfo {
    static final String UNKNOWN = "unknown";
    private static final String RESOURCE = "/switchboard-version.properties";
    private static final Properties PROPERTIES = load();

    private BuildInfo() {}

    /** The Maven project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return value("version");
    }

    /** The abbreviated git commit id, or {@value #UNKNOWN}. */
    public static String commit() {
        return value("commit");
    }

    private static String value(String key) {
        String v = PROPERTIES.getProperty(key, "").trim();
        // an unfiltered placeholder (a build without the git plugin's property) is no value
        return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return p;
    }
}
