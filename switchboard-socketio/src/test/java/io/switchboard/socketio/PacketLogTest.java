package io.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.socketio.internal.protocol.socketio.EncodedSocketPacket;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PacketLogTest {
    private static final long SECOND = 1_000_000_000L;

    private static EncodedSocketPacket packet(String text) {
        return new EncodedSocketPacket(text, List.of());
    }

    private static List<Long> seqs(List<PacketLog.Entry> entries) {
        return entries.stream().map(PacketLog.Entry::seq).toList();
    }

    @Test
    void replaysWhatReachedTheSocketsRoomsAfterItsPosition() {
        PacketLog log = new PacketLog(60 * SECOND, 100);
        log.append(Set.of("a"), Set.of(), packet("1"), 0);
        log.append(Set.of("b"), Set.of(), packet("2"), 0);
        log.append(Set.of(), Set.of(), packet("3"), 0);
        log.append(Set.of("a"), Set.of("sid"), packet("4"), 0);
        log.append(Set.of("a", "b"), Set.of(), packet("5"), 0);
        assertThat(log.head()).isEqualTo(5);

        assertThat(seqs(log.after(0, Set.of("sid", "a"), 0))).containsExactly(1L, 3L, 5L);
        assertThat(seqs(log.after(1, Set.of("other", "a"), 0))).containsExactly(3L, 4L, 5L);
        assertThat(seqs(log.after(5, Set.of("a"), 0))).isEmpty();
    }

    @Test
    void refusesPositionsItNoLongerCoversOrNeverHandedOut() {
        PacketLog log = new PacketLog(10 * SECOND, 3);
        for (int i = 1; i <= 5; i++) {
            log.append(Set.of(), Set.of(), packet(String.valueOf(i)), 0);
        }
        // the bound kept 3..5: a socket at 2 misses nothing kept is gone; at 1 it would miss 2
        assertThat(seqs(log.after(2, Set.of(), 0))).containsExactly(3L, 4L, 5L);
        assertThat(log.after(1, Set.of(), 0)).isNull();
        assertThat(log.after(6, Set.of(), 0)).isNull();

        // after the retention nothing is kept: only a socket that had everything can go on
        assertThat(log.after(5, Set.of(), 11 * SECOND)).isEmpty();
        assertThat(log.after(4, Set.of(), 11 * SECOND)).isNull();
        assertThat(log.size()).isZero();
    }
}
