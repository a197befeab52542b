/**
 * The Server-Sent Events field syntax ({@link SseFields}): events, ids, {@code retry} and
 * heartbeats as the HTML standard parses them, with line breaks in values made harmless.
 *
 * <p>A pure codec; what goes into the events is {@code transport.http}'s.
 */
package io.switchboard.protocol.sse;
