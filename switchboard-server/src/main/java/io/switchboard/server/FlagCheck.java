package io.switchboard.server;

/**
 * Range checks of the command-line flags, each failing with a {@link StartupException} whose line
 * names the flag (or the environment variable) and the value. Pure functions; thread-safe.
 */
final class FlagCheck {
    /** {@code --port} when neither the flag nor {@code PORT} is given. */
    static final int DEFAULT_PORT = 3000;

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

    /**
     * The port: {@code --port} if given, else the environment variable {@code PORT} if set, else
     * 3000. 0 asks the system for any free port.
     */
    static int port(Integer flag, String env) {
        if (flag != null) {
            return range("--port", flag, 0, MAX_PORT);
        }
        if (env == null) {
            return DEFAULT_PORT;
        }
        try {
            int p = Integer.parseInt(env.trim());
            if (p >= 0 && p <= MAX_PORT) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below, as for a number out of range
        }
        throw new StartupException(
                "PORT=" + env + ": not a port number (environment variable PORT; 0.." + MAX_PORT + ")");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
