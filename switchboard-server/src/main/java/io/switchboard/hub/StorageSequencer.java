package io.switchboard.hub;

import io.switchboard.history.AppendResult;
import io.switchboard.history.HistoryStore;
import io.switchboard.history.NewMessage;
import io.switchboard.metrics.SwitchboardMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every history-store operation on one thread, in submission order, so event loops never
 * block on storage and the order in which messages are stored is the order in which they are
 * published. Consecutive appends are stored as one batch (group commit: one transaction, one sync),
 * then handed to their callbacks one by one in id order.
 *
 * <p>Appends are admitted by time, not by room in the queue: the thread measures what storing one
 * message costs it (the store's commit and the publishing after it, over recent batches, so that
 * a full batch's share of the sync counts and not a lone message's; while work is waiting, the
 * whole time from one batch's end to the next's, reads and waits for a core included), and an
 * append that would wait longer than {@code maxWait} behind the appends already admitted is
 * refused at once, before anything is stored or published. Under overload the queue thus holds about {@code maxWait} of
 * work: the store runs at its ceiling, and the admitted appends are answered
 * within the bound while the rest are told {@code unavailable} at the door. A batch takes what is
 * queued (up to {@link #MAX_BATCH}), so under overload the batches are as large as the bound lets
 * them be and the store spends the least per message. At least {@link #MIN_ADMITTED} appends are
 * always admitted. Before the first measurement the bound comes from the store's own assumption
 * ({@link HistoryStore#assumedAppendCost}), counted as one batch of that many appends so that the
 * batches measured soon outweigh it; a store without one gets {@link #MIN_ADMITTED}.
 *
 * <p>Thread-safe: any thread submits; one thread, {@code switchboard-storage}, runs the tasks.
 */
final class StorageSequencer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StorageSequencer.class);
    /**
     * The most appends stored in one transaction. Under overload a batch takes what is queued, up to
     * this: the per-transaction work (the sync, one lock and one update per room) is then shared by
     * more messages, so past the ceiling the store is at its most efficient rather than capped at a
     * small batch (SQLite, 100 rooms: about 40 µs of CPU per message in batches of 512, 25 µs in
     * batches of 4,096). The admission bound keeps the queue, and so the batches, within
     * {@code maxWait} of work.
     */
    static final int MAX_BATCH = 8192;

    /** The fewest appends the admission bound ever allows, and the bound when nothing is known of the store. */
    static final int MIN_ADMITTED = 512;

    /**
     * How much of the cost estimate is kept per {@link #MIN_ADMITTED} messages measured after it:
     * about the last 5,000 messages count, however they were batched, so the bound follows the
     * store within a fraction of a second under load. (Kept per batch, it would span seconds once
     * an overload's batches hold thousands, and lag a sudden slowdown by as long.)
     */
    private static final double DECAY = 0.9;

    /**
     * A refusal is routine under overload, so it costs no allocation: one shared, stackless busy
     * exception, already wrapped as the futures' dependents would wrap it (they then pass it on as is).
     */
    private static final CompletionException REFUSED = new CompletionException(StorageUnavailableException.busy());

    private sealed interface Task {}

    /** {@code afterStore} runs on the storage thread after the future completes, before the next task. */
    private record Append(
            NewMessage message,
            CompletableFuture<AppendResult> result,
            Consumer<AppendResult> afterStore,
            Executor handoff)
            implements Task {}

    private record Call<T>(Supplier<T> work, CompletableFuture<T> result, Executor handoff) implements Task {
        void run() {
            try {
                settle(result, work.get(), null, handoff);
            } catch (RuntimeException e) {
                settle(result, null, e, handoff);
            }
        }
    }

    /**
     * Completes the future, or, with a handoff executor, hands its completion to that executor from
     * here: the completion is then queued there ahead of anything this thread publishes later, and
     * dependents registered on the executor before it can never run early (see Hub).
     */
    private static <T> void settle(CompletableFuture<T> result, T value, Throwable failure, Executor handoff) {
        Runnable complete =
                failure == null ? () -> result.complete(value) : () -> result.completeExceptionally(failure);
        if (handoff == null) {
            complete.run();
            return;
        }
        try {
            handoff.execute(complete);
        } catch (RejectedExecutionException e) {
            complete.run();
        }
    }

    /** A batch slower than this, or a queue fuller than half, is storage pressure worth a warning. */
    private static final long SLOW_BATCH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final HistoryStore store;
    private final SwitchboardMetrics metrics;
    private final HubStats stats;
    private final int capacity;
    private final long maxWaitNanos;
    private final LongSupplier nanoClock;
    /** Appends admitted and not yet stored and handed to their callbacks (queued or in the batch). */
    private final AtomicInteger admitted = new AtomicInteger();
    /** How many admitted appends the storage thread gets through within {@code maxWait}; it writes it. */
    private volatile int admitLimit = MIN_ADMITTED;
    /**
     * Decaying sums of batch times and sizes (storage thread only, and the constructor before it
     * starts): their ratio is the cost of one.
     */
    private double costNanos;

    private double costMessages;
    /** When the last batch was through, and whether tasks were waiting then; storage thread only. */
    private long lastBatchEnd;

    private boolean backlogged;
    /** When the last pressure warning was logged; storage thread only. */
    private long lastWarningNanos = System.nanoTime() - WARN_EVERY_NANOS;

    private final BlockingQueue<Task> queue;
    private final Thread thread;
    /** Set by close(); the thread drains what is queued and stops. */
    private volatile boolean closing;

    StorageSequencer(HistoryStore store, int capacity, Duration maxWait) {
        this(store, capacity, maxWait, SwitchboardMetrics.detached(), new HubStats(), System::nanoTime);
    }

    /**
     * @param capacity  tasks the queue holds at most (appends and calls)
     * @param maxWait   how long an admitted append may wait for the store, by the measured cost
     * @param nanoClock the clock batches are timed with ({@link System#nanoTime} but in tests)
     */
    StorageSequencer(
            HistoryStore store,
            int capacity,
            Duration maxWait,
            SwitchboardMetrics metrics,
            HubStats stats,
            LongSupplier nanoClock) {
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive, got " + maxWait);
        }
        this.store = store;
        this.metrics = metrics;
        this.stats = stats;
        this.capacity = capacity;
        this.maxWaitNanos = maxWait.toNanos();
        this.nanoClock = nanoClock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        // the store's own assumption counts as MIN_ADMITTED messages until measurements outweigh it
        store.assumedAppendCost().ifPresent(cost -> measure(MIN_ADMITTED, cost.toNanos() * MIN_ADMITTED));
        this.thread = new Thread(this::run, "switchboard-storage");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Stores the message. The future completes on the storage thread (or on the caller's, if it
     * registers after completion); {@code afterStore} then runs before any later task.
     */
    CompletableFuture<AppendResult> append(NewMessage message, Consumer<AppendResult> afterStore) {
        return append(message, afterStore, null);
    }

    /**
     * Like {@link #append(NewMessage, Consumer)}, the future completing on {@code handoff} (see {@link
     * #settle}). An append past the admission bound returns a future that has already failed with a
     * {@link StorageUnavailableException#busy() busy} refusal: nothing of it is stored or published.
     */
    CompletableFuture<AppendResult> append(NewMessage message, Consumer<AppendResult> afterStore, Executor handoff) {
        if (!admit()) {
            metrics.storageRefused();
            return CompletableFuture.failedFuture(REFUSED);
        }
        CompletableFuture<AppendResult> result = new CompletableFuture<>();
        if (!submit(new Append(message, result, afterStore, handoff), result)) {
            admitted.decrementAndGet();
        }
        return result;
    }

    /** Counts one more admitted append if the ones admitted before it fit within the bound. */
    private boolean admit() {
        int limit = admitLimit;
        while (true) {
            int now = admitted.get();
            if (now >= limit) {
                return false;
            }
            if (admitted.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Appends admitted and not yet through the storage thread; any thread. */
    int admittedAppends() {
        return admitted.get();
    }

    /** How many admitted appends the bound allows at present; any thread. */
    int admitLimit() {
        return admitLimit;
    }

    HistoryStore store() {
        return store;
    }

    /** Whether the caller is the storage thread. */
    boolean onStorageThread() {
        return Thread.currentThread() == thread;
    }

    /** Tasks waiting for the storage thread; any thread. */
    int queueDepth() {
        return queue.size();
    }

    /** Runs {@code work} on the storage thread, after everything submitted before it. */
    <T> CompletableFuture<T> call(Supplier<T> work) {
        return call(work, null);
    }

    /** Like {@link #call(Supplier)}, the future completing on {@code handoff} (see {@link #settle}). */
    <T> CompletableFuture<T> call(Supplier<T> work, Executor handoff) {
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(new Call<>(work, result, handoff), result);
        return result;
    }

    /** Queues the task, or fails its future and says so. */
    private boolean submit(Task task, CompletableFuture<?> result) {
        if (closing || !queue.offer(task)) {
            result.completeExceptionally(new StorageUnavailableException(
                    closing ? "server is shutting down" : "storage queue is full", null));
            return false;
        }
        return true;
    }

    private void run() {
        List<Append> batch = new ArrayList<>();
        Task pending = null;
        while (!(closing && queue.isEmpty() && pending == null)) {
            Task task;
            try {
                task = pending != null ? pending : queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            pending = null;
            if (task == null) {
                continue;
            }
            if (task instanceof Call<?> call) {
                call.run();
                continue;
            }
            batch.add((Append) task);
            // take the appends queued behind it, up to a call, which must run after them
            while (batch.size() < MAX_BATCH) {
                Task next = queue.poll();
                if (next == null) {
                    break;
                }
                if (next instanceof Append a) {
                    batch.add(a);
                } else {
                    pending = next;
                    break;
                }
            }
            storeBatch(batch);
            batch.clear();
        }
    }

    private void storeBatch(List<Append> batch) {
        List<NewMessage> messages = new ArrayList<>(batch.size());
        for (Append a : batch) {
            messages.add(a.message());
        }
        List<AppendResult> results;
        long start = nanoClock.getAsLong();
        try {
            results = store.appendAll(messages);
            long took = nanoClock.getAsLong() - start;
            metrics.storageBatch(batch.size(), took);
            stats.storageBatch(took);
            warnOfPressure(took);
        } catch (RuntimeException e) {
            metrics.storageBatch(batch.size(), nanoClock.getAsLong() - start);
            metrics.storageFailed();
            log.error("storing {} messages failed; none was acknowledged", batch.size(), e);
            StorageUnavailableException failure = new StorageUnavailableException("storage failed", e);
            for (Append a : batch) {
                settle(a.result(), null, failure, a.handoff());
            }
            admitted.addAndGet(-batch.size());
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Append a = batch.get(i);
            settle(a.result(), results.get(i), null, a.handoff());
            try {
                a.afterStore().accept(results.get(i));
            } catch (RuntimeException e) {
                log.error(
                        "after-store step failed for message {}",
                        results.get(i).message().id(),
                        e);
            }
        }
        // the batch is through when its messages are published. Its cost runs from its start, or,
        // when work was already waiting as the last batch ended, from that end: then the reads run in
        // between and the time this thread waited for a core (a busy machine) count against the store
        long end = nanoClock.getAsLong();
        measure(batch.size(), end - (backlogged ? Math.min(lastBatchEnd, start) : start));
        lastBatchEnd = end;
        backlogged = !queue.isEmpty();
        admitted.addAndGet(-batch.size());
    }

    /**
     * Adds one batch to the cost estimate and sets the admission bound from it: as many appends as
     * the thread, at its recent cost per message, stores and publishes within {@code maxWait}.
     */
    private void measure(int messages, long nanos) {
        double keep = Math.pow(DECAY, messages / (double) MIN_ADMITTED);
        costNanos = costNanos * keep + Math.max(0, nanos);
        costMessages = costMessages * keep + messages;
        double perMessage = costNanos / costMessages;
        double fits = perMessage <= 0 ? capacity : maxWaitNanos / perMessage;
        admitLimit = (int) Math.max(MIN_ADMITTED, Math.min(capacity, fits));
    }

    /** At most one warning per ten seconds, so a struggling store does not also flood the log. */
    private void warnOfPressure(long batchNanos) {
        int queued = queue.size();
        if (batchNanos < SLOW_BATCH_NANOS && queued < capacity / 2) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastWarningNanos < WARN_EVERY_NANOS) {
            return;
        }
        lastWarningNanos = now;
        log.warn(
                "storage pressure: last batch took {} ms, {} of {} tasks queued",
                TimeUnit.NANOSECONDS.toMillis(batchNanos),
                queued,
                capacity);
    }

    /** Stops taking tasks, finishes the queued ones, and waits for the thread. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a task offered while the thread was stopping: fail it rather than leave its caller waiting
        StorageUnavailableException stopped = new StorageUnavailableException("server is shutting down", null);
        for (Task t; (t = queue.poll()) != null; ) {
            if (t instanceof Append a) {
                admitted.decrementAndGet();
                a.result().completeExceptionally(stopped);
            } else if (t instanceof Call<?> c) {
                c.result().completeExceptionally(stopped);
            }
        }
    }
}
