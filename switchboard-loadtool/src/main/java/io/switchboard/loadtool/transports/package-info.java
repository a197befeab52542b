/**
 * The {@code transports} scenario: the same room traffic received over WebSocket, SSE, HTTP
 * streaming, long-polling and polling in turn, with bytes, requests, latency and server CPU per
 * delivered message for each.
 */
package io.switchboard.loadtool.transports;
