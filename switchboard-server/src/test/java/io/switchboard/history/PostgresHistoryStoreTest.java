package io.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.model.ChatMessage;
import io.switchboard.testing.PostgresServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresHistoryStoreTest extends HistoryStoreContract {
    private static PostgresServer server;
    private String url;

    /** Skips (or, under CI=true, fails) the whole class here when PostgreSQL is not installed. */
    @BeforeAll
    static void startServer() {
        server = PostgresServer.shared();
    }

    @Override
    protected HistoryStore newStore() {
        url = server.newDatabase();
        return new PostgresHistoryStore(url);
    }

    @AfterEach
    void dropDatabase() {
        store.close();
        server.dropDatabase(url);
    }

    private static NewMessage message(String room, String text, String clientId) {
        return new NewMessage(room, "nick", text, 1234L, clientId);
    }

    @Test
    void twoNodesAppendingToTheSameRoomsGetGaplessDistinctIds() throws Exception {
        int threads = 4;
        int batches = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (PostgresHistoryStore nodeA = new PostgresHistoryStore(url);
                PostgresHistoryStore nodeB = new PostgresHistoryStore(url)) {
            List<Future<List<AppendResult>>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                HistoryStore node = t % 2 == 0 ? nodeA : nodeB;
                Random random = new Random(t);
                work.add(pool.submit(() -> {
                    List<AppendResult> mine = new ArrayList<>();
                    for (int b = 0; b < batches; b++) {
                        // Rooms in both orders inside one batch: lock ordering must keep this deadlock-free.
                        List<NewMessage> batch = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            batch.add(message(random.nextBoolean() ? "r" : "s", "x", null));
                        }
                        mine.addAll(node.appendAll(batch));
                    }
                    return mine;
                }));
            }
            List<AppendResult> all = new ArrayList<>();
            for (Future<List<AppendResult>> f : work) {
                all.addAll(f.get(120, TimeUnit.SECONDS));
            }
            for (String room : List.of("r", "s")) {
                List<Long> ids = new ArrayList<>();
                for (AppendResult r : all) {
                    if (r.message().room().equals(room)) {
                        ids.add(r.message().id());
                    }
                }
                Collections.sort(ids);
                List<Long> expected = new ArrayList<>();
                for (long id = 1; id <= ids.size(); id++) {
                    expected.add(id);
                }
                assertThat(ids).as("ids of room " + room).isEqualTo(expected);
                assertThat(store.after(room, 0, 10_000).messages())
                        .extracting(ChatMessage::id)
                        .isEqualTo(expected);
            }
            assertThat(all).hasSize(threads * batches * 5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameClientIdSentToTwoNodesAtOnceIsStoredOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (PostgresHistoryStore nodeA = new PostgresHistoryStore(url);
                PostgresHistoryStore nodeB = new PostgresHistoryStore(url)) {
            for (int i = 0; i < 30; i++) {
                String clientId = "retry-" + i;
                Future<AppendResult> a = pool.submit(() -> nodeA.append(message("r", "from a", clientId)));
                Future<AppendResult> b = pool.submit(() -> nodeB.append(message("r", "from b", clientId)));
                AppendResult ra = a.get(30, TimeUnit.SECONDS);
                AppendResult rb = b.get(30, TimeUnit.SECONDS);
                assertThat(ra.message()).isEqualTo(rb.message());
                assertThat(ra.duplicate() ^ rb.duplicate())
                        .as("exactly one of them stored it")
                        .isTrue();
            }
            assertThat(store.after("r", 0, 100).messages())
                    .extracting(ChatMessage::id)
                    .hasSize(30)
                    .doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nodesSharingADatabaseShareTheEpochAndDroppingTheSchemaMakesANewOne() {
        store.append(message("a", "one", null));
        String epoch = store.epoch();
        try (PostgresHistoryStore second = new PostgresHistoryStore(url)) {
            assertThat(second.epoch())
                    .as("migrations applied again are a no-op")
                    .isEqualTo(epoch);
            assertThat(second.append(message("a", "two", null)).message().id()).isEqualTo(2);
        }
        store.close();
        server.dropDatabase(url);
        server.admin("CREATE DATABASE " + url.substring(url.lastIndexOf('/') + 1));

        store = new PostgresHistoryStore(url);
        assertThat(store.epoch()).isNotEqualTo(epoch);
        assertThat(store.append(message("a", "fresh", null)).message().id()).isEqualTo(1);
    }

    @Test
    void jdbcUrlsAreAcceptedToo() {
        try (PostgresHistoryStore viaJdbc = new PostgresHistoryStore("jdbc:" + url)) {
            assertThat(viaJdbc.epoch()).isEqualTo(store.epoch());
        }
    }

    @Test
    void nulCharactersAreStoredAsReplacementCharacters() {
        AppendResult r = store.append(message("a", "be\0fore", null));
        assertThat(r.message().text()).isEqualTo("be\uFFFDfore");
        assertThat(store.after("a", 0, 1).messages()).containsExactly(r.message());
    }

    @Test
    void connectionUrlCarriesDecodedCredentials() {
        PostgresHistoryStore.ConnectionSpec spec = PostgresHistoryStore.ConnectionSpec.parse(
                "postgresql://chat:p%40ss+word@db.example:6432/switchboard?sslmode=require");
        assertThat(spec.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/switchboard?sslmode=require");
        assertThat(spec.user()).isEqualTo("chat");
        assertThat(spec.password()).isEqualTo("p@ss+word");

        PostgresHistoryStore.ConnectionSpec bare = PostgresHistoryStore.ConnectionSpec.parse("jdbc:postgresql://h/db");
        assertThat(bare.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
        assertThat(bare.user()).isNull();
        assertThatThrownBy(() -> PostgresHistoryStore.ConnectionSpec.parse("mysql://h/db"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
