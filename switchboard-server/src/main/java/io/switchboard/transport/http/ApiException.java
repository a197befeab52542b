package io.switchboard.transport.http;

/** A request the API refuses; it becomes a JSON error response with the error's status. */
final class ApiException extends Exception {
    private final ApiError error;

    ApiException(ApiError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    ApiError error() {
        return error;
    }
}
