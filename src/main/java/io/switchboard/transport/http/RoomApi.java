package io.switchboard.transport.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.switchboard.history.AppendResult;
import io.switchboard.history.HistoryPage;
import io.switchboard.hub.Hub;
import io.switchboard.hub.MemberIds;
import io.switchboard.hub.RoomName;
import io.switchboard.hub.StorageUnavailableException;
import io.switchboard.protocol.nativejson.Limits;
import io.switchboard.protocol.nativejson.NativeEventEncoder;
import java.nio.charset.StandardCharsets;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/api/rooms/";

    private final Hub hub;
    private final HttpPresence presence;
    private final HeldRequests held;

    public RoomApi(Hub hub, NativeEventEncoder events, HttpSettings settings) {
        this.hub = hub;
        this.presence = new HttpPresence(hub, settings.presenceTimeout());
        this.held = new HeldRequests(hub, presence, new StreamLimiter(settings.maxStreamsPerClient()), settings,
                new SseEncoding(events), new NdjsonEncoding());
    }

    /** Answers (now or later) one request whose path starts with {@code /api/}. */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest req, Runnable detachTimers) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String[] parts = uri.path().startsWith(PREFIX) ? uri.path().substring(PREFIX.length()).split("/", -1) : new String[0];
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
            ApiRequest r = new ApiRequest(ctx, keepAlive, room, RoomQuery.parse(uri.parameters()), detachTimers);
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
                        held.sse(r, lastEventId == null || lastEventId.isEmpty() ? r.query().after()
                                : RoomQuery.parseId("Last-Event-ID", lastEventId));
                    } else {
                        held.ndjson(r);
                    }
                }
                case "members" -> {
                    requireGet(method);
                    // a client that names itself learns its member id here, to find itself in lists and messages
                    String client = r.query().client();
                    ApiResponses.json(ctx.channel(), keepAlive, HttpResponseStatus.OK, ApiJson.members(hub.members(room)),
                            client == null ? null : MemberIds.of(client).value());
                }
                default -> throw new ApiException(ApiError.NOT_FOUND, "no API endpoint at " + uri.path());
            }
        } catch (ApiException e) {
            ApiResponses.error(ctx.channel(), keepAlive, e.error(), e.getMessage());
        }
    }

    private static void requireGet(HttpMethod method) throws ApiException {
        if (method != HttpMethod.GET) {
            throw notAllowed("GET");
        }
    }

    private static ApiException notAllowed(String allowed) {
        return new ApiException(ApiError.METHOD_NOT_ALLOWED, "this endpoint takes " + allowed);
    }

    /** Polling, or long-polling with {@code wait}. */
    private void get(ApiRequest r) throws ApiException {
        RoomQuery q = r.query();
        if (q.waitSeconds() != null) {
            if (q.after() == null) {
                throw new ApiException(ApiError.BAD_REQUEST, "\"wait\" needs \"after\": the id of the newest message the client has");
            }
            held.longPoll(r);
            return;
        }
        int limit = q.limitOr(RoomQuery.DEFAULT_LIMIT);
        HttpPresence.Key key = enter(r);
        java.util.concurrent.CompletableFuture<HistoryPage> page = q.after() != null
                ? hub.historyAfter(r.room(), q.after(), limit)
                : hub.historyBefore(r.room(), q.before() != null ? q.before() : Long.MAX_VALUE, limit);
        r.onLoop(page, (p, failure) -> {
            if (failure != null) {
                r.error(ApiError.UNAVAILABLE, "history is unavailable; retry");
            } else {
                ApiResponses.json(r.channel(), r.keepAlive(), HttpResponseStatus.OK, ApiJson.messages(p.messages()));
            }
            exit(r, key);
        });
    }

    private HttpPresence.Key enter(ApiRequest r) {
        if (r.query().nick() == null) {
            return null;
        }
        HttpPresence.Key key = HttpPresence.key(r.room(), r.query().nick(), r.query().client(), r.address());
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
        if (mime == null || !"application/json".contentEquals(mime.toString().toLowerCase(java.util.Locale.ROOT))) {
            throw new ApiException(ApiError.UNSUPPORTED_MEDIA_TYPE, "send the message as application/json");
        }
        JsonNode root;
        try {
            root = JSON.readTree(req.content().toString(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ApiException(ApiError.BAD_JSON, "body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode body)) {
            throw new ApiException(ApiError.BAD_JSON, "body is not a JSON object");
        }
        String from = Limits.normalizeNick(string(body, "from"));
        if (from == null) {
            throw new ApiException(ApiError.INVALID_NICK,
                    "\"from\" must be 1-" + Limits.MAX_NICK_LENGTH + " characters without control characters");
        }
        String text = string(body, "text");
        if (!Limits.isValidText(text)) {
            throw new ApiException(ApiError.INVALID_TEXT,
                    "\"text\" must be 1-" + Limits.MAX_TEXT_CODE_POINTS + " characters and not blank");
        }
        String clientId = null;
        JsonNode id = body.get("clientId");
        if (id != null && !id.isNull()) {
            if (!id.isTextual() || id.textValue().isEmpty() || id.textValue().length() > Limits.MAX_CLIENT_ID_LENGTH) {
                throw new ApiException(ApiError.BAD_REQUEST,
                        "\"clientId\" must be a string of 1-" + Limits.MAX_CLIENT_ID_LENGTH + " characters");
            }
            clientId = id.textValue();
        }
        // the sender scopes the clientId: the client's member id, or (until there are tokens) its nickname
        String client = r.query().client();
        String sender = client != null ? MemberIds.of(client).value() : "nick:" + from;
        r.onLoop(hub.post(null, sender, from, r.room(), text, clientId), (AppendResult result, Throwable failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                if (!(cause instanceof StorageUnavailableException)) {
                    log.warn("storing an HTTP post failed", cause);
                }
                r.error(ApiError.UNAVAILABLE, "the message could not be stored; retry with the same clientId");
            } else {
                ApiResponses.json(r.channel(), r.keepAlive(),
                        result.duplicate() ? HttpResponseStatus.OK : HttpResponseStatus.CREATED, ApiJson.message(result.message()));
            }
        });
    }

    private static String string(ObjectNode body, String field) throws ApiException {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual()) {
            throw new ApiException(ApiError.BAD_REQUEST, "missing string \"" + field + "\"");
        }
        return node.textValue();
    }
}
