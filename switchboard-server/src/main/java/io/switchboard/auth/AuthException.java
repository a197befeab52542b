package io.switchboard.auth;

/** A token was refused; {@link #failure()} says why. */
public final class AuthException extends Exception {
    private final AuthFailure failure;

    public AuthException(AuthFailure failure) {
        this(failure, failure.message());
    }

    public AuthException(AuthFailure failure, String message) {
        super(message, null, false, false);
        this.failure = failure;
    }

    public AuthFailure failure() {
        return failure;
    }
}
