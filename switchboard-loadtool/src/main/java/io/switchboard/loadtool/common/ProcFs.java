package io.switchboard.loadtool.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads a process's CPU time and resident memory from Linux {@code /proc}, the same numbers
 * {@code top} and {@code ps} show, so a JVM server and a Node server are measured alike from the
 * outside.
 *
 * <p>Thread-safe: stateless apart from the clock-tick rate, read once.
 */
public final class ProcFs {

    private static final long CLOCK_TICKS_PER_SECOND = readClockTicks();

    private ProcFs() {}

    /** CPU time a process has used, split into user and kernel (system) time. */
    record CpuTime(long userMicros, long systemMicros) {

        long totalMicros() {
            return userMicros + systemMicros;
        }

        CpuTime plus(CpuTime other) {
            return new CpuTime(userMicros + other.userMicros, systemMicros + other.systemMicros);
        }

        CpuTime minus(CpuTime earlier) {
            return new CpuTime(userMicros - earlier.userMicros, systemMicros - earlier.systemMicros);
        }
    }

    /** utime and stime of a {@code /proc/<pid>/stat} line, converted from clock ticks. */
    static CpuTime parseCpuTime(String stat, long ticksPerSecond) {
        // Field 2 (comm) is in parentheses and may itself contain spaces and ')', so count fields
        // from the LAST ')'. proc(5): after it come state(3) ... utime(14) stime(15).
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + abbreviate(stat));
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        int utime = 14 - 3;
        if (fields.length <= utime + 1) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat: " + abbreviate(stat));
        }
        return new CpuTime(
                Long.parseLong(fields[utime]) * 1_000_000L / ticksPerSecond,
                Long.parseLong(fields[utime + 1]) * 1_000_000L / ticksPerSecond);
    }

    /** The VmRSS line of a {@code /proc/<pid>/status} text, in KiB. */
    static long parseVmRssKib(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB")) {
                    throw new IllegalArgumentException("unexpected VmRSS line: " + line);
                }
                return Long.parseLong(parts[0]);
            }
        }
        throw new IllegalArgumentException("no VmRSS line (is the process a zombie?)");
    }

    /** CPU time the process has used so far. */
    static CpuTime cpuTime(long pid) {
        return parseCpuTime(read(pid, "stat"), CLOCK_TICKS_PER_SECOND);
    }

    public static long vmRssKib(long pid) {
        return parseVmRssKib(read(pid, "status"));
    }

    /** The kernel's short name of the process ({@code java}, {@code node}, ...). */
    static String command(long pid) {
        return read(pid, "comm").trim();
    }

    /** The process's arguments, separated by spaces. */
    static String commandLine(long pid) {
        return read(pid, "cmdline").replace('\0', ' ').trim();
    }

    public static boolean isAlive(long pid) {
        return Files.isDirectory(Path.of("/proc", Long.toString(pid)));
    }

    static long selfPid() {
        return ProcessHandle.current().pid();
    }

    private static String read(long pid, String file) {
        Path path = Path.of("/proc", Long.toString(pid), file);
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("no process with pid " + pid + " (" + path + " is missing)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static long readClockTicks() {
        // USER_HZ is 100 on every mainstream Linux build; getconf is asked anyway in case it is not.
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                long ticks = Long.parseLong(out);
                if (ticks > 0) {
                    return ticks;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
