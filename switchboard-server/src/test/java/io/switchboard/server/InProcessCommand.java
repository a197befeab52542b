package io.switchboard.server;

import io.switchboard.testing.SwitchboardCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@link Main#run} in this JVM as {@code java -jar switchboard.jar} would, on a thread of its
 * own, and keeps what that thread printed to stdout and stderr apart from the rest of the JVM's
 * output. The same checks and the same one line as the jar, without a JVM start per case (about a
 * second of CPU each); the tests that use it keep a few {@link SwitchboardCommand} runs that prove
 * the process around it (exit code, nothing else on stderr). For a start that must fail: a command
 * still running after {@link #EXIT_TIMEOUT} (a check that no longer refuses, so a server started)
 * fails the test. A start that fails after it took the data folder's lock keeps that lock in this
 * JVM, where a process gives it back at exit: give each run a folder of its own. Not thread-safe:
 * it swaps {@code System.out} and {@code System.err} while it runs.
 */
final class InProcessCommand {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private InProcessCommand() {}

    /** {@code args} with {@code env} added to this JVM's environment less {@code PORT}, as the jar gets them. */
    static SwitchboardCommand.Result run(Map<String, String> env, List<String> args) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.remove("PORT");
        environment.putAll(env);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger exitCode = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread command = new Thread(
                () -> {
                    try {
                        exitCode.set(Main.run(args.toArray(String[]::new), environment));
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                },
                "in-process-command");
        command.setDaemon(true);
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(split(command, out, stdout));
        System.setErr(split(command, err, stderr));
        try {
            command.start();
            command.join(EXIT_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String shown = "stdout:\n" + out.toString(StandardCharsets.UTF_8) + "\nstderr:\n"
                + err.toString(StandardCharsets.UTF_8);
        if (command.isAlive()) {
            throw new AssertionError(args + " still running after " + EXIT_TIMEOUT + "; " + shown);
        }
        if (thrown.get() != null) {
            throw new AssertionError(args + " threw; " + shown, thrown.get());
        }
        return new SwitchboardCommand.Result(
                exitCode.get(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A stream that keeps what {@code owner} writes and passes every other thread's output on. */
    private static PrintStream split(Thread owner, OutputStream kept, PrintStream others) {
        return new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        target().write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        target().write(b, off, len);
                    }

                    @Override
                    public void flush() {
                        others.flush();
                    }

                    private OutputStream target() {
                        return Thread.currentThread() == owner ? kept : others;
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }
}
