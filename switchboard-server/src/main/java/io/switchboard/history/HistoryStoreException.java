package io.switchboard.history;

/**
 * A history store could not do what was asked (database unreachable, disk full, schema newer than
 * this build). Unchecked because every caller's answer is the same: fail the acknowledgement and
 * let the client retry with its client id, which makes the retry safe.
 */
public final class HistoryStoreException extends RuntimeException {
    public HistoryStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public HistoryStoreException(String message) {
        super(message);
    }
}
