package io.switchboard.auth;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads keys from PEM text with the JDK alone: a public key ({@code BEGIN PUBLIC KEY}, an X.509
 * SubjectPublicKeyInfo) or a certificate's, and a PKCS#8 private key ({@code BEGIN PRIVATE KEY},
 * what {@code openssl genpkey} writes), RSA or EC. Only the key encoding is read here; everything
 * JOSE is nimbus-jose-jwt's.
 *
 * <p>Stateless; thread-safe.
 */
public final class PemKeys {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemKeys() {}

    public static PublicKey publicKey(String pem) throws GeneralSecurityException {
        Matcher m = block(pem);
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        return switch (m.group(1)) {
            case "PUBLIC KEY" -> {
                X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
                try {
                    yield KeyFactory.getInstance("RSA").generatePublic(spec);
                } catch (GeneralSecurityException notRsa) {
                    yield KeyFactory.getInstance("EC").generatePublic(spec);
                }
            }
            case "CERTIFICATE" ->
                CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der))
                        .getPublicKey();
            default ->
                throw new GeneralSecurityException("expected a PEM PUBLIC KEY or CERTIFICATE block, got " + m.group(1));
        };
    }

    public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        Matcher m = block(pem);
        if (!m.group(1).equals("PRIVATE KEY")) {
            throw new GeneralSecurityException(
                    "expected a PKCS#8 PEM PRIVATE KEY block (openssl pkcs8 -topk8 converts), got " + m.group(1));
        }
        PKCS8EncodedKeySpec spec =
                new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(2)));
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    /** {@code key} as a PEM block of {@code type} (for tests and the token subcommand's help). */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static Matcher block(String pem) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(pem);
        if (!m.find()) {
            throw new GeneralSecurityException("no PEM block found");
        }
        return m;
    }
}
