package io.switchboard.hub;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay: the hub's timers (the presence handover grace) go through it, so a
 * test drives them with its own clock instead of sleeping.
 *
 * <p>Implementations are thread-safe; the task runs on a thread of the implementation's choosing.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Schedules {@code task} to run after {@code delay}. Throws
     * {@link java.util.concurrent.RejectedExecutionException} when the scheduler has shut down.
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task; cancelling one that has run or is running does nothing. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /** Runs the tasks on {@code executor} (a Netty event loop group in the server). */
    static Scheduler on(ScheduledExecutorService executor) {
        return (delay, task) -> {
            ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
