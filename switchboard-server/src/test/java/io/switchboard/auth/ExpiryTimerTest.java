package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The one timer per connection, on an event loop whose time the test drives: it fires exactly at
 * {@code exp} + grace, a refresh moves it on, and a closed connection's timer never fires.
 */
class ExpiryTimerTest {
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(25);

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final AtomicInteger expired = new AtomicInteger();
    /** The wall clock the timer reads, moved with the loop's time. */
    private Duration elapsed = Duration.ZERO;

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return NOW.plus(elapsed);
        }
    };

    private final ExpiryTimer timer = new ExpiryTimer(channel.eventLoop(), GRACE, clock, expired::incrementAndGet);

    {
        // the loop's time moves only when the test says, not with the machine's clock
        channel.freezeTime();
    }

    private void advance(Duration by) {
        elapsed = elapsed.plus(by);
        channel.advanceTimeBy(by.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void firesAtExpiryPlusGraceAndNotBefore() {
        timer.arm(NOW.plusSeconds(60));
        advance(Duration.ofSeconds(85).minusMillis(1));
        assertThat(expired).hasValue(0);
        advance(Duration.ofMillis(1));
        assertThat(expired).hasValue(1);
    }

    @Test
    void aRefreshMovesTheDeadlineOn() {
        timer.arm(NOW.plusSeconds(60));
        advance(Duration.ofSeconds(30));
        timer.arm(NOW.plusSeconds(600));
        advance(Duration.ofSeconds(100));
        assertThat(expired).as("the old deadline passed without firing").hasValue(0);
        advance(Duration.ofSeconds(600 + 25 - 130));
        assertThat(expired).hasValue(1);
    }

    @Test
    void aTokenAlreadyPastItsGraceFiresAtOnce() {
        timer.arm(NOW.minusSeconds(60));
        advance(Duration.ZERO);
        assertThat(expired).hasValue(1);
    }

    @Test
    void aCancelledTimerNeverFiresAndCannotBeRearmed() {
        timer.arm(NOW.plusSeconds(1));
        timer.cancel();
        timer.arm(NOW.plusSeconds(2));
        advance(Duration.ofMinutes(5));
        assertThat(expired).hasValue(0);
    }
}
