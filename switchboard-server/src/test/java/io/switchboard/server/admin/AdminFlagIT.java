package io.switchboard.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --admin-token} on the real command line: refused when too short, and it turns the dashboard on. */
class AdminFlagIT {
    private static final String TOKEN = "process-admin-token";

    @TempDir
    Path tmp;

    @Test
    void aTooShortTokenStopsTheServerNamingTheFlagButNotTheToken() throws Exception {
        // the class path rather than SwitchboardCommand's jar, which that helper looks for beside the
        // switchboard-testing classes and so misses in a build of this module alone
        Path stderr = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.switchboard.server.Main",
                        "--port",
                        "0",
                        "--data-dir",
                        tmp.resolve("data").toString(),
                        "--admin-token",
                        "guessable")
                .redirectOutput(tmp.resolve("stdout.txt").toFile())
                .redirectError(stderr.toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();

        List<String> lines = Files.readAllLines(stderr);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isEqualTo(2);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("switchboard: ").contains("--admin-token");
        assertThat(lines.get(0)).doesNotContain("guessable");
        assertThat(Files.readString(tmp.resolve("stdout.txt"))).doesNotContain("listening");
    }

    @Test
    void theFlagTurnsOnThePageAndTheStreamForTheBearerOfTheToken() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ServerProcess server = ServerProcess.start(tmp, "--admin-token", TOKEN)) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/admin/"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Admin token");

            HttpResponse<InputStream> stream = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/admin/api/stream"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            try (BufferedReader events =
                    new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                assertThat(events.readLine()).isEqualTo("event: history");
            }
            // the log's first line is the test's own record of the command line
            assertThat(server.logTail().lines().filter(l -> !l.startsWith("# pid")))
                    .as("the token is not logged")
                    .noneMatch(l -> l.contains(TOKEN));
        }
    }
}
