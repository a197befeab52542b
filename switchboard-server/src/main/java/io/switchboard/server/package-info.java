/**
 * The server's composition root and bootstrap: {@link Main} and its flags ({@link ServerConfig}),
 * {@link Components} (the one place the history store and broker are chosen), {@link
 * SwitchboardServer} (io_uring, else epoll, else NIO; the graceful drain on SIGTERM), the
 * pipeline initializer, the HTTP router and static files.
 *
 * <p>The top of the layering: nothing else in the server imports it.
 */
package io.switchboard.server;
