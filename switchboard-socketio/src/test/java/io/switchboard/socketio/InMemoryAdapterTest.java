package io.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryAdapterTest {

    private static Namespace namespace(SocketIoConfig config, String name) {
        return new SocketIoServer(config).of(name);
    }

    @Test
    void roomsAreATwoWayIndexOfSocketIds() {
        Adapter adapter = namespace(SocketIoConfig.defaults(), "/").adapter();
        adapter.addAll("a", Set.of("a", "lobby", "games"));
        adapter.addAll("b", Set.of("b", "lobby"));

        assertThat(adapter.sockets(Set.of("lobby"))).containsExactlyInAnyOrder("a", "b");
        assertThat(adapter.sockets(Set.of("games", "b"))).containsExactlyInAnyOrder("a", "b");
        assertThat(adapter.socketRooms("a")).containsExactlyInAnyOrder("a", "lobby", "games");

        adapter.del("a", "lobby");
        assertThat(adapter.sockets(Set.of("lobby"))).containsExactly("b");
        assertThat(adapter.socketRooms("a")).containsExactlyInAnyOrder("a", "games");

        adapter.delAll("a");
        assertThat(adapter.socketRooms("a")).isEmpty();
        assertThat(adapter.sockets(Set.of("games"))).isEmpty();
        assertThat(adapter.sockets(Set.of())).containsExactly("b");
    }

    @Test
    void aPersistedSessionIsRestoredOnceWithinTheRecoveryAllowance() {
        Adapter adapter = namespace(
                        SocketIoConfig.defaults()
                                .withRecovery(new ConnectionStateRecovery(Duration.ofMinutes(2), true)),
                        "/")
                .adapter();
        SavedSession session =
                new SavedSession("pid-1", "sid-1", "/", Set.of("lobby"), Map.of(), Map.of(), "log", System.nanoTime());
        adapter.persistSession(session);

        assertThat(adapter.restoreSession("unknown").join()).isNull();
        assertThat(adapter.restoreSession("pid-1").join()).isEqualTo(session);
        assertThat(adapter.restoreSession("pid-1").join()).isNull();
    }

    @Test
    void aSingleNodeAnswersEveryOperationAsTheOnlyNodeThatResponded() {
        Namespace ns = namespace(SocketIoConfig.defaults(), "/");

        ClusterResult<Integer> joined = ns.socketsJoin("room").join();
        ClusterResult<List<RemoteSocket>> fetched = ns.fetchRemoteSockets().join();
        ClusterResult<BroadcastAcks> acked =
                ns.timeout(Duration.ofSeconds(1)).emitWithAck("ping").join();

        assertThat(joined.responded()).containsExactly("local");
        assertThat(joined.missing()).isEmpty();
        assertThat(joined.value()).isZero();
        assertThat(fetched.value()).isEmpty();
        assertThat(acked.value().clients()).isZero();
        assertThat(acked.complete()).isTrue();
        assertThat(ns.serverSideEmit("hello").join().responded()).containsExactly("local");
    }

    @Test
    void eachNamespaceGetsTheAdapterTheConfiguredFactoryMakes() {
        List<String> made = new ArrayList<>();
        SocketIoServer server = new SocketIoServer(SocketIoConfig.defaults().withAdapter(ns -> {
            made.add(ns.name());
            return new InMemoryAdapter(ns);
        }));
        Namespace chat = server.of("/chat");

        assertThat(made).containsExactly("/", "/chat");
        assertThat(chat.adapter()).isInstanceOf(InMemoryAdapter.class);
        assertThat(server.of("/").adapter()).isNotSameAs(chat.adapter());
    }
}
