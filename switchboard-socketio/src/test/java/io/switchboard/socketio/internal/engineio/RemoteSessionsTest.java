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
import io.switchboard.socketio.remote.ForwardedRequest;
import io.switchboard.socketio.remote.ForwardedResponse;
import io.switchboard.socketio.remote.LocalSessions;
import io.switchboard.socketio.remote.RemoteSessions;
import io.switchboard.socketio.remote.WebSocketRelay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two Engine.IO servers joined by an in-memory {@link RemoteSessions}: the owner holds the sessions
 * (ids {@code a.…}), the edge holds none and forwards every request naming one. Both on embedded
 * channels, whose loops run when the test says so.
 */
class RemoteSessionsTest {
    private static final EngineIoConfig CONFIG =
            new EngineIoConfig(Duration.ofSeconds(30), Duration.ofSeconds(20), 1000, Duration.ofSeconds(10), 50);
    private static final WebSocketLimits WS = EngineIoServer.defaultWebSocketLimits(1000);

    private final List<String> received = new ArrayList<>();
    private final List<EngineCloseReason> closes = new ArrayList<>();
    private final List<EngineIoSession> sessions = new ArrayList<>();
    private final EngineIoServer owner = new EngineIoServer(CONFIG, session -> {
        sessions.add(session);
        session.listener(new EngineIoSession.Listener() {
            @Override
            public void onMessage(EnginePacket message) {
                received.add(message.text());
            }

            @Override
            public void onClose(EngineCloseReason reason) {
                closes.add(reason);
            }
        });
    });
    private final EngineIoServer edge = new EngineIoServer(CONFIG, session -> {});
    private final EmbeddedChannel ownerChannel = channelOf(owner);
    private final EmbeddedChannel edgeChannel = channelOf(edge);
    /** The owner's side, as its RemoteSessions was given it. */
    private LocalSessions ownerSide;

    RemoteSessionsTest() {
        owner.remoteSessions(new Pair("a.", null));
        edge.remoteSessions(new Pair("b.", "a."));
    }

    /** Sessions of {@code reachable} are served by the owner; any other prefix names a node that is gone. */
    private final class Pair implements RemoteSessions {
        private final String prefix;
        private final String reachable;

        Pair(String prefix, String reachable) {
            this.prefix = prefix;
            this.reachable = reachable;
        }

        @Override
        public void start(LocalSessions local) {
            if (prefix.equals("a.")) {
                ownerSide = local;
            }
        }

        @Override
        public String sessionIdPrefix() {
            return prefix;
        }

        @Override
        public boolean isRemote(String sid) {
            return sid.contains(".") && !sid.startsWith(prefix);
        }

        @Override
        public CompletableFuture<ForwardedResponse> forward(String sid, ForwardedRequest request) {
            return reachable != null && sid.startsWith(reachable)
                    ? ownerSide.serve(request)
                    : CompletableFuture.completedFuture(null);
        }

        @Override
        public WebSocketRelay relay(String sid, WebSocketRelay toClient) {
            return ownerSide.acceptRelay(sid, toClient);
        }
    }

    private static EmbeddedChannel channelOf(EngineIoServer server) {
        return new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                server.handle(ctx, req, WS);
            }
        });
    }

    @AfterEach
    void close() {
        ownerChannel.finishAndReleaseAll();
        edgeChannel.finishAndReleaseAll();
    }

    private static void send(EmbeddedChannel ch, HttpMethod method, String query, String body) {
        ch.writeInbound(new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                method,
                "/engine.io/?" + query,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)));
    }

    /** Runs both loops until neither has work left: the owner's session work, then the edge's replies. */
    private void runLoops() {
        for (int i = 0; i < 3; i++) {
            ownerChannel.runPendingTasks();
            edgeChannel.runPendingTasks();
        }
    }

    private static String body(FullHttpResponse res) {
        assertThat(res).as("a response").isNotNull();
        try {
            return res.content().toString(StandardCharsets.UTF_8);
        } finally {
            res.release();
        }
    }

    private String handshakeOnOwner() {
        send(ownerChannel, HttpMethod.GET, "EIO=4&transport=polling", "");
        ownerChannel.runPendingTasks();
        String open = body(ownerChannel.readOutbound());
        return open.substring(9, open.indexOf('"', 9));
    }

    @Test
    void newSessionIdsStartWithTheNodesPrefix() {
        assertThat(handshakeOnOwner()).startsWith("a.");
    }

    @Test
    void aPostOnANodeThatDoesNotHoldTheSessionReachesItsOwner() {
        String sid = handshakeOnOwner();
        send(edgeChannel, HttpMethod.POST, "EIO=4&transport=polling&sid=" + sid, "4a\u001e4b");
        runLoops();
        assertThat(body(edgeChannel.readOutbound())).isEqualTo("ok");
        assertThat(received).containsExactly("a", "b");
    }

    @Test
    void aPollOnANodeThatDoesNotHoldTheSessionIsHeldByItsOwnerAndAnsweredThere() {
        String sid = handshakeOnOwner();
        send(edgeChannel, HttpMethod.GET, "EIO=4&transport=polling&sid=" + sid, "");
        runLoops();
        assertThat((Object) edgeChannel.readOutbound()).as("the poll waits").isNull();
        assertThat(owner.hasWaitingPoll(sid)).isTrue();

        sessions.get(0).send(EnginePacket.message("hello"));
        runLoops();
        assertThat(body(edgeChannel.readOutbound())).isEqualTo("4hello");
    }

    @Test
    void aSessionIdOfANodeThatIsGoneIsUnknown() {
        send(edgeChannel, HttpMethod.GET, "EIO=4&transport=polling&sid=z.gone", "");
        runLoops();
        assertThat(body(edgeChannel.readOutbound())).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
    }

    @Test
    void aClientThatDropsItsForwardedPollEndsTheSessionOnItsOwnerAsALocalOneWould() {
        String sid = handshakeOnOwner();
        send(edgeChannel, HttpMethod.GET, "EIO=4&transport=polling&sid=" + sid, "");
        runLoops();
        assertThat(owner.hasWaitingPoll(sid)).isTrue();

        edgeChannel.close();
        runLoops();
        assertThat(closes).containsExactly(EngineCloseReason.TRANSPORT_CLOSE);
        assertThat(owner.hasSession(sid)).isFalse();
    }
}
