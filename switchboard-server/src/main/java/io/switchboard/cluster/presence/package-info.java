/**
 * Presence across the nodes of a cluster (docs/cluster.md, "Presence and nodes"): the live nodes
 * and the members of each room on every node, kept in Redis by heartbeats with expiry, so that a
 * join's member list names the members of every node and the members of a node that died leave
 * everywhere else within a stated time.
 */
package io.switchboard.cluster.presence;
