package io.switchboard.loadtool.fanout;

import io.switchboard.loadtool.common.ClientOptions;
import picocli.CommandLine.Option;

/**
 * Command-line options of a fan-out run, shared by {@code fanout} and {@code compare}.
 *
 * <p>Not thread-safe: filled in by picocli, then only read.
 */
final class FanoutOptions {

    @Option(
            names = "--clients",
            defaultValue = "200",
            description = "Clients; each sends and receives (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--rate",
            defaultValue = "20",
            paramLabel = "MSG/S",
            description = "Messages per second, all senders together, round-robin (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--duration",
            defaultValue = "10",
            paramLabel = "SECONDS",
            description = "Measured window (default: ${DEFAULT-VALUE}).")
    double durationSeconds;

    @Option(
            names = "--warmup",
            defaultValue = "5",
            paramLabel = "SECONDS",
            description = "Sending before the measured window, excluded from statistics (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(
            names = "--payload-bytes",
            defaultValue = "64",
            description = "Size of each message text, token included (default: ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(
            names = "--drain",
            defaultValue = "5",
            paramLabel = "SECONDS",
            description =
                    "How long to wait after the last send for outstanding deliveries (default: ${DEFAULT-VALUE}).")
    double drainSeconds;

    FanoutSettings settings(ClientOptions client) {
        return new FanoutSettings(
                clients,
                rate,
                durationSeconds,
                warmupSeconds,
                payloadBytes,
                client.threads,
                client.handshakesInFlight,
                client.connectTimeoutSeconds,
                drainSeconds,
                !client.noWelcome,
                client.protocol);
    }
}
