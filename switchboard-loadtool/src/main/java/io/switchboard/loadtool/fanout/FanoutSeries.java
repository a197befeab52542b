package io.switchboard.loadtool.fanout;

import io.switchboard.loadtool.common.ClientPool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A per-second series of a fan-out run: messages stored (the {@code ack}s of the native
 * protocol) and frames delivered (every frame carrying a token of the run) in each second since
 * the first send, each logged as one line,
 * {@code [label] series t=7 stored=50 delivered=50000}, so a run that breaks something mid-way
 * (Redis stopped and started again) shows when delivery stopped, how far storing went on, and when
 * the backlog came through.
 *
 * <p>Thread-safe: sampled on its own thread; {@link #start} and {@link #stop} from the scenario thread.
 */
final class FanoutSeries implements AutoCloseable {

    /** One second of the series; {@code second} counts from 1. */
    record Sample(int second, long stored, long delivered) {}

    private final String label;
    private final ClientPool pool;
    private final PrintStream log;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fanout-series");
        t.setDaemon(true);
        return t;
    });
    private long lastStored;
    private long lastDelivered;

    FanoutSeries(String label, ClientPool pool, PrintStream log) {
        this.label = label;
        this.pool = pool;
        this.log = log;
    }

    void start() {
        lastStored = pool.acks();
        lastDelivered = pool.tokenFrames();
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void sample() {
        long stored = pool.acks();
        long delivered = pool.tokenFrames();
        Sample s = new Sample(samples.size() + 1, stored - lastStored, delivered - lastDelivered);
        lastStored = stored;
        lastDelivered = delivered;
        samples.add(s);
        log.printf(
                Locale.ROOT, "[%s] series t=%d stored=%d delivered=%d%n", label, s.second(), s.stored(), s.delivered());
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
