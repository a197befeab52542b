package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.history.AppendResult;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HubEvent;
import io.switchboard.model.Member;
import io.switchboard.testing.RecordingSession;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubTest {
    private Hub hub;
    private RecordingSession alice;
    private RecordingSession bob;

    @BeforeEach
    void setUp() {
        hub = new Hub(
                new InMemoryHistoryStore(100),
                new InMemoryBroker(),
                Clock.fixed(Instant.ofEpochMilli(1000), ZoneOffset.UTC));
        alice = new RecordingSession("s-alice");
        // (sessions deliver inline, on the storage thread that publishes; settle() waits for it)
        bob = new RecordingSession("s-bob");
        hub.register(alice, "alice");
        hub.register(bob, "bob");
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    /** Waits until every storage task queued so far, and what it published, has run. */
    private void settle() {
        hub.historyAfter("none", 0, 1).join();
    }

    @Test
    void joinAddsTheSessionToBothSidesOfTheIndexAndTellsTheOthers() {
        hub.join(alice.id(), "lobby", null, 50).join();
        JoinResult joined = hub.join(bob.id(), "lobby", null, 50).join();
        settle();

        assertThat(joined.newlyJoined()).isTrue();
        assertThat(joined.members()).extracting(Member::nick).containsExactly("alice", "bob");
        assertThat(hub.isMember(bob.id(), "lobby")).isTrue();
        assertThat(alice.drain())
                .containsExactly(
                        new HubEvent.PresenceChanged("lobby", HubEvent.PresenceKind.JOIN, new Member(bob.id(), "bob")));
        assertThat(bob.drain())
                .as("the joiner learns of itself from the join result")
                .isEmpty();
    }

    @Test
    void postedMessageReachesEveryMemberTheSenderIncluded() {
        hub.join(alice.id(), "lobby", null, 50).join();
        hub.join(bob.id(), "lobby", null, 50).join();
        alice.drain();

        AppendResult result = hub.post(alice.id(), "alice", "lobby", "hi", null).join();
        settle();

        ChatMessage expected = new ChatMessage(1, "lobby", "alice", "hi", 1000, null, "s-alice");
        assertThat(result.message()).isEqualTo(expected);
        assertThat(alice.drain()).containsExactly(new HubEvent.MessagePosted(expected, alice.id()));
        assertThat(bob.drain()).containsExactly(new HubEvent.MessagePosted(expected, alice.id()));
    }

    @Test
    void typingSkipsTheTypist() {
        hub.join(alice.id(), "lobby", null, 50).join();
        hub.join(bob.id(), "lobby", null, 50).join();
        alice.drain();
        hub.typing(alice.id(), "lobby", true);
        settle();
        assertThat(alice.drain()).isEmpty();
        assertThat(bob.drain()).hasSize(1);
    }

    @Test
    void joinAfterAnIdReturnsExactlyTheLaterMessages() {
        hub.join(alice.id(), "lobby", null, 50).join();
        for (int i = 0; i < 5; i++) {
            hub.post(alice.id(), "alice", "lobby", "m" + i, null).join();
        }
        JoinResult joined = hub.join(bob.id(), "lobby", 3L, 50).join();
        assertThat(joined.history().messages()).extracting(ChatMessage::id).containsExactly(4L, 5L);
        assertThat(joined.history().more()).isFalse();
    }

    @Test
    void unregisterLeavesEveryRoomAndDropsEmptyRooms() {
        hub.join(alice.id(), "a", null, 50).join();
        hub.join(alice.id(), "b", null, 50).join();
        hub.join(bob.id(), "a", null, 50).join();
        bob.drain();

        hub.unregister(alice.id());
        settle();

        assertThat(hub.roomCount()).isEqualTo(1);
        assertThat(bob.drain())
                .containsExactly(new HubEvent.PresenceChanged(
                        "a", HubEvent.PresenceKind.LEAVE, new Member(alice.id(), "alice")));
        assertThat(hub.sessionCount()).isEqualTo(1);
    }

    @Test
    void listenersReceiveEventsButAreNeitherListedNorAnnounced() {
        hub.join(alice.id(), "lobby", null, 50).join();
        JoinResult listening = hub.listen(bob.id(), "lobby", null, 50).join();
        settle();
        assertThat(listening.members()).extracting(Member::nick).containsExactly("alice");
        assertThat(alice.drain()).as("no presence for a listener").isEmpty();

        hub.post(alice.id(), "alice", "lobby", "hi", null).join();
        settle(); // the future completes before the storage thread publishes; let it publish first
        hub.rename(bob.id(), "robert");
        hub.leave(bob.id(), "lobby");
        settle();
        assertThat(bob.drain()).hasSize(1).first().isInstanceOf(HubEvent.MessagePosted.class);
        assertThat(alice.drain())
                .as("only the message; no rename or leave of a listener")
                .hasSize(1)
                .first()
                .isInstanceOf(HubEvent.MessagePosted.class);
    }

    @Test
    void leavingARoomNotJoinedSaysSo() {
        assertThat(hub.leave(alice.id(), "nowhere")).isFalse();
    }

    @Test
    void registeringTheSameSessionTwiceIsAnError() {
        assertThatThrownBy(() -> hub.register(alice, "again")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void broadcastHandsEachExecutorOneTaskAndFlushesEachRecipientOnce() {
        List<Runnable> loopA = new ArrayList<>();
        List<Runnable> loopB = new ArrayList<>();
        Executor a = loopA::add;
        Executor b = loopB::add;
        RecordingSession[] onA = {
            new RecordingSession("s-1", a), new RecordingSession("s-2", a), new RecordingSession("s-3", a)
        };
        RecordingSession onB = new RecordingSession("s-4", b);
        for (RecordingSession s : onA) {
            hub.register(s, s.id().value());
            hub.join(s.id(), "r", null, 0).join();
        }
        hub.register(onB, "s-4");
        hub.join(onB.id(), "r", null, 0).join();
        loopA.clear();
        loopB.clear();

        hub.post(null, "http", "r", "x", null).join();
        settle();

        assertThat(loopA).hasSize(1);
        assertThat(loopB).hasSize(1);
        loopA.get(0).run();
        for (RecordingSession s : onA) {
            assertThat(s.events).hasSize(1);
            assertThat(s.flushes).isEqualTo(1);
        }
        assertThat(onB.events).isEmpty();
    }

    @Test
    void broadcastExceptSkipsThatSession() {
        hub.join(alice.id(), "r", null, 0).join();
        hub.join(bob.id(), "r", null, 0).join();
        alice.drain();
        ChatMessage m = new ChatMessage(9, "r", "x", "y", 1, null);
        hub.to("r").except(alice.id()).deliver(new HubEvent.MessagePosted(m, null));
        assertThat(alice.drain()).isEmpty();
        assertThat(bob.drain()).hasSize(1);
    }

    @Test
    void aResumePastTheNewestIdReadsTheLatestMessagesAndSaysSo() {
        for (int i = 1; i <= 3; i++) {
            hub.post(null, "poster", "lobby", "m" + i, null).join();
        }
        JoinResult caughtUp = hub.join(alice.id(), "lobby", 3L, 50).join();
        assertThat(caughtUp.pastEnd()).isFalse();
        assertThat(caughtUp.history().messages()).isEmpty();

        JoinResult pastEnd = hub.join(bob.id(), "lobby", 5L, 2).join();
        assertThat(pastEnd.pastEnd()).isTrue();
        assertThat(pastEnd.history().messages()).extracting(ChatMessage::id).containsExactly(2L, 3L);

        assertThat(hub.resume("lobby", 1, 10).join().pastEnd()).isFalse();
        assertThat(hub.resume("lobby", 4, 10).join().pastEnd()).isTrue();
        assertThat(hub.resume("empty", 0, 10).join().pastEnd())
                .as("0 is the start of any room")
                .isFalse();
    }
}
