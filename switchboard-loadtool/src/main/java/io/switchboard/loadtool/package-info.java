/**
 * Switchboard's load tool, its own jar ({@link LoadTool}, one picocli sub-command per scenario):
 * measures a chat server on this machine with many clients and reports latency, loss, and server
 * CPU and memory per message and per connection.
 *
 * <p>One package per scenario ({@code fanout} with {@code compare}, {@code idle}, {@code store},
 * {@code transports}) over {@code common}. Imports no server code ({@code
 * LoadToolArchitectureTest}): it talks to servers only over the network.
 */
package io.switchboard.loadtool;
