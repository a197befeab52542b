package io.switchboard.protocol.nativejson;

/** A command that cannot be carried out; it becomes an {@code error} event, the connection stays. */
public final class ProtocolException extends Exception {
    private final ErrorCode code;
    private final String ref;

    public ProtocolException(ErrorCode code, String message, String ref) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
    }

    public ErrorCode code() {
        return code;
    }

    /** The ref of the command that failed, or null when it had none or could not be read. */
    public String ref() {
        return ref;
    }
}
