/**
 * The seam that lets Engine.IO sessions be served by whichever node a request lands on, with no
 * sticky sessions (docs/cluster.md, "No sticky sessions"): {@link RemoteSessions} is told about a
 * session id this node does not hold and carries the request (or a WebSocket's frames) to the node
 * that does; {@link LocalSessions} is that node's side. Public API, free of any transport between
 * nodes: an implementation over Redis lives in {@code switchboard-socketio-redis}.
 */
package io.switchboard.socketio.remote;
