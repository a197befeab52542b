package io.switchboard.testing;

import io.switchboard.hub.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link Scheduler} on a clock the test drives: tasks run on the test's thread, in {@link #advance},
 * once their delay has passed. Thread-safe (tasks may be scheduled from the hub's storage thread).
 */
public final class ManualScheduler implements Scheduler {
    /** Scheduled and not yet run or cancelled; guarded by this. */
    private final List<Task> pending = new ArrayList<>();
    /** Nanoseconds since the start; guarded by this. */
    private long now;

    private final class Task implements Cancellable {
        final long due;
        final Runnable run;

        Task(long due, Runnable run) {
            this.due = due;
            this.run = run;
        }

        @Override
        public void cancel() {
            synchronized (ManualScheduler.this) {
                pending.remove(this);
            }
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now + delay.toNanos(), task);
        pending.add(t);
        return t;
    }

    /** Moves the clock on by {@code by}, running every task that falls due, in due order. */
    public void advance(Duration by) {
        long until;
        synchronized (this) {
            until = now + by.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = pending.stream()
                        .filter(t -> t.due <= until)
                        .min(Comparator.comparingLong(t -> t.due))
                        .orElse(null);
                if (next == null) {
                    now = until;
                    return;
                }
                pending.remove(next);
                now = next.due;
            }
            next.run.run(); // outside the lock, as a real scheduler's thread would
        }
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public synchronized int pendingCount() {
        return pending.size();
    }
}
