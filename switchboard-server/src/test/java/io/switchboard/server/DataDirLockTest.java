package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingFolderIsCreatedAndLockedWithThePidInTheLockFile() throws IOException {
        Path dir = tmp.resolve("a/b");

        DataDirLock lock = DataDirLock.acquire(dir);

        assertThat(lock.isHeld()).isTrue();
        assertThat(Files.readString(dir.resolve(DataDirLock.FILE_NAME)).trim())
                .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void aFolderAlreadyLockedIsRefusedNamingTheFlagAndTheOwner() {
        Path dir = tmp.resolve("data");
        DataDirLock.acquire(dir);

        assertThatThrownBy(() -> DataDirLock.acquire(dir))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("--data-dir " + dir + ": in use by another Switchboard (pid "
                        + ProcessHandle.current().pid() + ")");
    }

    @Test
    void aLockFileWithoutALockDoesNotBlock() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("stale"));
        Files.writeString(dir.resolve(DataDirLock.FILE_NAME), "12345\n");

        assertThat(DataDirLock.acquire(dir).isHeld()).isTrue();
    }

    @Test
    void aFileInPlaceOfTheFolderIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");

        assertThatThrownBy(() -> DataDirLock.acquire(file)).hasMessage("--data-dir " + file + ": not a folder");
    }

    @Test
    void aFolderUnderAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");

        assertThatThrownBy(() -> DataDirLock.acquire(file.resolve("data")))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("--data-dir " + file.resolve("data") + ":");
    }
}
