package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.SwitchboardCommand;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar configured from a file ({@code --config}, YAML or properties) and the environment
 * ({@code SWITCHBOARD_*}): flags win over the environment, which wins over the file; a key or a
 * variable that names no flag, and a bad value, end it with exit code 2 and one line naming the
 * source; {@code --print-config} shows every setting and its source with the password masked.
 * The precedence and the refusals run {@link Main} in this JVM ({@link InProcessCommand}); a
 * running server, an unknown variable and {@code --print-config} also run the jar.
 */
class ConfigurationIT {
    @TempDir
    Path tmp;

    @Test
    void theSameKeyFromAFlagWinsOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("switchboard.yaml"), "max-frame-bytes: 1000\n");
        Map<String, String> env = Map.of("SWITCHBOARD_MAX_FRAME_BYTES", "2000");

        assertThat(printConfig(env, "--config", file.toString(), "--max-frame-bytes", "3000"))
                .anyMatch(l -> l.matches("max-frame-bytes: 3000 +# flag"));
        assertThat(printConfig(env, "--config", file.toString()))
                .anyMatch(l -> l.matches("max-frame-bytes: 2000 +# env SWITCHBOARD_MAX_FRAME_BYTES"));
        assertThat(printConfig(Map.of(), "--config", file.toString()))
                .anyMatch(l -> l.matches("max-frame-bytes: 1000 +# file " + file));
        assertThat(printConfig(Map.of("SWITCHBOARD_CONFIG", file.toString())))
                .anyMatch(l -> l.matches("max-frame-bytes: 1000 +# file " + file))
                .anyMatch(l -> l.matches("config: .* +# env SWITCHBOARD_CONFIG"));
    }

    @Test
    void aPropertiesFileGivesARepeatableFlagItsCommaList() throws IOException {
        Path file = Files.writeString(
                tmp.resolve("switchboard.properties"),
                "rate-burst=7\nsocketio-cors-origin=https://a.example, https://b.example\n");

        assertThat(printConfig(Map.of(), "--config", file.toString()))
                .anyMatch(l -> l.matches("rate-burst: 7 +# file .*switchboard.properties"))
                .anyMatch(l -> l.matches("socketio-cors-origin: \\[https://a.example, https://b.example] +# file .*"));
    }

    @Test
    void aYamlFileConfiguresARunningServer() throws IOException {
        Path file = Files.writeString(
                tmp.resolve("switchboard.yaml"), "enable-echo: true\nsocketio-cors-origin: [https://a.example]\n");

        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), "--config", file.toString());
                WsClient echo = WsClient.connect(server.ws("/echo"))) {
            echo.send("configured by a file");

            assertThat(echo.next()).isEqualTo("configured by a file");
        }
    }

    @Test
    void anUnknownKeyInTheFileIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("switchboard.yaml"), "port: 0\nmax-frame-byte: 1000\n");

        SwitchboardCommand.Result r = run(Map.of(), "--config", file.toString());

        assertFailedWithOneLine(r, file + ": unknown key max-frame-byte");
    }

    @Test
    void anUnknownSwitchboardVariableIsRefusedNamingIt() {
        SwitchboardCommand.Result r = SwitchboardCommand.run(Map.of("SWITCHBOARD_MAX_FRAMES", "1000"), withDefaults());

        assertFailedWithOneLine(r, "SWITCHBOARD_MAX_FRAMES: unknown environment variable");
    }

    @Test
    void aBadValueFromTheFileIsRefusedNamingTheFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("switchboard.yaml"), "max-frame-bytes: 0\n");

        SwitchboardCommand.Result r = run(Map.of(), "--config", file.toString());

        assertFailedWithOneLine(r, file + ": max-frame-bytes must be between 125 and 16777216, got 0");
    }

    @Test
    void aBadValueFromTheEnvironmentIsRefusedNamingTheVariable() {
        assertFailedWithOneLine(
                run(Map.of("SWITCHBOARD_MAX_FRAME_BYTES", "0")),
                "SWITCHBOARD_MAX_FRAME_BYTES=0: max-frame-bytes must be between 125 and 16777216, got 0");
        assertFailedWithOneLine(
                run(Map.of("SWITCHBOARD_IO_THREADS", "many")),
                "SWITCHBOARD_IO_THREADS=many: invalid io-threads: 'many' is not an int");
    }

    @Test
    void printConfigShowsEveryKeyWithTheDatabasePasswordMaskedAndExitsZero() {
        SwitchboardCommand.Result r = SwitchboardCommand.run(
                Map.of("SWITCHBOARD_DATABASE", "postgresql://chat:s3cret@127.0.0.1:1/chat"),
                List.of("--print-config", "--port", "0"));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines())
                .anyMatch(l ->
                        l.matches("database: postgresql://chat:\\*\\*\\*@127.0.0.1:1/chat +# env SWITCHBOARD_DATABASE"))
                .anyMatch(l -> l.matches("port: 0 +# flag"))
                .anyMatch(l -> l.matches("host: 0.0.0.0 +# default"))
                .anyMatch(l -> l.startsWith("history-per-room: "))
                .noneMatch(l -> l.contains("listening"));
        assertThat(r.stdout() + r.stderr()).doesNotContain("s3cret");
    }

    @Test
    void printConfigRefusesABadValueAsAStartWould() throws IOException {
        Path file = Files.writeString(tmp.resolve("switchboard.yaml"), "retention-max-age: 30 days\n");

        SwitchboardCommand.Result r = run(Map.of(), "--config", file.toString(), "--print-config");

        assertFailedWithOneLine(r, file + ": retention-max-age must be 0 or a number followed by d, h, m or s");
    }

    private static List<String> printConfig(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--print-config");
        SwitchboardCommand.Result r = InProcessCommand.run(env, all);
        assertThat(r.exitCode()).as("exit code; stderr:\n" + r.stderr()).isZero();
        return r.stdout().lines().toList();
    }

    /** {@link Main} in this JVM with {@code args} after {@code --host 127.0.0.1 --data-dir <tmp>/data}. */
    private SwitchboardCommand.Result run(Map<String, String> env, String... args) {
        return InProcessCommand.run(env, withDefaults(args));
    }

    private List<String> withDefaults(String... args) {
        List<String> all = new ArrayList<>(
                List.of("--host", "127.0.0.1", "--data-dir", tmp.resolve("data").toString()));
        all.addAll(List.of(args));
        if (!all.contains("--port")) {
            all.addAll(List.of("--port", "0"));
        }
        return all;
    }

    private static void assertFailedWithOneLine(SwitchboardCommand.Result r, String line) {
        String shown = "stdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr();
        assertThat(r.exitCode()).as("exit code; " + shown).isEqualTo(2);
        assertThat(r.stderrLines()).as("stderr, one line; " + shown).hasSize(1);
        assertThat(r.stderrLines().get(0)).startsWith("switchboard: " + line);
        assertThat(r.stdout()).as("never announced a port").doesNotContain("listening");
    }
}
