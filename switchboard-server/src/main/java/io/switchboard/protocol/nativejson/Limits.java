package io.switchboard.protocol.nativejson;

/** Field limits of the native protocol, shared by every transport that accepts chat input. */
public final class Limits {
    public static final int MAX_NICK_LENGTH = 32;
    public static final int MAX_TEXT_CODE_POINTS = 4000;
    public static final int MAX_CLIENT_ID_LENGTH = 64;
    public static final int MAX_REF_LENGTH = 64;
    public static final int DEFAULT_HISTORY = 50;
    public static final int MAX_HISTORY = 1000;

    private Limits() {}

    /**
     * A trimmed nickname of 1–32 characters without control characters or lone surrogates, or null
     * if it is not one.
     */
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
        return hasLoneSurrogate(trimmed) ? null : trimmed;
    }

    /**
     * 1–4000 code points, not blank, and no lone surrogate: JSON's {@code \uD800} escape can carry
     * one, but UTF-8 cannot, so a store would keep something else ({@code ?}) than the broadcast
     * said. Refused on every transport rather than stored differently.
     */
    public static boolean isValidText(String text) {
        return text != null
                && !text.isBlank()
                && text.codePointCount(0, text.length()) <= MAX_TEXT_CODE_POINTS
                && !hasLoneSurrogate(text);
    }

    /** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
