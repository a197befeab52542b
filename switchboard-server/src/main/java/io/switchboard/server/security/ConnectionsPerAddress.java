package io.switchboard.server.security;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open TCP connections per client address, against {@code --max-connections-per-ip}. A connection
 * over the limit is either let in only to be told so ({@link Admission#REFUSE}: one 429 answer, then
 * closed) or, once as many refusals are already waiting as the limit itself, closed at once
 * ({@link Admission#DROP}), so a flood of connections costs at most twice the limit per address.
 *
 * <p>Thread-safe: connections are accepted and closed on every event loop. An address's entry is
 * changed atomically under the map's per-key lock and removed with its last connection, so the map
 * holds only addresses with open connections.
 */
final class ConnectionsPerAddress {
    enum Admission {
        /** Under the limit: served. */
        ADMIT,
        /** Over the limit: its first request is answered 429, then it is closed. */
        REFUSE,
        /** Far over the limit: closed without a word. */
        DROP
    }

    /** Connections of one address: served, and waiting to be refused. Immutable. */
    private record Count(int open, int refusing) {}

    private final int max;
    private final ConcurrentHashMap<InetAddress, Count> counts = new ConcurrentHashMap<>();

    ConnectionsPerAddress(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    /** Counts a new connection from {@code address} and says what to do with it; pair with {@link #release}. */
    Admission admit(InetAddress address) {
        Admission[] out = new Admission[1];
        counts.compute(address, (a, c) -> {
            Count now = c == null ? new Count(0, 0) : c;
            if (now.open < max) {
                out[0] = Admission.ADMIT;
                return new Count(now.open + 1, now.refusing);
            }
            if (now.refusing < max) {
                out[0] = Admission.REFUSE;
                return new Count(now.open, now.refusing + 1);
            }
            out[0] = Admission.DROP;
            return c;
        });
        return out[0];
    }

    /** Forgets a connection {@link #admit} counted as {@code admission} (nothing for a dropped one). */
    void release(InetAddress address, Admission admission) {
        if (admission == Admission.DROP) {
            return;
        }
        counts.computeIfPresent(address, (a, c) -> {
            Count now = admission == Admission.ADMIT
                    ? new Count(c.open - 1, c.refusing)
                    : new Count(c.open, c.refusing - 1);
            return now.open == 0 && now.refusing == 0 ? null : now;
        });
    }

    /** Served connections of {@code address} now. */
    int open(InetAddress address) {
        Count c = counts.get(address);
        return c == null ? 0 : c.open;
    }

    /** Addresses with open connections now. */
    int addresses() {
        return counts.size();
    }
}
