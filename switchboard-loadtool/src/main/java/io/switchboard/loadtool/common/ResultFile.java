package io.switchboard.loadtool.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends results as JSON lines, one object per run, so repeated runs accumulate in one file
 * that a script can read line by line.
 *
 * <p>Thread-safe: stateless apart from the (thread-safe) mapper.
 */
public final class ResultFile {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultFile() {}

    static String toJson(Object result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + result, e);
        }
    }

    public static void append(Path file, Object result) {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(
                    file,
                    toJson(result) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
