package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.Broker;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.history.NewMessage;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HubEvent;
import io.switchboard.testing.RecordingSession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub with a broker that brings other nodes' events, as a cluster's does, over a store the
 * "other node" writes to directly: the hub delivers each room's messages in id order, once, filling
 * gaps from the store, and declares its interest in rooms. No Redis.
 */
class HubRemoteOrderTest {
    /** A broker whose remote side the test plays: it calls the subscriber as Redis's I/O thread would. */
    private static final class RemoteBroker implements Broker {
        volatile Consumer<HubEvent> subscriber;
        volatile Consumer<String> gapCheck;
        final List<String> interest = new CopyOnWriteArrayList<>();

        @Override
        public void subscribe(Consumer<HubEvent> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void onPossibleGap(Consumer<String> roomCheck) {
            this.gapCheck = roomCheck;
        }

        @Override
        public void interest(String room, boolean interested) {
            interest.add((interested ? "+" : "-") + room);
        }

        @Override
        public void publish(HubEvent event) {
            subscriber.accept(event); // this node's own events come back at once
        }

        @Override
        public void close() {}
    }

    private final InMemoryHistoryStore store = new InMemoryHistoryStore(1000);
    private final RemoteBroker broker = new RemoteBroker();
    private Hub hub;
    private final RecordingSession alice = new RecordingSession("s-alice");
    private final RecordingSession bob = new RecordingSession("s-bob");

    @BeforeEach
    void setUp() {
        hub = new Hub(store, broker, Clock.systemUTC());
        hub.register(alice, "alice");
        hub.register(bob, "bob");
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    private void settle() {
        hub.storageBarrier().join();
    }

    /** Stores a message as another node would: in the shared store, not through this hub. */
    private ChatMessage storedElsewhere(String text) {
        return store.append(new NewMessage("lobby", "zoe", text, 0, null, null)).message();
    }

    /** A remote message arriving from the broker's thread. */
    private void arrives(ChatMessage m) {
        broker.subscriber.accept(new HubEvent.MessagePosted(m, null));
    }

    private static List<Long> messageIds(RecordingSession s) {
        List<Long> ids = new ArrayList<>();
        for (HubEvent e : s.drain()) {
            if (e instanceof HubEvent.MessagePosted p) {
                ids.add(p.message().id());
            }
        }
        return ids;
    }

    @Test
    void aRemoteMessagePastAGapBringsTheMissingOnesFromTheStoreFirst() {
        hub.join(alice.id(), "lobby", null, 50).join();
        ChatMessage one = storedElsewhere("one");
        storedElsewhere("two");
        ChatMessage three = storedElsewhere("three");
        arrives(three);
        arrives(one); // late: already filled
        settle();
        assertThat(messageIds(alice)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void localAndRemoteMessagesInterleaveInIdOrder() {
        hub.join(alice.id(), "lobby", null, 50).join();
        ChatMessage remote = storedElsewhere("remote");
        long local = hub.post(bob.id(), "bob", "lobby", "local", null)
                .join()
                .message()
                .id();
        arrives(remote); // the other node's publish overtaken by this node's own
        settle();
        assertThat(messageIds(alice)).containsExactly(remote.id(), local);
    }

    @Test
    void aJoinersHistoryEndsWhereTheRoomIsSoTheRestComesLiveOnce() {
        hub.join(alice.id(), "lobby", null, 50).join();
        storedElsewhere("stored, not yet here");
        JoinResult joined = hub.join(bob.id(), "lobby", null, 50).join();
        assertThat(joined.history().messages()).isEmpty();
        ChatMessage next = storedElsewhere("next");
        arrives(next);
        settle();
        assertThat(messageIds(bob)).containsExactly(1L, 2L);
        assertThat(messageIds(alice)).containsExactly(1L, 2L);
    }

    @Test
    void aPossibleGapMakesTheHubReadWhatTheStoreHolds() {
        hub.join(alice.id(), "lobby", null, 50).join();
        storedElsewhere("published while the broker was away");
        broker.gapCheck.accept("lobby");
        settle();
        assertThat(messageIds(alice)).containsExactly(1L);
    }

    @Test
    void theBrokerHearsOfARoomsFirstAndLastLocalSession() {
        hub.join(alice.id(), "lobby", null, 50).join();
        hub.join(bob.id(), "lobby", null, 50).join();
        hub.leave(alice.id(), "lobby");
        hub.leave(bob.id(), "lobby");
        assertThat(broker.interest).containsExactly("+lobby", "-lobby");
    }
}
