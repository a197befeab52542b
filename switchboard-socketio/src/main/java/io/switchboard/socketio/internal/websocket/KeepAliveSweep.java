package io.switchboard.socketio.internal.websocket;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The keep-alive clock of one event loop: once a second it asks each of the loop's WebSocket
 * connections whether to ping or close, instead of every connection carrying its own
 * {@code IdleStateHandler} and rescheduled timer task (about 300 bytes per idle connection, and a
 * timer-queue entry each; issue #12). A ping or a close is at most one tick late, which no ping
 * interval measured in seconds notices.
 *
 * <p>Event-loop confined: each instance is created, filled and swept on its own loop; the map of
 * instances is shared by the loops and holds a loop's only while it has connections.
 */
final class KeepAliveSweep {
    /** The longest tick; a loop with a connection pinging more often than every 4 s ticks faster. */
    static final long TICK_MILLIS = 1000;

    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final Map<EventExecutor, KeepAliveSweep> BY_LOOP = new ConcurrentHashMap<>();

    private final EventExecutor loop;
    /** The loop's connections; {@code [0, size)} used, each knowing its index. Loop-confined. */
    private WebSocketKeepAliveHandler[] handlers = new WebSocketKeepAliveHandler[16];

    private int size;
    /** The periodic sweep, while the loop has connections. Loop-confined. */
    private ScheduledFuture<?> task;
    /** The period of {@link #task}: a quarter of the shortest ping interval here, at most a second. */
    private long tickNanos;

    private KeepAliveSweep(EventExecutor loop) {
        this.loop = loop;
    }

    /** Starts watching {@code h} on {@code loop}; called on that loop. */
    static void add(EventExecutor loop, WebSocketKeepAliveHandler h) {
        KeepAliveSweep sweep = BY_LOOP.computeIfAbsent(loop, KeepAliveSweep::new);
        sweep.insert(h);
    }

    /** Stops watching {@code h}; called on its loop; a handler not watched is ignored. */
    static void remove(EventExecutor loop, WebSocketKeepAliveHandler h) {
        KeepAliveSweep sweep = BY_LOOP.get(loop);
        if (sweep != null) {
            sweep.delete(h);
        }
    }

    /** How many connections {@code loop} watches, for tests. */
    static int watched(EventExecutor loop) {
        KeepAliveSweep sweep = BY_LOOP.get(loop);
        return sweep == null ? 0 : sweep.size;
    }

    private void insert(WebSocketKeepAliveHandler h) {
        if (h.sweepIndex >= 0) {
            return;
        }
        if (size == handlers.length) {
            handlers = Arrays.copyOf(handlers, size * 2);
        }
        h.sweepIndex = size;
        handlers[size++] = h;
        long wanted = Math.max(
                MIN_TICK_NANOS, Math.min(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS), h.pingIntervalNanos() / 4));
        if (task == null || wanted < tickNanos) {
            if (task != null) {
                task.cancel(false);
            }
            tickNanos = wanted;
            task = loop.scheduleAtFixedRate(this::sweep, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void delete(WebSocketKeepAliveHandler h) {
        int i = h.sweepIndex;
        if (i < 0 || i >= size || handlers[i] != h) {
            return;
        }
        WebSocketKeepAliveHandler last = handlers[--size];
        handlers[i] = last;
        last.sweepIndex = i;
        handlers[size] = null;
        h.sweepIndex = -1;
        if (size == 0) {
            // an empty loop keeps no task and no entry: nothing stays behind once the clients left
            task.cancel(false);
            task = null;
            handlers = new WebSocketKeepAliveHandler[16];
            BY_LOOP.remove(loop, this);
        } else if (size < handlers.length / 4 && handlers.length > 16) {
            handlers = Arrays.copyOf(handlers, handlers.length / 2);
        }
    }

    private void sweep() {
        // from the end: a handler that leaves during its own tick swaps in one already ticked
        for (int i = size - 1; i >= 0; i--) {
            if (i < size) {
                handlers[i].tick();
            }
        }
    }
}
