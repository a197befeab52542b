package io.switchboard.loadtool.fanout;

import io.switchboard.loadtool.common.ClientOptions;
import io.switchboard.loadtool.common.LoopbackTarget;
import io.switchboard.loadtool.common.ResultFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fanout}: one fan-out run against one server, or against the nodes of a cluster (several
 * {@code --url}s; the clients are spread over them round-robin, see {@code ClientSpread}).
 *
 * <p>Thread-confined: runs on the main thread.
 */
@Command(
        name = "fanout",
        mixinStandardHelpOptions = true,
        description = "Every client sends at a fixed total rate; every client receives every message.")
public final class FanoutCommand implements Callable<Integer> {

    @Option(
            names = "--url",
            required = true,
            description = "ws:// URL on this machine, e.g. ws://127.0.0.1:3000/; repeat it for the nodes of a"
                    + " cluster: client i connects to URL i mod n.")
    List<String> urls = new ArrayList<>();

    @Option(
            names = "--server-pid",
            description = "A server process's pid, for its CPU time; repeat it to sum several (the nodes of a"
                    + " cluster, its broker). None: skip server CPU. 0 is ignored.")
    List<Long> serverPids = new ArrayList<>();

    @Option(
            names = "--senders",
            defaultValue = "0",
            description = "How many clients send, all taken from the first --url's clients (0: every client;"
                    + " default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(
            names = "--series",
            description = "Log stored (acks, --protocol native) and delivered messages for every second of the"
                    + " run, as '[label] series t=N stored=S delivered=D'.")
    boolean series;

    @Option(names = "--label", defaultValue = "server", description = "Name of the target in the output.")
    String label;

    @Option(names = "--json", paramLabel = "FILE", description = "Append the result as one JSON line.")
    Path json;

    @Mixin
    FanoutOptions fanout;

    @Mixin
    ClientOptions client;

    /** The parsed targets, in the order given. */
    List<LoopbackTarget> targets() {
        return urls.stream().map(LoopbackTarget::parse).toList();
    }

    /** The pids to sum, without the 0s ("no server") the single-server scripts pass. */
    long[] pids() {
        if (senders < 0) {
            throw new IllegalArgumentException("--senders must not be negative");
        }
        return serverPids.stream()
                .mapToLong(Long::longValue)
                .filter(pid -> pid != 0)
                .toArray();
    }

    @Override
    public Integer call() throws InterruptedException {
        FanoutResult result =
                new FanoutRun(fanout.settings(client), System.err).run(label, targets(), pids(), senders, series);
        System.out.println(result.summary());
        ResultFile.append(json, result);
        return 0;
    }
}
