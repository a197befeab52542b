package io.switchboard.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, throw-away PostgreSQL for tests: Debian's server binaries ({@code apt-get install
 * postgresql}, found under {@code /usr/lib/postgresql/<version>/bin}, or in {@code $SB_PG_BIN}),
 * a fresh cluster in a temp folder on a free port, trust authentication on 127.0.0.1, fsync off.
 * One server per JVM ({@link #shared()}); each test takes a database of its own from
 * {@link #newDatabase()}.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root: then initdb and the server run as the
 * {@code postgres} user (or {@code nobody}) through util-linux {@code setpriv}. The server also gets
 * {@code --pdeathsig INT}, so it shuts down even when the test JVM is killed; the JVM's shutdown
 * hook stops it and deletes the folder otherwise.
 *
 * <p>Thread-safe.
 */
public final class PostgresServer {
    private static final String SUPERUSER = "postgres";
    private static PostgresServer shared;
    /**
     * The parent-death signal fires when the thread that started the process ends, not the JVM:
     * start the server from a thread that lives as long as the JVM.
     */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "postgres-launcher");
        t.setDaemon(true);
        return t;
    });

    private final Path dir;
    private final int port;
    private final Process process;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * The JVM's server, started on first use. Skips the calling test (loudly) when the PostgreSQL
     * binaries are missing, or fails it when the environment variable {@code CI} is {@code true}.
     */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            Path bin = findBinaries();
            if (bin == null) {
                String message = "PostgreSQL tests need the server binaries: apt-get install postgresql"
                        + " (or set SB_PG_BIN to a folder holding initdb and postgres)";
                if ("true".equals(System.getenv("CI"))) {
                    fail("CI=true and " + message);
                }
                System.err.println();
                System.err.println("!!!!!!!! SKIPPING POSTGRESQL TEST: " + message + " !!!!!!!!");
                System.err.println();
                Assumptions.abort(message);
            }
            shared = start(bin);
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-stop"));
        }
        return shared;
    }

    /** A new empty database; returns its {@code postgresql://} URL. */
    public String newDatabase() {
        String name = "sb_test_" + databases.incrementAndGet();
        admin("CREATE DATABASE " + name);
        return url(name);
    }

    /** Drops a database from {@link #newDatabase()}, closing whatever connections it still has. */
    public void dropDatabase(String url) {
        admin("DROP DATABASE IF EXISTS " + url.substring(url.lastIndexOf('/') + 1) + " WITH (FORCE)");
    }

    public String url(String database) {
        return "postgresql://" + SUPERUSER + "@127.0.0.1:" + port + "/" + database;
    }

    public void admin(String sql) {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, "");
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static Path findBinaries() {
        String configured = System.getenv("SB_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return hasServer(Path.of(configured)) ? Path.of(configured) : null;
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(PostgresServer::hasServer)
                    .max(Comparator.comparingInt(PostgresServer::majorVersion))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean hasServer(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static PostgresServer start(Path bin) {
        try {
            Path dir = Files.createTempDirectory("sb-pg-");
            List<String> asUser = runAsPrefix(dir);
            Path data = dir.resolve("data");
            List<String> initdb = new ArrayList<>(asUser);
            initdb.addAll(List.of(
                    bin.resolve("initdb").toString(),
                    "-D",
                    data.toString(),
                    "-U",
                    SUPERUSER,
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync"));
            run(initdb, dir.resolve("initdb.log"));
            int port = freePort();
            List<String> postgres = new ArrayList<>(asUser);
            if (asUser.isEmpty()) {
                postgres.addAll(List.of("setpriv", "--"));
            }
            postgres.add(postgres.indexOf("--"), "--pdeathsig");
            postgres.add(postgres.indexOf("--"), "INT");
            postgres.addAll(List.of(
                    bin.resolve("postgres").toString(),
                    "-D",
                    data.toString(),
                    "-p",
                    Integer.toString(port),
                    "-k",
                    dir.toString(),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "fsync=off",
                    "-c",
                    "full_page_writes=off",
                    "-c",
                    "shared_buffers=16MB",
                    "-c",
                    "max_connections=50"));
            Path log = dir.resolve("postgres.log");
            ProcessBuilder pb =
                    new ProcessBuilder(postgres).redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = LAUNCHER.submit(pb::start).get();
            PostgresServer server = new PostgresServer(dir, port, process);
            server.awaitReady(log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** As root: run as {@code postgres} (or {@code nobody}) and hand it the folder; else nothing. */
    private static List<String> runAsPrefix(Path dir) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        String user = run(List.of("id", "-u", SUPERUSER), null) == 0 ? SUPERUSER : "nobody";
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        view.setOwner(lookup.lookupPrincipalByName(user));
        String group = output(List.of("id", "-gn", user));
        GroupPrincipal groupPrincipal = lookup.lookupPrincipalByGroupName(group);
        view.setGroup(groupPrincipal);
        return List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--init-groups", "--");
    }

    private void awaitReady(Path log) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with " + process.exitValue() + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            try (Connection c =
                    DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, "")) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        stop();
        throw new IllegalStateException("PostgreSQL did not accept connections within 60 s", last);
    }

    /** Fast shutdown (SIGINT: disconnect clients, checkpoint, exit), then delete the folder. */
    private void stop() {
        try {
            if (process.isAlive()) {
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                        .start()
                        .waitFor();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int run(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
        int exit = pb.start().waitFor();
        if (exit != 0 && log != null) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return exit;
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
        return out;
    }
}
