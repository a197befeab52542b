/**
 * The native chat protocol of {@code /ws} (docs/protocol.md): client commands decoded strictly
 * into {@link ClientCommand}s with their {@link Limits}, server events encoded by {@link
 * NativeEventEncoder}, and the {@link ErrorCode}s every transport answers failures with.
 *
 * <p>Pure codecs: no I/O, no threads; imports only {@code model} and {@code protocol.json}.
 */
package io.switchboard.protocol.nativejson;
