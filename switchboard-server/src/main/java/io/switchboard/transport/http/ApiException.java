package io.switchboard.transport.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * A request the API refuses; it becomes a JSON error response with the error's status, and the
 * headers that status calls for ({@code Allow} on a 405, {@code Retry-After} on a 429).
 */
final class ApiException extends Exception {
    private final ApiError error;
    private final HttpHeaders headers;

    ApiException(ApiError error, String message) {
        this(error, message, EmptyHttpHeaders.INSTANCE);
    }

    private ApiException(ApiError error, String message, HttpHeaders headers) {
        super(message, null, false, false);
        this.error = error;
        this.headers = headers;
    }

    /** A 405 that names the methods the endpoint takes, e.g. {@code "GET, POST"}. */
    static ApiException methodNotAllowed(String allowed) {
        return new ApiException(
                ApiError.METHOD_NOT_ALLOWED,
                "this endpoint takes " + allowed,
                new DefaultHttpHeaders().set("Allow", allowed));
    }

    /** A 429 that says after how many whole seconds a retry may succeed. */
    static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(
                ApiError.TOO_MANY_REQUESTS,
                message,
                new DefaultHttpHeaders().set("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }

    ApiError error() {
        return error;
    }

    HttpHeaders headers() {
        return headers;
    }
}
