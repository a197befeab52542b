package io.switchboard.server;

/**
 * Whether {@code GET /metrics} is served ({@code --metrics}, on by default) and where: on the main
 * port, or on a port of its own ({@code --metrics-port}) for a private network, and then not on the
 * main port. Immutable.
 *
 * @param port the separate port (0 picks a free one), or {@link #MAIN_PORT}
 */
public record MetricsSettings(boolean enabled, int port) {
    public static final int MAIN_PORT = -1;
    public static final MetricsSettings ON_MAIN_PORT = new MetricsSettings(true, MAIN_PORT);
    public static final MetricsSettings OFF = new MetricsSettings(false, MAIN_PORT);

    public boolean onMainPort() {
        return enabled && port == MAIN_PORT;
    }

    public boolean onOwnPort() {
        return enabled && port != MAIN_PORT;
    }
}
