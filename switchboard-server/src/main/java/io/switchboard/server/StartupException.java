package io.switchboard.server;

/**
 * A start-up failure the operator can fix: a flag out of range, a port in use, an unknown host, an
 * unusable data folder, a database that does not answer. Its message is the whole report, one line
 * that names the flag or the resource; {@link Main} prints it and exits with 2, keeping the stack
 * trace for the debug log.
 */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
