package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterFlagsTest {
    private static final String PG = "postgresql://sb@127.0.0.1:5432/chat";

    @Test
    void withoutRedisTheNodeRunsAlone() {
        assertThat(ClusterFlags.checked(null, "sqlite")).isNull();
        assertThat(ClusterFlags.checked("", "sqlite")).isNull();
    }

    @Test
    void aRedisUrlWithASharedPostgresqlHistoryIsAccepted() {
        assertThat(ClusterFlags.checked("redis://127.0.0.1:6379", PG)).isEqualTo("redis://127.0.0.1:6379");
        assertThat(ClusterFlags.checked("rediss://:pw@cache.example:6380/2", PG))
                .isEqualTo("rediss://:pw@cache.example:6380/2");
    }

    @Test
    void redisWithThePerNodeSqliteStoreIsRefusedBecauseIdsWouldFork() {
        assertThatThrownBy(() -> ClusterFlags.checked("redis://127.0.0.1:6379", "sqlite"))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("--redis needs a history shared by every node: --database postgresql://")
                .hasMessageContaining("--database sqlite");
        assertThatThrownBy(() -> ClusterFlags.checked("redis://127.0.0.1:6379", "memory"))
                .hasMessageContaining("--database memory");
    }

    @Test
    void aUrlThatIsNotRedisNamesTheFlagAndHidesThePassword() {
        assertThatThrownBy(() -> ClusterFlags.checked("http://:secret@host:6379", PG))
                .isInstanceOf(StartupException.class)
                .hasMessage("--redis must start with redis:// or rediss://, got http://***@host:6379");
        assertThatThrownBy(() -> ClusterFlags.checked("redis:///0", PG))
                .hasMessageStartingWith("--redis names no host");
    }
}
