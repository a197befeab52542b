/**
 * The operator's dashboard at {@code /admin}, on only with {@code --admin-token}: {@link AdminRoutes}
 * (the page, and a once-a-second SSE stream of samples, both behind the bearer token), {@link
 * AdminSampler} (turns an {@link AdminSource}'s counters into rates and keeps the last five
 * minutes) and {@link MetricsAdminSource} (the metrics registry, and the hub for the largest rooms). See
 * docs/operations.md, "Dashboard".
 */
package io.switchboard.server.admin;
