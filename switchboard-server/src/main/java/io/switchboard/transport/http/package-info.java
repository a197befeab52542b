/**
 * The HTTP API (docs/http-api.md): posts, polls, long-polls (an invisible hub listener that reads
 * history and subscribes in one storage step), SSE and NDJSON streams (hub sessions whose {@link
 * StreamEncoding}s encode each broadcast once), HTTP presence, body, rate and request-time
 * limits, and the drain on shutdown.
 *
 * <p>Handlers and sessions run on the connection's event loop; each class states its threading.
 */
package io.switchboard.transport.http;
