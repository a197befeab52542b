package io.switchboard.loadtool.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientSpreadTest {

    @Test
    void clientsGoToTheServersInTurn() {
        assertThat(List.of(0, 1, 2, 3, 4, 5, 6).stream()
                        .map(i -> ClientSpread.targetOf(i, 3))
                        .toList())
                .containsExactly(0, 1, 2, 0, 1, 2, 0);
        assertThat(ClientSpread.targetOf(41, 1)).isZero();
    }

    @Test
    void aThousandClientsOnThreeNodesDifferByAtMostOne() {
        assertThat(ClientSpread.counts(1000, 3)).containsExactly(334, 333, 333);
        assertThat(ClientSpread.counts(1000, 1)).containsExactly(1000);
    }

    @Test
    void withoutASenderCountEveryClientSends() {
        List<String> all = List.of("a1", "b1", "c1", "a2");

        assertThat(ClientSpread.senders(all, List.of("a1", "a2"), 0)).isSameAs(all);
    }

    @Test
    void sendersAreTheFirstClientsOfTheFirstServer() {
        List<String> all = List.of("a1", "b1", "c1", "a2", "b2", "c2", "a3");

        assertThat(ClientSpread.senders(all, List.of("a1", "a2", "a3"), 2)).containsExactly("a1", "a2");
    }

    @Test
    void moreSendersThanTheFirstServerHasIsAnError() {
        assertThatThrownBy(() -> ClientSpread.senders(List.of("a1", "b1"), List.of("a1"), 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only 1 clients are open on the first server");
        assertThatThrownBy(() -> ClientSpread.targetOf(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
