package io.switchboard.loadtool.fanout;

import io.netty.channel.Channel;
import io.switchboard.loadtool.common.ClientPool;
import io.switchboard.loadtool.common.ClientSpread;
import io.switchboard.loadtool.common.CpuWindow;
import io.switchboard.loadtool.common.DeliveryTally;
import io.switchboard.loadtool.common.LatencySummary;
import io.switchboard.loadtool.common.LoopStats;
import io.switchboard.loadtool.common.LoopbackTarget;
import io.switchboard.loadtool.common.OpenLoopSender;
import io.switchboard.loadtool.common.ProcFs;
import io.switchboard.loadtool.common.RunPlan;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The fan-out scenario: connect every client, wait for their welcomes, send open-loop at a fixed
 * total rate, and measure latency, loss, duplicates and CPU per delivered message over the
 * measured window. Every client receives every message (the sender too, as {@code me: …}), so a
 * server doing this work delivers {@code rate × clients} frames per second. Against a cluster the
 * clients are spread over the nodes and the senders may all be on the first node, so most
 * deliveries cross the nodes' broker; the CPU is then the sum of the processes named.
 *
 * <p>Thread-confined: runs on the calling thread; the clients run on the pool's event loops.
 */
final class FanoutRun {

    private final FanoutSettings settings;
    private final PrintStream log;

    FanoutRun(FanoutSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /**
     * @param serverPid the server's process id, or 0 to skip server CPU
     */
    FanoutResult run(String label, LoopbackTarget url, long serverPid) throws InterruptedException {
        return run(label, List.of(url), serverPid > 0 ? new long[] {serverPid} : new long[0], 0, false);
    }

    /**
     * @param urls the servers; clients are spread over them round-robin ({@link ClientSpread})
     * @param serverPids the processes whose summed CPU is the server's; empty to skip server CPU
     * @param senders 0: every client sends; else this many clients of the first server do
     * @param series log stored and delivered messages per second ({@link FanoutSeries})
     */
    FanoutResult run(String label, List<LoopbackTarget> urls, long[] serverPids, int senders, boolean series)
            throws InterruptedException {
        List<LoopbackTarget> targets =
                urls.stream().map(settings.protocol()::resolve).toList();
        for (long pid : serverPids) {
            if (!ProcFs.isAlive(pid)) {
                throw new IllegalArgumentException("no process with pid " + pid);
            }
        }
        RunPlan plan = RunPlan.of(
                settings.rate(), settings.warmupSeconds(), settings.durationSeconds(), settings.payloadBytes());
        try (ClientPool pool = new ClientPool(
                        targets, plan, settings.threads(), settings.handshakesInFlight(), settings.protocol());
                FanoutSeries perSecond = new FanoutSeries(label, pool, log)) {
            List<Channel> clients = connect(label, targets, pool);
            List<Channel> sending = ClientSpread.senders(clients, pool.openChannels(0), senders);
            CpuWindow cpu = new CpuWindow(serverPids, pool::tokenFrames);
            log.printf(
                    Locale.ROOT,
                    "[%s] sending %.1f msg/s from %d of %d clients: %.0f s warmup, then %.0f s measured%n",
                    label,
                    settings.rate(),
                    sending.size(),
                    clients.size(),
                    settings.warmupSeconds(),
                    settings.durationSeconds());
            if (series) {
                perSecond.start();
            }
            OpenLoopSender.Outcome sent = new OpenLoopSender(
                            plan, sending, settings.protocol().wrap(OpenLoopSender.tokens(plan)), cpu::start)
                    .run();
            // The window closes when the last measured message has reached everyone (or at the drain
            // bound), so a slow server's backlog is charged to it.
            long expected = sent.measuredSent() * clients.size();
            long drainDeadline = System.nanoTime() + (long) (settings.drainSeconds() * 1e9);
            if (!pool.awaitDeliveries(expected, drainDeadline)) {
                log.printf(
                        Locale.ROOT,
                        "[%s] drain timeout: deliveries still missing %.0f s after the last send%n",
                        label,
                        settings.drainSeconds());
            }
            CpuWindow.Usage usage = cpu.stop();
            LoopStats totals = pool.totals();
            DeliveryTally tally =
                    new DeliveryTally(sent.measuredSent(), clients.size(), totals.delivered, totals.duplicates);
            return FanoutResult.of(
                    label,
                    targets,
                    settings,
                    clients.size(),
                    tally,
                    LatencySummary.ofMicros(totals.latencyMicros),
                    usage,
                    pool.failed(),
                    pool.closedAfterOpen(),
                    sent.maxLagMillis());
        }
    }

    /** Opens the clients and waits for their welcomes; returns the open ones, all of them senders. */
    private List<Channel> connect(String label, List<LoopbackTarget> targets, ClientPool pool)
            throws InterruptedException {
        long deadline = System.nanoTime() + (long) (settings.connectTimeoutSeconds() * 1e9);
        log.printf(
                Locale.ROOT,
                "[%s] connecting %d %s clients to %s (%s, %d in flight)%n",
                label,
                settings.clients(),
                settings.protocol().name().toLowerCase(Locale.ROOT),
                targets.stream().map(t -> t.uri().toString()).collect(Collectors.joining(", ")),
                ClientPool.transportName(),
                settings.handshakesInFlight());
        long start = System.nanoTime();
        pool.connect(settings.clients(), deadline);
        log.printf(
                Locale.ROOT,
                "[%s] %d open, %d failed in %.1f s%s%n",
                label,
                pool.opened(),
                pool.failed(),
                (System.nanoTime() - start) / 1e9,
                pool.firstFailure() == null ? "" : " (first failure: " + pool.firstFailure() + ")");
        if (settings.expectWelcome() && !pool.awaitWelcomes(deadline)) {
            log.printf(
                    "[%s] only %d of %d clients got a welcome frame before the connect timeout%n",
                    label, pool.welcomed(), pool.opened());
        }
        List<Channel> clients = pool.openChannels();
        if (clients.isEmpty()) {
            throw new IllegalStateException("no client could connect to "
                    + targets.get(0).uri() + (pool.firstFailure() == null ? "" : ": " + pool.firstFailure()));
        }
        return clients;
    }
}
