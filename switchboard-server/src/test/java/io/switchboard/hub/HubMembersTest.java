package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.model.Member;
import io.switchboard.testing.RecordingSession;
import java.time.Clock;
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
    void aRoomWithoutMembersHasAnEmptyList() {
        assertThat(hub.members("nobody-here")).isEmpty();
    }
}
