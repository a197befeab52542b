package io.switchboard.server;

/**
 * Range checks of the command-line flags, each failing with a {@link StartupException} whose line
 * names the flag (or the environment variable) and the value. Pure functions; thread-safe.
 */
final class FlagCheck {
    static final int MAX_PORT = 65_535;

    private FlagCheck() {}

    /** {@code value} when {@code min <= value <= max}. */
    static long range(String flag, long value, long min, long max) {
        if (value < min || value > max) {
            throw new StartupException(flag + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** {@link #range(String, long, long, long)} for an int flag. */
    static int range(String flag, int value, int min, int max) {
        return (int) range(flag, (long) value, min, max);
    }

    /** {@code value} when {@code 0 < value <= max} (and a number). */
    static double positive(String flag, double value, double max) {
        if (!(value > 0 && value <= max)) {
            throw new StartupException(flag + " must be more than 0 and at most " + fmt(max) + ", got " + fmt(value));
        }
        return value;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
