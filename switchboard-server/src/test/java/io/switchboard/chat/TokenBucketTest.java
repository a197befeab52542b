package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void burstIsAllowedThenTheRateRefills() {
        TokenBucket bucket = new TokenBucket(10, 3, 0);
        assertThat(bucket.tryAcquire(0)).isTrue();
        assertThat(bucket.tryAcquire(0)).isTrue();
        assertThat(bucket.tryAcquire(0)).isTrue();
        assertThat(bucket.tryAcquire(0)).isFalse();
        assertThat(bucket.tryAcquire(100_000_000L))
                .as("one token after 100 ms at 10/s")
                .isTrue();
        assertThat(bucket.tryAcquire(100_000_000L)).isFalse();
        assertThat(bucket.tryAcquire(10_000_000_000L)).isTrue();
    }
}
