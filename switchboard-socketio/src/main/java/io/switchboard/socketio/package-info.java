/**
 * An embeddable Engine.IO v4 / Socket.IO v5 server on Netty (docs/socketio.md). This package is
 * the library's public API: {@link SocketIoServer} and {@link SocketIoHttpServer}, {@link
 * Namespace}, {@link SocketIoSocket}, acknowledgements, middleware, broadcasts ({@link
 * BroadcastOperator}), the {@link Adapter} seam (rooms, broadcast, session persistence) with
 * {@link InMemoryAdapter}, connection state recovery and {@link SocketIoConfig}.
 *
 * <p>Depends on Netty, Jackson and the SLF4J API only, and imports nothing of the chat ({@code
 * LibraryArchitectureTest}). Everything under {@code io.switchboard.socketio.internal} may change
 * without notice.
 */
package io.switchboard.socketio;
