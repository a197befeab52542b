/**
 * The {@link Broker} contract (per-room order, at-most-once delivery, history as the source of
 * truth) that carries hub events between servers, and {@link InMemoryBroker} for a single server.
 *
 * <p>Which broker runs is chosen in one place, {@code server.Components}.
 */
package io.switchboard.cluster;
