package io.switchboard.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Class Data Sharing for the server JVMs {@link ServerProcess} starts: the classes a server loads,
 * parsed and verified once per build into a dynamic archive ({@code target/switchboard-classes.jsa},
 * JDK 13+), then mapped by every later child instead of loaded again, which cuts the CPU a child
 * spends starting by about 40 %. The first test JVM that needs it makes it with a start and a
 * SIGTERM of a server of its own (the archive is written at exit), holding
 * {@code target/switchboard-classes.jsa.lock} meanwhile; JVMs that find the lock taken wait for it
 * (up to two minutes), then start their children with the archive, or without it if there is none.
 * An archive older than a jar on the class path is made again.
 *
 * <p>Only jars can be archived: the children run without the module's {@code target/test-classes}
 * (they load nothing from it), and with a class path that still holds a folder (an IDE run against
 * {@code target/classes}) they run as before, without an archive. The JVM checks the archive
 * against the class path and silently ignores one that does not match ({@code -Xlog:cds} off, so a
 * child's stdout and stderr hold only the server's own lines either way).
 */
final class SharedClassArchive {
    /** {@code -Dswitchboard.cds=false}: children as before, with the whole class path and no archive. */
    private static final String SWITCH = "switchboard.cds";

    private static final String MAIN = "io.switchboard.server.Main";
    private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private static boolean waited;
    private static boolean trained;

    private SharedClassArchive() {}

    /**
     * The JVM flags and class path for a child that runs {@code io.switchboard.server.Main} from this
     * JVM's class path: {@code -cp} and the class path, preceded by the archive's flags when there is
     * (or this call could make) an archive for it.
     */
    static synchronized List<String> classPathFlags() {
        String full = System.getProperty("java.class.path");
        Optional<String> jarsOnly = jarsOnly(full);
        if (jarsOnly.isEmpty() || "false".equals(System.getProperty(SWITCH))) {
            return List.of("-cp", full);
        }
        List<String> flags = new ArrayList<>();
        Optional<Path> archive = archive(jarsOnly.get());
        if (archive.isPresent()) {
            flags.add("-XX:SharedArchiveFile=" + archive.get());
            flags.addAll(QUIET);
        }
        flags.addAll(List.of("-cp", jarsOnly.get()));
        return flags;
    }

    /** The class path less the module's {@code target/test-classes}, if what is left is jars only. */
    private static Optional<String> jarsOnly(String classPath) {
        Path testClasses = Path.of(System.getProperty("user.dir"), "target", "test-classes");
        List<String> kept = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.equals(testClasses)) {
                continue;
            }
            if (!Files.isRegularFile(p) || !entry.endsWith(".jar")) {
                return Optional.empty();
            }
            kept.add(entry);
        }
        return Optional.of(String.join(File.pathSeparator, kept));
    }

    private static Path archiveFile() {
        return Path.of(System.getProperty("user.dir"), "target", "switchboard-classes.jsa");
    }

    /** A usable archive: one made after every jar on {@code classPath}, made now if this JVM may. */
    private static Optional<Path> archive(String classPath) {
        Path archive = archiveFile();
        FileTime newestJar = newest(List.of(classPath.split(File.pathSeparator)));
        if (isFresh(archive, newestJar)) {
            return Optional.of(archive);
        }
        if (trained) {
            return Optional.empty(); // once per JVM: a start that failed to make it would fail again
        }
        Path lock = archive.resolveSibling(archive.getFileName() + ".lock");
        try {
            if (Files.exists(lock) && Files.getLastModifiedTime(lock).compareTo(newestJar) < 0) {
                Files.deleteIfExists(lock); // left by an earlier build that was stopped
            }
            Files.createFile(lock);
        } catch (IOException e) {
            return awaitOther(lock, archive, newestJar);
        }
        trained = true;
        try {
            train(classPath, archive);
        } finally {
            try {
                Files.deleteIfExists(lock);
            } catch (IOException e) {
                // the next build replaces it
            }
        }
        return isFresh(archive, newestJar) ? Optional.of(archive) : Optional.empty();
    }

    /**
     * Another test JVM makes the archive: waiting for it costs this JVM's test a few seconds of wall
     * time, starting without it a second of CPU per child for the rest of the build.
     */
    private static Optional<Path> awaitOther(Path lock, Path archive, FileTime newestJar) {
        if (waited) {
            return isFresh(archive, newestJar) ? Optional.of(archive) : Optional.empty();
        }
        waited = true; // once per JVM: a JVM that died holding the lock must not cost every start here
        long deadline = System.nanoTime() + TRAINING_TIMEOUT.toNanos();
        try {
            while (Files.exists(lock) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return isFresh(archive, newestJar) ? Optional.of(archive) : Optional.empty();
    }

    private static boolean isFresh(Path archive, FileTime newestJar) {
        try {
            return Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(newestJar) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static FileTime newest(List<String> files) {
        FileTime newest = FileTime.fromMillis(0);
        for (String f : files) {
            try {
                FileTime t = Files.getLastModifiedTime(Path.of(f));
                if (t.compareTo(newest) > 0) {
                    newest = t;
                }
            } catch (IOException e) {
                // not there: the JVM will say so
            }
        }
        return newest;
    }

    /**
     * Starts a server that writes the classes it loaded to a file of its own at exit, asks it for the
     * chat page, stops it with SIGTERM and moves the file into place. Any failure leaves no archive.
     */
    private static void train(String classPath, Path archive) {
        Path partial = archive.resolveSibling(
                archive.getFileName() + "." + ProcessHandle.current().pid());
        Path dataDir = null;
        Process process = null;
        try {
            dataDir = Files.createTempDirectory("switchboard-cds");
            List<String> command = new ArrayList<>(List.of(
                    ServerProcess.javaBinary(),
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:ArchiveClassesAtExit=" + partial));
            command.addAll(QUIET);
            command.addAll(List.of(
                    "-cp",
                    classPath,
                    MAIN,
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--data-dir",
                    dataDir.resolve("data").toString(),
                    "--drain-delay",
                    "0"));
            Path out = dataDir.resolve("out.txt");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            long deadline = System.nanoTime() + TRAINING_TIMEOUT.toNanos();
            int port = -1;
            while (port < 0 && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                port = ServerProcess.announcedPort(Files.readString(out, StandardCharsets.UTF_8));
            }
            if (port < 0) {
                return;
            }
            HttpURLConnection page = (HttpURLConnection)
                    URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
            page.setConnectTimeout(10_000);
            page.setReadTimeout(10_000);
            try (InputStream body = page.getInputStream()) {
                body.readAllBytes();
            }
            process.destroy();
            if (process.waitFor(TRAINING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && Files.size(partial) > 0) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // no archive: the children start as they would without one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            try {
                Files.deleteIfExists(partial);
                if (dataDir != null) {
                    try (Stream<Path> files = Files.walk(dataDir)) {
                        files.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                                .forEach(p -> p.toFile().delete());
                    }
                }
            } catch (IOException e) {
                // a temporary folder left behind
            }
        }
    }
}
