package io.switchboard.socketio.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.switchboard.socketio.SavedSession;
import io.switchboard.testing.RedisServer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session store's generations against a real Redis: two stores stand for two nodes (on one
 * connection, so their commands reach Redis in the order the test makes them).
 */
class RedisSessionStoreIT {
    @AutoClose
    private final RedisServer redis = RedisServer.start();

    private RedisLink link;
    private RedisSessionStore nodeA;
    private RedisSessionStore nodeB;

    @BeforeEach
    void open() {
        link = new RedisLink(RedisClient.create(redis.uri()), true);
        link.retain();
        nodeA = new RedisSessionStore(link, "sb:sio:{/}:s:", "/", Duration.ofSeconds(30));
        nodeB = new RedisSessionStore(link, "sb:sio:{/}:s:", "/", Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        link.release();
    }

    private static SavedSession session(String... rooms) {
        return new SavedSession(
                "pid-1",
                "sid-1",
                "/",
                Set.of(rooms),
                new ConcurrentHashMap<>(Map.of("nick", "ann")),
                Map.of("lobby", 7L),
                "log-a",
                System.nanoTime());
    }

    private SavedSession claim(RedisSessionStore store) throws Exception {
        return store.claim("pid-1").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aLiveSessionIsClaimedOnceAndALateWriteOfTheNodeThatLostItIsRefused() throws Exception {
        nodeA.update(session("sid-1", "lobby"));

        SavedSession onB = claim(nodeB);
        assertThat(onB.sid()).isEqualTo("sid-1");
        assertThat(onB.rooms()).containsExactlyInAnyOrder("sid-1", "lobby");
        assertThat(onB.data()).containsEntry("nick", "ann");
        assertThat(onB.positions()).containsEntry("lobby", 7L);
        assertThat(onB.log()).isEqualTo("log-a");
        // given back once
        assertThat(claim(nodeA)).isNull();

        // node A notices the drop late and saves what it had: an older generation, refused
        nodeA.persist(session("sid-1", "stale"));
        // the recovered socket on B saves its own state: claimable again, with B's rooms
        nodeB.update(session("sid-1", "dev"));
        assertThat(claim(nodeA).rooms()).containsExactlyInAnyOrder("sid-1", "dev");
    }

    @Test
    void aSocketThatLeftForGoodLeavesNothingToRecover() throws Exception {
        nodeA.update(session("sid-1"));
        nodeA.end("pid-1");

        assertThat(claim(nodeB)).isNull();
        assertThat(redis.command("EXISTS", "sb:sio:{/}:s:pid-1").trim()).isEqualTo("0");
    }

    @Test
    void aSavedSessionHasAnExpiry() throws Exception {
        nodeA.persist(session("sid-1"));
        claim(nodeB); // a round trip: the write before it is done

        long ttl = Long.parseLong(redis.command("PTTL", "sb:sio:{/}:s:pid-1").trim());
        assertThat(ttl).isPositive().isLessThanOrEqualTo(30_000);
    }
}
