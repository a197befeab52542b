package io.switchboard.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = RedisBroker.BACKOFF;

    @Test
    void eachDelayIsBetweenTheFloorAndTheDoublingCeilingCappedAtThreeSeconds() {
        for (int attempt = 1; attempt <= 30; attempt++) {
            long ceiling = Math.min(3000, 100L << Math.min(attempt, 20));
            for (int i = 0; i < 200; i++) {
                long ms = backoff.delay(attempt).toMillis();
                assertThat(ms).as("attempt " + attempt).isBetween(50L, ceiling);
            }
        }
    }

    @Test
    void delaysAreSpreadSoNodesDoNotReconnectInStep() {
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(backoff.delay(5));
        }
        assertThat(seen).hasSizeGreaterThan(10);
    }
}
