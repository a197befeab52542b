/**
 * The Redis {@link io.switchboard.cluster.Broker} of a cluster of nodes sharing one PostgreSQL
 * history: {@link RedisBroker} publishes each hub event once, as JSON ({@link EventCodec}), on its
 * room's channel {@code sb:{room}:ev}, subscribes to a room only while the node has members there,
 * and probes its subscriptions with a round trip through Redis. See docs/cluster.md.
 */
package io.switchboard.cluster.redis;
