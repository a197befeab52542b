/**
 * The probes a load balancer and an orchestrator ask: readiness ({@code /readyz}: {@link Readiness}
 * over a list of {@link ReadinessCheck}s, today {@link StoreCheck} (a ping within 500 ms) and
 * {@link Draining} (SIGTERM turns it at once), the place a broker check joins) and liveness
 * ({@code /healthz}, {@code /livez}: {@link LoopProbe}, every event loop runs a task within 1 s).
 * See docs/operations.md, "Probes".
 */
package io.switchboard.server.probe;
