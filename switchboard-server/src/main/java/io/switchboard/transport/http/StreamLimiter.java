package io.switchboard.transport.http;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the requests each remote address holds open (long-polls, SSE and NDJSON streams) and
 * refuses one past the cap, so one client cannot pin an unbounded share of the server's sessions.
 * Keyed by address, not connection: a browser opens many connections.
 *
 * <p>Thread-safe: one per server, used from every event loop.
 */
final class StreamLimiter {
    private final int maxPerAddress;
    /** Open requests per address; an address with none is absent. */
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    StreamLimiter(int maxPerAddress) {
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a slot; false when the address already holds the maximum. */
    boolean tryAcquire(InetAddress address) {
        boolean[] taken = new boolean[1];
        open.compute(address, (a, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxPerAddress) {
                return n;
            }
            taken[0] = true;
            return count + 1;
        });
        return taken[0];
    }

    void release(InetAddress address) {
        open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
}
