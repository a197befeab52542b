package io.switchboard.chat;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commands per second per client address, across all of its connections and transports (a
 * WebSocket frame, a Socket.IO event, an HTTP post each take one): {@code ratePerSecond} on
 * average, bursts of twice that. The per-connection {@link TokenBucket} stops one busy
 * connection; this stops an address that opens many connections to multiply its allowance.
 *
 * <p>Thread-safe: every event loop asks. One bucket per address, each used under its own lock; full
 * buckets are dropped once there are many, so the map stays as big as the busy addresses.
 */
public final class AddressRate {
    /** Never refuses: for servers and tests that want no per-address limit. */
    public static final AddressRate UNLIMITED = new AddressRate(Double.POSITIVE_INFINITY);
    /** Above this many buckets, the full ones are swept out before a new one is added. */
    private static final int SWEEP_ABOVE = 4096;

    private final double ratePerSecond;
    private final int burst;
    private final ConcurrentHashMap<InetAddress, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** {@code ratePerSecond} commands per second per address on average, bursts of twice that. */
    public AddressRate(double ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
        this.burst = (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.ceil(ratePerSecond * 2)));
    }

    /** Takes a token for {@code address}; null (not an IP connection) is never limited. */
    public boolean tryAcquire(InetAddress address, long nowNanos) {
        if (address == null || ratePerSecond == Double.POSITIVE_INFINITY) {
            return true;
        }
        if (buckets.size() > SWEEP_ABOVE && !buckets.containsKey(address)) {
            buckets.values().removeIf(b -> {
                synchronized (b) {
                    return b.isFull(nowNanos);
                }
            });
        }
        TokenBucket bucket = buckets.computeIfAbsent(address, a -> new TokenBucket(ratePerSecond, burst, nowNanos));
        synchronized (bucket) {
            return bucket.tryAcquire(nowNanos);
        }
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    public int burst() {
        return burst;
    }
}
