/**
 * What the server writes for operators besides errors: the access log ({@link AccessLogHandler},
 * {@code --access-log}, secrets in query strings masked by {@link SafeTarget}), one line per
 * connection at debug ({@link ConnectionLogHandler}), the once-a-minute summary ({@link SummaryLog})
 * and the text or JSON format ({@link LogFormat}, {@code --log-format}). See docs/operations.md,
 * "Logs".
 */
package io.switchboard.server.logging;
