package io.switchboard.loadtool.fanout;

import io.switchboard.loadtool.common.ClientOptions;
import io.switchboard.loadtool.common.ResultFile;
import io.switchboard.loadtool.common.TargetSpec;
import io.switchboard.loadtool.idle.IdleResult;
import io.switchboard.loadtool.idle.IdleRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code compare}: the same idle run, then the same fan-out run, against each target one after
 * the other, and a side-by-side Markdown table of the results. Idle goes first so that memory is
 * read from servers that have not yet churned through a fan-out's garbage.
 *
 * <p>Thread-confined: runs on the main thread.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Run fanout (and idle) against several servers and print a Markdown table.")
public final class CompareCommand implements Callable<Integer> {

    @Option(
            names = "--target",
            required = true,
            paramLabel = "LABEL=URL@PID",
            description = "A server to measure, e.g. switchboard=ws://127.0.0.1:3201/@4242 (repeatable; the first "
                    + "is the baseline of the ratios).")
    List<String> targets;

    @Option(
            names = "--idle-clients",
            defaultValue = "-1",
            description = "Clients of the idle run (default: same as --clients; 0 skips it).")
    int idleClients;

    @Option(
            names = "--settle",
            defaultValue = "5",
            paramLabel = "SECONDS",
            description = "Idle run: wait after all clients are open before reading RSS (default: ${DEFAULT-VALUE}).")
    double settleSeconds;

    @Option(
            names = {"--gc", "--jcmd-gc"},
            description = "Idle run: collect garbage before each RSS reading (jcmd GC.run for JVMs, SIGUSR2 for "
                    + "node --expose-gc).")
    boolean gc;

    @Option(
            names = "--pause",
            defaultValue = "3",
            paramLabel = "SECONDS",
            description = "Quiet time between runs, so one server's cleanup does not overlap the next run (default: "
                    + "${DEFAULT-VALUE}).")
    double pauseSeconds;

    @Option(names = "--json", paramLabel = "FILE", description = "Append every result as one JSON line.")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the table to this file.")
    Path markdown;

    @Mixin
    FanoutOptions fanout;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws InterruptedException {
        List<TargetSpec> specs = targets.stream().map(TargetSpec::parse).toList();
        if (specs.stream().map(TargetSpec::label).distinct().count() != specs.size()) {
            throw new IllegalArgumentException("target labels must be distinct");
        }
        FanoutSettings settings = fanout.settings(client); // validated before anything connects
        List<IdleResult> idleResults = new ArrayList<>();
        int idle = idleClients < 0 ? fanout.clients : idleClients;
        if (idle > 0) {
            IdleRun run = new IdleRun(
                    idle,
                    client.threads,
                    client.handshakesInFlight,
                    client.connectTimeoutSeconds,
                    settleSeconds,
                    !client.noWelcome,
                    client.protocol,
                    System.err);
            for (TargetSpec spec : specs) {
                IdleResult result = run.run(spec.label(), spec.target(), spec.pid(), gc);
                System.out.println(result.summary());
                ResultFile.append(json, result);
                idleResults.add(result);
                pause();
            }
        }
        List<FanoutResult> fanoutResults = new ArrayList<>();
        for (TargetSpec spec : specs) {
            FanoutResult result = new FanoutRun(settings, System.err).run(spec.label(), spec.target(), spec.pid());
            System.out.println(result.summary());
            ResultFile.append(json, result);
            fanoutResults.add(result);
            pause();
        }
        String table =
                ComparisonTable.render(specs.stream().map(TargetSpec::label).toList(), fanoutResults, idleResults);
        System.out.println();
        System.out.println(table);
        if (markdown != null) {
            try {
                Files.writeString(markdown, table, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + markdown, e);
            }
        }
        return 0;
    }

    private void pause() throws InterruptedException {
        Thread.sleep((long) (pauseSeconds * 1000));
    }
}
