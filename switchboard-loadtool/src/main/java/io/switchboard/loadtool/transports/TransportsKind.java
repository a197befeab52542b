package io.switchboard.loadtool.transports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ways a receiver can get a room's messages from Switchboard, in the order the
 * {@code transports} scenario measures them by default.
 *
 * <p>Immutable.
 */
enum TransportsKind {
    /** {@code /ws}: one upgrade, then a {@code join} and one text frame per message. */
    WEBSOCKET("websocket"),
    /** {@code GET /api/rooms/R/events}: one response that never ends, {@code id:}/{@code data:} per message. */
    SSE("sse"),
    /** {@code GET /api/rooms/R/stream}: one chunked response, one JSON line per message. */
    STREAM("stream"),
    /** {@code GET /api/rooms/R/messages?after=ID&wait=S}: the server holds the request until a message exists. */
    LONGPOLL("longpoll"),
    /** {@code GET /api/rooms/R/messages?after=ID} at a fixed interval, answered at once, often empty. */
    POLL("poll");

    private final String cliName;

    TransportsKind(String cliName) {
        this.cliName = cliName;
    }

    String cliName() {
        return cliName;
    }

    /** True for the transports whose receivers speak plain HTTP requests. */
    boolean isHttp() {
        return this != WEBSOCKET;
    }

    /** Parses {@code websocket,sse,...}; order kept, repeats refused. */
    static List<TransportsKind> parseList(String csv) {
        List<TransportsKind> kinds = new ArrayList<>();
        for (String part : csv.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            TransportsKind found = null;
            for (TransportsKind k : values()) {
                if (k.cliName.equals(name)) {
                    found = k;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException(
                        "unknown transport '" + part.trim() + "' (choose from websocket, sse, stream, longpoll, poll)");
            }
            if (kinds.contains(found)) {
                throw new IllegalArgumentException("transport " + name + " given twice");
            }
            kinds.add(found);
        }
        return kinds;
    }
}
