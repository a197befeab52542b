package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.ChatMessage;
import io.switchboard.model.HistoryPage;
import org.junit.jupiter.api.Test;

class InMemoryHistoryStoreTest extends HistoryStoreContract {

    @Override
    protected HistoryStore newStore() {
        return new InMemoryHistoryStore(1000);
    }

    @Test
    void oldestMessagesAreDroppedPastTheCapButIdsKeepIncreasing() {
        InMemoryHistoryStore small = new InMemoryHistoryStore(10);
        for (int i = 1; i <= 25; i++) {
            small.append(new NewMessage("r", "n", "m" + i, 0, "c" + i));
        }
        HistoryPage all = small.after("r", 0, 100);
        assertThat(all.messages().size()).isLessThanOrEqualTo(10);
        assertThat(all.messages().get(all.messages().size() - 1).id()).isEqualTo(25);
        assertThat(small.append(new NewMessage("r", "n", "x", 0, "c1")).duplicate())
                .as("a dropped message's client id is forgotten with it")
                .isFalse();
        assertThat(small.after("r", 0, 100).messages())
                .extracting(ChatMessage::id)
                .contains(26L);
    }
}
