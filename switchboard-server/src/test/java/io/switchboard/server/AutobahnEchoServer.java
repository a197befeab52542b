package io.switchboard.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Entry point for the Autobahn|Testsuite fuzzing client ({@code autobahntestsuite-maven-plugin}, goal
 * {@code fuzzingclient}), run by {@code ./mvnw verify}.
 *
 * <p>The plugin calls {@code main(new String[] {port})} on a daemon thread inside the Maven JVM, waits until
 * {@code port} accepts TCP connections on {@code InetAddress.getLocalHost()}, then points the fuzzing client at
 * {@code ws://<that address>:<port>} — always with the request path {@code /}: the plugin has no setting for the
 * path. Switchboard's echo endpoint is {@code /echo}, so this class:
 * <ol>
 *   <li>starts a real Switchboard server (default settings, echo enabled) on a free loopback port, and</li>
 *   <li>listens on the plugin's port with a small TCP relay that forwards every byte to Switchboard unchanged,
 *       except that the request target of the opening HTTP request is rewritten from {@code /} to {@code /echo}.</li>
 * </ol>
 * Everything the fuzzing client tests (handshake, framing, UTF-8, close handshake) is therefore handled by
 * Switchboard's own WebSocket pipeline. When the plugin is done it interrupts the thread running {@code main},
 * which stops the relay and the server.
 *
 * <p>Also runnable by hand: {@code main} with no argument listens on port 9001.
 */
public final class AutobahnEchoServer {

    static final String ECHO_PATH = "/echo";
    static final int DEFAULT_PORT = 9001;

    private AutobahnEchoServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0].trim()) : DEFAULT_PORT;
        preloadJythonNettyClasses();
        // The plugin connects to InetAddress.getLocalHost() (127.0.0.1 when the host name maps to loopback),
        // so the relay listens on exactly that address and nowhere else.
        InetAddress listenAddress = pluginHostAddress();

        // defaults otherwise, so /echo runs the same WebSocket pipeline settings as the chat endpoints
        SwitchboardServer server = SwitchboardServer.start(ServerConfig.builder()
                .host(InetAddress.getLoopbackAddress().getHostAddress())
                .port(0)
                .ioThreads(1)
                .enableEcho(true)
                // the echo endpoint stores nothing; no database inside Maven's JVM
                .database(ServerConfig.MEMORY)
                .build());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            Channel listener = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new RequestTargetRewriter(), new ClientSide(target));
                        }
                    })
                    .bind(listenAddress, port)
                    .sync()
                    .channel();
            System.out.printf(
                    "AutobahnEchoServer: ws://%s:%d/ -> Switchboard %s on port %d%n",
                    listenAddress.getHostAddress(), port, ECHO_PATH, server.port());
            try {
                listener.closeFuture().sync();
            } catch (InterruptedException e) {
                // the plugin interrupts us when the fuzzing run is over
                Thread.currentThread().interrupt();
            } finally {
                listener.close().awaitUninterruptibly();
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            server.close();
        }
    }

    /**
     * Jython, which runs the fuzzing client inside the Maven JVM, has its own copy of Netty. As Maven exits, that
     * copy starts one more thread, after the plugin's class loader has been closed, and prints a
     * NoClassDefFoundError as "[ERROR]" below "BUILD SUCCESS". Loading (not initialising) its executor classes
     * up front keeps that noise out of the build log; nothing else depends on this.
     */
    private static void preloadJythonNettyClasses() {
        ClassLoader loader = AutobahnEchoServer.class.getClassLoader();
        String anchor = "org/python/netty/util/concurrent/GlobalEventExecutor.class";
        URL url = loader.getResource(anchor);
        if (url == null || !"jar".equals(url.getProtocol())) {
            return; // not running under the plugin (started by hand)
        }
        try {
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                jar.stream()
                        .map(JarEntry::getName)
                        .filter(n -> n.endsWith(".class")
                                && (n.startsWith("org/python/netty/util/concurrent/")
                                        || n.startsWith("org/python/netty/util/internal/")))
                        .forEach(n -> {
                            try {
                                Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
                            } catch (ClassNotFoundException | LinkageError ignored) {
                                // optional classes (e.g. for other platforms) may not link: irrelevant here
                            }
                        });
            }
        } catch (IOException | RuntimeException e) {
            // cosmetic only
        }
    }

    /** The address the plugin (0.1.5) connects to; mirrors its own choice. */
    private static InetAddress pluginHostAddress() {
        try {
            return InetAddress.getLocalHost();
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress();
        }
    }

    /** Rewrites the request target of the first request line ({@code GET / HTTP/1.1}) and then steps aside. */
    static final class RequestTargetRewriter extends ByteToMessageDecoder {
        private static final int MAX_REQUEST_LINE = 8192;

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (eol < 0) {
                if (in.readableBytes() > MAX_REQUEST_LINE) {
                    ctx.close();
                }
                return;
            }
            String line = in.readCharSequence(eol + 1 - in.readerIndex(), StandardCharsets.ISO_8859_1)
                    .toString();
            out.add(Unpooled.copiedBuffer(rewrite(line), StandardCharsets.ISO_8859_1));
            // the rest of the stream (headers, frames) is forwarded as is: removing this decoder passes on
            // whatever it has buffered beyond the request line
            ctx.pipeline().remove(this);
        }

        static String rewrite(String requestLine) {
            String[] parts = requestLine.split(" ", 3);
            if (parts.length != 3) {
                return requestLine;
            }
            String target = parts[1];
            if (target.equals("/")) {
                target = ECHO_PATH;
            } else if (target.startsWith("/?")) {
                target = ECHO_PATH + target.substring(1);
            }
            return parts[0] + ' ' + target + ' ' + parts[2];
        }
    }

    /** The fuzzing client's side of a relayed connection. */
    static final class ClientSide extends ChannelInboundHandlerAdapter {
        private final InetSocketAddress target;
        private Channel serverChannel;

        ClientSide(InetSocketAddress target) {
            this.target = target;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            new Bootstrap()
                    .group(client.eventLoop())
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ServerSide(client))
                    .connect(target)
                    .addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess() && !client.isActive()) {
                            f.channel().close();
                        } else if (f.isSuccess()) {
                            serverChannel = f.channel();
                            serverChannel.read();
                            client.read();
                        } else {
                            client.close();
                        }
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            serverChannel.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    ctx.channel().read();
                } else {
                    f.channel().close();
                    ctx.close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeAfterFlush(serverChannel);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Switchboard's side of a relayed connection. */
    static final class ServerSide extends ChannelInboundHandlerAdapter {
        private final Channel client;

        ServerSide(Channel client) {
            this.client = client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            client.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    ctx.channel().read();
                } else {
                    ctx.close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeAfterFlush(client);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    static void closeAfterFlush(Channel channel) {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
