package io.switchboard.protocol.nativejson;

/** Field limits of the native protocol, shared by every transport that accepts chat input. */
public final class Limits {
    public static final int MAX_NICK_LENGTH = 32;
    public static final int MAX_TEXT_CODE_POINTS = 4000;
    public static final int MAX_CLIENT_ID_LENGTH = 64;
    public static final int MAX_REF_LENGTH = 64;
    public static final int DEFAULT_HISTORY = 50;
    public static final int MAX_HISTORY = 1000;

    private Limits() {
    }

    /** A trimmed nickname of 1–32 characters without control characters, or null if it is not one. */
    public static String normalizeNick(String nick) {
        if (nick == null) {
            return null;
        }
        String trimmed = nick.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NICK_LENGTH) {
            return null;
        }
        for (int i = 0; i < trimmed.length(); i++) {
            if (Character.isISOControl(trimmed.charAt(i))) {
                return null;
            }
        }
        return trimmed;
    }

    public static boolean isValidText(String text) {
        return text != null && !text.isBlank() && text.codePointCount(0, text.length()) <= MAX_TEXT_CODE_POINTS;
    }
}
