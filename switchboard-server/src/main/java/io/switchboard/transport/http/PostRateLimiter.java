package io.switchboard.transport.http;

import io.switchboard.chat.TokenBucket;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The per-client rate limit of the WebSocket endpoints ({@code --rate-limit}, {@code --rate-burst})
 * applied to HTTP POSTs. A plain HTTP client has no connection of its own to hang a bucket on, so
 * the bucket is keyed by the page's {@code client} id when the request names one (many pages may
 * share an address behind a NAT), else by the remote address.
 *
 * <p>Thread-safe: one per server, used from every event loop. Each bucket is used under its own
 * lock; full buckets are dropped once there are many, so the map stays as big as the busy clients.
 */
final class PostRateLimiter {
    /** Above this many buckets, the full ones are swept out before a new one is added. */
    private static final int SWEEP_ABOVE = 4096;

    private final double ratePerSecond;
    private final int burst;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    PostRateLimiter(double ratePerSecond, int burst) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }

    /** Takes a token for the client, or refuses with a 429 that says when to retry. */
    void acquire(InetAddress address, String client, long nowNanos) throws ApiException {
        String key = client != null ? "client:" + client : "address:" + address.getHostAddress();
        if (buckets.size() > SWEEP_ABOVE && !buckets.containsKey(key)) {
            buckets.values().removeIf(b -> {
                synchronized (b) {
                    return b.isFull(nowNanos);
                }
            });
        }
        TokenBucket bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(ratePerSecond, burst, nowNanos));
        long waitNanos;
        synchronized (bucket) {
            if (bucket.tryAcquire(nowNanos)) {
                return;
            }
            waitNanos = bucket.nanosUntilToken();
        }
        long seconds = Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        throw ApiException.tooManyRequests(
                "too many messages; slow down (at most " + ratePerSecond + " per second, bursts of " + burst + ")",
                seconds);
    }
}
