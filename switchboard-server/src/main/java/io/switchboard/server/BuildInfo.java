package io.switchboard.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit this server was built from, for {@code switchboard_build_info}: read
 * from {@code build-info.properties}, which the build fills in ({@code -Dswitchboard.commit=$(git
 * rev-parse HEAD)} names the commit; without it the commit is "unknown"). Immutable.
 */
record BuildInfo(String version, String commit) {
    static final String UNKNOWN = "unknown";

    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build-info.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unreadable: reported as unknown below, which is what the metric is for
        }
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("commit")));
    }

    /** An unfiltered placeholder (a build that skipped resource filtering) is as good as nothing. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value.trim();
    }
}
