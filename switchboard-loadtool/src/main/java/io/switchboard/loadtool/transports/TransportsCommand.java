package io.switchboard.loadtool.transports;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.switchboard.loadtool.common.LoopbackTarget;
import io.switchboard.loadtool.common.ProcFs;
import io.switchboard.loadtool.common.ResultFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code transports}: the same room traffic received over WebSocket, SSE, HTTP streaming,
 * long-polling and polling in turn, with bytes, requests, latency and server CPU per delivered
 * message for each.
 *
 * <p>Thread-confined: runs on the main thread.
 */
@Command(
        name = "transports",
        mixinStandardHelpOptions = true,
        description = "Compares the ways to receive a room's messages (websocket, sse, stream, longpoll, poll).")
public final class TransportsCommand implements Callable<Integer> {

    @Option(names = "--base", required = true, description = "The server on this machine, e.g. http://127.0.0.1:3000")
    String base;

    @Option(names = "--server-pid", defaultValue = "0", description = "The server's pid, for its CPU time (0: skip).")
    long serverPid;

    @Option(
            names = "--clients",
            defaultValue = "50",
            description = "Receivers per transport (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--rate",
            defaultValue = "20",
            description = "Messages posted per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--duration",
            defaultValue = "10",
            description = "Measured seconds per transport (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(
            names = "--warmup",
            defaultValue = "2",
            description = "Warmup seconds per transport (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--size", defaultValue = "64", description = "Message text bytes (default ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(
            names = "--transports",
            defaultValue = "websocket,sse,stream,longpoll,poll",
            description = "Which transports, in order (default ${DEFAULT-VALUE}).")
    String transports;

    @Option(
            names = "--poll-interval-ms",
            defaultValue = "1000",
            description = "Polling interval (default ${DEFAULT-VALUE}).")
    long pollIntervalMillis;

    @Option(
            names = "--long-poll-wait",
            defaultValue = "25",
            description = "Long-poll wait seconds, ≤ 30 (default ${DEFAULT-VALUE}).")
    int longPollWait;

    @Option(
            names = "--poll-limit",
            defaultValue = "100",
            description = "limit of each poll (default ${DEFAULT-VALUE}).")
    int pollLimit;

    @Option(
            names = "--senders",
            defaultValue = "2",
            description = "Keep-alive connections the sender posts on (default ${DEFAULT-VALUE}).")
    int senders;

    @Option(
            names = "--drain",
            defaultValue = "5",
            description = "Seconds to wait for late deliveries (default ${DEFAULT-VALUE}).")
    double drain;

    @Option(
            names = "--threads",
            defaultValue = "1",
            description = "Event loop threads of this tool (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", paramLabel = "FILE", description = "Append each transport's result as a JSON line.")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write the table as Markdown.")
    Path markdown;

    @Option(names = "--svg", paramLabel = "FILE", description = "Write the chart as SVG.")
    Path svg;

    @Override
    public Integer call() throws InterruptedException {
        LoopbackTarget target = webSocketTarget(base);
        if (serverPid > 0 && !ProcFs.isAlive(serverPid)) {
            throw new IllegalArgumentException("no process with pid " + serverPid);
        }
        List<TransportsKind> kinds = TransportsKind.parseList(transports);
        TransportsSettings settings = new TransportsSettings(
                clients,
                rate,
                duration,
                warmup,
                payloadBytes,
                pollIntervalMillis,
                longPollWait,
                pollLimit,
                senders,
                drain,
                30,
                threads);
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
        List<TransportsResult> results = new ArrayList<>();
        try {
            TransportsRun run = new TransportsRun(settings, group, target, serverPid, System.err);
            for (TransportsKind kind : kinds) {
                TransportsResult result = run.run(kind);
                System.out.println(result.summary());
                ResultFile.append(json, result);
                results.add(result);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        String table = TransportsTable.render(results);
        System.out.println(table);
        write(markdown, table);
        write(
                svg,
                TransportsChart.render(
                        String.format(
                                Locale.ROOT,
                                "%d receivers per transport, %.0f msg/s posted, %.0f s measured",
                                clients,
                                rate,
                                duration),
                        results));
        return 0;
    }

    /** The {@code /ws} endpoint on the same port as {@code base}, refused unless it is this machine. */
    static LoopbackTarget webSocketTarget(String base) {
        URI uri;
        try {
            uri = new URI(base);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + base, e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("--base must be http://host:port (got " + base + ")");
        }
        String authority = uri.getRawAuthority();
        return LoopbackTarget.parse("ws://" + (uri.getPort() == -1 ? authority + ":80" : authority) + "/ws");
    }

    private static void write(Path file, String text) {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
