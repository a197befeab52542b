package io.switchboard.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.switchboard.auth.Authenticated;
import io.switchboard.history.AppendResult;
import io.switchboard.hub.Hub;
import io.switchboard.hub.MemberIds;
import io.switchboard.hub.Resumed;
import io.switchboard.hub.StorageUnavailableException;
import io.switchboard.model.RoomName;
import io.switchboard.protocol.nativejson.NativeEventEncoder;
import io.switchboard.transport.AddressBudget;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room API under {@code /api/rooms/{room}/} (docs/http-api.md): posting, polling and members
 * here, held requests (long-polls, SSE, NDJSON) in {@link HeldRequests}. Every endpoint goes
 * through the hub, like the WebSocket endpoints; nothing here keeps room state.
 *
 * <p>Thread-safe: one per server. {@link #handle} runs on the connection's event loop.
 */
public final class RoomApi {
    private static final Logger log = LoggerFactory.getLogger(RoomApi.class);
    private static final String PREFIX = "/api/rooms/";

    private final Hub hub;
    private final HttpPresence presence;
    private final HeldRequests held;
    private final PostRateLimiter postRate;

    /** {@code postRatePerSecond} and {@code postRateBurst}: the chat's per-client limit (--rate-limit), for POSTs. */
    public RoomApi(
            Hub hub, NativeEventEncoder events, HttpSettings settings, double postRatePerSecond, int postRateBurst) {
        this.hub = hub;
        this.postRate = new PostRateLimiter(postRatePerSecond, postRateBurst);
        this.presence = new HttpPresence(hub, settings.presenceTimeout());
        this.held = new HeldRequests(
                hub,
                presence,
                new StreamLimiter(settings.maxStreamsPerClient()),
                settings,
                new SseEncoding(events, hub.epoch()),
                new NdjsonEncoding());
    }

    /**
     * The shutdown's drain of held requests: waiting long-polls are answered, SSE and NDJSON
     * streams end cleanly (see {@link HeldRequests#drain}). {@code loops}: every event loop of the server.
     */
    public CompletableFuture<HttpDrain> drain(Iterable<? extends Executor> loops) {
        return held.drain(loops);
    }

    /** The shutdown has begun: new requests are refused (see {@code HttpRouterHandler}), no held request opens. */
    public void startDraining() {
        held.startDraining();
    }

    public boolean draining() {
        return held.draining();
    }

    /** Answers (now or later) one request whose path starts with {@code /api/}. */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest req, Runnable detachTimers) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String[] parts = uri.path().startsWith(PREFIX)
                ? uri.path().substring(PREFIX.length()).split("/", -1)
                : new String[0];
        if (parts.length != 2) {
            ApiResponses.error(ctx.channel(), keepAlive, ApiError.NOT_FOUND, "no API endpoint at " + uri.path());
            return;
        }
        String room = parts[0];
        String resource = parts[1];
        HttpMethod method = req.method();
        try {
            if (!RoomName.isValid(room)) {
                throw new ApiException(ApiError.INVALID_ROOM, "room names are [A-Za-z0-9_-]{1,64}");
            }
            RoomQuery query = RoomQuery.parse(uri.parameters());
            Authenticated auth = Authenticated.of(ctx.channel());
            if (auth != null && query.nick() != null) {
                // present under the name the token gives, whatever ?nick= says
                query = query.withNick(auth.identity().subject());
            }
            ApiRequest r = new ApiRequest(ctx, keepAlive, room, query, detachTimers);
            switch (resource) {
                case "messages" -> {
                    if (method == HttpMethod.POST) {
                        post(r, req);
                    } else if (method == HttpMethod.GET) {
                        get(r);
                    } else {
                        throw notAllowed("GET, POST");
                    }
                }
                case "events", "stream" -> {
                    requireGet(method);
                    String lastEventId = req.headers().get("Last-Event-ID");
                    if (resource.equals("events")) {
                        // a reconnecting EventSource names where it was, in the form we sent the id
                        held.sse(
                                lastEventId == null || lastEventId.isEmpty()
                                        ? r
                                        : new ApiRequest(
                                                ctx,
                                                keepAlive,
                                                room,
                                                r.query()
                                                        .resumingFrom(
                                                                RoomQuery.Position.parse("Last-Event-ID", lastEventId)),
                                                detachTimers));
                    } else {
                        held.ndjson(r);
                    }
                }
                case "members" -> {
                    requireGet(method);
                    // a client that names itself learns its member id here, to find itself in lists and messages
                    String client = r.query().client();
                    ApiResponses.json(
                            ctx.channel(),
                            keepAlive,
                            HttpResponseStatus.OK,
                            ApiJson.members(hub.members(room)),
                            client == null ? null : MemberIds.of(client).value());
                }
                default -> throw new ApiException(ApiError.NOT_FOUND, "no API endpoint at " + uri.path());
            }
        } catch (ApiException e) {
            ApiResponses.error(ctx.channel(), keepAlive, e);
        }
    }

    private static void requireGet(HttpMethod method) throws ApiException {
        if (method != HttpMethod.GET) {
            throw notAllowed("GET");
        }
    }

    private static ApiException notAllowed(String allowed) {
        return ApiException.methodNotAllowed(allowed);
    }

    /** Polling, or long-polling with {@code wait}. */
    private void get(ApiRequest r) throws ApiException {
        RoomQuery q = r.query();
        if (q.waitSeconds() != null) {
            if (q.after() == null) {
                throw new ApiException(
                        ApiError.BAD_REQUEST, "\"wait\" needs \"after\": the id of the newest message the client has");
            }
            held.longPoll(r);
            return;
        }
        int limit = q.limitOr(RoomQuery.DEFAULT_LIMIT);
        HttpPresence.Key key = enter(r);
        String epoch = hub.epoch();
        // a position from another epoch, or past the end, is answered with the latest messages
        // and a reset rather than with a silent gap
        boolean foreign = q.foreignEpoch(epoch) && (q.after() != null || q.before() != null);
        CompletableFuture<Resumed> page = foreign
                ? hub.historyBefore(r.room(), Long.MAX_VALUE, limit).thenApply(p -> new Resumed(p, true))
                : q.after() != null
                        ? hub.resume(r.room(), q.after(), limit)
                        : hub.historyBefore(r.room(), q.before() != null ? q.before() : Long.MAX_VALUE, limit)
                                .thenApply(p -> new Resumed(p, false));
        r.onLoop(page, (p, failure) -> {
            if (failure != null) {
                r.error(ApiError.UNAVAILABLE, "history is unavailable; retry");
            } else {
                ResumeReset reset = !p.pastEnd() ? null : foreign ? ResumeReset.EPOCH : ResumeReset.PAST_END;
                ApiResponses.json(
                        r.channel(),
                        r.keepAlive(),
                        HttpResponseStatus.OK,
                        ApiJson.messages(p.page().messages()),
                        epoch,
                        reset);
            }
            exit(r, key);
        });
    }

    private HttpPresence.Key enter(ApiRequest r) {
        if (r.query().nick() == null) {
            return null;
        }
        HttpPresence.Key key =
                HttpPresence.key(r.room(), r.query().nick(), r.query().client(), r.address());
        presence.enter(key, r.query().nick(), r.channel().eventLoop());
        return key;
    }

    private void exit(ApiRequest r, HttpPresence.Key key) {
        if (key != null) {
            presence.exit(key, r.channel().eventLoop());
        }
    }

    private void post(ApiRequest r, FullHttpRequest req) throws ApiException {
        CharSequence mime = HttpUtil.getMimeType(req);
        if (mime == null || !"application/json".contentEquals(mime.toString().toLowerCase(Locale.ROOT))) {
            throw new ApiException(ApiError.UNSUPPORTED_MEDIA_TYPE, "send the message as application/json");
        }
        try {
            long now = System.nanoTime();
            postRate.acquire(r.address(), r.query().client(), now);
            if (!AddressBudget.tryAcquire(r.channel(), now)) {
                throw ApiException.tooManyRequests("too many commands from your address; slow down", 1);
            }
        } catch (ApiException e) {
            hub.metrics().rateLimited();
            throw e;
        }
        Authenticated auth = r.auth();
        PostBody body = PostBody.parse(req.content().nioBuffer(), auth == null);
        // with a token the server decides who the message is from; a "from" in the body is ignored
        String from = auth != null ? auth.identity().subject() : body.from();
        // the sender scopes the clientId: the client's member id, the token's user, or its nickname
        String client = r.query().client();
        String sender = client != null
                ? MemberIds.of(client).value()
                : auth != null ? "user:" + auth.identity().subject() : "nick:" + from;
        r.onLoop(
                hub.post(null, sender, from, r.room(), body.text(), body.clientId()),
                (AppendResult result, Throwable failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        if (!(cause instanceof StorageUnavailableException)) {
                            log.warn("storing an HTTP post failed", cause);
                        }
                        // 503 with Retry-After: a busy store refused it at once, or storing it failed
                        r.error(
                                ApiError.UNAVAILABLE,
                                cause instanceof StorageUnavailableException u && u.isBusy()
                                        ? u.getMessage() + " (retry with the same clientId)"
                                        : "the message could not be stored; retry with the same clientId");
                    } else {
                        ApiResponses.json(
                                r.channel(),
                                r.keepAlive(),
                                result.duplicate() ? HttpResponseStatus.OK : HttpResponseStatus.CREATED,
                                ApiJson.message(result.message()));
                    }
                });
    }
}
