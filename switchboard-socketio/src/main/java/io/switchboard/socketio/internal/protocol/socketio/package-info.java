/**
 * Socket.IO v5 packets (internal, not API): {@link SocketPacket}, its types, the strict decoder
 * (placeholders back to binary) and the encoder (binary to placeholders plus attachments, into an
 * {@link EncodedSocketPacket} that a broadcast encodes once); bad input throws {@link
 * SocketIoParseException}.
 *
 * <p>Pure codecs: no I/O, stateless.
 */
package io.switchboard.socketio.internal.protocol.socketio;
