package io.switchboard.loadtool.common;

import io.switchboard.loadtool.common.ProcFs.CpuTime;
import java.util.function.LongSupplier;

/**
 * CPU time used by the server and by this tool between {@link #start()} and {@link #stop()}, read
 * from {@code /proc} so a JVM and a Node process are measured the same way, together with the
 * frames delivered in the same window. Resolution is one clock tick (10 ms), which is why windows
 * are tens of seconds long.
 *
 * <p>CPU is divided by the frames that arrived inside the window, whatever message they belong
 * to: the CPU spent in a window is what produced them. Dividing by the measured messages alone
 * would charge an overloaded server for the warmup backlog it works off inside the window.
 *
 * <p>Not thread-safe: the scenario thread starts and stops it.
 */
public final class CpuWindow {

    private static final CpuTime NOT_MEASURED = new CpuTime(-1, 0);

    /** What one window measured; the server's time is {@code (-1, 0)} when no pid was given. */
    public record Usage(CpuTime server, CpuTime tool, long wallMicros, long deliveries) {

        boolean serverMeasured() {
            return server.userMicros() >= 0;
        }

        /** Server CPU as a percentage of one core (NaN when not measured). */
        public double serverPercent() {
            return serverMeasured() ? percent(server.totalMicros()) : Double.NaN;
        }

        /** The share of the server's CPU time spent in the kernel, in percent (sockets, epoll). */
        public double serverKernelShare() {
            return serverMeasured() && server.totalMicros() > 0
                    ? 100.0 * server.systemMicros() / server.totalMicros()
                    : Double.NaN;
        }

        public double toolPercent() {
            return percent(tool.totalMicros());
        }

        /** Server CPU per delivered frame in microseconds (NaN when not measured or nothing arrived). */
        public double serverMicrosPerDelivery() {
            return serverMeasured() && deliveries > 0 ? (double) server.totalMicros() / deliveries : Double.NaN;
        }

        public double toolMicrosPerDelivery() {
            return deliveries > 0 ? (double) tool.totalMicros() / deliveries : Double.NaN;
        }

        public double deliveriesPerSecond() {
            return wallMicros == 0 ? 0 : deliveries * 1e6 / wallMicros;
        }

        private double percent(long cpuMicros) {
            return wallMicros == 0 ? 0 : 100.0 * cpuMicros / wallMicros;
        }
    }

    /** Empty when no server pid was given: then only this tool is measured. */
    private final long[] serverPids;

    private final LongSupplier deliveries;
    private long startWall;
    private CpuTime startServer;
    private CpuTime startTool;
    private long startDeliveries;
    private boolean started;

    /**
     * @param deliveries running count of delivered frames
     */
    public CpuWindow(long serverPid, LongSupplier deliveries) {
        this(serverPid > 0 ? new long[] {serverPid} : new long[0], deliveries);
    }

    /**
     * @param serverPids the processes whose CPU time is summed as the server's (a cluster's nodes,
     *     and its broker if it is to be charged); empty to measure only this tool
     * @param deliveries running count of delivered frames
     */
    public CpuWindow(long[] serverPids, LongSupplier deliveries) {
        this.serverPids = serverPids.clone();
        this.deliveries = deliveries;
    }

    public void start() {
        startServer = serverTime();
        startTool = ProcFs.cpuTime(ProcFs.selfPid());
        startDeliveries = deliveries.getAsLong();
        startWall = System.nanoTime();
        started = true;
    }

    public Usage stop() {
        if (!started) {
            throw new IllegalStateException("the CPU window was never started");
        }
        long wall = (System.nanoTime() - startWall) / 1000;
        CpuTime server = serverPids.length > 0 ? serverTime().minus(startServer) : NOT_MEASURED;
        CpuTime tool = ProcFs.cpuTime(ProcFs.selfPid()).minus(startTool);
        return new Usage(server, tool, wall, deliveries.getAsLong() - startDeliveries);
    }

    /** The summed CPU time of the server processes, or {@link #NOT_MEASURED} when there are none. */
    private CpuTime serverTime() {
        if (serverPids.length == 0) {
            return NOT_MEASURED;
        }
        CpuTime sum = new CpuTime(0, 0);
        for (long pid : serverPids) {
            sum = sum.plus(ProcFs.cpuTime(pid));
        }
        return sum;
    }
}
