package io.switchboard.bench.reference;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The reference server: one event loop that accepts, upgrades and broadcasts (see
 * {@link BroadcastHandler}), on {@code ws://HOST:PORT/}.
 *
 * <pre>
 * java -jar bench/netty-reference/target/netty-reference.jar [--host 127.0.0.1] [--port 3204]
 *     [--io auto|io_uring|epoll|nio]
 * </pre>
 *
 * <p>It prints {@code netty reference listening on ws://HOST:PORT/ (BACKEND)} once it accepts and
 * runs until it is stopped (SIGTERM closes the loop).
 *
 * <p>Thread-safe: {@link #close} may be called from any thread.
 */
public final class NettyReference implements AutoCloseable {

    private final EventLoopGroup loop;
    private final Channel server;
    private final IoChoice io;

    private NettyReference(EventLoopGroup loop, Channel server, IoChoice io) {
        this.loop = loop;
        this.server = server;
        this.io = io;
    }

    /** Starts listening on {@code host:port} (port 0: any free port) with the named backend. */
    public static NettyReference start(String host, int port, String ioName) throws InterruptedException {
        IoChoice io = IoChoice.parse(ioName);
        // one loop for the listening socket and every connection: the server is measured on one core
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, io.handlers());
        try {
            Channel server = new ServerBootstrap()
                    .group(loop)
                    .channel(io.serverChannel())
                    .childHandler(new ReferenceInitializer())
                    .bind(host, port)
                    .sync()
                    .channel();
            return new NettyReference(loop, server, io);
        } catch (RuntimeException | InterruptedException e) {
            loop.shutdownGracefully();
            throw e;
        }
    }

    /** The port it listens on. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** {@code io_uring}, {@code epoll} or {@code nio}. */
    public String io() {
        return io.label();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        loop.shutdownGracefully().syncUninterruptibly();
    }

    public static void main(String[] args) throws InterruptedException {
        String host = "127.0.0.1";
        int port = 3204;
        String io = "auto";
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                System.out.println(
                        "usage: netty-reference [--host 127.0.0.1] [--port 3204] [--io auto|io_uring|epoll|nio]");
                return;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--io" -> io = value.toLowerCase(Locale.ROOT);
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        NettyReference server = start(host, port, io);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.printf(
                Locale.ROOT, "netty reference listening on ws://%s:%d/ (%s)%n", host, server.port(), server.io());
        stopped.await();
    }
}
