package io.switchboard.loadtool.idle;

import io.switchboard.loadtool.common.ClientOptions;
import io.switchboard.loadtool.common.LoopbackTarget;
import io.switchboard.loadtool.common.ResultFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code idle}: resident memory per open, silent connection of one server.
 *
 * <p>Thread-confined: runs on the main thread.
 */
@Command(
        name = "idle",
        mixinStandardHelpOptions = true,
        description = "Server RSS before and after connecting idle clients, per connection.")
public final class IdleCommand implements Callable<Integer> {

    @Option(names = "--url", required = true, description = "ws:// URL on this machine, e.g. ws://127.0.0.1:3000/")
    String url;

    @Option(names = "--server-pid", required = true, description = "The server's pid, for its RSS.")
    long serverPid;

    @Option(names = "--label", defaultValue = "server", description = "Name of the target in the output.")
    String label;

    @Option(names = "--clients", defaultValue = "1000", description = "Idle clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--settle",
            defaultValue = "5",
            paramLabel = "SECONDS",
            description = "Wait after all clients are open before reading RSS (default: ${DEFAULT-VALUE}).")
    double settleSeconds;

    @Option(
            names = {"--gc", "--jcmd-gc"},
            description = "Collect the server's garbage before each RSS reading: jcmd GC.run for a JVM, SIGUSR2 for "
                    + "bench/ws-seed run with node --expose-gc.")
    boolean gc;

    @Option(
            names = "--after-leave",
            defaultValue = "60",
            paramLabel = "SECONDS",
            description = "Read RSS again this long after the clients closed, with no collection asked for; 0 skips "
                    + "it (default: ${DEFAULT-VALUE}).")
    double afterLeaveSeconds;

    @Option(names = "--json", paramLabel = "FILE", description = "Append the result as one JSON line.")
    Path json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws InterruptedException {
        IdleResult result = new IdleRun(
                        clients,
                        client.threads,
                        client.handshakesInFlight,
                        client.connectTimeoutSeconds,
                        settleSeconds,
                        !client.noWelcome,
                        client.protocol,
                        System.err)
                .afterLeave(afterLeaveSeconds)
                .run(label, LoopbackTarget.parse(url), serverPid, gc);
        System.out.println(result.summary());
        ResultFile.append(json, result);
        return 0;
    }
}
