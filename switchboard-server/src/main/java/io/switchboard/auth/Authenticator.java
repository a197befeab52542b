package io.switchboard.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a JWT with nimbus-jose-jwt and turns its claims into an {@link Identity}: the signature
 * against the configured key (HS256 secret, RS256/ES256 public key, or a JWKS URL's keys, fetched
 * and cached by nimbus), then {@code exp} (required), {@code nbf}, {@code sub} (required), and
 * {@code iss}/{@code aud} when set. No clock skew is allowed: a token is valid while the server's
 * clock is before its {@code exp}; a connection's grace after that is {@link #grace()}.
 *
 * <p>Thread-safe (nimbus's processor is). With a JWKS URL, a token whose {@code kid} is unknown
 * makes nimbus fetch the set again, on the calling thread (an event loop), at most twice per
 * 30 s and within 2 s timeouts; keys are cached for 5 minutes and refreshed ahead of expiry.
 */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    /** Authentication off: every request passes, no identity. */
    public static final Authenticator OFF = new Authenticator(null, AuthSettings.OFF);

    private static final int JWKS_TIMEOUT_MILLIS = 2000;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;
    private static final int MAX_SUBJECT_LENGTH = 32;
    private static final int MAX_NAME_LENGTH = 64;

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final AuthSettings settings;

    private Authenticator(DefaultJWTProcessor<SecurityContext> processor, AuthSettings settings) {
        this.processor = processor;
        this.settings = settings;
    }

    /** The verifier the settings describe; reads the public key file now, so a bad one stops the start. */
    public static Authenticator of(AuthSettings settings) throws IOException, GeneralSecurityException {
        if (!settings.enabled()) {
            return OFF;
        }
        JWKSource<SecurityContext> keys;
        Set<JWSAlgorithm> algorithms;
        if (settings.secret() != null) {
            keys = new ImmutableSecret<>(settings.secret().getBytes(StandardCharsets.UTF_8));
            algorithms = Set.of(JWSAlgorithm.HS256);
        } else if (settings.publicKey() != null) {
            JWK jwk = jwk(PemKeys.publicKey(Files.readString(settings.publicKey())));
            keys = new ImmutableJWKSet<>(new JWKSet(jwk));
            algorithms = Set.of(jwk instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256);
        } else {
            keys = JWKSourceBuilder.<SecurityContext>create(
                            jwksUrl(settings),
                            new DefaultResourceRetriever(JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT))
                    .retrying(true)
                    .build();
            algorithms = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        processor.setJWTClaimsSetVerifier(new ClaimsVerifier(settings.issuer(), settings.audience()));
        return new Authenticator(processor, settings);
    }

    private static URL jwksUrl(AuthSettings settings) throws IOException {
        try {
            return settings.jwksUrl().toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IOException("--auth-jwks-url " + settings.jwksUrl() + ": " + e.getMessage(), e);
        }
    }

    private static JWK jwk(PublicKey key) throws GeneralSecurityException {
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec && Curve.forECParameterSpec(ec.getParams()) == Curve.P_256) {
            return new ECKey.Builder(Curve.P_256, ec).build();
        }
        throw new GeneralSecurityException("the public key must be RSA (RS256) or EC P-256 (ES256)");
    }

    public boolean enabled() {
        return processor != null;
    }

    /** How long a connection stays open after its token's {@code exp} without a refresh. */
    public Duration grace() {
        return settings.grace();
    }

    /** The identity the token proves, or why it proves none. */
    public Identity verify(String token) throws AuthException {
        if (token == null || token.isEmpty()) {
            throw new AuthException(AuthFailure.MISSING);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new AuthException(AuthFailure.MALFORMED);
        } catch (Refused e) {
            throw new AuthException(e.failure);
        } catch (BadJWSException e) {
            throw new AuthException(AuthFailure.INVALID, "the token's signature does not verify");
        } catch (BadJOSEException e) {
            // alg none, an algorithm other than the key's, or no key with the token's kid
            throw new AuthException(AuthFailure.INVALID, AuthFailure.INVALID.message() + ": " + e.getMessage());
        } catch (JOSEException e) {
            // e.g. the JWKS URL could not be read: the client is not at fault, but cannot be let in
            log.warn("could not verify a token: {}", e.toString());
            throw new AuthException(AuthFailure.INVALID, "the token could not be verified now; retry");
        }
        return identity(claims);
    }

    private static Identity identity(JWTClaimsSet claims) throws AuthException {
        String subject = claims.getSubject();
        if (!printable(subject, MAX_SUBJECT_LENGTH)) {
            throw new AuthException(
                    AuthFailure.CLAIMS,
                    "sub must be 1-" + MAX_SUBJECT_LENGTH + " characters without control characters");
        }
        String name;
        try {
            name = claims.getStringClaim("name");
        } catch (ParseException e) {
            throw new AuthException(AuthFailure.CLAIMS, "name must be a string");
        }
        return new Identity(
                subject,
                printable(name, MAX_NAME_LENGTH) ? name : subject,
                claims.getExpirationTime().toInstant(),
                rooms(claims.getClaim("rooms")));
    }

    /** A list of names and patterns, or one comma-separated string of them; absent: every room. */
    private static RoomGrant rooms(Object claim) throws AuthException {
        if (claim == null) {
            return RoomGrant.ANY;
        }
        List<String> patterns = new ArrayList<>();
        if (claim instanceof String s) {
            for (String p : s.split(",")) {
                if (!p.isBlank()) {
                    patterns.add(p.strip());
                }
            }
        } else if (claim instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s) || s.isBlank()) {
                    throw new AuthException(
                            AuthFailure.CLAIMS, "rooms must be a list of room names or prefix* patterns");
                }
                patterns.add(s.strip());
            }
        } else {
            throw new AuthException(AuthFailure.CLAIMS, "rooms must be a list of room names or prefix* patterns");
        }
        return new RoomGrant(patterns);
    }

    private static boolean printable(String s, int maxLength) {
        if (s == null || s.isBlank() || s.length() > maxLength) {
            return false;
        }
        return s.chars().noneMatch(Character::isISOControl);
    }

    /** A claims check that failed, with the reason a client is told. */
    private static final class Refused extends BadJWTException {
        final AuthFailure failure;

        Refused(AuthFailure failure) {
            super(failure.message());
            this.failure = failure;
        }
    }

    /**
     * nimbus's claims checks (required {@code sub} and {@code exp}, the time window, exact
     * {@code iss}, {@code aud}), with its failure named: nimbus says only that it failed, the
     * client is told which rule, looked up in the claims after nimbus refused them.
     */
    private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
        private final String issuer;
        private final String audience;

        ClaimsVerifier(String issuer, String audience) {
            super(
                    audience == null ? null : Set.of(audience),
                    issuer == null
                            ? null
                            : new JWTClaimsSet.Builder().issuer(issuer).build(),
                    new HashSet<>(List.of("sub", "exp")),
                    null);
            this.issuer = issuer;
            this.audience = audience;
            setMaxClockSkew(0);
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            try {
                super.verify(claims, context);
            } catch (BadJWTException e) {
                throw new Refused(classify(claims));
            }
        }

        private AuthFailure classify(JWTClaimsSet claims) {
            Date now = currentTime();
            Date exp = claims.getExpirationTime();
            Date nbf = claims.getNotBeforeTime();
            if (exp == null || claims.getSubject() == null) {
                return AuthFailure.CLAIMS;
            }
            if (!now.before(exp)) {
                return AuthFailure.EXPIRED;
            }
            if (nbf != null && now.before(nbf)) {
                return AuthFailure.NOT_YET_VALID;
            }
            if (issuer != null && !issuer.equals(claims.getIssuer())) {
                return AuthFailure.WRONG_ISSUER;
            }
            if (audience != null
                    && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
                return AuthFailure.WRONG_AUDIENCE;
            }
            return AuthFailure.CLAIMS;
        }
    }
}
