package io.switchboard.socketio;

import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The packets a namespace broadcast recently, kept so that a recovered socket can be sent the ones
 * it missed. Each packet gets the next sequence number; packets older than the retention, or past
 * the entry bound, are dropped, and a socket whose position falls before the oldest kept packet
 * cannot be recovered (it connects as a new socket instead).
 *
 * <p>Not thread-safe: its namespace calls it under its broadcast lock.
 */
final class PacketLog {
    /** One broadcast: the targets it was computed from and the packet without its offset. */
    record Entry(long seq, long nanos, Set<String> rooms, Set<String> except, EncodedSocketPacket packet) {
        /** Whether a socket in these rooms was a target (empty {@code rooms} means everyone). */
        boolean reaches(Set<String> socketRooms) {
            for (String r : except) {
                if (socketRooms.contains(r)) {
                    return false;
                }
            }
            if (rooms.isEmpty()) {
                return true;
            }
            for (String r : rooms) {
                if (socketRooms.contains(r)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final long retainNanos;
    private final int maxEntries;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    /** The last sequence number handed out; 0 before the first packet. */
    private long head;

    PacketLog(long retainNanos, int maxEntries) {
        this.retainNanos = retainNanos;
        this.maxEntries = maxEntries;
    }

    long head() {
        return head;
    }

    long append(Set<String> rooms, Set<String> except, EncodedSocketPacket packet, long nowNanos) {
        prune(nowNanos);
        if (entries.size() == maxEntries) {
            entries.pollFirst();
        }
        head++;
        entries.addLast(new Entry(head, nowNanos, Set.copyOf(rooms), Set.copyOf(except), packet));
        return head;
    }

    /**
     * The packets after {@code position} that reached a socket in {@code socketRooms}, oldest
     * first; null when some packet after {@code position} is no longer kept, or the position was
     * never handed out.
     */
    List<Entry> after(long position, Set<String> socketRooms, long nowNanos) {
        prune(nowNanos);
        if (position > head) {
            return null;
        }
        long oldestKept = entries.isEmpty() ? head + 1 : entries.peekFirst().seq();
        if (position + 1 < oldestKept) {
            return null;
        }
        List<Entry> out = new ArrayList<>();
        Iterator<Entry> it = entries.descendingIterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.seq() <= position) {
                break;
            }
            if (e.reaches(socketRooms)) {
                out.add(e);
            }
        }
        Collections.reverse(out);
        return out;
    }

    int size() {
        return entries.size();
    }

    private void prune(long nowNanos) {
        while (!entries.isEmpty() && nowNanos - entries.peekFirst().nanos() > retainNanos) {
            entries.pollFirst();
        }
    }
}
