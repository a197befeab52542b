package io.switchboard.transport.http;

/**
 * What a shutdown's drain did to the held HTTP requests: how many long-polls it answered and how
 * many SSE and NDJSON streams it ended cleanly. Immutable.
 */
public record HttpDrain(int longPolls, int sseStreams, int ndjsonStreams) {
    /** How the server answers a request during the drain: retry after this many seconds. */
    public static final int RETRY_AFTER_SECONDS = 5;
    /** The SSE reconnect delay written last on a drained stream: long enough for a restart. */
    static final long SSE_RETRY_MILLIS = RETRY_AFTER_SECONDS * 1000L;

    /** What one held request reports after its drain step. */
    enum Kind {
        LONG_POLL,
        SSE,
        NDJSON
    }
}
