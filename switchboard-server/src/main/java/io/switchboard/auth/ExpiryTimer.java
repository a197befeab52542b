package io.switchboard.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one timer a connection has for its token: it runs {@code expired} at the token's
 * {@code exp} plus the grace, unless a refresh moved it on first. A scheduled task on the
 * connection's own event loop (no thread per connection); {@link #arm} replaces the task,
 * {@link #cancel} ends it when the connection closes.
 *
 * <p>Confined to the connection's loop: {@link #arm} and {@link #cancel} are called there, and the
 * task runs there.
 */
public final class ExpiryTimer {
    private final ScheduledExecutorService loop;
    private final Duration grace;
    private final Clock clock;
    private final Runnable expired;
    /** The pending task, or null before the first arm and after cancel. Loop-confined. */
    private ScheduledFuture<?> task;

    private boolean cancelled;

    public ExpiryTimer(ScheduledExecutorService loop, Duration grace, Clock clock, Runnable expired) {
        this.loop = loop;
        this.grace = grace;
        this.clock = clock;
        this.expired = expired;
    }

    /** (Re)starts the timer for a token that expires at {@code exp}. */
    public void arm(Instant exp) {
        if (cancelled) {
            return;
        }
        if (task != null) {
            task.cancel(false);
        }
        long delayMillis =
                Math.max(0, Duration.between(clock.instant(), exp.plus(grace)).toMillis());
        task = loop.schedule(expired, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** The connection closed: the timer never runs again. */
    public void cancel() {
        cancelled = true;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
