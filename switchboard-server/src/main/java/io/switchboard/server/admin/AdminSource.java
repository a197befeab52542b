package io.switchboard.server.admin;

/**
 * Where the dashboard's figures come from. Today {@link HubAdminSource} reads what the hub and the
 * server hold; a source reading the Prometheus registry can replace it without touching the sampler
 * or the page.
 *
 * <p>Implementations must be thread-safe and must not block: {@link #sample} runs once a second on
 * an event loop.
 */
public interface AdminSource {
    Snapshot sample();
}
