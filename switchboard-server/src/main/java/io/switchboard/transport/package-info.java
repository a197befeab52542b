/**
 * How clients talk to the chat: one sub-package per family of transports ({@code websocket},
 * {@code http}), and what they share here: the slow-consumer rule every streaming transport
 * applies ({@link OutboundBound}) and the JSON error bodies ({@link ErrorJson}).
 *
 * <p>"Transport" means a client's way in (WebSocket, SSE, NDJSON, long-poll, poll), never the I/O
 * backend ({@code server.IoBackend}).
 */
package io.switchboard.transport;
