/**
 * The value types every layer of the chat shares: {@link ChatMessage}, {@link HubEvent}, {@link
 * Member}, {@link SessionId}, {@link RoomName} and {@link HistoryPage}.
 *
 * <p>The bottom of the server's layering ({@code model} ← {@code protocol} ← {@code history},
 * {@code cluster} ← {@code hub} ← {@code chat} ← {@code transport} ← {@code server}): it imports
 * nothing else of the server, which {@code ArchitectureTest} checks. Immutable records, safe to
 * share between threads.
 */
package io.switchboard.model;
