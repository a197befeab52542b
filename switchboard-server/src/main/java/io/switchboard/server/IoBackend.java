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
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.Locale;

/**
 * The socket I/O backend. {@code auto} takes io_uring where the kernel allows it, else epoll, else
 * NIO. io_uring hands a loop's sends to the kernel in one system call instead of one each: in the
 * fan-out benchmark it cut server CPU per delivery from 8.4 to 5.9 µs (README). Its sends complete
 * asynchronously, so a send stays counted as queued until the loop reaps its completion; the
 * slow-consumer rule in ChannelSession allows for that.
 */
enum IoBackend {
    IO_URING("io_uring") {
        @Override
        boolean available() {
            return IoUring.isAvailable();
        }

        @Override
        IoHandlerFactory ioHandlerFactory() {
            // one completion per send: a broadcast to a thousand sockets on one loop overflowed
            // the default 4096-entry completion queue (Netty warns and recovers, slowly)
            return IoUringIoHandler.newFactory(
                    new IoUringIoHandlerConfig().setRingSize(4096).setCqSize(32768));
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

    IoBackend(String label) {
        this.label = label;
    }

    abstract boolean available();

    abstract IoHandlerFactory ioHandlerFactory();

    abstract Class<? extends ServerChannel> serverChannel();

    String label() {
        return label;
    }

    /** What {@code --io} accepts. */
    static final String NAMES = "auto, io_uring, epoll or nio";

    /**
     * {@code auto} picks the first available of io_uring, epoll, nio; a named one must be available.
     * {@code flag} is the flag the name came from, for the error line.
     */
    static IoBackend choose(String name, String flag) {
        if (name.equals("auto")) {
            for (IoBackend b : values()) {
                if (b.available()) {
                    return b;
                }
            }
        }
        IoBackend chosen = null;
        for (IoBackend b : values()) {
            if (b.label.equals(name.toLowerCase(Locale.ROOT).replace("-", "_"))) {
                chosen = b;
            }
        }
        if (chosen == null) {
            throw new StartupException(flag + " must be " + NAMES + ", got " + name);
        }
        if (!chosen.available()) {
            throw new StartupException(flag + " " + name + ": not available on this machine (try --io auto)");
        }
        return chosen;
    }
}
