package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigPrinterTest {
    @TempDir
    Path tmp;

    private static List<String> print(Map<String, String> env, ConfigFile file, String... args) {
        CommandLine cmd = new CommandLine(new Main());
        ConfigSources sources = new ConfigSources(cmd.getCommandSpec(), List.of(args), env, file);
        cmd.setDefaultValueProvider(sources);
        cmd.parseArgs(args);
        return ConfigPrinter.lines(cmd.getCommandSpec(), cmd.getParseResult(), sources);
    }

    @Test
    void everyKeyIsShownWithItsValueAndWhereItCameFrom() {
        List<String> lines = print(
                Map.of("SWITCHBOARD_MAX_FRAME_BYTES", "2000"),
                ConfigFile.of("sb.yaml", Map.of("rate-burst", "7", "socketio-cors-origin", "https://a.example,*")),
                "--port",
                "0");

        assertThat(lines)
                .anyMatch(l -> l.matches("port: 0 +# flag"))
                .anyMatch(l -> l.matches("max-frame-bytes: 2000 +# env SWITCHBOARD_MAX_FRAME_BYTES"))
                .anyMatch(l -> l.matches("rate-burst: 7 +# file sb.yaml"))
                .anyMatch(l -> l.matches("socketio-cors-origin: \\[https://a.example, '\\*'] +# file sb.yaml"))
                .anyMatch(l -> l.matches("host: 0.0.0.0 +# default"))
                .anyMatch(l -> l.matches("io-threads: ~ +# default"))
                .noneMatch(l -> l.startsWith("print-config") || l.startsWith("help") || l.startsWith("transport"));
    }

    @Test
    void aDatabasePasswordIsMasked() {
        assertThat(print(Map.of("SWITCHBOARD_DATABASE", "postgresql://chat:s3cret@db:5432/chat"), null))
                .anyMatch(l ->
                        l.matches("database: postgresql://chat:\\*\\*\\*@db:5432/chat +# env SWITCHBOARD_DATABASE"))
                .noneMatch(l -> l.contains("s3cret"));
    }

    @Test
    void theOutputReadsBackAsTheSameConfiguration() throws IOException {
        List<String> first = print(Map.of(), null, "--max-frame-bytes", "4096", "--socketio-cors-origin", "*");
        Path file = tmp.resolve("printed.yaml");
        Files.writeString(
                file,
                String.join("\n", first.stream().filter(l -> !l.contains(": ~")).toList()));

        List<String> again = print(Map.of(), ConfigFile.read(file));

        assertThat(again.stream().map(l -> l.replaceAll(" +#.*", "")).toList())
                .isEqualTo(first.stream().map(l -> l.replaceAll(" +#.*", "")).toList());
    }
}
