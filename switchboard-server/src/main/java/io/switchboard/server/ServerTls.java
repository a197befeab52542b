package io.switchboard.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS: an {@link SslContext} built once at start from {@link TlsSettings}, and a new
 * {@link SslHandler} for each connection. The PEM files are read and checked here (readable, a
 * certificate, a private key, the key belonging to the certificate), so a mistake stops the start
 * with one line naming the flag rather than failing every handshake later.
 *
 * <p>OpenSSL (BoringSSL from {@code netty-tcnative-boringssl-static}) is used where its native library
 * loads, the JDK's provider otherwise; the start-up log names the one in use. ALPN offers
 * {@code http/1.1} only: the server speaks no HTTP/2, and WebSocket rides on HTTP/1.1.
 *
 * <p>Immutable and thread-safe.
 */
final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private final SslContext context;
    private final long handshakeTimeoutMillis;

    private ServerTls(SslContext context, Duration handshakeTimeout) {
        this.context = context;
        this.handshakeTimeoutMillis = handshakeTimeout.toMillis();
    }

    /** The TLS of {@code settings}, or null for plain HTTP; a {@link StartupException} for unusable files. */
    static ServerTls of(TlsSettings settings, String host, Duration handshakeTimeout) {
        if (!settings.enabled()) {
            return null;
        }
        PrivateKey key;
        List<X509Certificate> chain;
        if (settings.selfSigned()) {
            if (settings.certificate() != null || settings.privateKey() != null) {
                throw new StartupException("--tls-self-signed cannot be combined with --tls-cert and --tls-key");
            }
            DevelopmentCertificate generated = DevelopmentCertificate.generate(host);
            key = generated.privateKey();
            chain = List.of(generated.certificate());
            log.warn(
                    "TLS with a self-signed certificate for development (--tls-self-signed), SHA-256 fingerprint {}",
                    generated.fingerprint());
        } else {
            if (settings.certificate() == null) {
                throw new StartupException("--tls-key needs --tls-cert (the certificate of that key)");
            }
            if (settings.privateKey() == null) {
                throw new StartupException("--tls-cert needs --tls-key (the certificate's private key)");
            }
            chain = certificates(settings.certificate());
            key = privateKey(settings.privateKey());
            requireMatch(key, chain.get(0), settings);
            log.info(
                    "TLS certificate {} ({}), SHA-256 fingerprint {}",
                    settings.certificate(),
                    chain.get(0).getSubjectX500Principal().getName(),
                    DevelopmentCertificate.fingerprint(chain.get(0)));
        }
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        try {
            SslContext context = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                    .sslProvider(provider)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(
                            ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_1_1))
                    .build();
            log.info(
                    "TLS provider: {}",
                    provider == SslProvider.OPENSSL
                            ? "OpenSSL (" + OpenSsl.versionString() + ")"
                            : "JDK (OpenSSL unavailable: " + OpenSsl.unavailabilityCause() + ")");
            return new ServerTls(context, handshakeTimeout);
        } catch (SSLException | IllegalArgumentException e) {
            throw new StartupException(
                    (settings.selfSigned() ? "--tls-self-signed" : "--tls-cert " + settings.certificate())
                            + ": cannot be used for TLS (" + e.getMessage() + ")",
                    e);
        }
    }

    /** A handler for a new connection, with the handshake bounded by {@code --handshake-timeout}. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = context.newHandler(alloc);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    /**
     * Ends a connection whose TLS failed (a plain-HTTP client on the TLS port, a handshake past the
     * timeout, a client that does not trust the certificate) with a debug line: the {@link SslHandler}
     * has already closed it, and a warning per stray client would flood the log. Sits right after the
     * {@code SslHandler}; other errors pass on.
     */
    @ChannelHandler.Sharable
    static final class FailedHandshakes extends ChannelInboundHandlerAdapter {
        static final FailedHandshakes INSTANCE = new FailedHandshakes();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof SSLException) {
                    log.debug("TLS failed with {}: {}", ctx.channel().remoteAddress(), t.toString());
                    ctx.close();
                    return;
                }
            }
            ctx.fireExceptionCaught(cause);
        }
    }

    private static List<X509Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
            if (chain.isEmpty()) {
                throw new StartupException("--tls-cert " + file + ": no PEM certificate in it");
            }
            return chain;
        } catch (NoSuchFileException e) {
            throw new StartupException("--tls-cert " + file + ": no such file", e);
        } catch (IOException e) {
            throw new StartupException("--tls-cert " + file + ": cannot read it (" + e.getMessage() + ")", e);
        } catch (CertificateException e) {
            throw new StartupException("--tls-cert " + file + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        try (Reader r = Files.newBufferedReader(file);
                PEMParser pem = new PEMParser(r)) {
            Object o = pem.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) { // PKCS#1 "RSA PRIVATE KEY" or SEC 1 "EC PRIVATE KEY"
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) { // PKCS#8 "PRIVATE KEY"
                return converter.getPrivateKey(info);
            }
            throw new StartupException("--tls-key " + file + ": no unencrypted PEM private key in it");
        } catch (NoSuchFileException e) {
            throw new StartupException("--tls-key " + file + ": no such file", e);
        } catch (IOException e) {
            throw new StartupException("--tls-key " + file + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    /** The key must sign what the certificate's public key verifies, or every handshake would fail. */
    private static void requireMatch(PrivateKey key, X509Certificate leaf, TlsSettings settings) {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    case "Ed25519", "EdDSA" -> "Ed25519";
                    default -> null;
                };
        boolean matches;
        try {
            if (algorithm == null) {
                matches = key.getAlgorithm().equals(leaf.getPublicKey().getAlgorithm());
            } else {
                byte[] probe = new byte[32];
                new SecureRandom().nextBytes(probe);
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(probe);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(leaf.getPublicKey());
                verifier.update(probe);
                matches = verifier.verify(signature);
            }
        } catch (GeneralSecurityException e) {
            matches = false; // e.g. an RSA key against an EC certificate
        }
        if (!matches) {
            throw new StartupException("--tls-key " + settings.privateKey()
                    + " is not the private key of the certificate in --tls-cert " + settings.certificate());
        }
    }
}
