package io.switchboard.transport.http;

import io.switchboard.model.RoomName;
import io.switchboard.protocol.nativejson.Limits;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of the room endpoints, validated: {@code after}, {@code before},
 * {@code limit}, {@code wait}, {@code nick}, {@code client} and {@code epoch}. Absent parameters
 * are null. {@code after} also takes the SSE id form {@code <epoch>:<id>} (see {@link Position}).
 *
 * @param waitSeconds long-poll wait, 1-30 seconds
 * @param epoch the history epoch the client's {@code after} or {@code before} belongs to
 */
record RoomQuery(
        Long after, Long before, Integer limit, Integer waitSeconds, String nick, String client, String epoch) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_WAIT_SECONDS = 30;
    /**
     * Every query parameter a room endpoint knows; any other is refused with 400 so that a typo
     * ({@code ?afterr=3}) is not silently ignored. A new parameter is added here, and in
     * docs/http-api.md. {@code epoch} is the history epoch of {@code after}.
     */
    static final Set<String> KNOWN = Set.of("after", "before", "limit", "wait", "nick", "client", "epoch", "token");

    static RoomQuery parse(Map<String, List<String>> params) throws ApiException {
        for (String name : params.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new ApiException(
                        ApiError.BAD_REQUEST,
                        "unknown query parameter \"" + truncate(name) + "\"; known are "
                                + String.join(", ", new TreeSet<>(KNOWN)));
            }
        }
        String rawAfter = one(params, "after");
        Position position = rawAfter == null ? null : Position.parse("after", rawAfter);
        Long after = position == null ? null : position.id();
        String epoch = one(params, "epoch");
        if (epoch != null && (epoch.isEmpty() || epoch.length() > Limits.MAX_REF_LENGTH)) {
            throw new ApiException(
                    ApiError.BAD_REQUEST, "\"epoch\" must be 1-" + Limits.MAX_REF_LENGTH + " characters");
        }
        if (position != null && position.epoch() != null) {
            if (epoch != null && !epoch.equals(position.epoch())) {
                throw new ApiException(ApiError.BAD_REQUEST, "\"after\" and \"epoch\" name different epochs");
            }
            epoch = position.epoch();
        }
        Long before = id(params, "before");
        if (after != null && before != null) {
            throw new ApiException(ApiError.BAD_REQUEST, "give \"after\" or \"before\", not both");
        }
        Integer limit = number(params, "limit", 1, Limits.MAX_HISTORY);
        Integer wait = number(params, "wait", 1, MAX_WAIT_SECONDS);
        String nick = null;
        String rawNick = one(params, "nick");
        if (rawNick != null) {
            nick = Limits.normalizeNick(rawNick);
            if (nick == null) {
                throw new ApiException(
                        ApiError.INVALID_NICK,
                        "nicknames are 1-" + Limits.MAX_NICK_LENGTH + " characters without control characters");
            }
        }
        String client = one(params, "client");
        if (client != null && !RoomName.isValid(client)) {
            throw new ApiException(ApiError.BAD_REQUEST, "\"client\" must be [A-Za-z0-9_-]{1,64}");
        }
        return new RoomQuery(after, before, limit, wait, nick, client, epoch);
    }

    /** True when the client named an epoch other than {@code current}: its position means nothing here. */
    boolean foreignEpoch(String current) {
        return epoch != null && !epoch.equals(current);
    }

    /**
     * A resume position: a message id, with the epoch it belongs to when the client sent the SSE id
     * form {@code <epoch>:<id>} (the id every SSE message carries, so a browser's Last-Event-ID
     * names its epoch); a plain non-negative integer has no epoch.
     */
    record Position(long id, String epoch) {
        static Position parse(String name, String value) throws ApiException {
            int colon = value.lastIndexOf(':');
            if (colon < 0) {
                return new Position(parseId(name, value), null);
            }
            String epoch = value.substring(0, colon).trim();
            if (epoch.isEmpty() || epoch.length() > Limits.MAX_REF_LENGTH) {
                throw new ApiException(ApiError.BAD_REQUEST, "\"" + name + "\" must be a message id or <epoch>:<id>");
            }
            return new Position(parseId(name, value.substring(colon + 1)), epoch);
        }
    }

    /** This query resuming from another position (a Last-Event-ID), which replaces {@code after} and its epoch. */
    RoomQuery resumingFrom(Position p) {
        return new RoomQuery(p.id(), null, limit, waitSeconds, nick, client, p.epoch() != null ? p.epoch() : epoch);
    }

    /** This query with the presence name a token decides ({@code sub}) in place of the client's {@code nick}. */
    RoomQuery withNick(String tokenSubject) {
        return new RoomQuery(after, before, limit, waitSeconds, tokenSubject, client, epoch);
    }

    private static String truncate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "…";
    }

    int limitOr(int fallback) {
        return limit == null ? fallback : limit;
    }

    /** A message id: a non-negative integer. */
    static Long parseId(String name, String value) throws ApiException {
        try {
            long id = Long.parseLong(value.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ApiError.BAD_REQUEST, "\"" + name + "\" must be a non-negative integer message id");
    }

    private static Long id(Map<String, List<String>> params, String name) throws ApiException {
        String value = one(params, name);
        return value == null ? null : parseId(name, value);
    }

    private static Integer number(Map<String, List<String>> params, String name, int min, int max) throws ApiException {
        String value = one(params, name);
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ApiError.BAD_REQUEST, "\"" + name + "\" must be an integer from " + min + " to " + max);
    }

    private static String one(Map<String, List<String>> params, String name) throws ApiException {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new ApiException(ApiError.BAD_REQUEST, "\"" + name + "\" given more than once");
        }
        return values.get(0);
    }
}
