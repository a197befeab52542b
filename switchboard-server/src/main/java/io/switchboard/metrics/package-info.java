/**
 * What the server counts, for {@code GET /metrics} and the dashboard: {@link SwitchboardMetrics}
 * binds every label value once, so recording an event on the delivery path is one counter increment
 * with no lookup or allocation; the {@link Transport}, {@link CloseReason} and {@link DropReason}
 * enums are the label values. Every metric is listed in docs/operations.md, "Metrics".
 *
 * <p>Low in the layering beside {@code model}: the hub and the transports record into it, and it
 * imports neither.
 */
package io.switchboard.metrics;
