/**
 * What every load scenario shares: client pools and handlers for the seed, native and Socket.IO
 * protocols, loopback target checks, open-loop sending, run plans, latency, delivery and CPU
 * accounting (from {@code /proc}), and result files.
 */
package io.switchboard.loadtool.common;
