package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.ServerProcess;
import io.switchboard.testing.SwitchboardCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS flags of the jar (issue #13): a certificate without its key (or the reverse), a missing
 * or unreadable file, a key that is not the certificate's, and {@code --tls-self-signed} with files
 * each stop the start with exit code 2 and one line naming the flag; {@code --tls-self-signed}
 * serves the certificate whose fingerprint it logs. The refusals run {@link Main} in this JVM,
 * the key that is not the certificate's also the jar.
 */
class TlsFlagsIT {
    @TempDir
    Path tmp;

    private Path cert;
    private Path key;
    private Path otherKey;
    private int runs;

    @BeforeEach
    void writeCertificates() throws Exception {
        cert = tmp.resolve("cert.pem");
        key = tmp.resolve("key.pem");
        DevelopmentCertificate.generate("127.0.0.1").writePem(cert, key);
        otherKey = tmp.resolve("other-key.pem");
        DevelopmentCertificate.generate("127.0.0.1").writePem(tmp.resolve("other-cert.pem"), otherKey);
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() {
        assertFailedWithOneLine(run("--tls-cert", cert.toString()), "--tls-cert needs --tls-key");
        assertFailedWithOneLine(run("--tls-key", key.toString()), "--tls-key needs --tls-cert");
    }

    @Test
    void aMissingOrUnreadableFileIsRefusedNamingIt() throws Exception {
        Path missing = tmp.resolve("missing.pem");
        assertFailedWithOneLine(
                run("--tls-cert", missing.toString(), "--tls-key", key.toString()),
                "--tls-cert " + missing + ": no such file");
        Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "not a certificate\n");
        assertFailedWithOneLine(
                run("--tls-cert", cert.toString(), "--tls-key", garbage.toString()),
                "--tls-key " + garbage + ": no unencrypted PEM private key in it");
        assertFailedWithOneLine(
                run("--tls-cert", garbage.toString(), "--tls-key", key.toString()), "--tls-cert " + garbage + ": ");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() {
        assertFailedWithOneLine(
                SwitchboardCommand.run(
                        Map.of(), withDefaults("--tls-cert", cert.toString(), "--tls-key", otherKey.toString())),
                "--tls-key " + otherKey + " is not the private key of the certificate in --tls-cert " + cert);
    }

    @Test
    void selfSignedWithFilesIsRefused() {
        assertFailedWithOneLine(
                run("--tls-self-signed", "--tls-cert", cert.toString(), "--tls-key", key.toString()),
                "--tls-self-signed cannot be combined with --tls-cert and --tls-key");
    }

    @Test
    void selfSignedServesTheCertificateWhoseFingerprintItLogs() throws Exception {
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), "--tls-self-signed")) {
            String log = Files.readString(server.log());
            assertThat(log).contains("listening on https://");
            Matcher m = Pattern.compile("SHA-256 fingerprint ([0-9A-F:]{95})").matcher(log);
            assertThat(m.find()).as("fingerprint in the log:\n" + log).isTrue();
            assertThat(log).containsPattern("TLS provider: (OpenSSL|JDK)");

            X509Certificate served = servedCertificate(server.port());
            assertThat(DevelopmentCertificate.fingerprint(served)).isEqualTo(m.group(1));
            assertThat(served.getSubjectAlternativeNames().toString()).contains("localhost", "127.0.0.1");
        }
    }

    /** The leaf certificate the server presents; trusted blindly here, since the point is to look at it. */
    private static X509Certificate servedCertificate(int port) throws Exception {
        List<X509Certificate> seen = new ArrayList<>();
        TrustManager recorder = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen.add(chain[0]);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {recorder}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
        }
        return seen.get(0);
    }

    /** {@link Main} in this JVM ({@link InProcessCommand}): the checks and the line of the jar, without a JVM start. */
    private SwitchboardCommand.Result run(String... args) {
        return InProcessCommand.run(Map.of(), withDefaults(args));
    }

    /**
     * A data folder per run: a start that fails after it took the folder's lock keeps it in this JVM
     * (a process gives it back when it exits).
     */
    private List<String> withDefaults(String... args) {
        List<String> all = new ArrayList<>(List.of(
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--data-dir",
                tmp.resolve("data-" + runs++).toString()));
        all.addAll(List.of(args));
        return all;
    }

    private static void assertFailedWithOneLine(SwitchboardCommand.Result r, String line) {
        String shown = "stdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr();
        assertThat(r.exitCode()).as("exit code; " + shown).isEqualTo(2);
        assertThat(r.stderrLines()).as("stderr, one line; " + shown).hasSize(1);
        assertThat(r.stderrLines().get(0)).startsWith("switchboard: " + line);
        assertThat(r.stdout()).as("never announced a port").doesNotContain("listening");
    }
}
