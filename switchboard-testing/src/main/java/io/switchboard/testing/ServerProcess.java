package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Switchboard server in a child JVM ({@code io.switchboard.server.Main} on this JVM's class
 * path less the module's test classes, its classes shared through {@link SharedClassArchive}), for
 * tests that kill or stop the process. {@link #start} returns once the server printed
 * the port it listens on. Its stdout and stderr go to a log file under the build folder
 * ({@code server-processes/}), drained by a thread so the pipe never blocks the server.
 *
 * <p>{@link #kill9()} sends SIGKILL ({@link Process#destroyForcibly()} on Linux), {@link #terminate}
 * sends SIGTERM ({@link Process#destroy()}), which runs the server's shutdown hook. {@link #close}
 * kills the process if it is still alive. Not thread-safe, except {@link #kill9()}, which any thread
 * may call.
 */
public final class ServerProcess implements AutoCloseable {
    /** What a process killed by signal N exits with, as {@link Process#exitValue()} reports it. */
    public static final int SIGKILL_EXIT = 128 + 9;

    public static final int SIGTERM_EXIT = 128 + 15;

    private static final Pattern LISTENING = Pattern.compile("listening on https?://[^\\s:]+:(\\d+)");
    /**
     * Only catches a server that never starts: the test JVMs run in parallel (README, "Tests") on a
     * shared machine, where a JVM start has been seen to take over 30 s.
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final Thread drain;
    private final int port;

    private ServerProcess(Process process, Path dataDir, Path log, Thread drain, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.drain = drain;
        this.port = port;
    }

    /**
     * Starts {@code Main --host 127.0.0.1 --port 0 --data-dir dataDir} plus {@code extraArgs} and
     * waits (up to 120 s) for the line that names the bound port. Without a {@code --drain-delay} in
     * {@code extraArgs} it runs with {@code --drain-delay 0}: a test that stops the server means to see
     * the drain, not to wait for a load balancer that is not there.
     */
    public static ServerProcess start(Path dataDir, String... extraArgs) {
        List<String> command =
                new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(SharedClassArchive.classPathFlags());
        command.addAll(List.of(
                "io.switchboard.server.Main", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()));
        if (!List.of(extraArgs).contains("--drain-delay")) {
            command.addAll(List.of("--drain-delay", "0"));
        }
        command.addAll(List.of(extraArgs));
        Path log = logFile();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        CompletableFuture<Integer> port = new CompletableFuture<>();
        String shown = String.join(" ", command).replace(command.get(command.indexOf("-cp") + 1), "<test class path>");
        Thread drain = new Thread(() -> drain(process, shown, log, port), "server-process-drain-" + process.pid());
        drain.setDaemon(true);
        drain.start();
        try {
            int bound = port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new ServerProcess(process, dataDir, log, drain, bound);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError(
                    "server process did not report its port within " + START_TIMEOUT + " (alive: " + process.isAlive()
                            + "); log " + log + ":\n" + tail(log),
                    e);
        }
    }

    /** The port of the first "listening on" line in {@code output}, or -1. */
    static int announcedPort(String output) {
        Matcher m = LISTENING.matcher(output);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Copies every line to the log file and completes {@code port} with the first port announced. */
    private static void drain(Process process, String command, Path log, CompletableFuture<Integer> port) {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            out.write("# pid " + process.pid() + ": " + command + "\n");
            out.flush();
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.write('\n');
                out.flush();
                if (!port.isDone()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        } finally {
            port.completeExceptionally(
                    new IllegalStateException("the server's output ended before it announced a port"));
        }
    }

    static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** A fresh file under {@code <build dir>/server-processes/}; the build dir holds the test classes. */
    private static Path logFile() {
        try {
            Path testClasses = Path.of(ServerProcess.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path dir = testClasses.getParent().resolve("server-processes");
            Files.createDirectories(dir);
            return dir.resolve("server-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path log() {
        return log;
    }

    public String ws(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGKILL: no shutdown hook runs. Waits for the exit and checks that the process did die of
     * SIGKILL (exit value 137), which is what {@link Process#destroyForcibly()} sends on Linux.
     */
    public void kill9() {
        process.destroyForcibly();
        int exit = waitFor(Duration.ofSeconds(10));
        assertThat(exit).as("exit value of a process killed by SIGKILL").isEqualTo(SIGKILL_EXIT);
    }

    /**
     * SIGTERM (what {@link Process#destroy()} sends on Linux): the server's shutdown hook drains
     * and stops it. Returns the exit value; fails when the process has not exited within {@code timeout}.
     */
    public int terminate(Duration timeout) {
        // through the handle: Process.destroy() also closes our end of the output pipe, which would
        // lose what the server logs while it shuts down
        assertThat(process.toHandle().supportsNormalTermination())
                .as("destroy() sends SIGTERM on this platform")
                .isTrue();
        process.toHandle().destroy();
        return waitFor(timeout);
    }

    /** Waits for the process to exit; fails (after killing it) when it has not within {@code timeout}. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("server process " + process.pid() + " still running after " + timeout
                        + "; log " + log + ":\n" + tail(log));
            }
            drain.join(TimeUnit.SECONDS.toMillis(5));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The last lines the server printed. */
    public String logTail() {
        return tail(log);
    }

    /**
     * The whole history of {@code room}, oldest first, read through {@code /ws}: a join from id 0
     * with the largest page, then {@code history after} until no more remain.
     */
    public List<JsonNode> history(String room) {
        List<JsonNode> all = new ArrayList<>();
        try (WsClient reader = WsClient.connect(ws("/ws"))) {
            reader.awaitType("welcome");
            reader.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"after\":0,\"limit\":1000,\"ref\":\"read-0\"}");
            JsonNode page = reader.await(n -> "joined".equals(n.path("type").asText())
                    && "read-0".equals(n.path("ref").asText()));
            int pages = 0;
            while (true) {
                page.path("messages").forEach(all::add);
                if (!page.path("more").asBoolean()) {
                    return all;
                }
                assertThat(page.path("messages").size())
                        .as("a page that says more follows is not empty")
                        .isPositive();
                String ref = "read-" + ++pages;
                long after = all.get(all.size() - 1).path("id").asLong();
                reader.send("{\"type\":\"history\",\"room\":\"" + room + "\",\"after\":" + after
                        + ",\"limit\":1000,\"ref\":\"" + ref + "\"}");
                page = reader.await(n -> "history".equals(n.path("type").asText())
                        && ref.equals(n.path("ref").asText()));
            }
        }
    }

    /** Kills the process if it is still alive and waits for it. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            drain.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
