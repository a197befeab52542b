/**
 * The chat commands on top of the hub ({@link ChatCommands}), as the native protocol ({@link
 * NativeChat}) and Socket.IO ({@link SocketIoChat}, the main namespace of the embedded library)
 * speak them, and the per-connection rate limit ({@link TokenBucket}).
 *
 * <p>Above {@code hub} and {@code protocol}, below {@code transport} and {@code server}; the
 * Socket.IO library is reached only through its API and packet codec.
 */
package io.switchboard.chat;
