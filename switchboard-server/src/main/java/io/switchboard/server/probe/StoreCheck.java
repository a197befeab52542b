package io.switchboard.server.probe;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The store answers a ping within the limit (500 ms for {@code /readyz}). The ping runs on the
 * storage thread behind the queued work (see {@code Hub.pingStore}), so a store that hangs or a
 * queue that does not move both fail the check.
 *
 * <p>Thread-safe. At most one ping is in flight: probes that arrive while one is pending share its
 * answer, so a hung store does not fill the storage queue with pings.
 */
public final class StoreCheck implements ReadinessCheck {
    private final Supplier<CompletableFuture<Void>> ping;
    private final Duration limit;
    /** The pending ping's outcome, or null; replaced by the first probe after it completed. */
    private final AtomicReference<CompletableFuture<CheckResult>> inFlight = new AtomicReference<>();

    public StoreCheck(Supplier<CompletableFuture<Void>> ping, Duration limit) {
        this.ping = ping;
        this.limit = limit;
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public CompletableFuture<CheckResult> check() {
        while (true) {
            CompletableFuture<CheckResult> pending = inFlight.get();
            if (pending != null && !pending.isDone()) {
                return pending;
            }
            CompletableFuture<CheckResult> mine = new CompletableFuture<>();
            if (inFlight.compareAndSet(pending, mine)) {
                start(mine);
                return mine;
            }
        }
    }

    private void start(CompletableFuture<CheckResult> result) {
        long started = System.nanoTime();
        CompletableFuture<Void> answer;
        try {
            answer = ping.get();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (failure == null) {
                result.complete(CheckResult.passed(ms));
            } else if (rootCause(failure) instanceof TimeoutException) {
                result.complete(CheckResult.failed(ms, "no answer within " + limit.toMillis() + " ms"));
            } else {
                result.complete(
                        CheckResult.failed(ms, String.valueOf(rootCause(failure).getMessage())));
            }
        });
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
