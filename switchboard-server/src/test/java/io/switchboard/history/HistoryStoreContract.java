package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link HistoryStore} contract; every implementation's test extends this class. */
public abstract class HistoryStoreContract {
    protected HistoryStore store;

    protected abstract HistoryStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private AppendResult append(String room, String text, String clientId) {
        return store.append(new NewMessage(room, "nick", text, 1234L, clientId));
    }

    @Test
    void anOpenStoreAnswersAPing() {
        store.ping();
        append("a", "1", null);
        store.ping();
    }

    @Test
    void idsStartAtOneAndIncreasePerRoom() {
        assertThat(append("a", "1", null).message().id()).isEqualTo(1);
        assertThat(append("a", "2", null).message().id()).isEqualTo(2);
        assertThat(append("b", "1", null).message().id()).isEqualTo(1);
    }

    @Test
    void storedMessageKeepsEveryField() {
        ChatMessage m = append("a", "hello", "c-1").message();
        assertThat(m).isEqualTo(new ChatMessage(1, "a", "nick", "hello", 1234L, "c-1"));
        assertThat(store.after("a", 0, 10).messages()).containsExactly(m);
    }

    @Test
    void repeatedClientIdStoresNothingAndReturnsTheEarlierMessage() {
        AppendResult first = append("a", "x", "k");
        AppendResult again = append("a", "different text", "k");
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(store.after("a", 0, 10).messages()).hasSize(1);
        assertThat(append("b", "x", "k").duplicate())
                .as("client ids are per room")
                .isFalse();
    }

    private AppendResult appendAs(String sender, String room, String text, String clientId) {
        return store.append(new NewMessage(room, "same-nick", text, 1234L, clientId, sender));
    }

    @Test
    void aClientIdIsScopedToItsSenderSoAnotherSenderReusingItGetsItsOwnMessageStored() {
        AppendResult alice = appendAs("p-alice", "a", "from alice", "k");
        AppendResult bob = appendAs("p-bob", "a", "from bob", "k");
        assertThat(bob.duplicate()).isFalse();
        assertThat(bob.message().text()).isEqualTo("from bob");
        assertThat(bob.message().id()).isNotEqualTo(alice.message().id());
        assertThat(store.after("a", 0, 10).messages())
                .extracting(ChatMessage::text)
                .containsExactly("from alice", "from bob");
    }

    @Test
    void eachSenderRepeatingASharedClientIdGetsItsOwnEarlierMessageBack() {
        ChatMessage alice = appendAs("p-alice", "a", "from alice", "k").message();
        ChatMessage bob = appendAs("p-bob", "a", "from bob", "k").message();
        AppendResult aliceAgain = appendAs("p-alice", "a", "retry", "k");
        AppendResult bobAgain = appendAs("p-bob", "a", "retry", "k");
        assertThat(aliceAgain.duplicate()).isTrue();
        assertThat(aliceAgain.message()).isEqualTo(alice);
        assertThat(bobAgain.duplicate()).isTrue();
        assertThat(bobAgain.message()).isEqualTo(bob);
        assertThat(store.after("a", 0, 10).messages()).hasSize(2);
    }

    @Test
    void theSenderIsStoredWithTheMessage() {
        ChatMessage m = appendAs("p-alice", "a", "hello", "c-1").message();
        assertThat(m).isEqualTo(new ChatMessage(1, "a", "same-nick", "hello", 1234L, "c-1", "p-alice"));
        assertThat(store.after("a", 0, 10).messages()).containsExactly(m);
    }

    @Test
    void aBatchResolvesDuplicatesPerSender() {
        List<AppendResult> results = store.appendAll(List.of(
                new NewMessage("a", "n", "1", 1, "k", "p-alice"),
                new NewMessage("a", "n", "2", 1, "k", "p-bob"),
                new NewMessage("a", "n", "3", 1, "k", "p-alice")));
        assertThat(results).extracting(AppendResult::duplicate).containsExactly(false, false, true);
        assertThat(results).extracting(r -> r.message().text()).containsExactly("1", "2", "1");
    }

    @Test
    void afterReturnsTheOldestPageAboveTheId() {
        for (int i = 1; i <= 10; i++) {
            append("a", "m" + i, null);
        }
        HistoryPage page = store.after("a", 3, 4);
        assertThat(page.messages()).extracting(ChatMessage::id).containsExactly(4L, 5L, 6L, 7L);
        assertThat(page.more()).isTrue();
        assertThat(store.after("a", 7, 4).more()).isFalse();
        assertThat(store.after("a", 10, 4).messages()).isEmpty();
    }

    @Test
    void beforeReturnsTheNewestPageBelowTheIdOldestFirst() {
        for (int i = 1; i <= 10; i++) {
            append("a", "m" + i, null);
        }
        HistoryPage page = store.before("a", 8, 3);
        assertThat(page.messages()).extracting(ChatMessage::id).containsExactly(5L, 6L, 7L);
        assertThat(page.more()).isTrue();
        assertThat(store.before("a", 3, 5).messages())
                .extracting(ChatMessage::id)
                .containsExactly(1L, 2L);
        assertThat(store.before("a", 3, 5).more()).isFalse();
    }

    @Test
    void latestReturnsTheLastMessages() {
        for (int i = 1; i <= 5; i++) {
            append("a", "m" + i, null);
        }
        assertThat(store.latest("a", 2).messages())
                .extracting(ChatMessage::text)
                .containsExactly("m4", "m5");
        assertThat(store.latest("a", 2).more()).isTrue();
        assertThat(store.latest("a", 0).messages()).isEmpty();
    }

    @Test
    void batchIsStoredInOrderWithDuplicatesInsideItResolved() {
        List<AppendResult> results = store.appendAll(List.of(
                new NewMessage("a", "n", "1", 1, "k1"),
                new NewMessage("b", "n", "2", 1, null),
                new NewMessage("a", "n", "3", 1, "k1"),
                new NewMessage("a", "n", "4", 1, null)));
        assertThat(results).extracting(r -> r.message().id()).containsExactly(1L, 1L, 1L, 2L);
        assertThat(results).extracting(AppendResult::duplicate).containsExactly(false, false, true, false);
        assertThat(store.after("a", 0, 10).messages())
                .extracting(ChatMessage::text)
                .containsExactly("1", "4");
    }

    @Test
    void epochIsStableForTheStore() {
        assertThat(store.epoch()).isNotBlank().isEqualTo(store.epoch());
    }

    @Test
    void retentionKeepsTheNewestMessagesPerRoomAndNeverReusesIds() {
        for (int i = 1; i <= 10; i++) {
            append("a", "m" + i, null);
        }
        append("b", "only", null);
        assertThat(store.enforceRetention(new Retention(3, Duration.ZERO), 0)).isEqualTo(7);
        assertThat(store.after("a", 0, 100).messages())
                .extracting(ChatMessage::id)
                .containsExactly(8L, 9L, 10L);
        assertThat(store.after("b", 0, 100).messages()).hasSize(1);
        assertThat(append("a", "next", null).message().id()).isEqualTo(11);
    }

    @Test
    void retentionDropsMessagesOlderThanTheMaximumAge() {
        store.append(new NewMessage("a", "n", "old", 1_000, null));
        store.append(new NewMessage("a", "n", "new", 9_000, null));
        assertThat(store.enforceRetention(new Retention(0, Duration.ofSeconds(5)), 10_000))
                .isEqualTo(1);
        assertThat(store.after("a", 0, 10).messages())
                .extracting(ChatMessage::text)
                .containsExactly("new");
    }

    @Test
    void lastIdIsTheHighestIdGivenOutEvenAfterRetentionDeletedIt() {
        assertThat(store.lastId("a")).isZero();
        for (int i = 1; i <= 3; i++) {
            append("a", "m" + i, null);
        }
        append("b", "only", null);
        assertThat(store.lastId("a")).isEqualTo(3);
        store.enforceRetention(new Retention(0, Duration.ofSeconds(1)), 1_000_000);
        assertThat(store.after("a", 0, 10).messages()).isEmpty();
        assertThat(store.lastId("a")).isEqualTo(3);
        assertThat(store.lastId("b")).isEqualTo(1);
    }

    @Test
    void unknownRoomReadsAsEmpty() {
        assertThat(store.after("nobody", 0, 10).messages()).isEmpty();
        assertThat(store.latest("nobody", 10).more()).isFalse();
    }
}
