package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.InMemoryBroker;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.model.HubEvent;
import io.switchboard.model.HubEvent.PresenceKind;
import io.switchboard.model.Member;
import io.switchboard.testing.ManualScheduler;
import io.switchboard.testing.RecordingSession;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handover grace of {@link Hub#disconnected} (issue #9): a page that switches transport or reloads
 * closes its connection before the next one joins, and the others must not see it leave and come back.
 * Time is the {@link ManualScheduler}'s.
 */
class HubHandoverTest {
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final ManualScheduler scheduler = new ManualScheduler();
    private Hub hub;
    private RecordingSession bob;
    private RecordingSession aliceOverWebSocket;
    private final Member alice = new Member(MemberIds.of("tab-1"), "alice");

    @BeforeEach
    void setUp() {
        hub = new Hub(new InMemoryHistoryStore(100), new InMemoryBroker(), Clock.systemUTC(), scheduler, GRACE);
        bob = new RecordingSession("s-bob");
        aliceOverWebSocket = new RecordingSession("s-alice-ws");
        hub.register(bob, "bob");
        hub.register(aliceOverWebSocket, "alice", "tab-1");
        hub.join(bob.id(), "lobby", null, 1).join();
        hub.join(aliceOverWebSocket.id(), "lobby", null, 1).join();
        settle();
        bob.drain();
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    /** Waits until every storage task queued so far, and what it published, has run. */
    private void settle() {
        hub.historyAfter("none", 0, 1).join();
    }

    private List<PresenceKind> presenceBobSaw() {
        settle();
        return bob.drain().stream()
                .filter(HubEvent.PresenceChanged.class::isInstance)
                .map(e -> ((HubEvent.PresenceChanged) e).kind())
                .toList();
    }

    @Test
    void aClosedClientIdMemberStaysListedWithNoLeaveUntilTheGraceEnds() {
        hub.disconnected(aliceOverWebSocket.id());

        assertThat(hub.members("lobby")).containsExactly(new Member(bob.id(), "bob"), alice);
        assertThat(presenceBobSaw()).isEmpty();
        scheduler.advance(GRACE.minusMillis(1));
        assertThat(hub.members("lobby")).contains(alice);
        assertThat(presenceBobSaw()).isEmpty();

        scheduler.advance(Duration.ofMillis(1));
        assertThat(hub.members("lobby")).containsExactly(new Member(bob.id(), "bob"));
        assertThat(presenceBobSaw()).containsExactly(PresenceKind.LEAVE);
        assertThat(hub.sessionCount()).isEqualTo(1);
    }

    @Test
    void theSameSessionBackWithinTheGraceReceivesAgainAndNobodySeesItLeave() {
        // a recovered Socket.IO socket registers again under its old session id
        hub.disconnected(aliceOverWebSocket.id());
        RecordingSession recovered = new RecordingSession("s-alice-ws");
        hub.register(recovered, "alice", "tab-1");
        hub.join(recovered.id(), "lobby", null, 1).join();

        assertThat(presenceBobSaw()).as("no leave, no join").isEmpty();
        assertThat(scheduler.pendingCount()).as("the grace's timer cancelled").isZero();
        hub.post(bob.id(), "bob", "lobby", "after the recovery", null).join();
        settle();
        assertThat(recovered.drain())
                .filteredOn(HubEvent.MessagePosted.class::isInstance)
                .as("the recovered session receives the room again")
                .hasSize(1);
        assertThat(hub.members("lobby")).containsExactly(new Member(bob.id(), "bob"), alice);
    }

    @Test
    void aSessionOfTheSameClientWithinTheGraceTakesTheMemberOverSilently() {
        hub.disconnected(aliceOverWebSocket.id());
        scheduler.advance(GRACE.minusSeconds(1));
        RecordingSession aliceOverSse = new RecordingSession("s-alice-sse");
        hub.register(aliceOverSse, "alice", "tab-1");
        JoinResult joined = hub.join(aliceOverSse.id(), "lobby", null, 1).join();

        assertThat(joined.members()).containsExactly(new Member(bob.id(), "bob"), alice);
        assertThat(presenceBobSaw()).as("no leave, no join").isEmpty();
        scheduler.advance(GRACE.multipliedBy(2));
        assertThat(presenceBobSaw())
                .as("nor a leave when the grace would have ended")
                .isEmpty();
        assertThat(scheduler.pendingCount()).as("the grace's timer cancelled").isZero();
        assertThat(hub.members("lobby")).containsExactly(new Member(bob.id(), "bob"), alice);

        // the new session is the member now: when it goes, the member goes after a grace of its own
        hub.disconnected(aliceOverSse.id());
        scheduler.advance(GRACE);
        assertThat(presenceBobSaw()).containsExactly(PresenceKind.LEAVE);
        assertThat(hub.members("lobby")).containsExactly(new Member(bob.id(), "bob"));
    }

    @Test
    void aTakeOverUnderAnotherNicknameIsOneRename() {
        hub.disconnected(aliceOverWebSocket.id());
        RecordingSession reloaded = new RecordingSession("s-alice-reloaded");
        hub.register(reloaded, "alicia", "tab-1");
        hub.join(reloaded.id(), "lobby", null, 1).join();

        assertThat(presenceBobSaw()).containsExactly(PresenceKind.RENAME);
        assertThat(hub.members("lobby"))
                .containsExactly(new Member(bob.id(), "bob"), new Member(alice.sessionId(), "alicia"));
    }

    @Test
    void aHeldSessionReceivesNothing() {
        hub.disconnected(aliceOverWebSocket.id());
        aliceOverWebSocket.drain();
        hub.post(bob.id(), "bob", "lobby", "anyone there?", "k-1").join();
        settle();

        assertThat(aliceOverWebSocket.drain()).isEmpty();
        assertThat(hub.isMember(aliceOverWebSocket.id(), "lobby")).isFalse();
    }

    @Test
    void aMemberWithoutAClientIdLeavesAtOnce() {
        hub.disconnected(bob.id());

        assertThat(hub.members("lobby")).containsExactly(alice);
        assertThat(scheduler.pendingCount()).isZero();
    }

    @Test
    void anExplicitLeaveIsImmediate() {
        RecordingSession carol = new RecordingSession("s-carol");
        hub.register(carol, "carol", "tab-3");
        hub.join(carol.id(), "lobby", null, 1).join();
        settle();
        bob.drain();

        hub.leave(carol.id(), "lobby");
        assertThat(presenceBobSaw()).containsExactly(PresenceKind.LEAVE);
        hub.disconnected(carol.id());
        assertThat(scheduler.pendingCount()).isZero();
    }

    @Test
    void endingTheGracesForAShutdownPublishesTheLeavesAtOnce() {
        hub.disconnected(aliceOverWebSocket.id());

        hub.endGraces();
        assertThat(bob.drain())
                .extracting(e -> ((HubEvent.PresenceChanged) e).kind())
                .containsExactly(PresenceKind.LEAVE);
        assertThat(scheduler.pendingCount()).isZero();
        assertThat(hub.members("lobby")).containsExactly(new Member(bob.id(), "bob"));
    }
}
