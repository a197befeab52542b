package io.switchboard.history;

import java.time.Duration;

/**
 * How much history each room keeps: at most {@code maxPerRoom} messages, none older than
 * {@code maxAge}. Either bound may be absent (0 and {@link Duration#ZERO} mean "no bound").
 */
public record Retention(int maxPerRoom, Duration maxAge) {
    public static final Retention UNBOUNDED = new Retention(0, Duration.ZERO);

    public boolean bounded() {
        return maxPerRoom > 0 || !maxAge.isZero();
    }
}
