package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.history.HistoryStore;
import io.switchboard.history.HistoryStoreException;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.history.NewMessage;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HubEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The per-room id order a node delivers in, local and remote messages alike, without Redis. */
class RoomOrderTest {
    private static final String ROOM = "lobby";

    private final InMemoryHistoryStore store = new InMemoryHistoryStore(100_000);
    /** While set, the order's reads of the range after a position fail, as a store that is down. */
    private final AtomicBoolean failing = new AtomicBoolean();
    /** The store the order reads: the in-memory one, whose range reads fail while {@link #failing}. */
    private final HistoryStore reads = (HistoryStore) Proxy.newProxyInstance(
            HistoryStore.class.getClassLoader(), new Class<?>[] {HistoryStore.class}, (proxy, method, args) -> {
                if (failing.get() && method.getName().equals("after")) {
                    throw new HistoryStoreException("store down", null);
                }
                try {
                    return method.invoke(store, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });

    private final List<Long> delivered = new ArrayList<>();
    private final Set<String> local = new HashSet<>(Set.of(ROOM));
    private int filled;
    private final RoomOrder order =
            new RoomOrder(reads, e -> delivered.add(e.message().id()), local::contains, () -> filled++);

    /** Stores {@code n} messages (as another node would) and returns them. */
    private List<ChatMessage> store(int n) {
        List<ChatMessage> stored = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            stored.add(store.append(new NewMessage(ROOM, "ann", "m", 0, null, null))
                    .message());
        }
        return stored;
    }

    private static HubEvent.MessagePosted posted(ChatMessage m) {
        return new HubEvent.MessagePosted(m, null);
    }

    @Test
    void theNextIdIsDeliveredAtOnce() {
        order.joining(ROOM, true, null);
        List<ChatMessage> m = store(2);
        order.offer(posted(m.get(0)));
        order.offer(posted(m.get(1)));
        assertThat(delivered).containsExactly(1L, 2L);
        assertThat(filled).isZero();
    }

    @Test
    void aDuplicateIsDropped() {
        order.joining(ROOM, true, null);
        List<ChatMessage> m = store(1);
        order.offer(posted(m.get(0)));
        order.offer(posted(m.get(0)));
        assertThat(delivered).containsExactly(1L);
    }

    @Test
    void aGapIsFilledFromTheStoreBeforeTheMessageThatRevealedIt() {
        store(3);
        order.joining(ROOM, true, null);
        List<ChatMessage> m = store(4); // ids 4..7; the broker lost 4..6
        order.offer(posted(m.get(3)));
        assertThat(delivered).containsExactly(4L, 5L, 6L, 7L);
        assertThat(filled).isEqualTo(3);
        assertThat(order.cursor(ROOM)).isEqualTo(7L);
    }

    @Test
    void aLateMessageAfterItsGapWasFilledIsDropped() {
        order.joining(ROOM, true, null);
        List<ChatMessage> m = store(3);
        order.offer(posted(m.get(2))); // 3 overtook 1 and 2 (another node's publish)
        order.offer(posted(m.get(0)));
        order.offer(posted(m.get(1)));
        assertThat(delivered).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aRoomWithoutLocalMembersDropsItsMessagesAndStartsAfreshOnTheNextJoin() {
        order.joining(ROOM, true, null);
        List<ChatMessage> m = store(2);
        order.offer(posted(m.get(0)));
        local.remove(ROOM);
        order.offer(posted(m.get(1)));
        assertThat(order.cursor(ROOM)).isNull();
        store(5);
        local.add(ROOM);
        assertThat(order.joining(ROOM, true, null)).isEqualTo(7L);
        List<ChatMessage> next = store(1);
        order.offer(posted(next.get(0)));
        assertThat(delivered)
                .as("nothing from before the join is delivered live")
                .containsExactly(1L, 8L);
    }

    @Test
    void aCheckDeliversWhatTheStoreHoldsPastTheCursor() {
        order.joining(ROOM, true, null);
        store(3); // published while the broker was away
        order.check(ROOM);
        assertThat(delivered).containsExactly(1L, 2L, 3L);
        order.check(ROOM);
        assertThat(delivered).as("a second check finds nothing new").hasSize(3);
    }

    @Test
    void aJoinResumingPastTheCursorCatchesTheRoomUpFirst() {
        order.joining(ROOM, true, null);
        store(4); // the client saw 1..4 on another node; none reached this one yet
        assertThat(order.joining(ROOM, false, 4L)).isEqualTo(4L);
        assertThat(delivered).as("the members already here get them").containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aJoinOfARoomAlreadyFollowedKeepsItsCursor() {
        order.joining(ROOM, true, null);
        store(2);
        assertThat(order.joining(ROOM, false, null)).isZero();
        assertThat(delivered).isEmpty();
    }

    @Test
    void aLongGapIsFilledWithEveryMessageInIt() {
        order.joining(ROOM, true, null);
        List<ChatMessage> m = store(12_345);
        order.offer(posted(m.get(m.size() - 1)));
        assertThat(delivered).isEqualTo(ids(1, 12_345));
        assertThat(filled).isEqualTo(12_344);
    }

    @Test
    void whenTheStoreCannotFillAGapNothingAfterItIsDeliveredUntilItIsFilled() {
        failing.set(true);
        order.joining(ROOM, true, null);
        List<ChatMessage> m = store(3);
        order.offer(posted(m.get(2)));
        assertThat(delivered)
                .as("message 3 is held back, not delivered past the gap")
                .isEmpty();

        failing.set(false);
        ChatMessage fourth = store(1).get(0);
        order.offer(posted(fourth));
        assertThat(delivered).isEqualTo(ids(1, 4));
    }

    private static List<Long> ids(long first, long last) {
        List<Long> ids = new ArrayList<>();
        for (long id = first; id <= last; id++) {
            ids.add(id);
        }
        return ids;
    }
}
