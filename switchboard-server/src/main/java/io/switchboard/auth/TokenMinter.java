package io.switchboard.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Signs tokens with nimbus-jose-jwt for {@code switchboard token}, tests and demos: HS256 with the
 * shared secret, or RS256/ES256 with a private key.
 *
 * <p>Immutable; thread-safe.
 */
public final class TokenMinter {
    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final String keyId;

    private TokenMinter(JWSSigner signer, JWSAlgorithm algorithm, String keyId) {
        this.signer = signer;
        this.algorithm = algorithm;
        this.keyId = keyId;
    }

    public static TokenMinter hs256(String secret) throws JOSEException {
        return new TokenMinter(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, null);
    }

    /** RS256 for an RSA key, ES256 for an EC P-256 key; {@code keyId} (the JWKS {@code kid}) may be null. */
    public static TokenMinter withPrivateKey(PrivateKey key, String keyId) throws JOSEException {
        if (key instanceof ECPrivateKey ec) {
            return new TokenMinter(new ECDSASigner(ec), JWSAlgorithm.ES256, keyId);
        }
        return new TokenMinter(new RSASSASigner(key), JWSAlgorithm.RS256, keyId);
    }

    /** What goes into a token; null fields are left out. {@code rooms} null grants every room. */
    public record Claims(
            String subject,
            String name,
            List<String> rooms,
            Instant notBefore,
            Instant expiresAt,
            String issuer,
            String audience) {}

    public String mint(Claims c) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(c.subject())
                .issueTime(new Date())
                .expirationTime(c.expiresAt() == null ? null : Date.from(c.expiresAt()));
        if (c.name() != null) {
            claims.claim("name", c.name());
        }
        if (c.rooms() != null) {
            claims.claim("rooms", c.rooms());
        }
        if (c.notBefore() != null) {
            claims.notBeforeTime(Date.from(c.notBefore()));
        }
        if (c.issuer() != null) {
            claims.issuer(c.issuer());
        }
        if (c.audience() != null) {
            claims.audience(c.audience());
        }
        SignedJWT jwt =
                new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }
}
