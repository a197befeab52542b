package io.switchboard.server;

import java.nio.file.Path;

/**
 * {@code --tls-cert}, {@code --tls-key} and {@code --tls-self-signed}: whether the port speaks TLS and
 * with which certificate. Immutable; {@link ServerTls} turns it into an {@code SslContext} at start.
 *
 * @param certificate a PEM file of the certificate chain, leaf first; null without TLS or when self-signed
 * @param privateKey  a PEM file of the certificate's private key (PKCS#8 or PKCS#1/SEC 1); null likewise
 * @param selfSigned  generate a key pair and a certificate for this run (development only)
 */
public record TlsSettings(Path certificate, Path privateKey, boolean selfSigned) {
    /** Plain HTTP and WebSocket (the default). */
    public static final TlsSettings OFF = new TlsSettings(null, null, false);

    /** A certificate and key from PEM files. */
    public static TlsSettings files(Path certificate, Path privateKey) {
        return new TlsSettings(certificate, privateKey, false);
    }

    /** A certificate generated at start for {@code localhost}, the loopback addresses and {@code --host}. */
    public static TlsSettings generated() {
        return new TlsSettings(null, null, true);
    }

    public boolean enabled() {
        return selfSigned || certificate != null || privateKey != null;
    }
}
