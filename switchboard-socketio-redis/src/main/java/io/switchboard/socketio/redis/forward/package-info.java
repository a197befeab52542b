/**
 * No sticky sessions over Redis (docs/cluster.md, "No sticky sessions"): {@link
 * io.switchboard.socketio.redis.forward.RedisRemoteSessions} carries Engine.IO polling requests, and
 * the frames of a WebSocket upgrading a session, to the node that holds the session, over one
 * pub/sub channel per node.
 */
package io.switchboard.socketio.redis.forward;
