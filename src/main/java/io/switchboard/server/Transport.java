package io.switchboard.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.Locale;

/**
 * The socket I/O backend. {@code auto} is epoll (NIO where epoll is missing). io_uring hands a
 * loop's sends to the kernel in one system call instead of one each, which cut server CPU per
 * delivery by about a sixth in the fan-out benchmark, but it is opt-in: a send stays counted as
 * queued until the loop reaps its completion, and while the loop works through a burst of tasks
 * that count runs ahead of what the client has really not read, so a healthy client flooded with
 * large messages was closed as a slow consumer (ConnectionLimitsIT, measured on 4.2.18).
 */
enum Transport {
    IO_URING("io_uring") {
        @Override
        boolean available() {
            return IoUring.isAvailable();
        }

        @Override
        IoHandlerFactory ioHandlerFactory() {
            return IoUringIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return IoUringServerSocketChannel.class;
        }
    },
    EPOLL("epoll") {
        @Override
        boolean available() {
            return Epoll.isAvailable();
        }

        @Override
        IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }
    },
    NIO("nio") {
        @Override
        boolean available() {
            return true;
        }

        @Override
        IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return NioServerSocketChannel.class;
        }
    };

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    abstract boolean available();

    abstract IoHandlerFactory ioHandlerFactory();

    abstract Class<? extends ServerChannel> serverChannel();

    String label() {
        return label;
    }

    /** {@code auto} picks epoll, else nio; a named one must be available. */
    static Transport choose(String name) {
        if (name.equals("auto")) {
            return EPOLL.available() ? EPOLL : NIO;
        }
        Transport t = valueOf(name.toUpperCase(Locale.ROOT).replace("-", "_"));
        if (!t.available()) {
            throw new IllegalStateException("transport " + name + " is not available on this machine");
        }
        return t;
    }
}
