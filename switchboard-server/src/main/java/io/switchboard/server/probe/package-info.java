/**
 * The probes a load balancer and an orchestrator ask: readiness ({@code /readyz}: {@link Readiness}
 * over a list of {@link ReadinessCheck}s: {@link StoreCheck} (a ping within 500 ms),
 * {@link Draining} (SIGTERM turns it at once) and, in a cluster, {@link BrokerCheck}) and liveness
 * ({@code /healthz}, {@code /livez}: {@link LoopProbe}, every event loop runs a task within 1 s).
 * See docs/operations.md, "Probes".
 */
package io.switchboard.server.probe;
