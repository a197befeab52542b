package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens as nimbus-jose-jwt verifies them for the server: each way a token can be wrong has its own code. */
class AuthenticatorTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Authenticator hs256 = authenticator(Tokens.settings(Duration.ofSeconds(25)));

    private static Authenticator authenticator(AuthSettings settings) {
        try {
            return Authenticator.of(settings);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private AuthFailure refusal(Authenticator a, String token) {
        try {
            a.verify(token);
        } catch (AuthException e) {
            return e.failure();
        }
        throw new AssertionError("the token was accepted");
    }

    @Test
    void aValidTokenGivesItsSubjectNameExpiryAndRooms() throws Exception {
        Instant exp = Instant.now().plusSeconds(600);
        String token = Tokens.sign(
                new TokenMinter.Claims("alice", "Alice", List.of("general", "team-*"), null, exp, null, null));
        Identity id = hs256.verify(token);
        assertThat(id.subject()).isEqualTo("alice");
        assertThat(id.name()).isEqualTo("Alice");
        assertThat(id.expiresAt().getEpochSecond()).isEqualTo(exp.getEpochSecond());
        assertThat(id.mayUse("general")).isTrue();
        assertThat(id.mayUse("team-red")).isTrue();
        assertThat(id.mayUse("generalx")).isFalse();
        assertThat(id.mayUse("random")).isFalse();
    }

    @Test
    void aTokenWithoutRoomsMayUseEveryRoom() throws Exception {
        assertThat(hs256.verify(Tokens.valid("bob", Duration.ofMinutes(5))).mayUse("anything"))
                .isTrue();
    }

    @Test
    void aMissingTokenIsTokenMissing() {
        assertThat(refusal(hs256, null)).isEqualTo(AuthFailure.MISSING);
        assertThat(refusal(hs256, "")).isEqualTo(AuthFailure.MISSING);
    }

    @Test
    void aTokenSignedWithAnotherSecretIsInvalid() {
        String forged = Tokens.sign(
                "another-secret-of-at-least-32-bytes-long!",
                Tokens.claims("alice", Instant.now().plusSeconds(600)));
        assertThat(refusal(hs256, forged)).isEqualTo(AuthFailure.INVALID);
    }

    @Test
    void anUnsignedAlgNoneTokenIsInvalid() {
        String header = B64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String payload = B64.encodeToString(
                ("{\"sub\":\"alice\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(hs256, header + "." + payload + ".")).isEqualTo(AuthFailure.INVALID);
    }

    @Test
    void aTamperedPayloadNoLongerVerifies() {
        String[] parts = Tokens.valid("alice", Duration.ofMinutes(5)).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"alice\"", "\"admin\"");
        String tampered =
                parts[0] + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(refusal(hs256, tampered)).isEqualTo(AuthFailure.INVALID);
    }

    @Test
    void garbageIsMalformed() {
        assertThat(refusal(hs256, "not-a-jwt")).isEqualTo(AuthFailure.MALFORMED);
    }

    @Test
    void anExpiredTokenIsTokenExpired() {
        assertThat(refusal(
                        hs256, Tokens.sign(Tokens.claims("alice", Instant.now().minusSeconds(5)))))
                .isEqualTo(AuthFailure.EXPIRED);
    }

    @Test
    void aTokenBeforeItsNotBeforeIsNotYetValid() {
        String early = Tokens.sign(new TokenMinter.Claims(
                "alice",
                null,
                null,
                Instant.now().plusSeconds(300),
                Instant.now().plusSeconds(600),
                null,
                null));
        assertThat(refusal(hs256, early)).isEqualTo(AuthFailure.NOT_YET_VALID);
    }

    @Test
    void aTokenWithoutExpiryOrSubjectLacksClaims() {
        assertThat(refusal(hs256, Tokens.sign(new TokenMinter.Claims("alice", null, null, null, null, null, null))))
                .isEqualTo(AuthFailure.CLAIMS);
        assertThat(refusal(
                        hs256,
                        Tokens.sign(new TokenMinter.Claims(
                                null, null, null, null, Instant.now().plusSeconds(60), null, null))))
                .isEqualTo(AuthFailure.CLAIMS);
    }

    @Test
    void issuerAndAudienceAreCheckedWhenSet() throws Exception {
        Authenticator strict = authenticator(new AuthSettings(
                Tokens.SECRET, null, null, "https://issuer.example", "switchboard", Duration.ofSeconds(25)));
        Instant exp = Instant.now().plusSeconds(600);
        String right = Tokens.sign(
                new TokenMinter.Claims("alice", null, null, null, exp, "https://issuer.example", "switchboard"));
        assertThat(strict.verify(right).subject()).isEqualTo("alice");
        String wrongIssuer = Tokens.sign(
                new TokenMinter.Claims("alice", null, null, null, exp, "https://evil.example", "switchboard"));
        assertThat(refusal(strict, wrongIssuer)).isEqualTo(AuthFailure.WRONG_ISSUER);
        String wrongAudience = Tokens.sign(
                new TokenMinter.Claims("alice", null, null, null, exp, "https://issuer.example", "another-app"));
        assertThat(refusal(strict, wrongAudience)).isEqualTo(AuthFailure.WRONG_AUDIENCE);
        String noAudience =
                Tokens.sign(new TokenMinter.Claims("alice", null, null, null, exp, "https://issuer.example", null));
        assertThat(refusal(strict, noAudience)).isEqualTo(AuthFailure.WRONG_AUDIENCE);
    }

    @Test
    void rs256AndEs256TokensVerifyAgainstAPemPublicKey(@TempDir Path dir) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        for (KeyPair pair : List.of(rsa.generateKeyPair(), ec.generateKeyPair())) {
            Path pem = dir.resolve(pair.getPublic().getAlgorithm() + ".pem");
            Files.writeString(pem, PemKeys.pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Authenticator a = authenticator(new AuthSettings(null, pem, null, null, null, Duration.ofSeconds(25)));
            String token = TokenMinter.withPrivateKey(
                            PemKeys.privateKey(
                                    PemKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded())),
                            null)
                    .mint(Tokens.claims("carol", Instant.now().plusSeconds(600)));
            assertThat(a.verify(token).subject()).isEqualTo("carol");
            // an HS256 token made with the public key as its secret (the classic key confusion) is refused
            assertThat(refusal(a, Tokens.valid("carol", Duration.ofMinutes(5)))).isEqualTo(AuthFailure.INVALID);
        }
    }

    @Test
    void aSecretShorterThan32BytesIsRefused() {
        assertThatThrownBy(() -> new AuthSettings("short", null, null, null, null, Duration.ofSeconds(25)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--auth-secret must be at least 32 bytes");
    }
}
