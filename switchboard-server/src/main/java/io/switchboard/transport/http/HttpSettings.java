package io.switchboard.transport.http;

import java.time.Duration;

/**
 * Limits and timers of the HTTP transports (polling, long-polling, SSE, NDJSON streaming); immutable.
 *
 * @param presenceTimeout   how long a {@code ?nick=} client stays present after its last request ended
 * @param maxStreamsPerClient long-polls, SSE and NDJSON streams open at once from one remote address
 * @param heartbeat         interval of SSE comments and NDJSON empty lines on an otherwise quiet stream
 * @param requestTimeout    time a client has to finish a request's headers and body before a 408
 * @param maxOutboundBytes  bytes queued to one streaming client before it is closed as a slow consumer
 */
public record HttpSettings(
        Duration presenceTimeout,
        int maxStreamsPerClient,
        Duration heartbeat,
        Duration requestTimeout,
        long maxOutboundBytes) {}
