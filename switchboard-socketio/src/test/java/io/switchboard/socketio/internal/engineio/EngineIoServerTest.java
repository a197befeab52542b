package io.switchboard.socketio.internal.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.switchboard.socketio.internal.protocol.engineio.EnginePacket;
import io.switchboard.socketio.internal.websocket.WebSocketLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The polling side of {@link EngineIoServer} on an {@link EmbeddedChannel}, with the clock under test control. */
class EngineIoServerTest {
    private static final EngineIoConfig CONFIG =
            new EngineIoConfig(Duration.ofMillis(300), Duration.ofMillis(200), 100, Duration.ofSeconds(10), 50);
    private static final WebSocketLimits WS = EngineIoServer.defaultWebSocketLimits(100);

    private final List<String> received = new ArrayList<>();
    private final List<EngineCloseReason> closes = new ArrayList<>();
    private final EngineIoServer server = new EngineIoServer(
            CONFIG,
            session -> session.listener(new EngineIoSession.Listener() {
                @Override
                public void onMessage(EnginePacket message) {
                    received.add(message.text());
                }

                @Override
                public void onClose(EngineCloseReason reason) {
                    closes.add(reason);
                }
            }));
    private final EmbeddedChannel channel = new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            server.handle(ctx, req, WS);
        }
    });

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private FullHttpResponse request(HttpMethod method, String query, String body) {
        channel.writeInbound(new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                method,
                "/engine.io/?" + query,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)));
        channel.runPendingTasks();
        return channel.readOutbound();
    }

    private static String body(FullHttpResponse res) {
        try {
            return res.content().toString(StandardCharsets.UTF_8);
        } finally {
            res.release();
        }
    }

    private String handshake() {
        String open = body(request(HttpMethod.GET, "EIO=4&transport=polling", ""));
        assertThat(open).startsWith("0{\"sid\":\"");
        return open.substring(9, open.indexOf('"', 9));
    }

    private void advance(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    @Test
    void everyBadRequestGetsItsReferenceCode() {
        assertThat(body(request(HttpMethod.GET, "EIO=4&transport=abc", "")))
                .isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
        assertThat(body(request(HttpMethod.GET, "EIO=4&transport=polling&sid=unknown", "")))
                .isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(body(request(HttpMethod.PUT, "EIO=4&transport=polling", "")))
                .isEqualTo("{\"code\":2,\"message\":\"Bad handshake method\"}");
        assertThat(body(request(HttpMethod.GET, "EIO=4&transport=websocket", "")))
                .as("a WebSocket handshake without the upgrade headers")
                .isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(body(request(HttpMethod.GET, "EIO=3&transport=polling", "")))
                .isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
    }

    @Test
    void pingIsSentAfterTheIntervalAndPongKeepsTheSession() {
        channel.freezeTime();
        String sid = handshake();
        assertThat(request(HttpMethod.GET, "EIO=4&transport=polling&sid=" + sid, ""))
                .as("the poll waits")
                .isNull();
        advance(300);
        assertThat(body(channel.readOutbound())).isEqualTo("2");
        assertThat(body(request(HttpMethod.POST, "EIO=4&transport=polling&sid=" + sid, "3")))
                .isEqualTo("ok");
        advance(250);
        assertThat(closes).isEmpty();
    }

    @Test
    void missingPongClosesTheSessionAfterPingTimeout() {
        channel.freezeTime();
        String sid = handshake();
        advance(300);
        advance(199);
        assertThat(closes).isEmpty();
        advance(1);
        assertThat(closes).containsExactly(EngineCloseReason.PING_TIMEOUT);
        assertThat(body(request(HttpMethod.GET, "EIO=4&transport=polling&sid=" + sid, "")))
                .isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
    }

    @Test
    void messagesPostedReachTheListenerInOrder() {
        String sid = handshake();
        assertThat(body(request(HttpMethod.POST, "EIO=4&transport=polling&sid=" + sid, "4a\u001e4b")))
                .isEqualTo("ok");
        assertThat(received).containsExactly("a", "b");
    }

    @Test
    void clientThatDoesNotPollIsClosedOnceTooMuchIsBuffered() {
        String sid = handshake();
        EngineIoSession session = server.find(sid);
        session.send(EnginePacket.message("x".repeat(40)));
        channel.runPendingTasks();
        assertThat(closes).isEmpty();
        session.send(EnginePacket.message("x".repeat(20)));
        channel.runPendingTasks();
        assertThat(closes).containsExactly(EngineCloseReason.SLOW_CONSUMER);
    }

    @Test
    void bodyOverMaxPayloadIsRefusedAndClosesTheSession() {
        String sid = handshake();
        FullHttpResponse res = request(HttpMethod.POST, "EIO=4&transport=polling&sid=" + sid, "4" + "x".repeat(100));
        assertThat(res.status().code()).isEqualTo(413);
        res.release();
        assertThat(closes).containsExactly(EngineCloseReason.TRANSPORT_ERROR);
    }
}
