package io.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.TestServer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The chat page's own defences as a browser receives them: a Content-Security-Policy allowing only
 * the server's scripts, styles and connections (its WebSocket host named for older browsers),
 * no framing, no referrer, no sniffing; and a page with nothing inline for that policy to block.
 */
class PageHeadersIT {
    @AutoClose
    private static final TestServer server = TestServer.start();

    private static RawHttp.Response get(String target) throws Exception {
        try (RawHttp c = RawHttp.connect("127.0.0.1", server.port())) {
            return c.exchange(RawHttp.get(server.port(), target));
        }
    }

    @Test
    void thePageCarriesAPolicyOfItsOwnOriginOnlyAndRefusesFraming() throws Exception {
        RawHttp.Response page = get("/");

        assertThat(page.status()).isEqualTo(200);
        String csp = page.headers().get("content-security-policy");
        String host = "127.0.0.1:" + server.port();
        assertThat(csp)
                .contains("default-src 'self'")
                .contains("script-src 'self';")
                .contains("style-src 'self';")
                .contains("connect-src 'self' ws://" + host + " wss://" + host + ";")
                .contains("object-src 'none'")
                .contains("base-uri 'none'")
                .endsWith("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(page.headers())
                .containsEntry("x-frame-options", "DENY")
                .containsEntry("referrer-policy", "no-referrer")
                .containsEntry("x-content-type-options", "nosniff");
    }

    @Test
    void everyFileOfThePageIsServedWithTheSameHeaders() throws Exception {
        for (String file : new String[] {"/js/main.js", "/style.css", "/vendor/socket.io.esm.min.js"}) {
            RawHttp.Response r = get(file);
            assertThat(r.status()).as(file).isEqualTo(200);
            assertThat(r.headers()).as(file).containsEntry("x-content-type-options", "nosniff");
            assertThat(r.headers().get("content-security-policy")).as(file).contains("frame-ancestors 'none'");
        }
    }

    @Test
    void aHostHeaderThatIsNotAHostIsNeverCopiedIntoThePolicy() throws Exception {
        try (RawHttp c = RawHttp.connect("127.0.0.1", server.port())) {
            RawHttp.Response r = c.exchange("GET / HTTP/1.1\r\nHost: x; script-src *\r\n\r\n");

            assertThat(r.headers().get("content-security-policy"))
                    .contains("connect-src 'self'; ")
                    .doesNotContain("script-src *");
        }
    }

    @Test
    void thePageHasNoInlineScriptStyleOrEventHandlerForThePolicyToBlock() throws Exception {
        String html = get("/").body();

        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>")
                        .matcher(html)
                        .find())
                .as("a <script> without src")
                .isFalse();
        assertThat(html).doesNotContain("<style").doesNotContain(" style=");
        assertThat(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE)
                        .matcher(html)
                        .find())
                .as("an on* event handler attribute")
                .isFalse();
        assertThat(html).doesNotContain("javascript:");
    }
}
