package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built jar ({@code target/switchboard.jar}, made by {@code package} before the
 * integration tests) as {@code java -jar} in a child process until it exits, for tests of what the
 * command does on its own: exit codes and what it prints, kept apart as stdout and stderr. For a
 * server that keeps running use {@link ServerProcess}. Not thread-safe.
 */
public final class SwitchboardCommand {
    /** Long enough for a loaded machine; a process still running then is killed and fails the test. */
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private SwitchboardCommand() {}

    /** What a finished run left: the exit code, stdout and stderr. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** The non-blank lines of stderr. */
        public List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** Runs {@code java -jar switchboard.jar args} with {@code env} added to this JVM's environment. */
    public static Result run(Map<String, String> env, List<String> args) {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: the integration tests run after `package`");
        }
        List<String> command = new ArrayList<>(List.of(
                javaBinary(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(args);
        try {
            Path out = Files.createTempFile("switchboard-stdout", ".txt");
            Path err = Files.createTempFile("switchboard-stderr", ".txt");
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("PORT");
            pb.environment().putAll(env);
            Process process = pb.start();
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(command + " still running after " + EXIT_TIMEOUT + "; stdout:\n"
                        + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            Result r = new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * {@code target/switchboard.jar} of the module whose tests run: Surefire and Failsafe start
     * the test JVM in that module's folder (this class lives in another module's jar).
     */
    private static Path jar() {
        return Path.of(System.getProperty("user.dir"), "target", "switchboard.jar");
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
