package io.switchboard.cluster.redis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between reconnect attempts: exponential with full jitter ("Exponential Backoff and
 * Jitter", AWS Architecture Blog, 2015): attempt n waits a uniform random time in
 * [{@code floor}, min({@code cap}, {@code base}·2<sup>n</sup>)], so nodes that lost Redis together do
 * not all come back in the same millisecond. Immutable; thread-safe.
 */
record Backoff(Duration floor, Duration base, Duration cap) {

    /** The delay before attempt {@code attempt} (1 for the first retry). */
    Duration delay(int attempt) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt, 20));
        long lowest = Math.min(floor.toMillis(), ceiling);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(lowest, ceiling + 1));
    }
}
