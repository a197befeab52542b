package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --access-log} and {@code --log-format json} of a server process, read from its log. */
class LogOutputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "s3cr3t-value";

    @TempDir
    Path dataDir;

    @Test
    void accessLogHasOneLinePerRequestWithoutTheToken() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir, "--database", "memory", "--access-log")) {
            HttpResponse<String> res = get(server, "/healthz?verbose=1&token=" + SECRET);
            assertThat(res.statusCode()).isEqualTo(200);

            String line = awaitLine(server, l -> l.contains("GET /healthz"));
            assertThat(line)
                    .contains("127.0.0.1:")
                    .contains("GET /healthz?verbose=1&token=*** 200 ")
                    .containsPattern(" \\d+B \\d+ms$");
            server.terminate(Duration.ofSeconds(30));
            assertThat(Files.readString(server.log(), StandardCharsets.UTF_8)).doesNotContain(SECRET);
        }
    }

    @Test
    void jsonLogFormatWritesOneJsonObjectPerLine() throws Exception {
        try (ServerProcess server =
                ServerProcess.start(dataDir, "--database", "memory", "--access-log", "--log-format", "json")) {
            get(server, "/healthz?token=" + SECRET);
            awaitLine(server, l -> l.contains("switchboard.access"));
            server.terminate(Duration.ofSeconds(30));

            List<String> lines = Files.readAllLines(server.log(), StandardCharsets.UTF_8);
            int logLines = 0;
            JsonNode access = null;
            for (String line : lines) {
                // the log file's header and the listening line on stdout are not log lines
                if (line.startsWith("# pid ") || line.startsWith("Switchboard listening on ")) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                assertThat(node.path("level").asText()).as(line).isNotEmpty();
                assertThat(node.has("formattedMessage")).as(line).isTrue();
                logLines++;
                if (node.path("loggerName").asText().equals("switchboard.access")) {
                    access = node;
                }
            }
            assertThat(logLines).as("log lines in " + server.log()).isGreaterThan(1);
            assertThat(access).isNotNull();
            assertThat(access.path("formattedMessage").asText()).contains("GET /healthz?token=*** 200");
            assertThat(access.toString()).contains("\"path\"").contains("\"status\"");
            assertThat(String.join("\n", lines)).doesNotContain(SECRET);
        }
    }

    private static HttpResponse<String> get(ServerProcess server, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static String awaitLine(ServerProcess server, Predicate<String> match) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            for (String line : Files.readAllLines(server.log(), StandardCharsets.UTF_8)) {
                if (match.test(line)) {
                    return line;
                }
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no matching line in " + server.log() + ":\n" + server.logTail());
    }
}
