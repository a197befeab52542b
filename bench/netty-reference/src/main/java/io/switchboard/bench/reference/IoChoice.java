package io.switchboard.bench.reference;

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
 * The socket I/O backend, chosen as Switchboard's {@code --io} chooses it: {@code auto} is io_uring
 * where the kernel offers it, else epoll, else NIO, so that both servers run on the same one unless
 * a flag says otherwise.
 *
 * <p>Immutable.
 */
enum IoChoice {
    IO_URING {
        @Override
        boolean available() {
            return IoUring.isAvailable();
        }

        @Override
        IoHandlerFactory handlers() {
            // the same queue sizes as Switchboard's: a broadcast to 1,000 sockets on one loop is
            // 1,000 completions, past io_uring's default completion queue
            return IoUringIoHandler.newFactory(
                    new IoUringIoHandlerConfig().setRingSize(4096).setCqSize(32768));
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return IoUringServerSocketChannel.class;
        }
    },
    EPOLL {
        @Override
        boolean available() {
            return Epoll.isAvailable();
        }

        @Override
        IoHandlerFactory handlers() {
            return EpollIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }
    },
    NIO {
        @Override
        boolean available() {
            return true;
        }

        @Override
        IoHandlerFactory handlers() {
            return NioIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return NioServerSocketChannel.class;
        }
    };

    abstract boolean available();

    abstract IoHandlerFactory handlers();

    abstract Class<? extends ServerChannel> serverChannel();

    /** The name {@code --io} takes and the ready line prints. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code auto}, {@code io_uring}, {@code epoll} or {@code nio}; a named backend must be
     * available.
     */
    static IoChoice parse(String name) {
        if (name.equals("auto")) {
            for (IoChoice choice : values()) {
                if (choice.available()) {
                    return choice;
                }
            }
        }
        for (IoChoice choice : values()) {
            if (choice.label().equals(name)) {
                if (!choice.available()) {
                    throw new IllegalArgumentException(name + " is not available on this machine");
                }
                return choice;
            }
        }
        throw new IllegalArgumentException("--io takes auto, io_uring, epoll or nio, not " + name);
    }
}
