package io.switchboard.server.admin;

/**
 * Where the dashboard's figures come from: {@link MetricsAdminSource} reads the server's metrics
 * registry; a test may give the sampler a source of its own.
 *
 * <p>Implementations must be thread-safe and must not block: {@link #sample} runs once a second on
 * an event loop.
 */
public interface AdminSource {
    Snapshot sample();
}
