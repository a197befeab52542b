/**
 * Engine.IO v4 packets (internal, not API): {@link EnginePacket}, its types, and the polling
 * payload codec (packets joined by {@code \x1e}, binary as {@code b} + base64); bad input throws
 * {@link EngineIoParseException}.
 *
 * <p>Pure codecs: no I/O, stateless.
 */
package io.switchboard.socketio.internal.protocol.engineio;
