package io.switchboard.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The data folder, created if missing, and an exclusive OS lock on {@code switchboard.lock} inside
 * it, so that a second server on the same {@code --data-dir} is refused: two processes on one SQLite
 * file would each publish only their own live messages. The lock, not the file, is what counts: the
 * kernel drops it when the process dies, even by SIGKILL, so a file left behind never blocks a
 * restart. The file holds the owner's pid, for the error line.
 *
 * <p>Held until the process exits; {@link #acquire} is called once, from the main thread.
 */
final class DataDirLock {
    static final String FILE_NAME = "switchboard.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates the folder if needed and locks it; a {@link StartupException} naming {@code --data-dir} otherwise. */
    static DataDirLock acquire(Path dataDir) {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new StartupException("--data-dir " + dataDir + ": not a folder");
        }
        try {
            Files.createDirectories(dataDir);
        } catch (FileAlreadyExistsException e) {
            throw new StartupException("--data-dir " + dataDir + ": not a folder (" + e.getFile() + " is a file)", e);
        } catch (IOException e) {
            throw new StartupException("--data-dir " + dataDir + ": cannot create the folder (" + reason(e) + ")", e);
        }
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StartupException("--data-dir " + dataDir + ": not writable (" + reason(e) + ")", e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM
            }
            if (lock == null) {
                String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new StartupException("--data-dir " + dataDir + ": in use by another Switchboard"
                        + (owner.isEmpty() ? "" : " (pid " + owner + ")") + "; give each server its own folder");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new StartupException(
                    "--data-dir " + dataDir + ": cannot lock " + FILE_NAME + " (" + reason(e) + ")", e);
        }
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    boolean isHeld() {
        return lock.isValid() && channel.isOpen();
    }
}
