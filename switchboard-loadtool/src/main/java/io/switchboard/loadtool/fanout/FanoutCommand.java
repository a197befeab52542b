package io.switchboard.loadtool.fanout;

import io.switchboard.loadtool.common.ClientOptions;
import io.switchboard.loadtool.common.LoopbackTarget;
import io.switchboard.loadtool.common.ResultFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fanout}: one fan-out run against one server.
 *
 * <p>Thread-confined: runs on the main thread.
 */
@Command(
        name = "fanout",
        mixinStandardHelpOptions = true,
        description = "Every client sends at a fixed total rate; every client receives every message.")
public final class FanoutCommand implements Callable<Integer> {

    @Option(names = "--url", required = true, description = "ws:// URL on this machine, e.g. ws://127.0.0.1:3000/")
    String url;

    @Option(names = "--server-pid", defaultValue = "0", description = "The server's pid, for its CPU time (0: skip).")
    long serverPid;

    @Option(names = "--label", defaultValue = "server", description = "Name of the target in the output.")
    String label;

    @Option(names = "--json", paramLabel = "FILE", description = "Append the result as one JSON line.")
    Path json;

    @Mixin
    FanoutOptions fanout;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws InterruptedException {
        FanoutResult result =
                new FanoutRun(fanout.settings(client), System.err).run(label, LoopbackTarget.parse(url), serverPid);
        System.out.println(result.summary());
        ResultFile.append(json, result);
        return 0;
    }
}
