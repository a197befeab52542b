package io.switchboard.loadtool;

import io.switchboard.loadtool.fanout.CompareCommand;
import io.switchboard.loadtool.fanout.FanoutCommand;
import io.switchboard.loadtool.idle.IdleCommand;
import io.switchboard.loadtool.store.StoreCommand;
import io.switchboard.loadtool.transports.TransportsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point of Switchboard's load tool: measures a WebSocket chat server on this machine
 * (Switchboard's seed endpoint, Node's {@code ws} seed, an echo server) with many clients and
 * reports latency, loss, and server CPU and memory per message and per connection.
 *
 * <pre>
 *   java -jar switchboard-loadtool.jar fanout --url ws://127.0.0.1:3000/ --server-pid 1234
 *   java -jar switchboard-loadtool.jar idle --url ws://127.0.0.1:3000/ --server-pid 1234
 *   java -jar switchboard-loadtool.jar compare --target a=ws://127.0.0.1:3201/@1 --target b=ws://127.0.0.1:3202/@2
 * </pre>
 *
 * <p>Every run is bounded: loopback targets only, a fixed duration, all connections closed at the end.
 * Thread-confined: picocli runs the chosen scenario on the main thread.
 */
@Command(
        name = "loadtool",
        mixinStandardHelpOptions = true,
        subcommands = {
            FanoutCommand.class,
            IdleCommand.class,
            CompareCommand.class,
            StoreCommand.class,
            TransportsCommand.class
        },
        description = "WebSocket load generator for servers on this machine.")
public final class LoadTool implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose a scenario: fanout, idle or compare");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new LoadTool());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                cmd.getErr().println("loadtool: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return commandLine.execute(args);
    }
}
