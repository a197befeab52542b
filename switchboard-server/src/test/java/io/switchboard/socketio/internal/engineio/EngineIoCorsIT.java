package io.switchboard.socketio.internal.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.security.OriginPolicy;
import io.switchboard.testing.Await;
import io.switchboard.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * CORS at {@code /socket.io/} of the main server, over real HTTP: preflights, the headers of polls,
 * posts, handshakes and errors for an allowed origin, none for another origin, the wildcard, and the
 * default (no CORS headers at all).
 */
class EngineIoCorsIT {
    private static final String ALLOWED = "https://chat.example.com";
    private static final String OTHER = "https://evil.example.net";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * Every origin passes the chat server's origin gate (OriginGateIT tests it), so what these
     * servers show is the library's CORS answer alone.
     */
    private static final OriginPolicy EVERY_ORIGIN = OriginPolicy.allowing(List.of("*"));

    /** One allowed origin, credentials, preflights cached for 10 minutes. */
    @AutoClose
    private static final TestServer listed = TestServer.start(b -> b.allowedOrigins(EVERY_ORIGIN)
            .socketIoCors(new CorsOptions(Set.of(ALLOWED), true, Duration.ofMinutes(10))));
    /** Any origin, no credentials. */
    @AutoClose
    private static final TestServer wildcard =
            TestServer.start(b -> b.allowedOrigins(EVERY_ORIGIN).socketIoCors(CorsOptions.of("*")));
    /** The default: no CORS. */
    @AutoClose
    private static final TestServer plain = TestServer.start(b -> b.allowedOrigins(EVERY_ORIGIN));

    private static HttpRequest.Builder request(TestServer server, String query, String origin) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.http("/socket.io/?EIO=4" + query)))
                .timeout(Duration.ofSeconds(10));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest req) throws Exception {
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(TestServer server, String query, String origin) throws Exception {
        return send(request(server, query, origin).GET().build());
    }

    private static HttpResponse<String> post(TestServer server, String query, String origin, String body)
            throws Exception {
        return send(request(server, query, origin)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static HttpResponse<String> preflight(TestServer server, String origin, String requestHeaders)
            throws Exception {
        HttpRequest.Builder b = request(server, "&transport=polling", origin)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Access-Control-Request-Method", "POST");
        if (requestHeaders != null) {
            b.header("Access-Control-Request-Headers", requestHeaders);
        }
        return send(b.build());
    }

    private static String header(HttpResponse<?> res, String name) {
        return res.headers().firstValue(name).orElse(null);
    }

    private static String sid(HttpResponse<String> handshake) {
        assertThat(handshake.statusCode()).as(handshake.body()).isEqualTo(200);
        String body = handshake.body();
        assertThat(body).startsWith("0{\"sid\":\"");
        return body.substring(9, body.indexOf('"', 9));
    }

    private static void assertAllowed(HttpResponse<?> res, String origin, boolean credentials) {
        assertThat(header(res, "Access-Control-Allow-Origin"))
                .as("Allow-Origin")
                .isEqualTo(origin);
        assertThat(header(res, "Access-Control-Allow-Credentials"))
                .as("Allow-Credentials")
                .isEqualTo(credentials ? "true" : null);
        assertThat(res.headers().allValues("Vary").toString()).contains("Origin");
    }

    private static void assertNoCors(HttpResponse<?> res) {
        assertThat(res.headers().map().keySet()).as("headers of " + res.uri()).noneMatch(h -> h.toLowerCase()
                .startsWith("access-control-"));
    }

    @Test
    void preflightFromAnAllowedOriginIsAnsweredWith204AndEveryHeader() throws Exception {
        HttpResponse<String> res = preflight(listed, ALLOWED, "content-type,x-token");
        assertThat(res.statusCode()).isEqualTo(204);
        assertThat(res.body()).isEmpty();
        assertAllowed(res, ALLOWED, true);
        assertThat(header(res, "Access-Control-Allow-Methods")).isEqualTo("GET,HEAD,PUT,PATCH,POST,DELETE");
        assertThat(header(res, "Access-Control-Allow-Headers")).isEqualTo("content-type,x-token");
        assertThat(header(res, "Access-Control-Max-Age")).isEqualTo("600");
        assertThat(header(res, "Vary")).isEqualTo("Origin, Access-Control-Request-Headers");
    }

    @Test
    void preflightWithoutRequestedHeadersAllowsNone() throws Exception {
        HttpResponse<String> res = preflight(listed, ALLOWED, null);
        assertThat(res.statusCode()).isEqualTo(204);
        assertAllowed(res, ALLOWED, true);
        assertThat(header(res, "Access-Control-Allow-Headers")).isNull();
        assertThat(header(res, "Vary")).isEqualTo("Origin");
    }

    @Test
    void preflightFromAnotherOriginAllowsNothing() throws Exception {
        HttpResponse<String> res = preflight(listed, OTHER, "content-type");
        assertThat(res.statusCode()).isEqualTo(204);
        assertThat(header(res, "Access-Control-Allow-Origin")).isNull();
        assertThat(header(res, "Access-Control-Allow-Methods")).isNull();
        assertThat(header(res, "Access-Control-Allow-Headers")).isNull();
        assertThat(header(res, "Access-Control-Allow-Credentials")).isNull();
        assertThat(header(res, "Vary")).contains("Origin");
    }

    @Test
    void everyPollingResponseToAnAllowedOriginCarriesTheHeaders() throws Exception {
        HttpResponse<String> handshake = get(listed, "&transport=polling", ALLOWED);
        String sid = sid(handshake);
        assertAllowed(handshake, ALLOWED, true);

        // a poll that waits, then is answered with what the POST's CONNECT produced
        CompletableFuture<HttpResponse<String>> poll = HTTP.sendAsync(
                request(listed, "&transport=polling&sid=" + sid, ALLOWED).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Await.until(
                Duration.ofSeconds(10),
                () -> listed.server().socketIo().engine().hasWaitingPoll(sid),
                "the poll to be held");
        assertThat(poll).as("the poll waits for packets").isNotDone();
        HttpResponse<String> posted = post(listed, "&transport=polling&sid=" + sid, ALLOWED, "40");
        assertThat(posted.body()).isEqualTo("ok");
        assertAllowed(posted, ALLOWED, true);
        HttpResponse<String> answered = poll.get(10, TimeUnit.SECONDS);
        assertThat(answered.body()).startsWith("40{\"sid\":");
        assertAllowed(answered, ALLOWED, true);

        HttpResponse<String> unknown = get(listed, "&transport=polling&sid=nope", ALLOWED);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertAllowed(unknown, ALLOWED, true);
        HttpResponse<String> badTransport = get(listed, "&transport=pigeon", ALLOWED);
        assertThat(badTransport.statusCode()).isEqualTo(400);
        assertAllowed(badTransport, ALLOWED, true);
    }

    @Test
    void anotherOriginStillConnectsButIsNotAllowedToRead() throws Exception {
        HttpResponse<String> handshake = get(listed, "&transport=polling", OTHER);
        sid(handshake);
        assertThat(header(handshake, "Access-Control-Allow-Origin")).isNull();
        assertThat(header(handshake, "Access-Control-Allow-Credentials")).isNull();
        assertThat(header(handshake, "Vary")).isEqualTo("Origin");
        HttpResponse<String> sameOrigin = get(listed, "&transport=polling", null);
        sid(sameOrigin);
        assertThat(header(sameOrigin, "Access-Control-Allow-Origin"))
                .as("no Origin header, no CORS")
                .isNull();
    }

    @Test
    void theWildcardEchoesAnyOriginWithoutCredentials() throws Exception {
        HttpResponse<String> res = preflight(wildcard, OTHER, "content-type");
        assertThat(res.statusCode()).isEqualTo(204);
        assertAllowed(res, OTHER, false);
        assertThat(header(res, "Access-Control-Max-Age"))
                .as("no max age configured")
                .isNull();
        HttpResponse<String> handshake = get(wildcard, "&transport=polling", "http://localhost:8080");
        sid(handshake);
        assertAllowed(handshake, "http://localhost:8080", false);
    }

    @Test
    void byDefaultNoCorsHeaderIsSent() throws Exception {
        HttpResponse<String> handshake = get(plain, "&transport=polling", ALLOWED);
        String sid = sid(handshake);
        assertNoCors(handshake);
        assertThat(header(handshake, "Vary")).isNull();
        HttpResponse<String> posted = post(plain, "&transport=polling&sid=" + sid, ALLOWED, "40");
        assertThat(posted.body()).isEqualTo("ok");
        assertNoCors(posted);
        // without CORS an OPTIONS is just a handshake with the wrong method, as in the reference server
        HttpResponse<String> options = preflight(plain, ALLOWED, "content-type");
        assertThat(options.statusCode()).isEqualTo(400);
        assertThat(options.body()).isEqualTo("{\"code\":2,\"message\":\"Bad handshake method\"}");
        assertNoCors(options);
    }
}
