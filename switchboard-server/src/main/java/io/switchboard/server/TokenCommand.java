package io.switchboard.server;

import com.nimbusds.jose.JOSEException;
import io.switchboard.auth.AuthSettings;
import io.switchboard.auth.PemKeys;
import io.switchboard.auth.TokenMinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard token --sub alice [--name Alice] [--rooms 'general,team-*'] [--ttl 1h]}: prints
 * a signed token for tests and demos, with the key the server reads ({@code --auth-secret} or
 * {@code SWITCHBOARD_AUTH_SECRET}, or {@code --auth-private-key} for RS256/ES256) and the
 * {@code --auth-issuer} and {@code --auth-audience} it checks.
 */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Print a signed JWT for the server's --auth-secret (HS256) or a private key (RS256/ES256).")
final class TokenCommand implements Callable<Integer> {
    private static final Pattern TTL = Pattern.compile("(\\d+)([dhms])");

    @Option(
            names = "--sub",
            required = true,
            paramLabel = "USER",
            description = "The user id (sub): every message " + "the holder sends is from it.")
    String subject;

    @Option(names = "--name", paramLabel = "NAME", description = "The display name (default: the sub).")
    String name;

    @Option(
            names = "--rooms",
            paramLabel = "ROOMS",
            description = "Comma-separated room names or prefix* patterns the holder may use (default: every room).")
    String rooms;

    @Option(
            names = "--ttl",
            defaultValue = "1h",
            paramLabel = "TTL",
            description = "How long the token is valid: a number and d, h, m or s (default ${DEFAULT-VALUE}).")
    String ttl;

    @Secret
    @Option(names = "--auth-secret", paramLabel = "SECRET", description = "The server's HS256 secret.")
    String authSecret;

    @Option(
            names = "--auth-private-key",
            paramLabel = "PEM",
            description = "A PKCS#8 PEM private key (RSA: RS256, EC P-256: ES256) instead of the secret.")
    Path authPrivateKey;

    @Option(names = "--key-id", paramLabel = "KID", description = "The kid header (for a JWKS), with a private key.")
    String keyId;

    @Option(names = "--auth-issuer", paramLabel = "ISS", description = "The iss claim (default: none).")
    String authIssuer;

    @Option(names = "--auth-audience", paramLabel = "AUD", description = "The aud claim (default: none).")
    String authAudience;

    @Override
    public Integer call() throws IOException {
        Duration lifetime = ttl(ttl);
        TokenMinter minter;
        try {
            if (authPrivateKey != null) {
                minter = TokenMinter.withPrivateKey(PemKeys.privateKey(Files.readString(authPrivateKey)), keyId);
            } else if (authSecret != null) {
                if (authSecret.getBytes(StandardCharsets.UTF_8).length < AuthSettings.MIN_SECRET_BYTES) {
                    throw new StartupException(
                            "--auth-secret must be at least " + AuthSettings.MIN_SECRET_BYTES + " bytes");
                }
                minter = TokenMinter.hs256(authSecret);
            } else {
                throw new StartupException(
                        "token needs --auth-secret (or SWITCHBOARD_AUTH_SECRET) or --auth-private-key");
            }
        } catch (GeneralSecurityException | JOSEException e) {
            throw new StartupException("--auth-private-key " + authPrivateKey + ": " + e.getMessage(), e);
        }
        List<String> granted = rooms == null
                ? null
                : Arrays.stream(rooms.split(","))
                        .map(String::strip)
                        .filter(r -> !r.isEmpty())
                        .toList();
        try {
            System.out.println(minter.mint(new TokenMinter.Claims(
                    subject, name, granted, null, Instant.now().plus(lifetime), authIssuer, authAudience)));
        } catch (JOSEException e) {
            throw new StartupException("could not sign the token: " + e.getMessage(), e);
        }
        return 0;
    }

    private static Duration ttl(String text) {
        Matcher m = TTL.matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new StartupException(
                    "--ttl must be a positive number followed by d, h, m or s, e.g. 1h, got " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
