package io.switchboard.loadtool.store;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.switchboard.loadtool.common.ClientPool;
import io.switchboard.loadtool.common.CpuWindow;
import io.switchboard.loadtool.common.LoadClientHandler;
import io.switchboard.loadtool.common.LoopbackTarget;
import io.switchboard.loadtool.common.OpenLoopSender;
import io.switchboard.loadtool.common.ProcFs;
import io.switchboard.loadtool.common.RunPlan;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The store scenario: connect every client, join each to one of the rooms, then for each offered
 * rate send open-loop for a warmup and a measured window and time every {@code ack}, which the
 * server sends only once the message is durably stored. Acks per second over the window is the
 * rate the store kept up with; a rate it cannot sustain shows as fewer stored than offered, a
 * growing latency and, past the drain, lost messages.
 *
 * <p>The steps share the clients and the server's database, which grows from step to step. A
 * step that overloads the server leaves a backlog; the drain waits for it (up to its bound)
 * before the next step starts, and whatever is still missing then is reported as lost.
 *
 * <p>Thread-confined: runs on the calling thread; the clients run on the pool's event loops.
 */
final class StoreRun {

    private final StoreSettings settings;
    private final PrintStream log;
    /** The step the clients record into; null between steps. */
    private final AtomicReference<StoreStepRecorder> step = new AtomicReference<>();

    private final AtomicInteger joined = new AtomicInteger();

    StoreRun(StoreSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /**
     * Runs every rate step in order and hands each result to {@code onResult} as soon as it is known.
     *
     * @param serverPid the server's process id, or 0 to skip server CPU
     */
    List<StoreResult> run(String label, LoopbackTarget target, long serverPid, Consumer<StoreResult> onResult)
            throws InterruptedException {
        if (serverPid > 0 && !ProcFs.isAlive(serverPid)) {
            throw new IllegalArgumentException("no process with pid " + serverPid);
        }
        try (ClientPool pool =
                new ClientPool(target, RunPlan.idle(), settings.threads(), settings.handshakesInFlight())) {
            long deadline = System.nanoTime() + (long) (settings.connectTimeoutSeconds() * 1e9);
            List<Channel> clients = connect(label, target, pool, deadline);
            List<String> rooms = join(label, clients, deadline);
            List<StoreResult> results = new ArrayList<>();
            for (double rate : settings.rates()) {
                StoreResult result = step(label, target, serverPid, pool, clients, rooms, rate);
                onResult.accept(result);
                results.add(result);
            }
            return results;
        }
    }

    private List<Channel> connect(String label, LoopbackTarget target, ClientPool pool, long deadline)
            throws InterruptedException {
        log.printf(
                Locale.ROOT,
                "[%s] connecting %d clients to %s (%s)%n",
                label,
                settings.clients(),
                target.uri(),
                ClientPool.transportName());
        pool.connect(settings.clients(), deadline);
        if (settings.expectWelcome() && !pool.awaitWelcomes(deadline)) {
            log.printf(
                    "[%s] only %d of %d clients got a welcome before the connect timeout%n",
                    label, pool.welcomed(), pool.opened());
        }
        List<Channel> open = pool.openChannels();
        log.printf(
                Locale.ROOT,
                "[%s] %d open, %d failed%s%n",
                label,
                open.size(),
                pool.failed(),
                pool.firstFailure() == null ? "" : " (first failure: " + pool.firstFailure() + ")");
        if (open.isEmpty()) {
            throw new IllegalStateException("no client could connect to " + target.uri()
                    + (pool.firstFailure() == null ? "" : ": " + pool.firstFailure()));
        }
        return open;
    }

    /** Puts the store reader in front of each client's pool handler and joins it to its room. */
    private List<String> join(String label, List<Channel> clients, long deadline) throws InterruptedException {
        List<String> rooms = new ArrayList<>(clients.size());
        for (int i = 0; i < clients.size(); i++) {
            Channel channel = clients.get(i);
            String room = StoreFrames.roomOf(i, settings.rooms());
            rooms.add(room);
            ChannelHandlerContext poolHandler = channel.pipeline().context(LoadClientHandler.class);
            if (poolHandler == null) {
                continue; // closed meanwhile; its sends are counted as skipped
            }
            channel.pipeline().addBefore(poolHandler.name(), "store", new StoreClientHandler(step, joined));
            channel.writeAndFlush(
                    new TextWebSocketFrame(Unpooled.wrappedBuffer(StoreFrames.join(room))), channel.voidPromise());
        }
        while (joined.get() < clients.size() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        log.printf(
                Locale.ROOT,
                "[%s] %d of %d clients joined %d rooms%n",
                label,
                joined.get(),
                clients.size(),
                Math.min(settings.rooms(), clients.size()));
        if (joined.get() < clients.size()) {
            throw new IllegalStateException("only " + joined.get() + " of " + clients.size()
                    + " clients were answered 'joined' before the connect timeout");
        }
        return rooms;
    }

    private StoreResult step(
            String label,
            LoopbackTarget target,
            long serverPid,
            ClientPool pool,
            List<Channel> clients,
            List<String> rooms,
            double rate)
            throws InterruptedException {
        RunPlan plan = RunPlan.of(rate, settings.warmupSeconds(), settings.durationSeconds(), 0);
        StoreStepRecorder recorder = new StoreStepRecorder(plan);
        step.set(recorder);
        CpuWindow cpu = new CpuWindow(serverPid, recorder::acks);
        log.printf(
                Locale.ROOT,
                "[%s] offering %.0f msg/s: %.0f s warmup, then %.0f s measured%n",
                label,
                rate,
                settings.warmupSeconds(),
                settings.durationSeconds());
        // each client sends into the room it joined; the client id carries the due time
        OpenLoopSender.Outcome sent = new OpenLoopSender(
                        plan,
                        clients,
                        (seq, index, due) -> StoreFrames.send(
                                rooms.get(index), new StoreClientId(plan.runId(), seq, due), settings.textChars()),
                        cpu::start)
                .run();
        // The window is the measured schedule itself: what was stored while the rate was offered.
        CpuWindow.Usage usage = cpu.stop();
        long drainDeadline = System.nanoTime() + (long) (settings.drainSeconds() * 1e9);
        if (!recorder.awaitAnswers(sent.measuredSent(), drainDeadline)) {
            log.printf(
                    Locale.ROOT,
                    "[%s] drain timeout: %d of %d measured messages unanswered %.0f s after the last send%n",
                    label,
                    sent.measuredSent() - recorder.measuredAnswered(),
                    sent.measuredSent(),
                    settings.drainSeconds());
        }
        StoreLoopStats totals = recorder.totals();
        step.set(null);
        return StoreResult.of(
                label,
                target,
                settings,
                rate,
                clients.size(),
                sent,
                totals,
                usage,
                pool.failed(),
                pool.closedAfterOpen());
    }
}
