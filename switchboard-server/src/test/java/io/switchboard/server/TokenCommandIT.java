package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Identity;
import io.switchboard.auth.Tokens;
import io.switchboard.testing.SwitchboardCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard token} mints a token the server's own verifier accepts, with the key flags
 * (or their environment variables) the server reads; the auth flags refuse bad values at start-up
 * with one line, and {@code --print-config} never shows the secret. The jar mints a token and
 * refuses a short secret; the other cases run {@link Main} in this JVM ({@link InProcessCommand}).
 */
class TokenCommandIT {
    @TempDir
    Path tmp;

    @Test
    void theTokenSubcommandPrintsATokenThatVerifies() throws Exception {
        SwitchboardCommand.Result r = SwitchboardCommand.run(
                Map.of(),
                List.of(
                        "token",
                        "--sub",
                        "alice",
                        "--name",
                        "Alice",
                        "--rooms",
                        "general,team-*",
                        "--ttl",
                        "1h",
                        "--auth-secret",
                        Tokens.SECRET));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Identity id = Authenticator.of(Tokens.settings(Duration.ofSeconds(25)))
                .verify(r.stdout().strip());
        assertThat(id.subject()).isEqualTo("alice");
        assertThat(id.name()).isEqualTo("Alice");
        assertThat(id.mayUse("team-blue")).isTrue();
        assertThat(id.mayUse("random")).isFalse();
        assertThat(id.expiresAt())
                .isBetween(Instant.now().plusSeconds(3000), Instant.now().plusSeconds(3700));
    }

    @Test
    void theSubcommandReadsTheSecretFromTheEnvironmentLikeTheServer() throws Exception {
        SwitchboardCommand.Result r = InProcessCommand.run(
                Map.of("SWITCHBOARD_AUTH_SECRET", Tokens.SECRET), List.of("token", "--sub", "bob"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Identity id = Authenticator.of(Tokens.settings(Duration.ofSeconds(25)))
                .verify(r.stdout().strip());
        assertThat(id.subject()).isEqualTo("bob");
        assertThat(id.mayUse("any-room")).isTrue();
    }

    @Test
    void aShortSecretStopsTheServerWithOneLine() {
        SwitchboardCommand.Result r = SwitchboardCommand.run(
                Map.of(),
                List.of(
                        "--data-dir",
                        tmp.resolve("d").toString(),
                        "--port",
                        "0",
                        "--host",
                        "127.0.0.1",
                        "--auth-secret",
                        "too-short"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderrLines().get(0)).startsWith("switchboard: --auth-secret must be at least 32 bytes");
        assertThat(r.stderr()).doesNotContain("too-short");
    }

    @Test
    void anUnreadablePublicKeyStopsTheServerWithOneLine() {
        SwitchboardCommand.Result r = InProcessCommand.run(
                Map.of(),
                List.of(
                        "--data-dir",
                        tmp.resolve("d").toString(),
                        "--port",
                        "0",
                        "--host",
                        "127.0.0.1",
                        "--auth-public-key",
                        tmp.resolve("missing.pem").toString()));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderrLines().get(0)).startsWith("switchboard: --auth-public-key");
    }

    @Test
    void printConfigMasksTheSecret() {
        SwitchboardCommand.Result r = InProcessCommand.run(
                Map.of("SWITCHBOARD_AUTH_SECRET", Tokens.SECRET), List.of("--print-config", "--auth-grace", "5"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).doesNotContain(Tokens.SECRET);
        assertThat(r.stdout().lines())
                .anyMatch(l -> l.matches("auth-secret: '\\*\\*\\*' +# env SWITCHBOARD_AUTH_SECRET"))
                .anyMatch(l -> l.matches("auth-grace: 5 +# flag"));
    }
}
