package io.switchboard.transport.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.hub.Delivery;
import io.switchboard.hub.Session;
import io.switchboard.metrics.Transport;
import io.switchboard.model.ChatMessage;
import io.switchboard.model.HubEvent;
import io.switchboard.model.SessionId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One held long-poll request as the hub sees it: an invisible room listener that answers its
 * request with the first messages it is given, or with {@code []} when the wait runs out. Because
 * the hub reads the history and subscribes in one storage step, a message stored between the
 * client's previous poll and this one is in the history, and one stored after is delivered here:
 * none falls in between.
 *
 * <p>Event-loop confined: deliveries, the timer and the answer all run on the channel's loop.
 */
final class LongPollSession implements Session {
    private final SessionId id = SessionId.random();
    private final Channel channel;
    private final boolean keepAlive;
    private final long afterId;
    private final int limit;
    private final String epoch;
    /** Unregisters the session and gives back its slots; runs once, after the answer or on disconnect. */
    private final Runnable done;
    /** Messages of the current broadcast batch, answered at its flush. Loop-confined. */
    private final List<ChatMessage> pending = new ArrayList<>();
    /** Set once the request is answered or gone. Loop-confined. */
    private boolean finished;

    private ScheduledFuture<?> timer;

    LongPollSession(Channel channel, boolean keepAlive, long afterId, int limit, String epoch, Runnable done) {
        this.epoch = epoch;
        this.channel = channel;
        this.keepAlive = keepAlive;
        this.afterId = afterId;
        this.limit = limit;
        this.done = done;
    }

    @Override
    public SessionId id() {
        return id;
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    /**
     * The listen's history: answered at once when it has anything or is a reset (the client must
     * start over now, not after the wait), else the wait starts.
     */
    void listening(List<ChatMessage> history, ResumeReset reset, long waitNanos) {
        if (finished) {
            return;
        }
        if (!history.isEmpty() || reset != null) {
            answer(history, reset);
            return;
        }
        timer = channel.eventLoop().schedule(() -> answer(List.of()), waitNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public Transport transport() {
        return Transport.LONGPOLL;
    }

    @Override
    public void deliver(Delivery delivery) {
        if (!finished
                && delivery.event() instanceof HubEvent.MessagePosted posted
                && posted.message().id() > afterId
                && pending.size() < limit) {
            pending.add(posted.message());
        }
    }

    @Override
    public void flush() {
        if (!finished && !pending.isEmpty()) {
            answer(List.copyOf(pending));
        }
    }

    /** The client went away before an answer. */
    void abandoned() {
        if (!finished) {
            finish();
        }
    }

    /**
     * The server is shutting down: answers now with what this batch holds so far (usually
     * {@code []}), and closes the connection after it. False when it was already answered.
     */
    boolean drain() {
        if (finished) {
            return false;
        }
        ApiResponses.json(channel, false, HttpResponseStatus.OK, ApiJson.messages(List.copyOf(pending)));
        finish();
        return true;
    }

    /**
     * The request's token expired and the grace passed while it waited: answered 401
     * {@code token_expired}, and the connection closed; the client polls again with a new token.
     */
    void tokenExpired() {
        if (!finished) {
            ApiResponses.error(
                    channel, false, ApiError.TOKEN_EXPIRED, "the token expired; poll again with a new ?token=");
            finish();
        }
    }

    /** Storage failed before the wait could start. */
    void failed() {
        if (!finished) {
            ApiResponses.error(channel, keepAlive, ApiError.UNAVAILABLE, "history is unavailable; retry");
            finish();
        }
    }

    private void answer(List<ChatMessage> messages) {
        answer(messages, null);
    }

    private void answer(List<ChatMessage> messages, ResumeReset reset) {
        if (finished) {
            return;
        }
        ApiResponses.json(channel, keepAlive, HttpResponseStatus.OK, ApiJson.messages(messages), epoch, reset);
        finish();
    }

    private void finish() {
        finished = true;
        if (timer != null) {
            timer.cancel(false);
        }
        done.run();
    }
}
