package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.RecordingSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class RecipientGroupsTest {
    private final Executor loopA = r -> {};
    private final Executor loopB = r -> {};

    @Test
    void joinsAndLeavesInAnyOrderKeepEverySessionExactlyOnceInItsExecutorsGroup() {
        Random random = new Random(12);
        List<RecordingSession> present = new ArrayList<>();
        RecipientGroups groups = RecipientGroups.EMPTY;
        int next = 0;
        for (int step = 0; step < 5_000; step++) {
            if (present.isEmpty() || random.nextInt(10) < 6) {
                RecordingSession s = new RecordingSession("s-" + next++, next % 3 == 0 ? loopB : loopA);
                groups = groups.with(s);
                present.add(s);
            } else {
                RecordingSession s = present.remove(random.nextInt(present.size()));
                groups = groups.without(s);
            }
            if (step % 97 == 0) {
                assertSameSessions(groups, present);
            }
        }
        assertSameSessions(groups, present);
    }

    @Test
    void aSessionNotInTheSnapshotLeavesItUnchanged() {
        RecipientGroups groups = RecipientGroups.EMPTY.with(new RecordingSession("s-1", loopA));

        assertThat(groups.without(new RecordingSession("s-2", loopA))).isSameAs(groups);
        assertThat(groups.without(new RecordingSession("s-3", loopB))).isSameAs(groups);
    }

    @Test
    void theLastSessionToLeaveTakesItsExecutorsGroupAlong() {
        RecordingSession only = new RecordingSession("s-1", loopA);
        RecipientGroups groups = RecipientGroups.EMPTY.with(only).without(only);

        assertThat(groups.groups()).isEmpty();
        assertThat(groups.size()).isZero();
    }

    /** Issue #12: 10,000 joins of one room copied 10,000 × 5,000 references; now a chunk each. */
    @Test
    void aJoinOrLeaveCopiesAtMostTwoChunksAndSharesTheRest() {
        RecipientGroups groups = RecipientGroups.EMPTY;
        List<RecordingSession> sessions = new ArrayList<>();
        for (int i = 0; i < 10 * RecipientGroups.CHUNK + 7; i++) {
            RecordingSession s = new RecordingSession("s-" + i, loopA);
            sessions.add(s);
            groups = groups.with(s);
        }
        RecipientGroups joined = groups.with(new RecordingSession("s-new", loopA));
        assertThat(changedChunks(groups, joined)).isEqualTo(1);

        RecipientGroups left = joined.without(sessions.get(3));
        assertThat(changedChunks(joined, left)).isEqualTo(2);
    }

    private static int changedChunks(RecipientGroups before, RecipientGroups after) {
        Session[][] a = before.groups().get(0).chunks();
        Session[][] b = after.groups().get(0).chunks();
        int changed = Math.abs(a.length - b.length);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                changed++;
            }
        }
        return changed;
    }

    private static void assertSameSessions(RecipientGroups groups, List<RecordingSession> expected) {
        Map<Session, Integer> seen = new IdentityHashMap<>();
        for (RecipientGroups.Group g : groups.groups()) {
            int count = 0;
            for (Session[] chunk : g.chunks()) {
                assertThat(chunk).isNotEmpty().doesNotContainNull();
                for (Session s : chunk) {
                    assertThat(s.executor()).isSameAs(g.executor());
                    seen.merge(s, 1, Integer::sum);
                    count++;
                }
            }
            assertThat(count).isEqualTo(g.size());
            for (int i = 0; i < g.chunks().length - 1; i++) {
                assertThat(g.chunks()[i]).hasSize(RecipientGroups.CHUNK);
            }
        }
        assertThat(seen.values()).allMatch(n -> n == 1);
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(groups.size()).isEqualTo(expected.size());
        assertThat(Arrays.asList(groups.groups().stream()
                        .map(RecipientGroups.Group::executor)
                        .toArray()))
                .doesNotHaveDuplicates();
    }
}
