package io.switchboard.server.probe;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The liveness half of {@code /healthz}: every event loop runs a probe task within the limit (1 s).
 * A loop stuck in a blocking call or an endless task serves none of its connections, yet the process
 * looks alive; this is what tells. It checks no dependency: a store outage must not get the process
 * restarted.
 *
 * <p>Thread-safe; each call queues one task on every loop and waits on none.
 */
public final class LoopProbe {
    /** Loops that ran the probe task, those that did not within the limit, and the slowest delay seen. */
    public record Result(int loops, int blocked, long slowestMillis) {
        public boolean ok() {
            return blocked == 0;
        }
    }

    private static final long MISSED = -1;

    private final EventExecutorGroup loops;
    private final Duration limit;

    public LoopProbe(EventExecutorGroup loops, Duration limit) {
        this.loops = loops;
        this.limit = limit;
    }

    public CompletableFuture<Result> check() {
        List<CompletableFuture<Long>> delays = new ArrayList<>();
        for (EventExecutor loop : loops) {
            CompletableFuture<Long> delay = new CompletableFuture<>();
            long queued = System.nanoTime();
            try {
                loop.execute(() -> delay.complete(System.nanoTime() - queued));
            } catch (RejectedExecutionException e) {
                delay.complete(MISSED);
            }
            delays.add(delay.completeOnTimeout(MISSED, limit.toMillis(), TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.allOf(delays.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            int blocked = 0;
            long slowest = 0;
            for (CompletableFuture<Long> d : delays) {
                long nanos = d.join();
                if (nanos == MISSED) {
                    blocked++;
                } else {
                    slowest = Math.max(slowest, nanos);
                }
            }
            return new Result(delays.size(), blocked, TimeUnit.NANOSECONDS.toMillis(slowest));
        });
    }
}
