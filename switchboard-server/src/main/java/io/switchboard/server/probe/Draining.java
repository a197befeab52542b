package io.switchboard.server.probe;

import java.util.concurrent.CompletableFuture;

/**
 * Whether the server is shutting down: set once by SIGTERM, before the drain delay, so the load
 * balancer sees {@code /readyz} fail while every client is still served. Never cleared.
 *
 * <p>Thread-safe (a volatile flag).
 */
public final class Draining implements ReadinessCheck {
    private volatile boolean draining;

    public void start() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    @Override
    public String name() {
        return "draining";
    }

    @Override
    public CompletableFuture<CheckResult> check() {
        return CompletableFuture.completedFuture(
                draining
                        ? CheckResult.failed(CheckResult.UNTIMED, "server is shutting down")
                        : CheckResult.passed(CheckResult.UNTIMED));
    }
}
