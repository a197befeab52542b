/**
 * The {@code fanout} scenario (every client receives every message, sent open-loop at a fixed
 * total rate: latency, loss, duplicates and CPU per delivered message) and {@code compare} (the
 * same idle and fan-out runs against several servers, side by side).
 */
package io.switchboard.loadtool.fanout;
