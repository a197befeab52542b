package io.switchboard.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class ConnectionLogHandlerTest {

    private static HttpRequest get(String uri, boolean upgrade) {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        if (upgrade) {
            req.headers().set(HttpHeaderNames.UPGRADE, "websocket");
        }
        return req;
    }

    @Test
    void eachTransportIsNamedAsTheMetricsLabelNamesIt() {
        assertThat(ConnectionLogHandler.transportOf(get("/", true))).isEqualTo("websocket_tutorial");
        assertThat(ConnectionLogHandler.transportOf(get("/ws?client=a", true))).isEqualTo("websocket_native");
        assertThat(ConnectionLogHandler.transportOf(get("/api/rooms/lobby/events?after=3", false)))
                .isEqualTo("sse");
        assertThat(ConnectionLogHandler.transportOf(get("/api/rooms/lobby/stream", false)))
                .isEqualTo("stream");
        assertThat(ConnectionLogHandler.transportOf(get("/api/rooms/lobby/messages?after=1&wait=30", false)))
                .isEqualTo("longpoll");
        assertThat(ConnectionLogHandler.transportOf(get("/socket.io/?EIO=4&transport=polling", false)))
                .isEqualTo("socketio_polling");
        assertThat(ConnectionLogHandler.transportOf(get("/socket.io/?EIO=4&transport=websocket", true)))
                .isEqualTo("socketio_websocket");
        assertThat(ConnectionLogHandler.transportOf(get("/api/rooms/lobby/messages", false)))
                .isEqualTo("http");
    }
}
