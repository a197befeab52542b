package io.switchboard.chat;

/**
 * A per-connection rate limit: {@code ratePerSecond} commands on average, bursts up to
 * {@code burst}.
 *
 * <p>Not thread-safe: each connection owns one and uses it on its own thread.
 */
public final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double ratePerSecond, int burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one. */
    public boolean tryAcquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * ratePerNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Nanoseconds until a token is there, as of the last {@link #tryAcquire}; 0 if one is. */
    public long nanosUntilToken() {
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / ratePerNano);
    }

    /** Whether the bucket is full by {@code nowNanos}: forgetting it then changes nothing. */
    public boolean isFull(long nowNanos) {
        return tokens + (nowNanos - lastNanos) * ratePerNano >= burst;
    }
}
