/**
 * Many Socket.IO nodes over Redis: an {@link io.switchboard.socketio.Adapter} whose rooms, broadcasts and
 * cross-node operations reach every node, and whose saved sessions let a client recover on any node.
 */
package io.switchboard.socketio.redis;
