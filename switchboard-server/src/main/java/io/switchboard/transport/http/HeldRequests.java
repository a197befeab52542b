package io.switchboard.transport.http;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.switchboard.auth.Authenticated;
import io.switchboard.auth.ExpiryTimer;
import io.switchboard.hub.Hub;
import io.switchboard.metrics.CloseReason;
import io.switchboard.metrics.Connections;
import io.switchboard.metrics.SwitchboardMetrics;
import io.switchboard.metrics.Transport;
import io.switchboard.model.SessionId;
import io.switchboard.protocol.nativejson.Limits;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The requests that stay open: long-polls, SSE and NDJSON streams. Each one is an invisible room
 * listener in the hub ({@link Hub#listen}) for as long as it is open, takes one of its address's
 * slots, and keeps a {@code ?nick=} client present.
 *
 * <p>Thread-safe: one per server; each method runs on the request's event loop.
 */
final class HeldRequests {
    /** The nickname of an invisible listener; nobody sees it. */
    private static final String READER = "http-reader";

    private static final long STREAM_RETRY_AFTER_SECONDS = 5;
    /** How soon a catch-up looks again whether its stream drained enough for the next page. */
    private static final long CATCH_UP_RECHECK_MILLIS = 20;

    private final Hub hub;
    private final HttpPresence presence;
    private final StreamLimiter limiter;
    private final HttpSettings settings;
    private final SseEncoding sse;
    private final NdjsonEncoding ndjson;
    /** The open long-polls and streams, for the shutdown's drain; added and removed on their loops. */
    private final Set<Object> open = ConcurrentHashMap.newKeySet();
    /** Set once the drain starts; no held request is opened after. */
    private volatile boolean draining;

    HeldRequests(
            Hub hub,
            HttpPresence presence,
            StreamLimiter limiter,
            HttpSettings settings,
            SseEncoding sse,
            NdjsonEncoding ndjson) {
        this.hub = hub;
        this.presence = presence;
        this.limiter = limiter;
        this.settings = settings;
        this.sse = sse;
        this.ndjson = ndjson;
    }

    void longPoll(ApiRequest r) throws ApiException {
        refuseWhileDraining();
        RoomQuery q = r.query();
        Channel channel = r.channel();
        Slot slot = take(r);
        GenericFutureListener<Future<Void>>[] onClose = newListenerHolder();
        int limit = q.limitOr(RoomQuery.DEFAULT_LIMIT);
        String epoch = hub.epoch();
        boolean foreign = q.foreignEpoch(epoch);
        LongPollSession[] self = new LongPollSession[1];
        // the poll's own expiry timer, ended with the poll: a keep-alive connection polls again
        ExpiryTimer[] expiry = new ExpiryTimer[1];
        SwitchboardMetrics metrics = hub.metrics();
        metrics.connectionOpened(Transport.LONGPOLL);
        LongPollSession session = new LongPollSession(channel, r.keepAlive(), q.after(), limit, epoch, () -> {
            metrics.connectionClosed(
                    Transport.LONGPOLL, metrics.shuttingDown() ? CloseReason.SHUTDOWN : CloseReason.NORMAL);
            channel.closeFuture().removeListener(onClose[0]);
            if (expiry[0] != null) {
                expiry[0].cancel();
            }
            open.remove(self[0]);
            slot.release();
        });
        self[0] = session;
        open.add(session);
        slot.session = session.id();
        onClose[0] = f -> session.abandoned();
        channel.closeFuture().addListener(onClose[0]);
        expiry[0] = expiryTimer(r, session::tokenExpired);
        hub.register(session, READER);
        r.onLoop(hub.listen(session.id(), r.room(), foreign ? null : q.after(), limit), (joined, failure) -> {
            if (failure != null) {
                session.failed();
            } else {
                ResumeReset reset = foreign ? ResumeReset.EPOCH : joined.pastEnd() ? ResumeReset.PAST_END : null;
                session.listening(joined.history().messages(), reset, TimeUnit.SECONDS.toNanos(q.waitSeconds()));
            }
        });
    }

    void sse(ApiRequest r) throws ApiException {
        stream(r, sse);
    }

    void ndjson(ApiRequest r) throws ApiException {
        stream(r, ndjson);
    }

    /**
     * Without a position the stream starts with the latest {@code limit} messages. With one it
     * resumes with every message after it, in pages of {@code limit} (default 1000), before the
     * first live one, so a reconnect loses nothing however long it was away. A position from
     * another epoch or past the end starts with a reset and the latest {@code limit} messages.
     */
    private void stream(ApiRequest r, StreamEncoding encoding) throws ApiException {
        refuseWhileDraining();
        RoomQuery q = r.query();
        String epoch = hub.epoch();
        boolean foreign = q.foreignEpoch(epoch) && q.after() != null;
        Long after = foreign ? null : q.after();
        Slot slot = take(r);
        Channel channel = r.channel();
        r.detachTimers().run();
        StreamSession session = new StreamSession(
                r.ctx(), encoding, after == null ? -1 : after, settings.maxOutboundBytes(), hub.metrics());
        Connections.track(channel, session.transport(), hub.metrics());
        slot.session = session.id();
        open.add(session);
        channel.closeFuture().addListener(f -> {
            open.remove(session);
            slot.release();
        });
        session.open(settings.heartbeat().toNanos(), epoch);
        Authenticated auth = r.auth();
        if (auth != null) {
            session.authenticated(auth.identity(), auth.authenticator().grace());
            ExpiryTimer timer = expiryTimer(r, session::tokenExpired);
            // the stream is the connection's last response: it ends when the connection does
            channel.closeFuture().addListener(f -> timer.cancel());
        }
        hub.register(session, READER);
        int limit = q.limitOr(after == null ? RoomQuery.DEFAULT_LIMIT : Limits.MAX_HISTORY);
        // until the catch-up has read the newest stored message, live messages are left to it
        session.catchingUp(after != null);
        r.onLoop(hub.listen(session.id(), r.room(), after, limit), (joined, failure) -> {
            if (failure != null) {
                channel.close();
                return;
            }
            ResumeReset reset = foreign ? ResumeReset.EPOCH : joined.pastEnd() ? ResumeReset.PAST_END : null;
            if (reset != null) {
                session.reset(reset, epoch);
            }
            session.history(joined.history().messages());
            if (after != null && reset == null && joined.history().more()) {
                catchUp(r, session, limit);
            } else {
                session.catchingUp(false);
            }
        });
    }

    /**
     * Reads the next page after what the stream has written. A message stored after the page that
     * comes back last is published after that page reaches the loop (see Hub), so it arrives once
     * the catch-up is over and none falls between the two.
     */
    private void catchUp(ApiRequest r, StreamSession session, int pageSize) {
        Channel channel = r.channel();
        if (!channel.isActive()) {
            return;
        }
        if (!channel.isWritable()) {
            // the client is still reading the last page: read the next once it has, so a long
            // catch-up is held in the store, not in the outbound queue
            channel.eventLoop()
                    .schedule(() -> catchUp(r, session, pageSize), CATCH_UP_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        r.onLoop(hub.historyAfter(r.room(), session.lastMessageId(), pageSize), (page, failure) -> {
            if (failure != null) {
                r.channel().close();
                return;
            }
            session.history(page.messages());
            if (page.more()) {
                catchUp(r, session, pageSize);
            } else {
                session.catchingUp(false);
            }
        });
    }

    /**
     * With a token, the timer that ends the held request {@code --auth-grace} after the token's
     * expiry, on the request's loop (null without authentication); the caller cancels it when the
     * request ends. A held request cannot take a new token in band; the client opens the next one
     * with it.
     */
    private static ExpiryTimer expiryTimer(ApiRequest r, Runnable expired) {
        Authenticated auth = r.auth();
        if (auth == null) {
            return null;
        }
        ExpiryTimer timer =
                new ExpiryTimer(r.channel().eventLoop(), auth.authenticator().grace(), Clock.systemUTC(), expired);
        timer.arm(auth.identity().expiresAt());
        return timer;
    }

    /**
     * The shutdown's drain: from now on no held request opens; after the storage work queued so
     * far (so every message stored before the drain has been handed to the loops), each loop
     * answers its waiting long-polls and ends its streams, in a task queued behind those
     * deliveries. Each loop's task also sees every request that loop opened before it.
     */
    CompletableFuture<HttpDrain> drain(Iterable<? extends Executor> loops) {
        startDraining();
        return hub.storageBarrier().exceptionally(failure -> null).thenCompose(ignored -> {
            List<CompletableFuture<List<HttpDrain.Kind>>> perLoop = new ArrayList<>();
            for (Executor loop : loops) {
                CompletableFuture<List<HttpDrain.Kind>> done = new CompletableFuture<>();
                perLoop.add(done);
                try {
                    loop.execute(() -> done.complete(drainOn(loop)));
                } catch (RejectedExecutionException e) {
                    done.complete(List.of());
                }
            }
            return CompletableFuture.allOf(perLoop.toArray(CompletableFuture[]::new))
                    .thenApply(v -> {
                        int[] counts = new int[HttpDrain.Kind.values().length];
                        for (CompletableFuture<List<HttpDrain.Kind>> f : perLoop) {
                            for (HttpDrain.Kind k : f.join()) {
                                counts[k.ordinal()]++;
                            }
                        }
                        return new HttpDrain(counts[0], counts[1], counts[2]);
                    });
        });
    }

    /** On {@code loop}: drains the held requests whose channel it runs. */
    private List<HttpDrain.Kind> drainOn(Executor loop) {
        List<HttpDrain.Kind> drained = new ArrayList<>();
        for (Object held : List.copyOf(open)) {
            if (held instanceof LongPollSession p && p.executor() == loop && p.drain()) {
                drained.add(HttpDrain.Kind.LONG_POLL);
            } else if (held instanceof StreamSession s && s.executor() == loop && s.drain()) {
                drained.add(s.isSse() ? HttpDrain.Kind.SSE : HttpDrain.Kind.NDJSON);
            }
        }
        return drained;
    }

    /** No held request opens from now on. */
    void startDraining() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }

    private void refuseWhileDraining() throws ApiException {
        if (draining) {
            throw new ApiException(ApiError.UNAVAILABLE, "server is shutting down; retry");
        }
    }

    /** Takes one of the address's slots, or refuses with 429; enters the client's presence. */
    private Slot take(ApiRequest r) throws ApiException {
        InetAddress address = r.address();
        if (!limiter.tryAcquire(address)) {
            // a held request ends within its wait (30 s at most) or when its client leaves; retrying
            // sooner than that rarely helps, and the page falls back to plain polling instead
            throw ApiException.tooManyRequests(
                    "at most " + settings.maxStreamsPerClient()
                            + " long-polls and streams may be open at once from one address",
                    STREAM_RETRY_AFTER_SECONDS);
        }
        HttpPresence.Key key = null;
        if (r.query().nick() != null) {
            key = HttpPresence.key(r.room(), r.query().nick(), r.query().client(), address);
            presence.enter(key, r.query().nick(), r.channel().eventLoop());
        }
        return new Slot(r, address, key);
    }

    @SuppressWarnings("unchecked")
    private static GenericFutureListener<Future<Void>>[] newListenerHolder() {
        return new GenericFutureListener[1];
    }

    /** What one held request holds, given back exactly once. Loop-confined. */
    private final class Slot {
        private final ApiRequest request;
        private final InetAddress address;
        private final HttpPresence.Key presenceKey;
        /** The hub session, once registered. */
        SessionId session;

        private boolean released;

        Slot(ApiRequest request, InetAddress address, HttpPresence.Key presenceKey) {
            this.request = request;
            this.address = address;
            this.presenceKey = presenceKey;
        }

        void release() {
            if (released) {
                return;
            }
            released = true;
            if (session != null) {
                hub.unregister(session);
            }
            limiter.release(address);
            if (presenceKey != null) {
                presence.exit(presenceKey, request.channel().eventLoop());
            }
        }
    }
}
