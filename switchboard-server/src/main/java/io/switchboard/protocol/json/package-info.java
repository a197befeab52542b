/**
 * The JSON shapes the chat shows on more than one transport (a message, a member, a page of
 * messages, an error), each written once by {@link WireShapes}, and {@link JsonOut}, which turns
 * them into bytes (native and HTTP transports) or trees (the Socket.IO library's packets).
 *
 * <p>The native events ({@code protocol.nativejson}), the HTTP API and its SSE and NDJSON streams
 * ({@code transport.http}) and the Socket.IO events and acks ({@code chat.SocketIoChat}) all
 * write these shapes through here, so a field added to a message appears on every transport. Pure
 * codecs: imports only {@code model} and Jackson.
 */
package io.switchboard.protocol.json;
