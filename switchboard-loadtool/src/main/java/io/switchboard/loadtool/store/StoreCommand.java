package io.switchboard.loadtool.store;

import io.switchboard.loadtool.common.ClientOptions;
import io.switchboard.loadtool.common.ClientProtocol;
import io.switchboard.loadtool.common.LoopbackTarget;
import io.switchboard.loadtool.common.ResultFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code store}: how many messages per second Switchboard's native endpoint stores durably, and
 * how long the ack takes, at one or more offered rates.
 *
 * <p>Thread-confined: runs on the main thread.
 */
@Command(
        name = "store",
        mixinStandardHelpOptions = true,
        description = "Durable-storage throughput and ack latency of Switchboard's /ws endpoint, open loop.")
public final class StoreCommand implements Callable<Integer> {

    @Option(
            names = "--url",
            required = true,
            description = "ws:// URL of /ws on this machine, e.g. ws://127.0.0.1:3000/ws")
    String url;

    @Option(names = "--server-pid", defaultValue = "0", description = "The server's pid, for its CPU time (0: skip).")
    long serverPid;

    @Option(names = "--label", defaultValue = "server", description = "Name of the target in the output.")
    String label;

    @Option(names = "--clients", defaultValue = "100", description = "Clients; each sends (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--rooms",
            defaultValue = "10",
            description = "Rooms bench-0…, joined round-robin (default: ${DEFAULT-VALUE}).")
    int rooms;

    @Option(
            names = "--rate",
            split = ",",
            defaultValue = "1000",
            paramLabel = "MSG/S",
            description = "Offered messages per second, all clients together; several (1000,2000,4000) run as a ramp"
                    + " of steps on the same clients (default: ${DEFAULT-VALUE}).")
    List<Double> rates;

    @Option(
            names = "--duration",
            defaultValue = "20",
            paramLabel = "SECONDS",
            description = "Measured window of each step (default: ${DEFAULT-VALUE}).")
    double durationSeconds;

    @Option(
            names = "--warmup",
            defaultValue = "5",
            paramLabel = "SECONDS",
            description = "Sending before each measured window, excluded from statistics (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(
            names = "--drain",
            defaultValue = "10",
            paramLabel = "SECONDS",
            description = "Wait after a step's last send for its outstanding acks; later ones count as lost "
                    + "(default: ${DEFAULT-VALUE}).")
    double drainSeconds;

    @Option(
            names = "--text-chars",
            defaultValue = "64",
            description = "Characters of each message text (default: ${DEFAULT-VALUE}).")
    int textChars;

    @Option(names = "--json", paramLabel = "FILE", description = "Append each step's result as one JSON line.")
    Path json;

    @Option(
            names = "--markdown",
            paramLabel = "FILE",
            description = "Append each step as a Markdown table row (the header first when the file is new or empty).")
    Path markdown;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws InterruptedException {
        if (client.protocol != ClientProtocol.WS) {
            throw new IllegalArgumentException(
                    "store speaks the native /ws protocol only; --protocol socketio is for fanout, idle and compare");
        }
        StoreSettings settings = new StoreSettings(
                clients,
                rooms,
                rates,
                durationSeconds,
                warmupSeconds,
                textChars,
                drainSeconds,
                client.threads,
                client.handshakesInFlight,
                client.connectTimeoutSeconds,
                !client.noWelcome);
        new StoreRun(settings, System.err).run(label, LoopbackTarget.parse(url), serverPid, result -> {
            System.out.println(result.summary());
            ResultFile.append(json, result);
            appendRow(result);
        });
        return 0;
    }

    private void appendRow(StoreResult result) {
        if (markdown == null) {
            return;
        }
        try {
            boolean fresh = !Files.exists(markdown) || Files.size(markdown) == 0;
            String text = (fresh ? StoreResult.MARKDOWN_HEADER + "\n" : "") + result.markdownRow() + "\n";
            Files.writeString(
                    markdown, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + markdown, e);
        }
    }
}
