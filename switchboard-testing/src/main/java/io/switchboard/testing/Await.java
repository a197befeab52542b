package io.switchboard.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a state instead of sleeping for a guessed time: {@link #until} polls a condition every
 * few milliseconds and returns as soon as it holds, so a fast machine does not wait and a busy one
 * gets the whole bound before the test fails with what it was waiting for.
 *
 * <p>Stateless; any thread may call it. The condition runs on the calling thread.
 */
public final class Await {
    private static final long POLL_MILLIS = 10;

    private Await() {}

    /**
     * Returns once {@code condition} is true; throws an {@link AssertionError} naming {@code what}
     * if it is still false after {@code timeout}.
     */
    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
