package io.switchboard.transport.http;

import io.switchboard.protocol.nativejson.Limits;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of the room endpoints, validated: {@code after}, {@code before},
 * {@code limit}, {@code wait}, {@code nick} and {@code client}. Absent parameters are null.
 *
 * @param waitSeconds long-poll wait, 1-30 seconds
 */
record RoomQuery(Long after, Long before, Integer limit, Integer waitSeconds, String nick, String client) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_WAIT_SECONDS = 30;
    /**
     * Every query parameter a room endpoint knows; any other is refused with 400 so that a typo
     * ({@code ?afterr=3}) is not silently ignored. A new parameter is added here, and in
     * docs/http-api.md. {@code epoch} is the history epoch of {@code after}.
     */
    static final Set<String> KNOWN = Set.of("after", "before", "limit", "wait", "nick", "client", "epoch");

    static RoomQuery parse(Map<String, List<String>> params) throws ApiException {
        for (String name : params.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new ApiException(ApiError.BAD_REQUEST, "unknown query parameter \"" + truncate(name) + "\"; known are "
                        + String.join(", ", new java.util.TreeSet<>(KNOWN)));
            }
        }
        Long after = id(params, "after");
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
                throw new ApiException(ApiError.INVALID_NICK,
                        "nicknames are 1-" + Limits.MAX_NICK_LENGTH + " characters without control characters");
            }
        }
        String client = one(params, "client");
        if (client != null && !io.switchboard.hub.RoomName.isValid(client)) {
            throw new ApiException(ApiError.BAD_REQUEST, "\"client\" must be [A-Za-z0-9_-]{1,64}");
        }
        return new RoomQuery(after, before, limit, wait, nick, client);
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
