package io.switchboard.server.probe;

import java.util.concurrent.CompletableFuture;

/**
 * One condition {@code /readyz} requires: the store answers, the server is not draining, and (in a
 * cluster) the broker is connected with its subscriptions confirmed. {@link Readiness}
 * asks every check at once and names each in its answer.
 *
 * <p>Contract: {@link #check} never blocks its caller (it is called on an event loop) and never
 * completes exceptionally: a failure is a {@link CheckResult} that is not ok. A check that may hang
 * bounds itself with its own timeout. Implementations are thread-safe.
 */
public interface ReadinessCheck {
    /** The check's key in the JSON answer, e.g. {@code store}. */
    String name();

    CompletableFuture<CheckResult> check();
}
