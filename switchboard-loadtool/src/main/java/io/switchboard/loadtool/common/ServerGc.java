package io.switchboard.loadtool.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Asks a server to collect its garbage before the idle scenario reads its RSS, so memory per
 * connection is not blurred by whatever garbage the previous run left: {@code jcmd <pid> GC.run}
 * for a JVM, {@code SIGUSR2} for the bench/ws-seed Node server (which runs {@code global.gc()} on
 * it when started with {@code --expose-gc}). Other processes are left alone: SIGUSR2 would kill a
 * Node process that has no handler for it, so only one started with {@code --expose-gc} gets it.
 *
 * <p>Thread-safe: stateless.
 */
public final class ServerGc {

    /** How a process can be asked to collect garbage. */
    public enum Method {
        JCMD,
        NODE_SIGNAL,
        NONE
    }

    private ServerGc() {}

    public static Method methodFor(long pid) {
        String command = ProcFs.command(pid);
        if (command.equals("java")) {
            return Method.JCMD;
        }
        if (command.equals("node") && ProcFs.commandLine(pid).contains("--expose-gc")) {
            return Method.NODE_SIGNAL;
        }
        return Method.NONE;
    }

    /** Collects garbage by {@code method} and gives the process a moment to return freed pages. */
    public static void collect(long pid, Method method) throws InterruptedException {
        switch (method) {
            case JCMD -> run(jcmd(), Long.toString(pid), "GC.run");
            case NODE_SIGNAL -> run("kill", "-USR2", Long.toString(pid));
            case NONE -> {
                return;
            }
        }
        Thread.sleep(1000);
    }

    private static String jcmd() {
        return ProcessHandle.current()
                .info()
                .command()
                .map(java -> Path.of(java).resolveSibling("jcmd"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .orElse("jcmd");
    }

    private static void run(String... command) throws InterruptedException {
        String line = String.join(" ", command);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(line + " did not finish in 30 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(line + " failed: " + out.trim());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + line + ": " + e.getMessage(), e);
        }
    }
}
