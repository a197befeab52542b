package io.switchboard.auth;

/**
 * Why a token was refused, as the stable code every transport answers with (the {@code error} of
 * a 401 or 403 body, the Socket.IO CONNECT_ERROR's {@code data.code}, a native error's code).
 */
public enum AuthFailure {
    MISSING("token_missing", "a token is required: Authorization: Bearer, ?token= or Socket.IO auth.token"),
    MALFORMED("token_malformed", "the token is not a JWT"),
    INVALID("token_invalid", "the token's signature, algorithm or key is not accepted"),
    EXPIRED("token_expired", "the token has expired"),
    NOT_YET_VALID("token_not_yet_valid", "the token is not valid yet (nbf)"),
    WRONG_ISSUER("token_wrong_issuer", "the token's issuer (iss) is not the one this server accepts"),
    WRONG_AUDIENCE("token_wrong_audience", "the token's audience (aud) does not name this server"),
    CLAIMS("token_claims", "the token lacks sub or exp, or a claim has the wrong type"),
    /** A refresh named another user than the connection's. */
    SUBJECT_CHANGED("token_subject_changed", "a refreshed token must have the same sub as the connection's"),
    /** The token is fine, but its {@code rooms} claim does not name this room; answered 403. */
    ROOM_FORBIDDEN("room_forbidden", "the token does not grant this room");

    private final String code;
    private final String message;

    AuthFailure(String code, String message) {
        this.code = code;
        this.message = message;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}
