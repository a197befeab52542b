package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import io.switchboard.model.SessionId;
import io.switchboard.testing.RecordingSession;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Hub#members}: what the HTTP members endpoint lists. */
class HubMembersTest {
    private final Hub hub = new Hub(new InMemoryHistoryStore(100), new InMemoryBroker(), Clock.systemUTC());

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @Test
    void membersListsVisibleMembersInJoinOrderAndSkipsListeners() {
        RecordingSession alice = new RecordingSession("s-alice");
        RecordingSession bob = new RecordingSession("s-bob");
        RecordingSession reader = new RecordingSession("s-reader");
        hub.register(alice, "alice");
        hub.register(bob, "bob");
        hub.register(reader, "reader");
        hub.join(bob.id(), "lobby", null, 1).join();
        hub.listen(reader.id(), "lobby", null, 1).join();
        hub.join(alice.id(), "lobby", null, 1).join();

        assertThat(hub.members("lobby")).containsExactly(new Member(bob.id(), "bob"), new Member(alice.id(), "alice"));
        hub.unregister(bob.id());
        assertThat(hub.members("lobby")).containsExactly(new Member(alice.id(), "alice"));
    }

    @Test
    void sessionsOfOneClientIdAreOneMemberThatStaysUntilTheLastLeaves() {
        RecordingSession watcher = new RecordingSession("s-watcher");
        RecordingSession overWebSocket = new RecordingSession("s-ws");
        RecordingSession overHttp = new RecordingSession("s-http");
        hub.register(watcher, "watcher");
        hub.register(overWebSocket, "alice", "tab-1");
        hub.register(overHttp, "alice", "tab-1");
        hub.join(watcher.id(), "lobby", null, 1).join();
        hub.join(overWebSocket.id(), "lobby", null, 1).join();
        hub.join(overHttp.id(), "lobby", null, 1).join();
        hub.historyAfter("none", 0, 1).join();

        Member alice = new Member(MemberIds.of("tab-1"), "alice");
        assertThat(hub.members("lobby")).containsExactly(new Member(watcher.id(), "watcher"), alice);
        hub.unregister(overWebSocket.id());
        assertThat(hub.members("lobby")).containsExactly(new Member(watcher.id(), "watcher"), alice);
        hub.unregister(overHttp.id());
        assertThat(hub.members("lobby")).containsExactly(new Member(watcher.id(), "watcher"));
        assertThat(watcher.drain())
                .as("one join and one leave for the client, whatever its sessions did")
                .extracting(e -> ((HubEvent.PresenceChanged) e).kind())
                .containsExactly(HubEvent.PresenceKind.JOIN, HubEvent.PresenceKind.LEAVE);
    }

    @Test
    void aNewSessionOfAClientSupersedesItsOtherSessionsInTheRoom() {
        List<String> superseded = new CopyOnWriteArrayList<>();
        RecordingSession lingering = new RecordingSession("s-lingering");
        Session standIn = new Session() {
            public SessionId id() {
                return lingering.id();
            }

            public Executor executor() {
                return lingering.executor();
            }

            public void deliver(Delivery d) {}

            public void flush() {}

            public void supersededIn(String room) {
                superseded.add(room);
            }
        };
        RecordingSession fresh = new RecordingSession("s-fresh");
        hub.register(standIn, "alice", "tab-1");
        hub.register(fresh, "alice", "tab-1");
        hub.join(standIn.id(), "lobby", null, 1).join();
        assertThat(superseded).isEmpty();
        hub.join(fresh.id(), "lobby", null, 1).join();
        assertThat(superseded).containsExactly("lobby");
    }

    @Test
    void twoClientsWithOneNicknameAreTwoMembers() {
        RecordingSession one = new RecordingSession("s-one");
        RecordingSession two = new RecordingSession("s-two");
        hub.register(one, "sam", "tab-1");
        hub.register(two, "sam", "tab-2");
        hub.join(one.id(), "lobby", null, 1).join();
        hub.join(two.id(), "lobby", null, 1).join();
        assertThat(hub.members("lobby"))
                .extracting(Member::sessionId)
                .containsExactly(MemberIds.of("tab-1"), MemberIds.of("tab-2"));
        assertThat(hub.post(one.id(), "sam", "lobby", "hi", "k")
                        .join()
                        .message()
                        .senderId())
                .isEqualTo(MemberIds.of("tab-1").value());
    }

    @Test
    void aRoomWithoutMembersHasAnEmptyList() {
        assertThat(hub.members("nobody-here")).isEmpty();
    }
}
