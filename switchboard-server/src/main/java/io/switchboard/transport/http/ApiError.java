package io.switchboard.transport.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.auth.AuthFailure;
import io.switchboard.protocol.nativejson.ErrorCode;

/**
 * The error codes of the HTTP API and the status each is sent with. Codes shared with the native
 * protocol keep its wire names ({@link ErrorCode}), so a client switches on one vocabulary.
 */
enum ApiError {
    BAD_JSON(ErrorCode.BAD_JSON.wireName(), HttpResponseStatus.BAD_REQUEST),
    BAD_REQUEST(ErrorCode.BAD_REQUEST.wireName(), HttpResponseStatus.BAD_REQUEST),
    INVALID_ROOM(ErrorCode.INVALID_ROOM.wireName(), HttpResponseStatus.BAD_REQUEST),
    INVALID_NICK(ErrorCode.INVALID_NICK.wireName(), HttpResponseStatus.BAD_REQUEST),
    INVALID_TEXT(ErrorCode.INVALID_TEXT.wireName(), HttpResponseStatus.BAD_REQUEST),
    UNAVAILABLE(ErrorCode.UNAVAILABLE.wireName(), HttpResponseStatus.SERVICE_UNAVAILABLE),
    NOT_FOUND("not_found", HttpResponseStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED("method_not_allowed", HttpResponseStatus.METHOD_NOT_ALLOWED),
    REQUEST_TIMEOUT("request_timeout", HttpResponseStatus.REQUEST_TIMEOUT),
    PAYLOAD_TOO_LARGE("payload_too_large", HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE),
    TOO_MANY_REQUESTS("too_many_requests", HttpResponseStatus.TOO_MANY_REQUESTS),
    /** A long-poll held past its token's expiry plus the grace (docs/security.md). */
    TOKEN_EXPIRED(AuthFailure.EXPIRED.code(), HttpResponseStatus.UNAUTHORIZED);

    private final String wireName;
    private final HttpResponseStatus status;

    ApiError(String wireName, HttpResponseStatus status) {
        this.wireName = wireName;
        this.status = status;
    }

    String wireName() {
        return wireName;
    }

    HttpResponseStatus status() {
        return status;
    }
}
