package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Autobahn relay only ever changes the target of the opening request line. */
class AutobahnEchoServerTest {

    @Test
    void rootIsMappedToEcho() {
        assertThat(AutobahnEchoServer.RequestTargetRewriter.rewrite("GET / HTTP/1.1\r\n"))
                .isEqualTo("GET /echo HTTP/1.1\r\n");
        assertThat(AutobahnEchoServer.RequestTargetRewriter.rewrite("GET /?agent=x HTTP/1.1\r\n"))
                .isEqualTo("GET /echo?agent=x HTTP/1.1\r\n");
    }

    @Test
    void otherTargetsAreLeftAlone() {
        assertThat(AutobahnEchoServer.RequestTargetRewriter.rewrite("GET /ws HTTP/1.1\r\n"))
                .isEqualTo("GET /ws HTTP/1.1\r\n");
        assertThat(AutobahnEchoServer.RequestTargetRewriter.rewrite("garbage\r\n"))
                .isEqualTo("garbage\r\n");
    }
}
