package io.switchboard.loadtool.idle;

import io.switchboard.loadtool.common.ClientPool;
import io.switchboard.loadtool.common.ClientProtocol;
import io.switchboard.loadtool.common.LoopbackTarget;
import io.switchboard.loadtool.common.ProcFs;
import io.switchboard.loadtool.common.RunPlan;
import io.switchboard.loadtool.common.ServerGc;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The idle scenario: how much resident memory the server spends per open but silent WebSocket
 * connection. RSS is what the operating system charges, the same for a JVM and for Node; a garbage
 * collection before each reading ({@link ServerGc}) keeps garbage from blurring the difference.
 *
 * <p>Thread-confined: runs on the calling thread.
 */
public final class IdleRun {

    private final int clients;
    private final int threads;
    private final int handshakesInFlight;
    private final double connectTimeoutSeconds;
    private final double settleSeconds;
    private final boolean expectWelcome;
    private final ClientProtocol protocol;
    private final PrintStream log;
    /** Seconds after the clients left before the last RSS reading; 0 skips that reading. */
    private double afterLeaveSeconds;

    public IdleRun(
            int clients,
            int threads,
            int handshakesInFlight,
            double connectTimeoutSeconds,
            double settleSeconds,
            boolean expectWelcome,
            PrintStream log) {
        this(
                clients,
                threads,
                handshakesInFlight,
                connectTimeoutSeconds,
                settleSeconds,
                expectWelcome,
                ClientProtocol.WS,
                log);
    }

    public IdleRun(
            int clients,
            int threads,
            int handshakesInFlight,
            double connectTimeoutSeconds,
            double settleSeconds,
            boolean expectWelcome,
            ClientProtocol protocol,
            PrintStream log) {
        if (clients < 1
                || threads < 1
                || handshakesInFlight < 1
                || !(connectTimeoutSeconds > 0)
                || settleSeconds < 0
                || settleSeconds > 600) {
            throw new IllegalArgumentException(
                    "idle: clients, threads and handshakes >= 1, connect timeout > 0," + " settle between 0 and 600 s");
        }
        this.clients = clients;
        this.threads = threads;
        this.handshakesInFlight = handshakesInFlight;
        this.connectTimeoutSeconds = connectTimeoutSeconds;
        this.settleSeconds = settleSeconds;
        this.expectWelcome = expectWelcome;
        this.protocol = protocol;
        this.log = log;
    }

    /**
     * Also reads the server's RSS this many seconds after the clients closed, without asking for a
     * collection: what the server gives back by itself (issue #12: within 20 % of the first reading
     * a minute after the clients leave).
     */
    public IdleRun afterLeave(double seconds) {
        if (seconds < 0 || seconds > 3600) {
            throw new IllegalArgumentException("idle: after-leave between 0 and 3600 s");
        }
        this.afterLeaveSeconds = seconds;
        return this;
    }

    /**
     * @param gc whether to ask the server to collect garbage before each reading (if it can be asked)
     */
    public IdleResult run(String label, LoopbackTarget url, long serverPid, boolean gc) throws InterruptedException {
        LoopbackTarget target = protocol.resolve(url);
        if (!ProcFs.isAlive(serverPid)) {
            throw new IllegalArgumentException("no process with pid " + serverPid);
        }
        ServerGc.Method method = gc ? ServerGc.methodFor(serverPid) : ServerGc.Method.NONE;
        long before = readRss(serverPid, method);
        long after;
        int connected;
        try (ClientPool pool = new ClientPool(target, RunPlan.idle(), threads, handshakesInFlight, protocol)) {
            long deadline = System.nanoTime() + (long) (connectTimeoutSeconds * 1e9);
            log.printf(
                    Locale.ROOT,
                    "[%s] idle: server RSS %.1f MiB; connecting %d clients to %s%n",
                    label,
                    before / 1024.0,
                    clients,
                    target.uri());
            pool.connect(clients, deadline);
            if (expectWelcome) {
                pool.awaitWelcomes(deadline);
            }
            log.printf(
                    Locale.ROOT,
                    "[%s] idle: %d open, %d failed%s; settling %.0f s%n",
                    label,
                    pool.opened(),
                    pool.failed(),
                    pool.firstFailure() == null ? "" : " (first failure: " + pool.firstFailure() + ")",
                    settleSeconds);
            Thread.sleep((long) (settleSeconds * 1000));
            after = readRss(serverPid, method);
            connected = pool.openChannels().size();
        }
        long afterLeave = -1;
        if (afterLeaveSeconds > 0) {
            log.printf(Locale.ROOT, "[%s] idle: clients closed; waiting %.0f s%n", label, afterLeaveSeconds);
            Thread.sleep((long) (afterLeaveSeconds * 1000));
            afterLeave = ProcFs.vmRssKib(serverPid);
        }
        return IdleResult.of(label, target, clients, connected, before, after, afterLeave, method);
    }

    private static long readRss(long pid, ServerGc.Method gc) throws InterruptedException {
        ServerGc.collect(pid, gc);
        return ProcFs.vmRssKib(pid);
    }
}
