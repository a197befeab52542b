package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.history.AppendResult;
import io.switchboard.history.ForwardingHistoryStore;
import io.switchboard.history.InMemoryHistoryStore;
import io.switchboard.history.NewMessage;
import io.switchboard.metrics.SwitchboardMetrics;
import io.switchboard.model.HistoryPage;
import io.switchboard.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The storage thread's admission control on a driven clock: a store that costs exactly one
 * millisecond of that clock per message, and a gate the test closes to hold the storage thread
 * inside a commit while it offers more than the bound. No wall-clock time is asserted.
 */
class StorageAdmissionTest {
    private static final long COST_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Duration MAX_WAIT = Duration.ofSeconds(2);
    private static final String ROOM = "flood";

    /** The driven clock: it moves only when the store stores. */
    private final AtomicLong clock = new AtomicLong();

    private final SlowStore store = new SlowStore(null);
    private final StorageSequencer storage =
            new StorageSequencer(store, 65_536, MAX_WAIT, SwitchboardMetrics.detached(), new HubStats(), clock::get);
    /** The driven time at which each stored message's after-store step (its publishing) ran, by text. */
    private final ConcurrentHashMap<String, Long> published = new ConcurrentHashMap<>();

    /**
     * Stores in memory, first waiting for the gate while one is set, and charges the driven clock;
     * keeps the size of every batch it was given.
     */
    private final class SlowStore extends ForwardingHistoryStore {
        volatile CountDownLatch gate;
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        private final Duration assumedCost;

        SlowStore(Duration assumedCost) {
            super(new InMemoryHistoryStore(100_000));
            this.assumedCost = assumedCost;
        }

        @Override
        public Optional<Duration> assumedAppendCost() {
            return Optional.ofNullable(assumedCost);
        }

        @Override
        public List<AppendResult> appendAll(List<NewMessage> messages) {
            calls.incrementAndGet();
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            batchSizes.add(messages.size());
            clock.addAndGet(COST_NANOS * messages.size());
            return delegate.appendAll(messages);
        }
    }

    @AfterEach
    void tearDown() {
        CountDownLatch g = store.gate;
        if (g != null) {
            g.countDown();
        }
        storage.close();
    }

    private CompletableFuture<AppendResult> send(String text) {
        Consumer<AppendResult> publish = r -> published.put(r.message().text(), clock.get());
        return storage.append(new NewMessage(ROOM, "ann", text, 0, null, null), publish);
    }

    private static boolean refusedBusy(CompletableFuture<?> f) {
        if (!f.isCompletedExceptionally()) {
            return false;
        }
        Throwable failure = f.handle((v, t) -> t).join();
        return failure.getCause() instanceof StorageUnavailableException e && e.isBusy();
    }

    /** Stores {@code n} messages one at a time: the thread learns the store's cost per message. */
    private void warmUp(int n) {
        for (int i = 0; i < n; i++) {
            send("warm-" + i).join();
        }
        barrier();
    }

    /** Waits until the storage thread is through everything before it, its bookkeeping included. */
    private void barrier() {
        storage.call(() -> null).join();
    }

    @Test
    void beforeAnyMeasurementOneBatchIsAdmitted() {
        assertThat(storage.admitLimit()).isEqualTo(StorageSequencer.MIN_ADMITTED);
    }

    @Test
    void beforeAnyMeasurementTheStoresAssumedCostSetsTheBoundUntilMeasurementsOutweighIt() {
        SlowStore assuming = new SlowStore(Duration.ofNanos(COST_NANOS / 2));
        try (StorageSequencer s = new StorageSequencer(
                assuming, 65_536, MAX_WAIT, SwitchboardMetrics.detached(), new HubStats(), clock::get)) {
            // 2 s at the assumed 0.5 ms per message
            assertThat(s.admitLimit()).isBetween(3999, 4000);
            // the estimate keeps 0.9 per 512 messages: 10,240 of them leave the assumption 12 % of 512
            for (int i = 0; i < 10_240; i++) {
                s.append(new NewMessage(ROOM, "ann", "m-" + i, 0, null, null), r -> {})
                        .join();
            }
            s.call(() -> null).join();
            // the store really costs 1 ms per message: its batches have outweighed the assumption
            assertThat(s.admitLimit()).isBetween(2000, 2030);
        }
    }

    @Test
    void theBoundIsWhatTheMeasuredStoreGetsThroughWithinTheMaximumWait() {
        warmUp(10);

        // 2 s at 1 ms per message (the float ratio may round a hair either way)
        assertThat(storage.admitLimit()).isBetween(1999, 2000);
    }

    @Test
    void pastTheBoundSendsAreRefusedAtOnceAndAcceptedOnesAreAnsweredWithinIt() {
        warmUp(10);
        int limit = storage.admitLimit();
        long storedBefore = store.lastId(ROOM);
        store.gate = new CountDownLatch(1);

        long offeredAt = clock.get();
        List<CompletableFuture<AppendResult>> accepted = new ArrayList<>();
        List<String> acceptedTexts = new ArrayList<>();
        List<String> refusedTexts = new ArrayList<>();
        for (int i = 0; i < 3 * limit; i++) {
            String text = "m-" + i;
            CompletableFuture<AppendResult> f = send(text);
            if (f.isDone()) {
                // decided at the door, while the storage thread is still held in the first commit
                assertThat(refusedBusy(f))
                        .as("%s: a send that is done at once is a busy refusal", text)
                        .isTrue();
                refusedTexts.add(text);
            } else {
                accepted.add(f);
                acceptedTexts.add(text);
            }
        }
        // exactly the bound is admitted, the first ones in offer order; nothing of the rest ran
        assertThat(accepted).hasSize(limit);
        assertThat(acceptedTexts).startsWith("m-0").endsWith("m-" + (limit - 1));
        assertThat(refusedTexts).hasSize(2 * limit);
        assertThat(store.lastId(ROOM)).isEqualTo(storedBefore);
        assertThat(clock.get()).as("no store work done while held").isEqualTo(offeredAt);

        store.gate.countDown();
        CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).join();
        barrier();

        // every accepted send was stored and published within the maximum wait of the driven clock
        long longestWait = 0;
        for (String text : acceptedTexts) {
            longestWait = Math.max(longestWait, published.get(text) - offeredAt);
        }
        assertThat(longestWait).isPositive().isLessThanOrEqualTo(MAX_WAIT.toNanos());
        // a refused send is neither stored nor published
        List<String> stored = new ArrayList<>();
        store.after(ROOM, storedBefore, 100_000).messages().forEach(m -> stored.add(m.text()));
        assertThat(stored).containsExactlyElementsOf(acceptedTexts);
        assertThat(published.keySet()).doesNotContainAnyElementsOf(refusedTexts);
        // and once the backlog is through, the door is open again
        assertThat(storage.admittedAppends()).isZero();
        assertThat(send("after").join().message().text()).isEqualTo("after");
    }

    @Test
    void aBacklogIsStoredInOneBatchLargerThanTheAdmissionFloor() {
        warmUp(10);
        int limit = storage.admitLimit();
        assertThat(limit).isGreaterThan(StorageSequencer.MIN_ADMITTED);
        store.gate = new CountDownLatch(1);
        List<CompletableFuture<AppendResult>> accepted = new ArrayList<>();
        // the first is taken at once and held in its commit; the rest queue behind it
        accepted.add(send("first"));
        Await.until(Duration.ofSeconds(30), () -> store.calls.get() == 11, "the first send reaches the held commit");
        for (int i = 1; i < limit; i++) {
            accepted.add(send("m-" + i));
        }
        store.batchSizes.clear();

        store.gate.countDown();
        CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).join();
        barrier();

        // the held one, then everything queued behind it in one transaction, not in batches of 512
        assertThat(accepted).allMatch(f -> !f.isCompletedExceptionally());
        assertThat(store.batchSizes).containsExactly(1, limit - 1);
    }

    @Test
    void joinsAndReadsAreNotRefusedWhileAppendsAre() {
        warmUp(10);
        int limit = storage.admitLimit();
        store.gate = new CountDownLatch(1);
        for (int i = 0; i <= limit; i++) {
            send("m-" + i);
        }
        assertThat(refusedBusy(send("one too many"))).isTrue();

        CompletableFuture<HistoryPage> read = storage.call(() -> store.after(ROOM, 0, 1));
        assertThat(read).isNotDone();
        store.gate.countDown();
        assertThat(read.join().messages()).hasSize(1);
    }
}
