package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.SwitchboardCommand;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jar started with a bad flag, or with a resource it cannot use, ends at once with exit code 2
 * and one line on stderr that names the flag or the resource, and no stack trace; a second server
 * on a data folder in use is refused, while a lock file left by a killed server is not in the way.
 * Every bad flag is checked in this JVM ({@link InProcessCommand}) and two of them with the jar.
 */
class StartupValidationIT {
    @TempDir
    Path tmp;

    static Stream<Arguments> badFlags() {
        return Stream.of(
                Arguments.of(List.of("--max-http-body-bytes", "-1"), "--max-http-body-bytes"),
                Arguments.of(List.of("--max-frame-bytes", "0"), "--max-frame-bytes"),
                Arguments.of(List.of("--sse-heartbeat", "0"), "--sse-heartbeat"),
                Arguments.of(List.of("--presence-grace", "-1"), "--presence-grace"),
                Arguments.of(List.of("--max-storage-wait-ms", "5"), "--max-storage-wait-ms"),
                Arguments.of(List.of("--io-threads", "0"), "--io-threads"),
                Arguments.of(List.of("--rate-limit", "-1"), "--rate-limit"),
                Arguments.of(List.of("--retention-max-messages", "-1"), "--retention-max-messages"),
                Arguments.of(List.of("--history-per-room", "0", "--database", "memory"), "--history-per-room"),
                Arguments.of(List.of("--idle-timeout", "10", "--ping-interval", "25"), "--idle-timeout"),
                Arguments.of(List.of("--port", "99999"), "--port"),
                Arguments.of(List.of("--io", "bogus"), "--io"),
                Arguments.of(List.of("--transport", "bogus"), "--transport"),
                Arguments.of(List.of("--host", "no-such-host.invalid"), "--host"),
                Arguments.of(List.of("--database", "mysql://localhost/chat"), "--database"),
                Arguments.of(List.of("--io-threads", "many"), "--io-threads"),
                Arguments.of(List.of("--allowed-origins", "chat.example.com"), "--allowed-origins"),
                Arguments.of(List.of("--allowed-origins", "ftp://b.example"), "--allowed-origins"),
                Arguments.of(List.of("--max-connections-per-ip", "0"), "--max-connections-per-ip"),
                Arguments.of(List.of("--max-commands-per-ip", "0"), "--max-commands-per-ip"));
    }

    /** Each check in this JVM ({@link InProcessCommand}): the same code, exit code and line as the jar. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badFlags")
    void aBadFlagEndsTheCommandWithExitCodeTwoAndOneLineNamingIt(List<String> flag, String name) {
        SwitchboardCommand.Result r = InProcessCommand.run(Map.of(), withDefaults(flag));

        assertFailedWithOneLine(r, name);
        assertThat(r.stderrLines().get(0)).contains(flag.get(1));
    }

    /** The jar itself, for a flag picocli refuses and one the command's range checks refuse. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badFlagsForTheJar")
    void aBadFlagEndsTheProcessWithExitCodeTwoAndOneLineNamingIt(List<String> flag, String name) {
        SwitchboardCommand.Result r = run(Map.of(), flag);

        assertFailedWithOneLine(r, name);
        assertThat(r.stderrLines().get(0)).contains(flag.get(1));
    }

    static Stream<Arguments> badFlagsForTheJar() {
        return Stream.of(
                Arguments.of(List.of("--io-threads", "many"), "--io-threads"),
                Arguments.of(List.of("--idle-timeout", "10", "--ping-interval", "25"), "--idle-timeout"));
    }

    @Test
    void aBadPortEnvironmentVariableIsReportedAsTheVariableNotAsTheFlag() {
        SwitchboardCommand.Result r = SwitchboardCommand.run(
                Map.of("PORT", "abc"),
                List.of("--host", "127.0.0.1", "--data-dir", tmp.resolve("data").toString()));

        assertFailedWithOneLine(r, "PORT=abc");
        assertThat(r.stderrLines().get(0))
                .isEqualTo("switchboard: PORT=abc: invalid port: 'abc' is not an int")
                .doesNotContain("--port");
    }

    @Test
    void aCommaListOfAllowedOriginsFromTheEnvironmentIsCheckedEntryByEntry() {
        SwitchboardCommand.Result r = SwitchboardCommand.run(
                Map.of("SWITCHBOARD_ALLOWED_ORIGINS", "https://a.example, https://b.example:8443/chat"),
                List.of("--host", "127.0.0.1", "--data-dir", tmp.resolve("data").toString()));

        assertFailedWithOneLine(r, "SWITCHBOARD_ALLOWED_ORIGINS");
        assertThat(r.stderrLines().get(0)).contains("got https://b.example:8443/chat");
    }

    @Test
    void aPortInUseIsNamedWithoutAStackTrace() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());

            SwitchboardCommand.Result r = run(Map.of(), List.of("--port", port));

            assertFailedWithOneLine(r, "--port " + port);
            assertThat(r.stderrLines().get(0)).contains("in use");
        }
    }

    @Test
    void aDataDirThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");

        SwitchboardCommand.Result r = SwitchboardCommand.run(
                Map.of(), List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", file.toString()));

        assertFailedWithOneLine(r, "--data-dir");
        assertThat(r.stderrLines().get(0)).contains(file.toString()).contains("not a folder");
    }

    @Test
    void aPostgresqlDatabaseThatCannotBeReachedIsNamedWithoutItsPassword() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }

        SwitchboardCommand.Result r =
                run(Map.of(), List.of("--database", "postgresql://chat:s3cret@127.0.0.1:" + closedPort + "/chat"));

        assertFailedWithOneLine(r, "--database");
        assertThat(r.stderrLines().get(0))
                .contains("127.0.0.1:" + closedPort)
                .contains("cannot connect")
                .doesNotContain("s3cret");
    }

    @Test
    void aSecondServerOnTheSameDataDirIsRefusedAndTheFirstKeepsServing() {
        Path dataDir = tmp.resolve("shared");
        try (ServerProcess first = ServerProcess.start(dataDir)) {
            SwitchboardCommand.Result second = SwitchboardCommand.run(
                    Map.of(), List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()));

            assertFailedWithOneLine(second, "--data-dir " + dataDir);
            assertThat(second.stderrLines().get(0)).contains("in use").contains("pid " + first.pid());
            assertThat(first.isAlive()).isTrue();
            try (WsClient client = WsClient.connect(first.ws("/ws"))) {
                client.awaitType("welcome");
            }
        }
    }

    @Test
    void aLockFileLeftByAKilledServerDoesNotBlockARestart() {
        Path dataDir = tmp.resolve("crashed");
        ServerProcess killed = ServerProcess.start(dataDir);
        killed.kill9();
        killed.close();
        assertThat(dataDir.resolve(DataDirLock.FILE_NAME))
                .as("the lock file the killed server left")
                .exists();

        try (ServerProcess restarted = ServerProcess.start(dataDir);
                WsClient client = WsClient.connect(restarted.ws("/ws"))) {
            client.awaitType("welcome");
        }
    }

    @Test
    void theOldTransportFlagStillWorksWithOneDeprecationWarning() {
        try (ServerProcess server = ServerProcess.start(tmp.resolve("old"), "--transport", "epoll");
                WsClient client = WsClient.connect(server.ws("/ws"))) {
            client.awaitType("welcome");
            List<String> log = server.logTail().lines().toList();
            assertThat(log)
                    .filteredOn(l -> l.contains("deprecated"))
                    .singleElement()
                    .asString()
                    .contains("--transport")
                    .contains("--io epoll");
            assertThat(log).anyMatch(l -> l.contains("I/O: epoll"));
        }
    }

    @Test
    void theIoFlagChoosesTheBackend() {
        try (ServerProcess server = ServerProcess.start(tmp.resolve("new"), "--io", "epoll");
                WsClient client = WsClient.connect(server.ws("/ws"))) {
            client.awaitType("welcome");
            List<String> log = server.logTail().lines().toList();
            assertThat(log).anyMatch(l -> l.contains("I/O: epoll"));
            assertThat(log).noneMatch(l -> l.contains("deprecated"));
        }
    }

    /** {@code args} after {@code --host 127.0.0.1 --port 0 --data-dir <tmp>/data}; a later flag overrides. */
    private SwitchboardCommand.Result run(Map<String, String> env, List<String> args) {
        return SwitchboardCommand.run(env, withDefaults(args));
    }

    private List<String> withDefaults(List<String> args) {
        List<String> all =
                new ArrayList<>(List.of("--data-dir", tmp.resolve("data").toString()));
        if (!args.contains("--host")) {
            all.addAll(List.of("--host", "127.0.0.1"));
        }
        if (!args.contains("--port")) {
            all.addAll(List.of("--port", "0"));
        }
        all.addAll(args);
        return all;
    }

    private static void assertFailedWithOneLine(SwitchboardCommand.Result r, String names) {
        String shown = "stdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr();
        assertThat(r.exitCode()).as("exit code; " + shown).isEqualTo(2);
        assertThat(r.stderrLines()).as("stderr, one line; " + shown).hasSize(1);
        assertThat(r.stderrLines().get(0)).startsWith("switchboard: ").contains(names);
        assertThat(r.stderr()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.stdout()).as("never announced a port").doesNotContain("listening");
    }
}
