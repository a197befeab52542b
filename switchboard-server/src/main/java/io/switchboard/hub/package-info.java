/**
 * The chat's core, below every transport: {@link Hub} keeps sessions, a two-way room index and
 * presence; {@link Broadcast} is the immutable {@code to(room).except(session)} builder that
 * hands each event loop one task per broadcast; {@link Delivery} encodes an event at most once
 * per {@link WireFormat} and releases the encodings after the last recipient group; {@link
 * StorageSequencer} runs all store work on one thread (group commit, publish after store, in id
 * order).
 *
 * <p>Transports plug in as {@link Session}s and never see each other.
 */
package io.switchboard.hub;
