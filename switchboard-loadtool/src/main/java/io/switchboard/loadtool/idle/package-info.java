/**
 * The {@code idle} scenario: resident memory per open, silent WebSocket connection, read after a
 * garbage collection.
 */
package io.switchboard.loadtool.idle;
