package io.switchboard.loadtool;

import picocli.CommandLine.Option;

/**
 * Command-line options about how clients connect, shared by every scenario.
 *
 * <p>Not thread-safe: filled in by picocli, then only read.
 */
final class ClientOptions {

  @Option(names = "--threads", defaultValue = "1",
      description = "Event-loop threads of the load tool (default: ${DEFAULT-VALUE}; it shares the CPU with the server).")
  int threads;

  @Option(names = "--handshakes-in-flight", defaultValue = "50",
      description = "WebSocket handshakes ramped concurrently (default: ${DEFAULT-VALUE}).")
  int handshakesInFlight;

  @Option(names = "--connect-timeout", defaultValue = "60", paramLabel = "SECONDS",
      description = "Bound on opening all clients and receiving their welcomes (default: ${DEFAULT-VALUE}).")
  double connectTimeoutSeconds;

  @Option(names = "--no-welcome",
      description = "Do not wait for a first frame from the server (for servers that send no welcome, e.g. an echo).")
  boolean noWelcome;
}
