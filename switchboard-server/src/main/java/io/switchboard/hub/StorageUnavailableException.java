package io.switchboard.hub;

/**
 * A storage task could not run or failed: the queue was full, the server is shutting down, or the
 * store threw. Nothing of a failed append was acknowledged or published.
 */
public final class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
