package io.switchboard.model;

/** Room names are {@code [A-Za-z0-9_-]{1,64}}, checked without a regex because every command carries one. */
public final class RoomName {
    public static final int MAX_LENGTH = 64;

    private RoomName() {}

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
