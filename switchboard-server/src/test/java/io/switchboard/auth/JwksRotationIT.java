package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code --auth-jwks-url}: the server fetches the issuer's public keys from a JWKS endpoint (a
 * local one this test runs), caches them, and fetches again when a token names a key it does not
 * know, so the issuer can rotate keys without a restart.
 */
class JwksRotationIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aRotatedKeyIsFetchedOnItsFirstTokenAndTheRetiredKeyIsRefused() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair first = gen.generateKeyPair();
        KeyPair second = gen.generateKeyPair();
        AtomicReference<String> published = new AtomicReference<>(jwks(first, "k1"));
        AtomicInteger fetches = new AtomicInteger();
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        URI url = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json");
        try (TestServer server =
                TestServer.start(b -> b.auth(new AuthSettings(null, null, url, null, null, Duration.ofSeconds(25))))) {
            String oldToken = token(first, "k1");
            try (WsClient ws = WsClient.connect(server.ws("/ws?token=" + oldToken))) {
                assertThat(ws.awaitType("welcome").path("user").asText()).isEqualTo("alice");
            }
            assertThat(status(server, oldToken)).isEqualTo(200);
            int beforeRotation = fetches.get();
            assertThat(beforeRotation).as("the set is fetched once and cached").isEqualTo(1);

            published.set(jwks(second, "k2"));
            String newToken = token(second, "k2");
            try (WsClient ws = WsClient.connect(server.ws("/ws?token=" + newToken))) {
                assertThat(ws.awaitType("welcome").path("user").asText()).isEqualTo("alice");
            }
            assertThat(fetches.get()).as("an unknown kid fetches the set again").isEqualTo(beforeRotation + 1);
            assertThat(status(server, newToken)).isEqualTo(200);
            assertThat(fetches.get()).as("the new key is cached").isEqualTo(beforeRotation + 1);
            assertThat(status(server, oldToken))
                    .as("the retired key no longer verifies")
                    .isEqualTo(401);
        } finally {
            jwks.stop(0);
        }
    }

    private static String jwks(KeyPair pair, String kid) {
        return new JWKSet(new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                        .keyID(kid)
                        .build())
                .toString();
    }

    private static String token(KeyPair pair, String kid) throws Exception {
        return TokenMinter.withPrivateKey(pair.getPrivate(), kid)
                .mint(Tokens.claims("alice", Instant.now().plusSeconds(600)));
    }

    private static int status(TestServer server, String token) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(server.http("/api/rooms/jwks/messages")))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
