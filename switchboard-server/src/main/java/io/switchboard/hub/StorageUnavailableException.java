package io.switchboard.hub;

/**
 * A storage task could not run or failed: the store is busy (the append would have waited longer
 * than the bound, see {@link #busy()}), the queue was full, the server is shutting down, or the
 * store threw. Nothing of a failed append was acknowledged or published.
 */
public final class StorageUnavailableException extends RuntimeException {
    /** The message of a {@link #busy()} refusal, as clients read it. */
    public static final String BUSY_MESSAGE = "the server is storing as fast as it can; retry in a moment";

    private final boolean busy;

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.busy = false;
    }

    private StorageUnavailableException() {
        // refused at the door, many times a second under overload: no stack trace to fill
        super(BUSY_MESSAGE, null, false, false);
        this.busy = true;
    }

    /** A refusal of an append the store would not have reached within the bound; nothing was done. */
    static StorageUnavailableException busy() {
        return new StorageUnavailableException();
    }

    /** Whether this is a {@link #busy()} refusal: the store works, the client should retry shortly. */
    public boolean isBusy() {
        return busy;
    }
}
